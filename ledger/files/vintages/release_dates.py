"""Release-date tables: a ``vintage,date`` CSV giving each vintage's publication date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ledger.files.vintages.model import (
    LineSource,
    VintageFileError,
    parse_iso_date,
    quote,
    rows_with_lines,
)

RELEASE_DATES_HEADER = ["vintage", "date"]


def read_release_dates(lines: Iterable[str]) -> dict[str, date]:
    """Read a ``vintage,date`` table into {vintage label: release date}.

    The header must be ``vintage,date``; dates are ``YYYY-MM-DD``; a label
    may appear once only.
    """
    rows = rows_with_lines(LineSource(lines).open())
    header_line, header = next(rows, (1, []))
    cleaned = [cell.lstrip("\ufeff").strip().lower() for cell in header]
    if cleaned != RELEASE_DATES_HEADER:
        raise VintageFileError(
            header_line,
            1,
            f"not a release-date header {quote(','.join(header))}, want 'vintage,date'",
        )
    release_dates: dict[str, date] = {}
    for line, row in rows:
        if len(row) != len(RELEASE_DATES_HEADER):
            raise VintageFileError(
                line, min(len(row), 2) + 1, f"row {quote(','.join(row))} does not have 2 cells"
            )
        label = row[0].strip()
        if not label:
            raise VintageFileError(line, 1, "empty vintage label")
        if label in release_dates:
            raise VintageFileError(line, 1, f"vintage {quote(label)} appears twice")
        release_dates[label] = parse_iso_date(row[1].strip(), line, 2, "release date")
    return release_dates
