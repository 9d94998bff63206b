"""BLS Current Employment Statistics (CES) vintage triangles.

Header ``year,month,Jan_39,...``. Each row is the Employment Situation for
(year, month): one vintage, labelled ``YYYY-MM``. Column ``Mon_YY`` is a
monthly period, 19YY when YY >= 39, else 20YY. The file has no release dates:
they come from a ``vintage,date`` table when given, else the nominal first
Friday of the month after (year, month).

Unlike ALFRED and RTDSM, a period's values lie down a column, across rows;
the reader keeps the previous row only and compares column by column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from ledger.errors import InvalidInput
from ledger.files.vintages.model import (
    Change,
    LineSource,
    Vintage,
    VintageFile,
    VintageFileError,
    century_year,
    check_later,
    check_width,
    clean_cell,
    quote,
    rows_with_lines,
)
from ledger.semantics.periods import MONTHLY, parse_period

#: Two-digit period years at or above this are 19YY, below it 20YY.
CES_CENTURY_PIVOT = 39

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_PERIOD_HEADER = re.compile(r"(?P<month>[A-Za-z]{3})_(?P<yy>\d{2})")
_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")

# Cells before the periods: year and month.
_LEADING_COLUMNS = 2


def parse_ces_period(text: str, line: int, column: int) -> str:
    """The canonical monthly label of a ``Mon_YY`` header cell (``Jan_39`` -> ``1939-01``).

    The two-digit year is the format's own; the month, with its year in full
    (``Jan 1939``), is read by the ledger's period parser.
    """
    match = _PERIOD_HEADER.fullmatch(text.strip())
    if match is not None:
        year = century_year(int(match["yy"]), CES_CENTURY_PIVOT)
        try:
            return parse_period(f"{match['month']} {year}").label
        except InvalidInput:
            pass  # not a month's name: refused below, naming the cell
    raise VintageFileError(line, column, f"cannot read period {quote(text)} (want Mon_YY)")


def first_friday_after_month(year: int, month: int) -> date:
    """The first Friday of the month after (year, month): the nominal CES release."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    first = date(year, month, 1)
    return first + timedelta(days=(4 - first.weekday()) % 7)


class BlsCesFile(VintageFile):
    """A CES vintage triangle: rows are vintages, columns are periods."""

    format = "bls-ces"
    series = None
    frequency = MONTHLY

    def __init__(self, lines: Iterable[str], release_dates: dict[str, date] | None = None) -> None:
        self._source = LineSource(lines)
        self._release_dates = release_dates or {}
        self._first_pass: Iterator[tuple[int, list[str]]] | None = rows_with_lines(
            self._source.open()
        )
        header_line, header = next(self._first_pass, (1, []))
        self.periods = self._read_header(header, header_line)
        self._width = len(header)
        # The vintages are the rows: when the input allows a second pass, read
        # them now (this also checks their labels and order before any change).
        self._vintages: list[Vintage] | None = (
            self._scan_vintages() if self._source.repeatable else None
        )

    @staticmethod
    def _read_header(header: list[str], line: int) -> list[str]:
        leading = [cell.lstrip("\ufeff").strip().lower() for cell in header[:_LEADING_COLUMNS]]
        if leading != ["year", "month"]:
            raise VintageFileError(
                line,
                1,
                f"not a CES header: first cells {quote(','.join(header[:_LEADING_COLUMNS]))}, "
                "want 'year,month'",
            )
        periods: list[str] = []
        for column, text in enumerate(header[_LEADING_COLUMNS:], start=_LEADING_COLUMNS + 1):
            period = parse_ces_period(text, line, column)
            if periods and period <= periods[-1]:
                raise VintageFileError(
                    line, column, f"period {quote(text)} is not after {periods[-1]}"
                )
            periods.append(period)
        return periods

    def _vintage_of(self, row: list[str], line: int) -> Vintage:
        year_text = row[0].strip()
        if _YEAR.fullmatch(year_text) is None:
            raise VintageFileError(line, 1, f"cannot read year {quote(row[0])}")
        month_text = row[1].strip() if len(row) > 1 else ""
        if _MONTH.fullmatch(month_text) is None:
            raise VintageFileError(line, 2, f"cannot read month {quote(month_text)}")
        year, month = int(year_text), int(month_text)
        if year == 0:
            raise VintageFileError(line, 1, f"cannot read year {quote(row[0])}: there is no year 0")
        label = f"{year:04d}-{month:02d}"
        published = self._release_dates.get(label) or self._nominal_release(year, month, line)
        return Vintage(label, published)

    @staticmethod
    def _nominal_release(year: int, month: int, line: int) -> date:
        try:
            return first_friday_after_month(year, month)
        except ValueError:  # December 9999: the month after is past the calendar
            raise VintageFileError(
                line,
                1,
                f"vintage {year:04d}-{month:02d} has no nominal release date (the month "
                "after it is past year 9999); give its date in a release-dates file",
            ) from None

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        if self._first_pass is not None:
            rows, self._first_pass = self._first_pass, None
            yield from rows
            return
        rows = rows_with_lines(self._source.open())
        next(rows, None)  # the header, read when the file was opened
        yield from rows

    def _scan_vintages(self) -> list[Vintage]:
        """One pass reading only the year and month of each row."""
        vintages: list[Vintage] = []
        for line, row in self._rows():
            vintage = self._vintage_of(row, line)
            check_later(vintage, vintages[-1] if vintages else None, line, 2)
            vintages.append(vintage)
        return vintages

    @property
    def vintages(self) -> list[Vintage]:
        """Every row's vintage, in file order (which must be chronological)."""
        if self._vintages is None:
            raise RuntimeError(
                "a CES file's vintages are its rows: open it from a file or a list "
                "of lines, or read .vintages after changes() has run"
            )
        return list(self._vintages)

    def changes(self) -> Iterator[Change]:
        """Stream the changes row by row (vintage by vintage), one previous row in memory."""
        periods = self.periods
        width = len(periods)
        previous_raw = [""] * width  # the previous row's cells
        previous_value: list[Decimal | None] = [None] * width  # and their values
        seen: list[Vintage] = []
        for line, row in self._rows():
            vintage = self._vintage_of(row, line)
            check_later(vintage, seen[-1] if seen else None, line, 2)
            seen.append(vintage)
            check_width(row, self._width, line)
            cells = row[_LEADING_COLUMNS:]
            for index, raw in enumerate(cells):
                if raw == previous_raw[index]:  # same cell text: same state
                    continue
                column = index + _LEADING_COLUMNS + 1
                text = clean_cell(raw, line, column)
                before = previous_value[index]
                if text is None:
                    if before is not None:
                        yield Change("retract", periods[index], vintage, None, line, column)
                    previous_value[index] = None
                    continue
                number = Decimal(text)
                if before is None or number != before:
                    yield Change("publish", periods[index], vintage, text, line, column)
                previous_value[index] = number
            previous_raw = cells
        if self._vintages is None:
            self._vintages = seen


def read_bls_ces(lines: Iterable[str], release_dates: dict[str, date] | None = None) -> BlsCesFile:
    """Open a CES vintage triangle for streaming; reads the header now.

    ``release_dates`` maps a vintage label ``YYYY-MM`` to its release date;
    a vintage it lacks gets the nominal first Friday of the following month.
    """
    return BlsCesFile(lines, release_dates)
