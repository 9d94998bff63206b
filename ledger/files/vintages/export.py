"""Write vintage files back from the ledger's values.

Each writer takes the vintages (chronological) and a matrix
``{period_label: {vintage_label: text}}`` holding the value every vintage shows
for every period (absent: no entry), and writes the format with the same
header shape and row labels as the source format. ``fold_changes`` builds that
matrix from a stream of changes, which is what replaying every vintage gives.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import TextIO

from ledger.errors import InvalidInput
from ledger.files.vintages.bls_ces import CES_CENTURY_PIVOT, MONTH_ABBREVIATIONS
from ledger.files.vintages.model import Change, Vintage
from ledger.files.vintages.rtdsm import rtdsm_spelling
from ledger.semantics.periods import MONTHLY, QUARTERLY, series_period

Matrix = Mapping[str, Mapping[str, str]]

_CES_VINTAGE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


def fold_changes(changes: Iterable[Change], vintages: list[Vintage]) -> dict[str, dict[str, str]]:
    """The value of every period in every vintage, from the changes of a file.

    Folds publish and retract in vintage order: a published value holds in
    every later vintage until the next change of that period.
    """
    position = {vintage.label: index for index, vintage in enumerate(vintages)}
    changes_by_period: dict[str, list[Change]] = {}
    for change in changes:
        changes_by_period.setdefault(change.period, []).append(change)
    matrix: dict[str, dict[str, str]] = {}
    for period, period_changes in changes_by_period.items():
        row: dict[str, str] = {}
        ordered = sorted(period_changes, key=lambda change: position[change.vintage.label])
        for change, following in zip(ordered, [*ordered[1:], None], strict=True):
            if change.text is None:
                continue
            end = len(vintages) if following is None else position[following.vintage.label]
            for vintage in vintages[position[change.vintage.label] : end]:
                row[vintage.label] = change.text
        matrix[period] = row
    return matrix


def _ordered_periods(matrix: Matrix, periods: Iterable[str] | None) -> list[str]:
    """The periods to write as rows or columns: given ones plus the matrix's, by start."""
    labels = set(matrix) | set(periods or ())
    return sorted(labels, key=lambda label: (series_period(label).start, label))


def write_alfred(
    series: str,
    vintages: list[Vintage],
    matrix: Matrix,
    out: TextIO,
    periods: Iterable[str] | None = None,
) -> None:
    """Write an ALFRED file: ``observation_date,SERIES_YYYYMMDD,...``, rows by first day.

    A vintage's column is its label when that already reads ``SERIES_YYYYMMDD``,
    else the series and the vintage's publication date. Absent values are empty.
    """
    shape = re.compile(re.escape(series) + r"_\d{8}")
    header = ["observation_date"] + [
        vintage.label if shape.fullmatch(vintage.label) else f"{series}_{vintage.published:%Y%m%d}"
        for vintage in vintages
    ]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for period in _ordered_periods(matrix, periods):
        values = matrix.get(period, {})
        writer.writerow(
            [series_period(period).start.isoformat()]
            + [values.get(vintage.label, "") for vintage in vintages]
        )


def rtdsm_row_label(period: str, frequency: str) -> str:
    """The RTDSM row label of a canonical period: ``1947-Q1`` -> ``1947:Q1``."""
    parsed = series_period(period)
    if parsed.frequency != frequency or frequency not in (MONTHLY, QUARTERLY):
        raise InvalidInput(f"period {period!r} is not a {frequency} period of an RTDSM file")
    return rtdsm_spelling(parsed)


def write_rtdsm(
    prefix: str,
    vintages: list[Vintage],
    matrix: Matrix,
    out: TextIO,
    frequency: str,
    periods: Iterable[str] | None = None,
) -> None:
    """Write an RTDSM matrix: ``DATE,PREFIXyyQq,...``, rows ``1947:Q1`` or ``1947:01``.

    ``frequency`` (``'monthly'`` or ``'quarterly'``) is that of the periods.
    Vintage labels are written as they are and must start with ``prefix``.
    Absent values are ``#N/A``.
    """
    for vintage in vintages:
        if not vintage.label.startswith(prefix):
            raise InvalidInput(f"vintage {vintage.label!r} does not have prefix {prefix!r}")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["DATE"] + [vintage.label for vintage in vintages])
    for period in _ordered_periods(matrix, periods):
        values = matrix.get(period, {})
        writer.writerow(
            [rtdsm_row_label(period, frequency)]
            + [values.get(vintage.label, "#N/A") for vintage in vintages]
        )


def ces_column_label(period: str) -> str:
    """The CES column of a monthly period: ``1939-01`` -> ``Jan_39``."""
    parsed = series_period(period)
    start, monthly = parsed.start, parsed.frequency == MONTHLY
    first_year = 1900 + CES_CENTURY_PIVOT
    if not monthly or not first_year <= start.year < first_year + 100:
        raise InvalidInput(
            f"period {period!r} is not a month from {first_year} to {first_year + 99}"
        )
    return f"{MONTH_ABBREVIATIONS[start.month - 1]}_{start.year % 100:02d}"


def write_bls_ces(
    vintages: list[Vintage],
    matrix: Matrix,
    out: TextIO,
    periods: Iterable[str] | None = None,
) -> None:
    """Write a CES vintage triangle: ``year,month,Jan_39,...``, one row per vintage.

    Vintage labels must read ``YYYY-MM``. Absent values are empty.
    """
    columns = _ordered_periods(matrix, periods)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["year", "month"] + [ces_column_label(period) for period in columns])
    for vintage in vintages:
        match = _CES_VINTAGE.fullmatch(vintage.label)
        if match is None:
            raise InvalidInput(f"vintage {vintage.label!r} is not a CES label YYYY-MM")
        writer.writerow(
            [match["year"], str(int(match["month"]))]
            + [matrix.get(period, {}).get(vintage.label, "") for period in columns]
        )
