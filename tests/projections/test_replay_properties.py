"""The fast path (revisions table) equals the oracle (folding the events), always.

Random histories of figures, revisions, corrections, retractions and errata at
random published and recorded times; then random (as_of, known_at) points.
Also: catching up after every command builds exactly the tables a rebuild does.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.oracle import read_log, replay_by_folding
from ledger.projections import queries, schema
from ledger.semantics import clock

PERIODS = ["2010", "2010-Q4"]
SOURCES = ["alpha", "beta"]
TEXTS = ["100", "about 120", "more than 90", "nearly 110", "exactly 105", "95 to 99", "1.2k"]
START = datetime(2012, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2011, 1, 1)


def day(offset: int) -> str:
    return (FIRST_DAY + timedelta(days=offset)).isoformat()


days = st.integers(min_value=0, max_value=40)
figure_ref = st.integers(min_value=0, max_value=20)

operations = st.one_of(
    st.tuples(
        st.just("record"),
        st.sampled_from(PERIODS),
        st.sampled_from(SOURCES),
        st.sampled_from(TEXTS),
        days,
    ),
    st.tuples(st.just("correct"), figure_ref, st.sampled_from(TEXTS), days),
    st.tuples(st.just("retract"), figure_ref, days),
    st.tuples(
        st.just("amend"),
        figure_ref,
        st.one_of(st.none(), st.sampled_from(TEXTS)),
        st.one_of(st.none(), st.sampled_from(PERIODS)),
        st.one_of(st.none(), st.sampled_from(SOURCES)),
        st.one_of(st.none(), days),
    ),
)

history = st.lists(
    st.tuples(operations, st.integers(min_value=1, max_value=90)), min_size=1, max_size=14
)
points = st.lists(st.tuples(days, st.integers(min_value=0, max_value=1400)), min_size=1, max_size=8)


def play(ledger, steps) -> list[datetime]:
    """Apply the operations at increasing recorded times; refused ones are skipped."""
    figures: list[str] = []
    moment = START
    moments = []
    for operation, minutes in steps:
        moment += timedelta(minutes=minutes)
        moments.append(moment)
        with clock.frozen(moment):
            try:
                kind = operation[0]
                if kind == "record":
                    _, period, source, text, offset = operation
                    figures.append(ledger.record("stat", period, text, source, day(offset)))
                elif not figures:
                    continue
                elif kind == "correct":
                    _, ref, text, offset = operation
                    ledger.correct(figures[ref % len(figures)], text, day(offset), "fix")
                elif kind == "retract":
                    _, ref, offset = operation
                    ledger.retract(figures[ref % len(figures)], day(offset), "withdrawn")
                else:
                    _, ref, text, period, source, offset = operation
                    ledger.amend(
                        figures[ref % len(figures)],
                        "erratum",
                        value=text,
                        period=period,
                        source=source,
                        published=None if offset is None else day(offset),
                    )
            except RecountError:
                pass
    return moments


def new_ledger(folder: str):
    ledger = open_ledger(str(Path(folder) / "p.db"), by="prop")
    with clock.frozen(START - timedelta(days=1)):
        ledger.add_statistic("stat", "A statistic", "things")
        for source in SOURCES:
            ledger.add_source(source, source.title(), organisation="Org")
    return ledger


def fast_rows(ledger, as_of: str, known_at: datetime):
    return sorted(
        (r.statistic, r.period, r.source, r.figure, r.text, r.status, r.published, r.kind)
        for r in ledger.replay(as_of=as_of, known_at=known_at)
    )


def oracle_rows(log, as_of: str, known_at: datetime):
    return sorted(
        (r.statistic, r.period, r.source, r.figure, r.text, r.status, r.published, r.kind)
        for r in replay_by_folding(log, as_of, clock.stamp(known_at))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, checks=points)
def test_revisions_table_agrees_with_folding_the_events(steps, checks):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            moments = play(ledger, steps)
            log = read_log(ledger.app)
            # Check at random points, and just before and at every recording.
            instants = [START + timedelta(minutes=m) for _, m in checks]
            instants += [m - timedelta(microseconds=1) for m in moments] + moments
            for offset, _ in checks:
                for instant in instants:
                    assert fast_rows(ledger, day(offset), instant) == oracle_rows(
                        log, day(offset), instant
                    )
        finally:
            ledger.close()


def table_contents(ledger) -> dict[str, list[tuple]]:
    contents = {}
    with ledger.engines.reader.connect() as db:
        for table in schema.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "row"]
            rows = db.execute(select(*columns)).all()
            contents[table.name] = sorted(map(tuple, rows), key=repr)
    return contents


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history)
def test_catching_up_event_by_event_equals_a_rebuild(steps):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            play(ledger, steps)
            # The counts the catalogue keeps by deltas equal the counts from every figure.
            with ledger.engines.reader.connect() as db:
                counted = queries.sources_counted(db)
            kept = {s.source_id: (s.figures, s.revised, s.corrected, s.retracted)
                    for s in ledger.sources() if s.figures}
            assert kept == counted
            incremental = table_contents(ledger)
            ledger.rebuild()
            assert table_contents(ledger) == incremental
        finally:
            ledger.close()
