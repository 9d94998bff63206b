"""The one-day ("as of D") path of FRED's observations equals the general one, always.

``Ledger.series_as_of`` folds only the runs around one day; the general path
folds every vintage of the series (``series_vintages``) and takes the runs that
meet the window [D, D]. Random histories of figures, revisions, corrections,
retractions and errata, with numbers that repeat under another status or
spelling (so that runs merge), at random recorded times; then random days and
known-at instants. And through the endpoint: a one-day window answers what
``vintage_dates=D`` (the general path) answers.
"""

from __future__ import annotations

import contextlib
import tempfile
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import backends
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.analysis.vintage_views import END_OF_TIME, START_OF_TIME, by_real_time_period
from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.semantics import clock

PERIODS = ["2010", "2010-Q4", "2011-01"]
SOURCES = ["alpha", "beta"]
# The same number under other statuses and spellings: one run where they follow on.
TEXTS = ["100", "about 100", "100.0", "nearly 100", "105", "more than 90", "1.2k", "1200"]
START = datetime(2012, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2011, 1, 1)


def day(offset: int) -> str:
    return (FIRST_DAY + timedelta(days=offset)).isoformat()


days = st.integers(min_value=0, max_value=30)
figure_ref = st.integers(min_value=0, max_value=20)
records = st.tuples(
    st.just("record"), st.sampled_from(PERIODS), st.sampled_from(SOURCES),
    st.sampled_from(TEXTS), days,
)  # fmt: skip
corrections = st.tuples(st.just("correct"), figure_ref, st.sampled_from(TEXTS), days)
retractions = st.tuples(st.just("retract"), figure_ref, days)
errata = st.tuples(
    st.just("amend"),
    figure_ref,
    st.one_of(st.none(), st.sampled_from(TEXTS)),
    st.one_of(st.none(), st.sampled_from(PERIODS)),
    st.one_of(st.none(), days),
)
operations = st.one_of(records, records, corrections, retractions, errata)
history = st.lists(
    st.tuples(operations, st.integers(min_value=0, max_value=90)), min_size=1, max_size=16
)
# Days before, inside and after the history's published days.
asked_days = st.lists(st.integers(min_value=-2, max_value=33), min_size=1, max_size=6)


def play(ledger, steps) -> list[datetime]:
    """Apply the operations at rising recorded times; refused ones are skipped."""
    figures: list[str] = []
    moment, moments = START, []
    for operation, minutes in steps:
        moment += timedelta(minutes=minutes)
        moments.append(moment)
        # A refused operation is skipped.
        with clock.frozen(moment), contextlib.suppress(RecountError):
            change(ledger, figures, operation)
    return moments


def change(ledger, figures: list[str], operation: tuple) -> None:
    kind = operation[0]
    if kind == "record":
        _, period, source, text, offset = operation
        figures.append(ledger.record("stat", period, text, source, day(offset)))
    elif not figures:
        return
    elif kind == "correct":
        _, ref, text, offset = operation
        ledger.correct(figures[ref % len(figures)], text, day(offset), "fix")
    elif kind == "retract":
        _, ref, offset = operation
        ledger.retract(figures[ref % len(figures)], day(offset), "withdrawn")
    else:
        _, ref, text, period, offset = operation
        ledger.amend(figures[ref % len(figures)], "erratum", value=text, period=period,
                     published=None if offset is None else day(offset))  # fmt: skip


def new_ledger(folder: str):
    ledger = open_ledger(backends.new_db(Path(folder), "a.db"), by="prop", create=True)
    with clock.frozen(START - timedelta(days=1)):
        ledger.add_statistic("stat", "A statistic", "things")
        for source in SOURCES:
            ledger.add_source(source, source.title(), organisation="Org")
    return ledger


def general(ledger, source: str, asked: str, known_at):
    vintages = ledger.series_vintages("stat", source, known_at)
    return list(by_real_time_period(vintages.between(START_OF_TIME, END_OF_TIME), asked, asked))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, offsets=asked_days)
def test_the_as_of_path_gives_what_folding_every_vintage_gives(steps, offsets) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            moments = play(ledger, steps)
            instants = [None, *moments[:: max(1, len(moments) // 3)]]
            asked = [day(offset) for offset in offsets] + [END_OF_TIME]
            for known_at in instants:
                for source in SOURCES:
                    for one_day in asked:
                        fast = ledger.series_as_of("stat", source, one_day, known_at)
                        assert fast == general(ledger, source, one_day, known_at)
        finally:
            ledger.close()


def test_merged_runs_and_the_endpoint_agree(tmp_path) -> None:
    """A value that goes on under another status is one run, on both paths and through
    the endpoint, whose one-day window answers what vintage_dates=D answers."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # starlette prefers httpx2
        from starlette.testclient import TestClient
    from web.app import create_app

    with open_ledger(backends.new_db(tmp_path, "m.db"), by="tester", create=True) as ledger:
        ledger.add_statistic("stat", "A statistic", "things")
        ledger.add_source("alpha", "Alpha", organisation="Org")
        ledger.record("stat", "2010", "100", "alpha", "2011-01-05")
        ledger.record("stat", "2010", "about 100", "alpha", "2011-01-09")
        ledger.record("stat", "2010", "101", "alpha", "2011-01-20")
        ledger.record("stat", "2011-01", "7", "alpha", "2011-02-01")
        held = ledger.series_as_of("stat", "alpha", "2011-01-10")
        assert [(h.date, h.value, h.realtime_start, h.realtime_end) for h in held] == [
            ("2010-01-01", "100", "2011-01-05", "2011-01-19")
        ]
        with TestClient(create_app(ledger)) as client:
            for asked in ("2011-01-04", "2011-01-05", "2011-01-10", "2011-02-01", END_OF_TIME):
                base = {"series_id": "stat", "file_type": "json", "api_key": "k"}
                one_day = client.get("/fred/series/observations",
                                     params={**base, "realtime_start": asked,
                                             "realtime_end": asked}).json()  # fmt: skip
                by_date = client.get("/fred/series/observations",
                                     params={**base, "vintage_dates": asked}).json()  # fmt: skip
                assert one_day["observations"] == by_date["observations"], asked
                assert one_day["count"] == by_date["count"]
            paged = {"realtime_start": "2011-02-01", "realtime_end": "2011-02-01",
                     "sort_order": "desc", "offset": "1",
                     "observation_end": "2011-12-31"}  # fmt: skip
            desc = client.get("/fred/series/observations", params={**base, **paged}).json()
            assert [(o["date"], o["value"]) for o in desc["observations"]] == [
                ("2010-01-01", "101")
            ]
            assert desc["count"] == 2
