"""Helpers for the vintage reader tests: the real data, and independent folds."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.files.vintages import Change, Vintage

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The shared folder of real files, beside the repository folder (never copied in).
DATA_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

ABSENT = {"", "#N/A", "."}

Values = dict[str, dict[str, Decimal]]  # {vintage label: {period: value}}


def real_file(relative: str) -> Path:
    """A real file of ../shared/data, or skip the test when it is not there."""
    path = DATA_DIR / relative
    if not path.is_file():
        pytest.skip(f"../shared/data not found: {path.resolve()}")
    return path


def vintage_values(changes: Iterable[Change], vintages: list[Vintage]) -> Values:
    """Every vintage's full {period: value}, folding publish and retract in vintage order.

    Also checks what the readers promise: within a period the changes come in
    strictly increasing vintage order, a publish changes the value (or brings
    it back), and a retraction withdraws a value that is there.
    """
    position = {vintage.label: index for index, vintage in enumerate(vintages)}
    by_vintage: dict[str, list[Change]] = {vintage.label: [] for vintage in vintages}
    last_position: dict[str, int] = {}
    for change in changes:
        index = position[change.vintage.label]
        assert change.vintage == vintages[index], change
        assert last_position.get(change.period, -1) < index, f"out of vintage order: {change}"
        last_position[change.period] = index
        by_vintage[change.vintage.label].append(change)

    state: dict[str, Decimal] = {}
    values: Values = {}
    for vintage in vintages:
        for change in by_vintage[vintage.label]:
            if change.kind == "publish":
                assert change.text is not None
                number = Decimal(change.text)
                assert state.get(change.period) != number, f"publish without change: {change}"
                state[change.period] = number
            else:
                assert change.kind == "retract" and change.text is None, change
                assert change.period in state, f"retraction of nothing: {change}"
                del state[change.period]
        values[vintage.label] = dict(state)
    return values


def number(cell: str) -> Decimal | None:
    """An independent reading of a cell: None when absent."""
    text = cell.strip()
    return None if text in ABSENT else Decimal(text.replace(",", ""))


def quarter_or_month(first_day: str, frequency: str) -> str:
    """An independent label of an ALFRED first-day date (quarterly or monthly only)."""
    year, month = first_day[:4], int(first_day[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}" if frequency == "quarterly" else first_day[:7]


def matrix_columns_as_vintages(path: Path, label_of_row) -> Values:
    """{vintage label: {period: value}} of a file whose columns are vintages."""
    with path.open(newline="") as lines:
        rows = csv.reader(lines)
        header = next(rows)
        values: Values = {label.strip(): {} for label in header[1:]}
        for row in rows:
            period = label_of_row(row[0])
            for label, cell in zip(header[1:], row[1:], strict=True):
                value = number(cell)
                if value is not None:
                    values[label.strip()][period] = value
    return values


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def ces_rows_as_vintages(path: Path) -> Values:
    """{vintage label: {period: value}} of a CES triangle, read independently."""
    with path.open(newline="") as lines:
        rows = csv.reader(lines)
        header = next(rows)
        periods = []
        for column in header[2:]:
            month, yy = column.split("_")
            year = 1900 + int(yy) if int(yy) >= 39 else 2000 + int(yy)
            periods.append(f"{year}-{MONTHS.index(month) + 1:02d}")
        values: Values = {}
        for row in rows:
            label = f"{int(row[0]):04d}-{int(row[1]):02d}"
            values[label] = {
                period: value
                for period, cell in zip(periods, row[2:], strict=True)
                if (value := number(cell)) is not None
            }
    return values
