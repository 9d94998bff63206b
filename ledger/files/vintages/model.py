"""What every vintage reader shares: vintages, changes, errors and cell reading.

A vintage file is a matrix of published values. One axis is the releases
(vintages), the other the reference periods. The readers walk the matrix and
turn it into the ledger's changes: a value that is new or changed in a vintage
is *published* at that vintage's date, a value that a vintage no longer holds
is *retracted* at that date, and an unchanged value yields nothing.
"""

from __future__ import annotations

import csv
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from ledger.errors import InvalidInput

#: Cells that mean "not in this vintage" (never zero), after stripping spaces.
MISSING_MARKERS = frozenset({"", "#N/A", "."})

# A plain decimal: optional sign, digits (optionally grouped by thousands
# separators), optional fraction. No exponents, no NaN, no Infinity.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Longest bad text quoted verbatim in an error message.
_QUOTE_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Vintage:
    """One release of a vintage file: a column (ALFRED, RTDSM) or a row (CES)."""

    label: str
    published: date


@dataclass(frozen=True, slots=True)
class Change:
    """What one vintage changed about one period.

    ``text`` is the cell text cleaned of spaces and thousands separators
    (``'1056.5'``), ``None`` for a retraction. ``line`` and ``column`` are the
    1-based position in the file of the cell that caused the change.
    """

    kind: Literal["publish", "retract"]
    period: str
    vintage: Vintage
    text: str | None
    line: int
    column: int

    @property
    def number(self) -> Decimal | None:
        """The exact value published, ``None`` for a retraction."""
        return None if self.text is None else Decimal(self.text)


def quote(text: str) -> str:
    """The bad text as shown in an error message: quoted, on one line, short."""
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 3] + "..."
    return repr(text)


class VintageFileError(InvalidInput):
    """A vintage file that cannot be read, with the line and column at fault."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(f"line {line}, column {column}: {reason}")
        self.line = line
        self.column = column
        self.reason = reason


def century_year(two_digits: int, pivot: int) -> int:
    """The four-digit year of ``yy``: 19yy when yy >= pivot, else 20yy.

    RTDSM and CES write two-digit years, each format with its own pivot.
    """
    return 1900 + two_digits if two_digits >= pivot else 2000 + two_digits


def clean_cell(raw: str, line: int, column: int) -> str | None:
    """The number text of a cell, or ``None`` when the cell means "absent".

    Strips surrounding spaces and thousands separators; refuses anything that
    is not a plain decimal, naming the cell.
    """
    text = raw.strip()
    if text in MISSING_MARKERS:
        return None
    if _NUMBER.fullmatch(text) is None:
        raise VintageFileError(line, column, f"cannot read value {quote(raw)}")
    return text.replace(",", "")


def parse_iso_date(text: str, line: int, column: int, what: str) -> date:
    """A ``YYYY-MM-DD`` date, or an error naming the cell."""
    if _ISO_DATE.fullmatch(text) is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise VintageFileError(line, column, f"cannot read {what} {quote(text)} (want YYYY-MM-DD)")


def check_later(vintage: Vintage, previous: Vintage | None, line: int, column: int) -> None:
    """Refuse a vintage that is not strictly after the one before it."""
    if previous is not None and vintage.published <= previous.published:
        raise VintageFileError(
            line,
            column,
            f"vintage {quote(vintage.label)} ({vintage.published}) is not after "
            f"{quote(previous.label)} ({previous.published})",
        )


def check_width(row: list[str], width: int, line: int) -> None:
    """Refuse a ragged row: one with more or fewer cells than the header."""
    if len(row) != width:
        column = min(len(row), width) + 1
        raise VintageFileError(
            line,
            column,
            f"row {quote(row[0] if row else '')} has {len(row)} cells, the header has {width}",
        )


class LineSource:
    """Passes over the input lines, as many as the input allows.

    A seekable file is rewound for each pass; a re-iterable collection (a list
    of lines) is iterated again; a one-shot iterator (a generator) gives one
    pass only. Each pass is a :class:`CsvRows` (a :func:`csv.reader`), whose
    ``line_num`` counts physical lines from where the input started.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        if isinstance(lines, (str, bytes)):
            raise TypeError("pass lines of text (an open file, text.splitlines()), not one string")
        self._lines = lines
        self._start: int | None = None
        self._passes = 0
        seekable = getattr(lines, "seekable", None)
        if callable(seekable) and seekable():
            try:
                self._start = lines.tell()  # type: ignore[attr-defined]
            except OSError:  # a text file already iterated with next()
                self._start = None
        self.repeatable = self._start is not None or iter(lines) is not lines

    def open(self) -> CsvRows:
        """A new csv reader over the lines, from the start of the input."""
        if self._passes and not self.repeatable:
            raise RuntimeError(
                "the lines came from a one-shot iterator and were already read; "
                "pass an open file or a list of lines to read them again"
            )
        if self._passes and self._start is not None:
            self._lines.seek(self._start)  # type: ignore[attr-defined]
        self._passes += 1
        return CsvRows(self._lines)


