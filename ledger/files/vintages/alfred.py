"""ALFRED "observations by vintage date, all observations" files.

Header ``observation_date,SERIES_YYYYMMDD,...``: each column is the vintage
published on that date. Each row is one period, given by its first day; the
period label follows the frequency inferred from the spacing of the first two
observation dates (or given by the caller), and the ledger's period rules
(:mod:`ledger.semantics.periods`) name the period that starts on that day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from ledger.files.vintages.model import (
    Change,
    LineSource,
    Vintage,
    VintageFile,
    VintageFileError,
    check_width,
    parse_iso_date,
    quote,
    rows_with_lines,
    vintage_columns,
    walk_periods_row,
)
from ledger.semantics.periods import (
    ANNUAL,
    DAILY,
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    check_frequency,
    period_starting,
)

DATE_COLUMN_NAMES = ("observation_date", "date")

_VINTAGE_HEADER = re.compile(r"(?P<series>.+)_(?P<stamp>\d{8})")


def infer_frequency(first: date, second: date) -> str | None:
    """The frequency implied by two consecutive observation dates, if any."""
    if first.day == 1 and second.day == 1:
        months = (second.year - first.year) * 12 + second.month - first.month
        if months == 1:
            return MONTHLY
        if months == 3 and first.month in (1, 4, 7, 10):
            return QUARTERLY
        if months == 12 and first.month == 1:
            return ANNUAL
    days = (second - first).days
    if days == 7:
        return WEEKLY
    if 1 <= days <= 6:  # business days skip weekends and holidays
        return DAILY
    return None


def parse_alfred_vintage(text: str, line: int, column: int) -> tuple[str, date]:
    """The series and the vintage date of a ``SERIES_YYYYMMDD`` header cell."""
    match = _VINTAGE_HEADER.fullmatch(text.strip())
    if match is not None:
        stamp = match["stamp"]
        try:
            return match["series"], date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            pass
    raise VintageFileError(
        line, column, f"cannot read vintage {quote(text)} (want SERIES_YYYYMMDD)"
    )


class AlfredFile(VintageFile):
    """An ALFRED vintage file: rows are periods, columns are vintages."""

    format = "alfred"

    def __init__(
        self,
        lines: Iterable[str],
        release_dates: dict[str, date] | None = None,
        frequency: str | None = None,
    ) -> None:
        if frequency is not None:
            check_frequency(frequency)
        self._source = LineSource(lines)
        self._first_pass: Iterator[tuple[int, list[str]]] | None = rows_with_lines(
            self._source.open()
        )
        header_line, header = next(self._first_pass, (1, []))
        self._vintages, self.series = self._read_header(header, header_line, release_dates or {})
        self._width = len(header)
        # Peek at the first two rows: their spacing gives the frequency.
        self._peeked = list(islice(self._first_pass, 2))
        self.frequency = frequency or self._infer_frequency(self._peeked)

    @property
    def vintages(self) -> list[Vintage]:
        return list(self._vintages)

    @staticmethod
    def _read_header(
        header: list[str], line: int, release_dates: dict[str, date]
    ) -> tuple[list[Vintage], str | None]:
        first = header[0].lstrip("\ufeff").strip().lower() if header else ""
        if first not in DATE_COLUMN_NAMES:
            raise VintageFileError(
                line,
                1,
                f"not an ALFRED header: first cell {quote(header[0] if header else '')}, "
                "want 'observation_date'",
            )
        return vintage_columns(header, line, parse_alfred_vintage, release_dates, "series")

    def _infer_frequency(self, peeked: list[tuple[int, list[str]]]) -> str | None:
        if not peeked:
            return None  # no observations, no periods
        days = [parse_iso_date(row[0].strip(), line, 1, "observation date") for line, row in peeked]
        if len(days) < 2:
            raise VintageFileError(
                peeked[0][0],
                1,
                f"cannot infer the frequency from one observation date "
                f"{quote(peeked[0][1][0])}; give the frequency",
            )
        inferred = infer_frequency(days[0], days[1])
        if inferred is None:
            raise VintageFileError(
                peeked[1][0],
                1,
                f"cannot infer the frequency from the spacing of {days[0]} and "
                f"{quote(peeked[1][1][0])}; give the frequency",
            )
        return inferred

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        if self._first_pass is not None:
            rows, self._first_pass = self._first_pass, None
            yield from self._peeked
            yield from rows
            return
        rows = rows_with_lines(self._source.open())
        next(rows, None)  # the header, read when the file was opened
        yield from rows

    def changes(self) -> Iterator[Change]:
        """Stream the changes row by row (period by period), one row in memory."""
        previous_day: date | None = None
        for line, row in self._rows():
            check_width(row, self._width, line)
            day = parse_iso_date(row[0].strip(), line, 1, "observation date")
            if previous_day is not None and day <= previous_day:
                raise VintageFileError(
                    line, 1, f"observation date {quote(row[0])} is not after {previous_day}"
                )
            previous_day = day
            assert self.frequency is not None  # set whenever there are rows
            period = period_starting(day, self.frequency)
            if period is None:
                raise VintageFileError(
                    line,
                    1,
                    f"observation date {quote(row[0])} does not start a {self.frequency} period",
                )
            yield from walk_periods_row(period.label, row[1:], self._vintages, line, 2)


def read_alfred(
    lines: Iterable[str],
    release_dates: dict[str, date] | None = None,
    frequency: str | None = None,
) -> AlfredFile:
    """Open an ALFRED file for streaming; reads the header and two rows now.

    ``release_dates`` (vintage label to date) overrides the header's dates;
    ``frequency`` overrides the one inferred from the observation dates.
    """
    return AlfredFile(lines, release_dates, frequency)
