"""No false alarm: ``verify`` finds every untouched ledger whole, whatever its size or history."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import backends
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrity_support import record_story

from ledger.bootstrap import open_ledger, verify_ledger
from ledger.demo import load_demo
from ledger.errors import RecountError


def assert_whole(found) -> None:
    assert found.whole, found.problem and found.problem.line()
    assert found.problem is None


def test_an_empty_ledger_is_whole(ledger_db):
    path = ledger_db
    open_ledger(path, "ann", create=True).close()
    found = verify_ledger(path)
    assert_whole(found)
    assert (found.events, found.head()) == (0, "0:" + "0" * 64)


def test_a_one_event_ledger_is_whole(ledger):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    found = ledger.verify()
    assert_whole(found)
    assert found.events == 1


def test_the_demo_ledger_is_whole(ledger):
    load_demo(ledger)
    assert_whole(ledger.verify())


def test_the_story_is_whole_before_and_after_rebuild(ledger, tmp_path):
    record_story(ledger, tmp_path)
    assert_whole(ledger.verify())
    ledger.rebuild()
    assert_whole(ledger.verify())
    head = "{}:{}".format(*ledger.head())
    assert_whole(ledger.verify(head))


def test_read_models_caught_up_by_many_small_commands_between_imports(ledger, tmp_path):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("a", "A", None, "agency")
    ledger.add_source("b", "B", None, "media")
    for batch in range(4):
        csv = tmp_path / f"batch{batch}.csv"
        csv.write_text("statistic,period,value,source,published\n" + "".join(
            f"jobs,{2000 + batch}-{month:02d},{100 * batch + month},a,{2000 + batch}-12-01\n"
            for month in range(1, 13)
        ))  # fmt: skip
        ledger.import_file(csv, "csv")
        for month in (1, 5, 9):
            figure = ledger.record("jobs", f"{2000 + batch}-{month:02d}", str(999 + month), "b",
                                   f"{2000 + batch}-12-02")
            if month == 5:
                ledger.correct(figure, str(998 + month), f"{2000 + batch}-12-03", "typo")
            if month == 9:
                ledger.retract(figure, f"{2000 + batch}-12-04", "withdrawn")
        found = ledger.discrepancies()
        if found:
            ledger.explain(found[0].statistic, found[0].period, "error", "copied wrong")
        assert_whole(ledger.verify())
    ledger.rebuild()
    assert_whole(ledger.verify())


# -- any sequence of commands ------------------------------------------------------

STATISTICS = ("s1", "s2")
SOURCES = ("a", "b", "c")
PERIODS = ("2020-01", "2020-02", "2020-03")

command = st.one_of(
    st.tuples(st.just("statistic"), st.sampled_from(STATISTICS)),
    st.tuples(st.just("source"), st.sampled_from(SOURCES)),
    st.tuples(st.just("record"), st.sampled_from(STATISTICS), st.sampled_from(PERIODS),
              st.integers(0, 5), st.sampled_from(SOURCES), st.integers(1, 9)),
    st.tuples(st.just("correct"), st.integers(0, 20), st.integers(0, 5)),
    st.tuples(st.just("retract"), st.integers(0, 20)),
    st.tuples(st.just("amend"), st.integers(0, 20), st.integers(0, 5),
              st.sampled_from((None, *PERIODS)), st.sampled_from((None, *SOURCES))),
    st.tuples(st.just("note"), st.sampled_from(("explain", "resolve", "reopen")),
              st.integers(0, 5)),
    st.tuples(st.just("import"), st.sampled_from(STATISTICS), st.sampled_from(SOURCES),
              st.lists(st.tuples(st.sampled_from(PERIODS), st.integers(0, 5)), min_size=1,
                       max_size=4)),
)


def run(ledger, folder: Path, step, figures: list[str]) -> None:
    kind, *args = step
    if kind == "statistic":
        ledger.add_statistic(args[0], f"Statistic {args[0]}", "people")
    elif kind == "source":
        ledger.add_source(args[0], f"Source {args[0]}", None, "agency")
    elif kind == "record":
        statistic, period, value, source, day = args
        figures.append(ledger.record(statistic, period, str(value), source, f"2020-06-0{day}"))
    elif kind == "correct" and figures:
        ledger.correct(figures[args[0] % len(figures)], str(args[1] + 10), "2020-07-01", "typo")
    elif kind == "retract" and figures:
        ledger.retract(figures[args[0] % len(figures)], "2020-07-02", "withdrawn")
    elif kind == "amend" and figures:
        figure, value, period, source = args
        ledger.amend(figures[figure % len(figures)], "erratum", value=str(value + 20),
                     period=period, source=source)
    elif kind == "note":
        action, which = args
        found = ledger.discrepancies()
        if found:
            d = found[which % len(found)]
            if action == "explain":
                ledger.explain(d.statistic, d.period, "timing", "a note")
            else:
                getattr(ledger, action)(d.statistic, d.period, "a note")
    elif kind == "import":
        statistic, source, rows = args
        csv = folder / "rows.csv"
        csv.write_text("statistic,period,value,source,published\n" + "".join(
            f"{statistic},{period},{value},{source},2020-06-15\n" for period, value in rows
        ))  # fmt: skip
        ledger.import_file(csv, "csv")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(command, max_size=10))
def test_any_sequence_of_commands_leaves_a_whole_ledger(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("seq")
    with open_ledger(backends.new_db(folder, "l.db"), "ann", create=True) as ledger:
        figures: list[str] = []
        for step in steps:
            # A refusal (unknown statistic, nothing to amend, …) writes nothing.
            with suppress(RecountError):
                run(ledger, folder, step, figures)
        assert_whole(ledger.verify())
        ledger.rebuild()
        assert_whole(ledger.verify())
