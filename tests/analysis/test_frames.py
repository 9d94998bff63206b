"""Rows as DataFrames (ledger.frames): exact decimals kept, dates as datetimes, pandas only
when asked for."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from ledger.rows import DiffRow, HistoryEntry, ReplayRow, StatisticRow

pd = pytest.importorskip("pandas")

from ledger.frames import to_frame  # noqa: E402  (after the skip: needs pandas)


def replay_row(period: str, text: str) -> ReplayRow:
    return ReplayRow(
        statistic="s", period=period, source="a", value=Decimal(text), text=text,
        qualifier="bare", grain=Decimal("0.1"), tight=f"[{text},{text}]", wide="(1,2)",
        status="normal", published="2011-01-21", recorded="2026-01-15T12:00:00.000000Z",
        recorded_by="ann", figure="f" + period, kind="published", period_start=period + "-01",
        period_end=period + "-28",
    )  # fmt: skip


def test_decimals_stay_exact_and_dates_become_datetimes():
    frame = to_frame(iter([replay_row("2010-02", "1056.50"), replay_row("2010-03", "0.1")]))
    assert list(frame.columns) == list(ReplayRow._fields)
    assert frame["value"].dtype == object
    assert frame["value"].tolist() == [Decimal("1056.50"), Decimal("0.1")]
    assert frame["value"].sum() == Decimal("1056.60")
    assert frame["published"].dtype.kind == "M"
    assert frame["period_start"].iloc[0] == pd.Timestamp("2010-02-01")
    assert str(frame["recorded"].dt.tz) == "UTC"
    assert frame["period"].tolist() == ["2010-02", "2010-03"]  # a period label stays text


def test_floats_when_asked_with_missing_values_as_nan():
    row = DiffRow(
        statistic="s", period="2010", source="a", entry="figure", change="added",
        amended=False, old_text=None, new_text="5", old_value=None, new_value=Decimal("5"),
        difference=None, old_status=None, new_status="normal", old_published=None,
        new_published="2011-02-01", old_figure=None, new_figure="f", reason=None,
        old_severity=None, new_severity=None, old_gap=None, new_gap=None, old_state=None,
        new_state=None, sources=(), period_start="2010-01-01", period_end="2010-12-31",
    )  # fmt: skip
    changed = DiffRow(**{**{f: getattr(row, f) for f in row.__slots__},
                         "old_value": Decimal("4"), "difference": Decimal("1")})
    frame = to_frame([row, changed], floats=True)
    assert frame["new_value"].dtype == "float64"
    assert frame["old_value"].isna().tolist() == [True, False]
    assert frame["difference"].tolist()[1] == 1.0
    assert frame["amended"].dtype == bool
    assert frame["old_published"].isna().all() and frame["new_published"].dtype.kind == "M"


def test_whole_numbers_are_integers():
    rows = [StatisticRow("s", "S", "things", None, None, 3, 4, 1, 0, "2011-01-21")]
    frame = to_frame(rows)
    assert frame["figures"].dtype == "int64" and frame["last_published"].dtype.kind == "M"


def test_an_empty_read_gives_the_row_types_columns_when_named():
    assert to_frame([]).empty
    frame = to_frame(iter(()), row_type=HistoryEntry)
    assert frame.empty and "event" in frame.columns


def test_what_is_not_a_ledger_row_is_refused():
    with pytest.raises(TypeError, match="not a row of ledger.rows: int"):
        to_frame([1])


def test_missing_pandas_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if the extra were not installed
    with pytest.raises(ImportError, match=r"pip install 'recount\[pandas\]'"):
        to_frame([])


def test_the_core_never_imports_pandas():
    # A fresh interpreter: this one imported pandas for the tests above.
    code = ("import sys, ledger.service, ledger.bootstrap, ledger.rows, ledger.frames\n"
            "assert 'pandas' not in sys.modules, 'pandas was imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
