"""The first-print fast path writes exactly the tables the general fold writes.

Random histories of recorded figures, CSV imports (first prints, revisions of
slots the ledger or the file holds already, several sources), corrections,
retractions, errata and discrepancy notes, caught up in pages of 1, 2, 3, 7
or 10,000 events with the fast path on; then the same log is folded with the
fast path off, beside the live tables (compared as ``verify`` compares them,
:meth:`side.SideBuild.first_difference`) and by a rebuild (every table,
``table_contents``). Also: which events the rule picks, on hand-made pages.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import backends
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import ledger.projections as projections
from ledger.errors import RecountError
from ledger.projections import schema, side
from ledger.projections.codec import figure_hex
from ledger.projections.first_prints import first_prints
from ledger.projections.log import LoggedEvent
from ledger.projections.projector import PageProjector
from ledger.semantics import clock
from ledger.semantics.folded_figure import slot_key
from tests.projections.test_replay_properties import (
    NOTES,
    PERIODS,
    SOURCES,
    START,
    TEXTS,
    change_figures,
    day,
    days,
    kept_counts_equal_counted,
    new_ledger,
    note,
    notes,
    operations,
    pauses,
    table_contents,
)

PAGE_SIZES = [1, 2, 3, 7, 10_000]
# A page that fails is folded again in halves (catch_up), which would hide a fast path that
# raises where the general fold does not: here it raises. These histories always fold.
RAISE = {"RECOUNT_DEBUG": "1"}

imported_rows = st.lists(
    st.tuples(st.sampled_from(PERIODS), st.sampled_from(SOURCES), st.sampled_from(TEXTS), days),
    min_size=1,
    max_size=10,
)
imports = st.tuples(st.just("import"), imported_rows)
histories = st.lists(
    st.tuples(st.one_of(imports, imports, operations, notes), pauses), min_size=1, max_size=12
)


def play(ledger, steps, folder: Path) -> None:
    """The operations at rising recorded times, imports among them; refused ones skipped."""
    figures: list[str] = []
    moment = START
    for number, (operation, minutes) in enumerate(steps):
        moment += timedelta(minutes=minutes)
        with clock.frozen(moment):
            try:
                if operation[0] == "import":
                    import_rows(ledger, folder / f"import-{number}.csv", operation[1])
                    figures[:] = stored_figures(ledger)
                elif operation[0] in NOTES:
                    note(ledger, operation)
                else:
                    change_figures(ledger, figures, operation)
            except RecountError:
                pass


def import_rows(ledger, path: Path, rows) -> None:
    lines = ["statistic,period,value,source,published"]
    lines += [
        f'stat,{period},"{text}",{source},{day(offset)}' for period, source, text, offset in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger.import_file(path, "csv")


def stored_figures(ledger) -> list[str]:
    """Every figure's id, in log order (for the history's later changes)."""
    with ledger.engines.reader.connect() as db:
        found = db.execute(select(schema.figures.c.figure).order_by(schema.figures.c.seq))
        return [figure_hex(f) for f in found.scalars()]


def general_fold_differs(ledger) -> side.Difference | None:
    """The first row where the live tables differ from the log folded without the fast path."""
    events = ledger.projections.events
    with (
        patch.object(PageProjector, "FAST_PATH", False),
        side.SideBuild(ledger.engines, events) as beside,
    ):
        beside.projections.catch_up()
        return beside.first_difference()


# Figures, their revisions in one file and across files, a second source, then a
# correction and a retraction of first prints a file wrote.
MIXED = [
    (("import", [("2010", "alpha", "100", 2), ("2010-Q4", "alpha", "about 120", 3),
                 ("2010", "alpha", "nearly 110", 9), ("2010", "beta", "more than 90", 4)]), 0),
    (("import", [("2010-Q4", "beta", "95 to 99", 5), ("2010-Q4", "alpha", "1.2k", 20)]), 1),
    (("correct", 1, "exactly 105", 30), 0),
    (("retract", 3, 31), 2),
    (("record", "2010-Q4", "beta", "100", 33), 0),
]  # fmt: skip


# Each example builds and rebuilds a ledger three times; a PostgreSQL database per
# example made 40 of them take 11 minutes there, so that pass tries fewer.
@settings(max_examples=10 if backends.ON_POSTGRES else 40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(steps=histories, page_size=st.sampled_from(PAGE_SIZES))
@example(steps=MIXED, page_size=10_000)
@example(steps=MIXED, page_size=2)
def test_the_fast_path_builds_the_tables_of_the_general_fold(steps, page_size):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            with patch.dict(os.environ, RAISE):
                with patch.object(projections, "PAGE_SIZE", page_size):
                    play(ledger, steps, Path(folder))  # each command catches up, fast path on
                    kept_counts_equal_counted(ledger)
                    live = table_contents(ledger)
                    assert general_fold_differs(ledger) is None
                    with patch.object(PageProjector, "FAST_PATH", False):
                        ledger.rebuild()  # the general fold alone, in pages of the same size
                    assert table_contents(ledger) == live
                ledger.rebuild()  # the fast path again, the whole log in one page
                assert table_contents(ledger) == live
        finally:
            ledger.close()


def test_an_import_of_new_slots_takes_the_fast_path_and_only_it_off(tmp_path):
    """Guards the property above against a fast path that never runs."""
    ran = []
    original = PageProjector.on_first_print

    def counting(self, logged):
        ran.append(logged.position)
        original(self, logged)

    ledger = new_ledger(str(tmp_path))
    try:
        with patch.object(PageProjector, "on_first_print", counting), patch.dict(os.environ, RAISE):
            with clock.frozen(START):
                import_rows(ledger, tmp_path / "a.csv", MIXED[0][0][1])
            # Four figures in three slots: the slot published twice goes the general way.
            assert len(ran) == 2
            ran.clear()
            with patch.object(PageProjector, "FAST_PATH", False):
                ledger.rebuild()
            assert ran == []
            ledger.rebuild()
            assert len(ran) == 2
    finally:
        ledger.close()


# -- the rule, on hand-made pages ---------------------------------------------


def published(position: int, figure: str, period: str, source: str = "alpha") -> LoggedEvent:
    data = {"statistic": "stat", "period": period, "source": source}
    return LoggedEvent(position, figure, 1, "Figure.Published", data, "t")


def changed(position: int, kind: str, figure: str) -> LoggedEvent:
    return LoggedEvent(position, figure, 2, kind, {}, "t")


def test_a_publication_into_an_empty_slot_of_its_own_is_a_first_print():
    page = [published(1, "a", "2010"), published(2, "b", "2011"), published(3, "c", "2010", "beta")]
    assert first_prints(page, set()) == {1, 2, 3}


def test_a_stored_slot_or_a_slot_published_twice_goes_the_general_way():
    page = [published(1, "a", "2010"), published(2, "b", "2011"), published(3, "c", "2011"),
            published(4, "d", "2012")]  # fmt: skip
    assert first_prints(page, {slot_key("stat", "2010", "alpha")}) == {4}


def test_a_figure_changed_in_its_page_goes_the_general_way():
    for kind in ("Figure.Corrected", "Figure.Retracted"):
        page = [published(1, "a", "2010"), published(2, "b", "2011"), changed(3, kind, "a")]
        assert first_prints(page, set()) == {2}
    # A change of a figure of an earlier page leaves this page's first prints alone.
    page = [published(1, "a", "2010"), changed(2, "Figure.Corrected", "z")]
    assert first_prints(page, set()) == {1}


def test_a_figure_published_twice_goes_the_general_way():
    page = [published(1, "a", "2010"), published(2, "a", "2011")]
    assert first_prints(page, set()) == set()


def test_a_page_with_an_erratum_goes_the_general_way_whole():
    page = [published(1, "a", "2010"), changed(2, "Figure.Amended", "z")]
    assert first_prints(page, set()) == set()
