"""Fuzzing the service door (:class:`ledger.service.Ledger`) with generated input.

Properties, for every command and read:

* nothing but the ledger's own errors (:class:`~ledger.errors.RecountError`) escapes;
* every refusal is one line;
* a refused command leaves every table of the SQLite file as it was, and a read
  writes nothing at all.

One ledger per test function, opened once: a success may change it (and the
snapshot is taken again), a refusal must not.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import backends
import pytest
from fuzz_support import (
    PERCENT,
    SOURCES,
    STATISTIC,
    codes,
    dates,
    figure_refs,
    nasty_text,
    numbers,
    one_line_refusal,
    optional,
    periods,
    seed,
    snapshot,
    spoiled,
    valid_dates,
    valid_numbers,
    valid_periods,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.semantics import clock
from ledger.semantics.vocabulary import EXPLANATION_KINDS, SOURCE_KINDS, STATUSES
from ledger.service import Ledger

FROZEN = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


class Guarded:
    """A seeded, open ledger and the snapshot a refusal must leave untouched."""

    def __init__(self, ledger: Ledger, db: str, figures: list[str]) -> None:
        self.ledger = ledger
        self.db = db
        self.figures = figures
        self.before = snapshot(db)

    def command(self, call: Callable[[Ledger], Any]) -> None:
        """Run a command: a refusal is one line and writes nothing; a success may write."""
        try:
            call(self.ledger)
        except RecountError as error:
            event(f"refused: {type(error).__name__}")
            one_line_refusal(error)
            assert snapshot(self.db) == self.before, f"refused {error!r}, yet wrote"
        else:
            event("accepted")
            self.before = snapshot(self.db)

    def read(self, call: Callable[[Ledger], Any]) -> None:
        """Run a read: refused in one line or not, it writes nothing."""
        try:
            call(self.ledger)
        except RecountError as error:
            one_line_refusal(error)
        assert snapshot(self.db) == self.before, "a read wrote"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    db = backends.new_db(tmp_path_factory.mktemp("fuzz-template"), lasting=True)
    with clock.frozen(FROZEN):
        figures = seed(db)
    return db, figures


@pytest.fixture
def guarded(template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    # A fresh copy per test function (not per example: Hypothesis runs them all
    # inside one call of the test, so this fixture is built once for them).
    db = backends.copy_db(template[0], tmp_path_factory.mktemp("fuzz"))
    with clock.frozen(FROZEN), open_ledger(db, by="fuzzer") as ledger:
        yield Guarded(ledger, db, template[1])


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[
    # The fixture is the ledger every example runs against on purpose; the
    # snapshot guard makes each example's verdict independent of the others.
    HealthCheck.function_scoped_fixture,
])

statuses = st.one_of(st.sampled_from(STATUSES), nasty_text(12))
grains = optional(st.one_of(st.sampled_from(("1", "1000", "0.5", "1e3", "1,000")), numbers()))


record_fields = spoiled(
    {
        "statistic": st.sampled_from((STATISTIC, PERCENT)),
        "period": valid_periods,
        "value": st.one_of(valid_numbers, valid_numbers.map(lambda v: v + "%")),
        "source": st.sampled_from(SOURCES),
        "published": valid_dates,
        "status": st.sampled_from(STATUSES),
        "grain": st.one_of(st.none(), st.sampled_from(("1", "1000", "0.5", "1e3", "1,000"))),
        "url": optional(nasty_text()),
        "quote": optional(nasty_text()),
        "note": optional(nasty_text()),
        "release": optional(st.one_of(st.just("rel-1"), nasty_text())),
    },
    {
        "statistic": codes(), "period": periods(), "value": numbers(), "source": codes(),
        "published": dates(), "status": statuses, "grain": grains,
    },
)


@FUZZ
@given(fields=record_fields)
def test_record(guarded, fields):
    guarded.command(lambda ledger: ledger.record(**fields))


refs = figure_refs()
known_ref = st.integers(0, 3).map(lambda i: lambda known: known[i])
reasons = st.sampled_from(("typo", "the source said so"))
figure_commands = st.one_of(
    spoiled({"figure": known_ref, "value": valid_numbers, "published": valid_dates,
             "reason": reasons, "grain": st.none()},
            {"figure": refs, "value": numbers(), "published": dates(), "reason": nasty_text(),
             "grain": grains}).map(
        lambda f: lambda ledger, known: ledger.correct(**{**f, "figure": f["figure"](known)})),
    spoiled({"figure": known_ref, "published": valid_dates, "reason": reasons},
            {"figure": refs, "published": dates(), "reason": nasty_text()}).map(
        lambda f: lambda ledger, known: ledger.retract(**{**f, "figure": f["figure"](known)})),
    spoiled({"figure": known_ref, "reason": reasons, "value": optional(valid_numbers),
             "period": optional(valid_periods), "source": optional(st.sampled_from(SOURCES)),
             "published": optional(valid_dates), "grain": st.none()},
            {"figure": refs, "reason": nasty_text(), "value": numbers(), "period": periods(),
             "source": codes(), "published": dates(), "grain": grains}).map(
        lambda f: lambda ledger, known: ledger.amend(**{**f, "figure": f["figure"](known)})),
)


@FUZZ
@given(call=figure_commands)
def test_figure_commands(guarded, call):
    guarded.command(lambda ledger: call(ledger, guarded.figures))


names = st.sampled_from(("A name", "Another"))
new_codes = st.from_regex(r"\Afz\.[a-z0-9]{1,12}\Z")
catalogue = st.one_of(
    spoiled({"code": new_codes, "name": names, "unit": st.sampled_from(("people", "percent")),
             "definition": optional(names), "scope": optional(names)},
            {"code": codes(), "name": nasty_text(), "unit": nasty_text(),
             "definition": nasty_text(), "scope": nasty_text()}).map(
        lambda f: lambda ledger: ledger.add_statistic(**f)),
    spoiled({"code": st.sampled_from((STATISTIC, PERCENT)), "name": optional(names),
             "unit": optional(names), "definition": optional(names), "scope": optional(names)},
            {"code": codes(), "name": nasty_text(), "unit": nasty_text(),
             "definition": nasty_text(), "scope": nasty_text()}).map(
        lambda f: lambda ledger: ledger.describe_statistic(**f)),
    spoiled({"source_id": new_codes, "name": names, "organisation": optional(names),
             "kind": st.sampled_from(SOURCE_KINDS)},
            {"source_id": codes(), "name": nasty_text(), "organisation": nasty_text(),
             "kind": nasty_text(10)}).map(lambda f: lambda ledger: ledger.add_source(**f)),
    spoiled({"source_id": st.sampled_from(SOURCES), "name": optional(names),
             "organisation": optional(names), "kind": optional(st.sampled_from(SOURCE_KINDS))},
            {"source_id": codes(), "name": nasty_text(), "organisation": nasty_text(),
             "kind": nasty_text(10)}).map(lambda f: lambda ledger: ledger.update_source(**f)),
)
discrepancy = st.one_of(
    spoiled({"statistic": st.just(STATISTIC), "period": st.just("2019"),
             "kind": st.sampled_from(EXPLANATION_KINDS), "note": names},
            {"statistic": codes(), "period": periods(), "kind": nasty_text(10),
             "note": nasty_text()}).map(lambda f: lambda ledger: ledger.explain(**f)),
    st.builds(lambda s, p, n: lambda ledger: ledger.resolve(s, p, n),
              codes(), st.one_of(st.just("2019"), periods()), nasty_text()),
    st.builds(lambda s, p, n: lambda ledger: ledger.reopen(s, p, n),
              codes(), st.one_of(st.just("2019"), periods()), nasty_text()),
)


@FUZZ
@given(call=st.one_of(catalogue, discrepancy))
def test_catalogue_and_discrepancy_commands(guarded, call):
    guarded.command(call)


moments = optional(st.one_of(
    dates(), st.sampled_from(("2020-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00",
                              "0001-01-01T00:00:00-14:00", "2020-01-01 25:00", "2020-01-01T12"))))


def _reads() -> st.SearchStrategy[Callable[[Ledger, list[str]], Any]]:
    stat = st.one_of(st.sampled_from((STATISTIC, PERCENT)), codes())
    as_of = optional(dates())
    return st.one_of(
        st.builds(lambda s, p, a, k: lambda ledger, known=None: ledger.replay(s, p, a, k),
                  optional(stat), optional(periods()), as_of, moments),
        st.builds(lambda s, p, a, k: lambda ledger, known=None: ledger.history(s, p, a, k),
                  stat, optional(periods()), as_of, moments),
        st.builds(lambda s, v, t, a, k: lambda ledger, known=None: ledger.discrepancies(
            s, v, t, a, k),
                  optional(stat), optional(nasty_text(6)), optional(nasty_text(8)), as_of, moments),
        st.builds(lambda s, p, k: lambda ledger, known=None: ledger.discrepancy_notes(s, p, k),
                  stat, periods(), moments),
        st.builds(lambda s, v, t, o, n: lambda ledger, known=None: ledger.discrepancies_page(
            s, v, t, offset=o, limit=n), optional(stat), optional(st.sampled_from(("hard", "x"))),
            optional(st.sampled_from(("open", "x"))), st.integers(-5, 10**20),
            st.integers(-5, 10**20)),
        st.builds(lambda a, k, c, o, d: lambda ledger, known=None: ledger.statistics_page(
            a, k, contains=c, order_by=o, descending=d), as_of, moments, optional(nasty_text()),
            st.one_of(st.sampled_from(("code", "name", "unit", "figures")), nasty_text(8)),
            st.booleans()),
        st.builds(lambda r, a, k: lambda ledger, known: ledger.figure(r(known), a, k),
                  figure_refs(), as_of, moments),
        st.builds(lambda s, p, a, k: lambda ledger, known=None: ledger.figures(s, p, a, k),
                  stat, optional(periods()), as_of, moments),
        st.builds(lambda s: lambda ledger, known=None: ledger.statistic(s), stat),
        st.builds(lambda s: lambda ledger, known=None: ledger.statistic_history(s), stat),
        st.builds(lambda s: lambda ledger, known=None: ledger.source(s), codes()),
        st.builds(lambda s: lambda ledger, known=None: ledger.source_history(s), codes()),
        st.builds(lambda s, f, a, k, r, src: lambda ledger, known=None: ledger.export(
            s, f, io.StringIO(), as_of=a, known_at=k, series=r, source=src),
            stat, st.one_of(st.sampled_from(("alfred", "rtdsm", "bls-ces", "csv", "ndjson")),
                            nasty_text(8)), as_of, moments, optional(nasty_text()),
            optional(st.one_of(st.sampled_from(SOURCES), codes()))),
    )


@FUZZ
@given(call=_reads())
def test_reads(guarded, call):
    guarded.read(lambda ledger: call(ledger, guarded.figures))