class CsvRows:
    """A :func:`csv.reader` whose malformed csv is a :class:`VintageFileError`.

    The csv module refuses a cell over its field limit (131,072 characters)
    with a bare ``csv.Error`` that names neither line nor column. This keeps
    the physical lines of the record being read, so that the refusal can say
    where.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._record: list[str] = []
        self._reader = csv.reader(self._remembered(lines))

    def _remembered(self, lines: Iterable[str]) -> Iterator[str]:
        record = self._record
        for line in lines:
            record.append(line)
            yield line

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        self._record.clear()  # csv reads no line ahead: what follows is the next record
        try:
            return next(self._reader)
        except csv.Error as error:
            limit = csv.field_size_limit()
            column = _column_at_fault("".join(self._record), limit)
            reason = str(error)
            if "field limit" in reason:
                reason = f"a cell is longer than the csv field limit of {limit:,} characters"
            raise VintageFileError(self.line_num, column, reason) from None


def _column_at_fault(record: str, limit: int) -> int:
    """The 1-based column of a record's first cell longer than ``limit``.

    Counts cells the way the csv module splits them (commas outside quotes);
    the last column reached when no cell is that long.
    """
    column, length, quoted = 1, 0, False
    for char in record:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: the cell goes on
        elif char == "," and not quoted:
            column, length = column + 1, 0
            continue
        length += 1
        if length > limit:
            return column
    return column


def rows_with_lines(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of a csv reader, each with its (last) line number."""
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield reader.line_num, row  # type: ignore[attr-defined]


class VintageFile(ABC):
    """A vintage file opened for streaming its changes.

    ``series`` is the series or prefix named in the header (``None`` when the
    format has none), ``frequency`` the frequency of the periods
    (``'annual'``, ``'quarterly'``, ``'monthly'``, ``'weekly'``, ``'daily'``),
    ``vintages`` every vintage of the file in chronological order, including
    vintages that are empty in every period.
    """

    format: ClassVar[str]
    series: str | None
    frequency: str | None

    @property
    @abstractmethod
    def vintages(self) -> list[Vintage]:
        """Every vintage of the file, in chronological order."""

    @abstractmethod
    def changes(self) -> Iterator[Change]:
        """Stream the changes; within one period they come in vintage order."""


def walk_periods_row(
    period: str,
    cells: list[str],
    vintages: list[Vintage],
    line: int,
    first_column: int,
) -> Iterator[Change]:
    """The changes of one period whose values lie across the vintages of a row.

    Used by the formats whose rows are periods and columns are vintages.
    """
    current: Decimal | None = None  # what the latest vintage shows; None: absent
    previous_raw: str | None = None
    for offset, raw in enumerate(cells):
        if raw == previous_raw:  # same cell text: same state, nothing changes
            continue
        previous_raw = raw
        column = first_column + offset
        text = clean_cell(raw, line, column)
        if text is None:
            if current is not None:
                current = None
                yield Change("retract", period, vintages[offset], None, line, column)
            continue
        number = Decimal(text)
        if current is None or number != current:
            current = number
            yield Change("publish", period, vintages[offset], text, line, column)


def vintage_columns(
    header: list[str],
    line: int,
    parse: Callable[[str, int, int], tuple[str, date]],
    release_dates: dict[str, date],
    series_word: str,
) -> tuple[list[Vintage], str | None]:
    """The vintages named by a header's columns after the first, all of one series.

    ``parse`` reads one column name into (series, nominal date); a date in
    ``release_dates`` for the column's label takes the nominal one's place.
    """
    series: str | None = None
    vintages: list[Vintage] = []
    for column, text in enumerate(header[1:], start=2):
        name, published = parse(text, line, column)
        if series is None:
            series = name
        elif name != series:
            raise VintageFileError(
                line, column, f"vintage {quote(text)} is not of {series_word} {quote(series)}"
            )
        label = text.strip()
        vintage = Vintage(label, release_dates.get(label, published))
        check_later(vintage, vintages[-1] if vintages else None, line, column)
        vintages.append(vintage)
    return vintages, series
