"""Philadelphia Fed Real-Time Data Set (RTDSM) vintage matrices.

Header ``DATE,PREFIXyyQq,...`` (quarterly vintages) or ``DATE,PREFIXyyMmm,...``
(monthly vintages); rows ``1947:Q1`` or ``1947:01``; cells such as
``"1,056.5 "`` and ``#N/A``. Year ``yy`` is 19yy when yy >= 65, else 20yy.
Vintage dates are nominal: the 15th of the middle month of quarter q, or the
15th of month mm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from ledger.errors import InvalidInput
from ledger.files.vintages.model import (
    Change,
    LineSource,
    Vintage,
    VintageFile,
    VintageFileError,
    century_year,
    check_width,
    quote,
    rows_with_lines,
    vintage_columns,
    walk_periods_row,
)
from ledger.semantics.periods import MONTHLY, QUARTERLY, Period, parse_period

#: Two-digit vintage years at or above this are 19yy, below it 20yy.
RTDSM_CENTURY_PIVOT = 65

_VINTAGE_HEADER = re.compile(
    r"(?P<prefix>[A-Za-z][A-Za-z0-9_]*?)(?P<yy>\d{2})"
    r"(?:Q(?P<quarter>[1-4])|M(?P<month>0[1-9]|1[0-2]))"
)


def parse_rtdsm_vintage(text: str, line: int, column: int) -> tuple[str, date]:
    """The prefix and the nominal date of a ``PREFIXyyQq`` or ``PREFIXyyMmm`` cell."""
    match = _VINTAGE_HEADER.fullmatch(text.strip())
    if match is None:
        raise VintageFileError(
            line, column, f"cannot read vintage {quote(text)} (want PREFIXyyQq or PREFIXyyMmm)"
        )
    year = century_year(int(match["yy"]), RTDSM_CENTURY_PIVOT)
    if match["quarter"]:
        published = date(year, 3 * int(match["quarter"]) - 1, 15)
    else:
        published = date(year, int(match["month"]), 15)
    return match["prefix"], published


def rtdsm_spelling(period: Period) -> str:
    """How an RTDSM file writes a month or quarter: ``1947-Q1`` as ``1947:Q1``."""
    return period.label.replace("-", ":")


def parse_rtdsm_period(text: str, line: int) -> tuple[str, str]:
    """The canonical label and the frequency of a row label ``1947:Q1`` or ``1947:01``.

    The ledger's parser reads the label; the file must also spell it the
    RTDSM way, as every RTDSM file does (``1947Q1`` is refused).
    """
    stripped = text.strip()
    try:
        period = parse_period(stripped)
    except InvalidInput as error:
        raise VintageFileError(line, 1, str(error)) from None
    frequency = period.frequency
    if frequency not in (MONTHLY, QUARTERLY) or rtdsm_spelling(period) != stripped:
        raise VintageFileError(
            line, 1, f"cannot read period {quote(text)} (want 1947:Q1 or 1947:01)"
        )
    return period.label, frequency


class RtdsmFile(VintageFile):
    """An RTDSM vintage matrix: rows are periods, columns are vintages.

    ``series`` is the variable prefix (``'RUC'``); ``frequency`` is that of
    the periods (rows), taken from the first row; every row must agree.
    """

    format = "rtdsm"

    def __init__(self, lines: Iterable[str], release_dates: dict[str, date] | None = None) -> None:
        self._source = LineSource(lines)
        self._first_pass: Iterator[tuple[int, list[str]]] | None = rows_with_lines(
            self._source.open()
        )
        header_line, header = next(self._first_pass, (1, []))
        self._vintages, self.series = self._read_header(header, header_line, release_dates or {})
        self._width = len(header)
        self._peeked = next(self._first_pass, None)
        self.frequency = (
            parse_rtdsm_period(self._peeked[1][0], self._peeked[0])[1] if self._peeked else None
        )

    @property
    def vintages(self) -> list[Vintage]:
        return list(self._vintages)

    @staticmethod
    def _read_header(
        header: list[str], line: int, release_dates: dict[str, date]
    ) -> tuple[list[Vintage], str | None]:
        first = header[0].lstrip("\ufeff").strip() if header else ""
        if first.upper() != "DATE":
            raise VintageFileError(
                line, 1, f"not an RTDSM header: first cell {quote(first)}, want 'DATE'"
            )
        return vintage_columns(header, line, parse_rtdsm_vintage, release_dates, "prefix")

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        if self._first_pass is not None:
            rows, self._first_pass = self._first_pass, None
            if self._peeked is not None:
                yield self._peeked
            yield from rows
            return
        rows = rows_with_lines(self._source.open())
        next(rows, None)  # the header, read when the file was opened
        yield from rows

    def changes(self) -> Iterator[Change]:
        """Stream the changes row by row (period by period), one row in memory."""
        previous_label: str | None = None
        for line, row in self._rows():
            check_width(row, self._width, line)
            period, frequency = parse_rtdsm_period(row[0], line)
            if frequency != self.frequency:
                raise VintageFileError(
                    line, 1, f"period {quote(row[0])} is not {self.frequency} like the first row"
                )
            # Canonical labels of one frequency sort as text.
            if previous_label is not None and period <= previous_label:
                raise VintageFileError(
                    line, 1, f"period {quote(row[0])} is not after {previous_label}"
                )
            previous_label = period
            yield from walk_periods_row(period, row[1:], self._vintages, line, 2)


def read_rtdsm(lines: Iterable[str], release_dates: dict[str, date] | None = None) -> RtdsmFile:
    """Open an RTDSM vintage matrix for streaming; reads the header and one row now.

    ``release_dates`` (vintage label to date) overrides the nominal dates.
    """
    return RtdsmFile(lines, release_dates)
