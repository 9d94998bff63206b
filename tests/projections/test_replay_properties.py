"""The fast path (revisions table) equals the oracle (folding the events), always.

Random histories of figures, revisions, corrections, retractions and errata at
random published and recorded times (several commands often at one instant);
then random (as_of, known_at) points.

Also: catching up builds exactly the tables a rebuild does, whatever the page
size. Pages of 1, 2, 3 or 7 events cut these short histories everywhere,
inside one command and inside one recorded instant, where a page of 10,000
only cuts a large import.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import backends
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import ledger.projections as projections
from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.oracle import read_log, replay_by_folding
from ledger.projections import queries, schema, side
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
    st.one_of(st.none(), st.sampled_from(SOURCES)),
    st.one_of(st.none(), days),
)
operations = st.one_of(records, corrections, retractions, errata)

# Often no time between two commands: events of one recorded instant then
# span pages and catch-ups, as the events of one import do.
pauses = st.one_of(st.just(0), st.integers(min_value=1, max_value=90))
history = st.lists(st.tuples(operations, pauses), min_size=1, max_size=14)
points = st.lists(st.tuples(days, st.integers(min_value=0, max_value=1400)), min_size=1, max_size=8)


def play(ledger, steps) -> list[datetime]:
    """Apply the operations at rising recorded times; refused ones are skipped."""
    figures: list[str] = []
    moment = START
    moments = []
    for operation, minutes in steps:
        moment += timedelta(minutes=minutes)
        moments.append(moment)
        with clock.frozen(moment):
            try:
                if operation[0] in NOTES:
                    note(ledger, operation)
                else:
                    change_figures(ledger, figures, operation)
            except RecountError:
                pass
    return moments


def change_figures(ledger, figures: list[str], operation: tuple) -> None:
    """Record a figure (kept in ``figures``), or change one of them by its index."""
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
        _, ref, text, period, source, offset = operation
        ledger.amend(
            figures[ref % len(figures)],
            "erratum",
            value=text,
            period=period,
            source=source,
            published=None if offset is None else day(offset),
        )


NOTES = ("explain", "resolve", "reopen", "reorganise")


def note(ledger, operation: tuple) -> None:
    """A note on a discrepancy, or a source's new organisation (which makes one internal)."""
    kind = operation[0]
    if kind == "explain":
        ledger.explain("stat", operation[1], operation[2], "a note")
    elif kind == "resolve":
        ledger.resolve("stat", operation[1], "settled")
    elif kind == "reopen":
        ledger.reopen("stat", operation[1], "not settled")
    else:
        ledger.update_source(operation[1], organisation=operation[2])


def new_ledger(folder: str):
    ledger = open_ledger(backends.new_db(Path(folder), "p.db"), by="prop", create=True)
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


# -- catch-up at any page size equals a rebuild -------------------------------

ORGANISATIONS = ["Org", "Press", ""]  # "" leaves a source without one
PAGE_SIZES = [1, 2, 3, 7]

notes = st.one_of(
    st.tuples(st.just("explain"), st.sampled_from(PERIODS),
              st.sampled_from(["definition", "timing", "error"])),
    st.tuples(st.just("resolve"), st.sampled_from(PERIODS)),
    st.tuples(st.just("reopen"), st.sampled_from(PERIODS)),
    st.tuples(st.just("reorganise"), st.sampled_from(SOURCES), st.sampled_from(ORGANISATIONS)),
)  # fmt: skip


@st.composite
def rich_histories(draw) -> list[tuple]:
    """Histories that always hold a correction, a retraction, an erratum and a
    discrepancy with notes, in a random order after two disagreeing figures."""
    period = draw(st.sampled_from(PERIODS))
    disagreeing = [("record", period, "alpha", "100", 2), ("record", period, "beta", "over 150", 3)]
    required = [
        draw(corrections),
        draw(retractions),
        ("amend", draw(figure_ref), draw(st.sampled_from(TEXTS)), None, None, None),
        ("explain", period, "definition"),
        draw(notes),
    ]
    steps = draw(st.lists(st.one_of(operations, notes), max_size=12))
    for operation in required:
        steps.insert(draw(st.integers(min_value=0, max_value=len(steps))), operation)
    return [(op, draw(pauses)) for op in disagreeing + steps]


def table_contents(ledger) -> dict[str, list[tuple]]:
    """Every read model's rows, in a fixed order.

    All but the surrogate columns (``side.SURROGATES``): a version row's ``id``
    is numbered in the order pages write rows, so it differs between page
    sizes while every fact in the row is the same.
    """
    contents = {}
    with ledger.engines.reader.connect() as db:
        for table in schema.metadata.sorted_tables:
            surrogates = side.SURROGATES.get(table.name, ())
            columns = [c for c in table.columns if c.name not in surrogates]
            rows = db.execute(select(*columns)).all()
            contents[table.name] = sorted(map(tuple, rows), key=repr)
    return contents


def kept_counts_equal_counted(ledger) -> None:
    """The counts the catalogue keeps by deltas equal the counts from every figure."""
    with ledger.engines.reader.connect() as db:
        counted = queries.sources_counted(db)
    kept = {s.source_id: (s.figures, s.revised, s.corrected, s.retracted, s.dropped)
            for s in ledger.sources() if s.figures}  # fmt: skip
    assert kept == counted


# Two commands at one instant, each catching up: a revision, then another of
# the same slot, which ends the value the first catch-up wrote at that instant.
KNOWN_FOR_NO_TIME = [
    (("record", "2010", "alpha", "100", 2), 0),
    (("record", "2010", "alpha", "about 120", 5), 1),
    (("record", "2010", "alpha", "nearly 110", 9), 0),
]
# ...and an erratum at that instant moving the revision away again: the first
# value stands as if nothing had happened, in the row it always had.
BACK_AS_IT_WAS = [
    (("record", "2010", "alpha", "100", 2), 0),
    (("record", "2010", "alpha", "about 120", 5), 1),
    (("amend", 1, None, "2010-Q4", None, None), 0),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=rich_histories(), page_size=st.sampled_from(PAGE_SIZES))
@example(steps=KNOWN_FOR_NO_TIME, page_size=PAGE_SIZES[-1])
@example(steps=BACK_AS_IT_WAS, page_size=PAGE_SIZES[-1])
def test_catching_up_at_any_page_size_equals_a_rebuild(steps, page_size):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            with patch.object(projections, "PAGE_SIZE", page_size):
                play(ledger, steps)  # each command catches up, a page at a time
                kept_counts_equal_counted(ledger)
                incremental = table_contents(ledger)
                # The register kept now is the register asked at the present point.
                assert ledger.discrepancies() == ledger.discrepancies(as_of="2100-01-01")
                ledger.rebuild()  # the whole log, in pages of the same size
                assert table_contents(ledger) == incremental
            ledger.rebuild()  # in one page
            assert table_contents(ledger) == incremental
        finally:
            ledger.close()
