"""The diff through the door: on random small ledgers, and on a real vintage file.

For any two points A before B, applying the diff from A to B to the replay at
A gives the replay at B (its slots and values). On the RTDSM unemployment
file (skipped when ../shared/data is absent), the diff between two vintage
dates is exactly the cells that differ between those two vintage columns.
"""

from __future__ import annotations

import contextlib
import csv
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import backends
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.semantics import clock

PERIODS = ["2010", "2010-Q4"]
SOURCES = ["alpha", "beta"]
TEXTS = ["100", "about 120", "more than 90", "nearly 110", "exactly 105", "95 to 99"]
START = datetime(2012, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2011, 1, 1)
CHANGES = {"added", "revised", "corrected", "retracted", "amended"}


def day(offset: int) -> str:
    return (FIRST_DAY + timedelta(days=offset)).isoformat()


days = st.integers(min_value=0, max_value=30)
ref = st.integers(min_value=0, max_value=20)
operations = st.one_of(
    st.tuples(st.just("record"), st.sampled_from(PERIODS), st.sampled_from(SOURCES),
              st.sampled_from(TEXTS), days),
    st.tuples(st.just("correct"), ref, st.sampled_from(TEXTS), days),
    st.tuples(st.just("retract"), ref, days),
    st.tuples(st.just("amend"), ref, st.one_of(st.none(), st.sampled_from(TEXTS)),
              st.one_of(st.none(), st.sampled_from(PERIODS))),
)  # fmt: skip
histories = st.lists(st.tuples(operations, st.integers(min_value=0, max_value=60)),
                     min_size=1, max_size=12)
# Two points, each (as-of day, minutes after START); sorted per time so that A ≤ B.
points = st.tuples(st.tuples(days, days), st.tuples(st.integers(0, 800), st.integers(0, 800)))


def play(ledger, steps) -> None:
    figures: list[str] = []
    moment = START
    for operation, minutes in steps:
        moment += timedelta(minutes=minutes)
        with clock.frozen(moment), contextlib.suppress(RecountError):  # refused: skipped
            apply(ledger, figures, operation)


def apply(ledger, figures: list[str], operation: tuple) -> None:
    kind = operation[0]
    if kind == "record":
        _, period, source, text, offset = operation
        figures.append(ledger.record("stat", period, text, source, day(offset)))
    elif not figures:
        return
    elif kind == "correct":
        ledger.correct(figures[operation[1] % len(figures)], operation[2], day(operation[3]),
                       "fix")
    elif kind == "retract":
        ledger.retract(figures[operation[1] % len(figures)], day(operation[2]), "withdrawn")
    else:
        _, index, text, period = operation
        if text is None and period is None:
            return
        ledger.amend(figures[index % len(figures)], "erratum", value=text, period=period)


def values(rows) -> dict[tuple[str, str], Decimal]:
    return {(r.period, r.source): r.value for r in rows}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=histories, point=points)
def test_the_diff_applied_to_the_replay_at_a_gives_the_replay_at_b(steps, point):
    (day_a, day_b), (minute_a, minute_b) = (sorted(point[0]), sorted(point[1]))
    a = (day(day_a), START + timedelta(minutes=minute_a))
    b = (day(day_b), START + timedelta(minutes=minute_b))
    with tempfile.TemporaryDirectory() as folder:
        with clock.frozen(START - timedelta(days=1)):
            ledger = open_ledger(backends.new_db(Path(folder), "p.db"), by="prop", create=True)
            ledger.add_statistic("stat", "A statistic", "things")
            for source in SOURCES:
                ledger.add_source(source, source.title(), organisation="Org")
        try:
            play(ledger, steps)
            before = values(ledger.replay(as_of=a[0], known_at=a[1]))
            after = values(ledger.replay(as_of=b[0], known_at=b[1]))
            applied = dict(before)
            for change in ledger.diff(a, b):
                if change.entry != "figure":
                    continue
                slot = (change.period, change.source)
                assert change.change in CHANGES
                assert change.old_value == before.get(slot)
                if change.new_value is None:
                    del applied[slot]
                else:
                    applied[slot] = change.new_value
            assert applied == after
        finally:
            ledger.close()


# -- on the real file ------------------------------------------------------------------

RUC = "rtdsm/RUC_QvMd.csv"
#: As in tests/conftest.py: the shared folder beside the repository, never copied in.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason (tests/conftest.py's rule)."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path


def rtdsm_columns(path: Path, first: str, second: str) -> tuple[dict, dict]:
    """Two vintage columns of the file, read here on their own: {period: value}."""
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        i, j = header.index(first), header.index(second)
        columns: tuple[dict, dict] = ({}, {})
        for cells in reader:
            period = cells[0].strip().replace(":", "-")
            for column, index in zip(columns, (i, j), strict=True):
                cell = cells[index].strip().replace(",", "")
                if cell not in ("", "#N/A", "."):
                    column[period] = Decimal(cell)
    return columns


def test_a_diff_between_two_vintage_dates_is_the_cells_that_changed(ledger_db):
    path = shared_data(RUC)
    with open_ledger(ledger_db, by="tester", create=True) as ledger:
        ledger.import_vintages(path, "rtdsm", "us.unemployment.rate", "phil")
        # RUC20Q2 and RUC21Q1: the nominal vintage dates, the 15th of the middle month.
        changes = ledger.diff("2020-05-15", "2021-02-15")
    old, new = rtdsm_columns(path, "RUC20Q2", "RUC21Q1")
    expected = {
        period: (old.get(period), new.get(period))
        for period in old.keys() | new.keys()
        if old.get(period) != new.get(period)
    }
    found = {c.period: (c.old_value, c.new_value) for c in changes if c.entry == "figure"}
    assert found == expected
    assert found["2020-04"] == (Decimal("14.7"), Decimal("14.8"))
    kinds = {c.change for c in changes}
    assert kinds <= {"added", "revised", "retracted"}
    assert {"added", "revised"} <= kinds
