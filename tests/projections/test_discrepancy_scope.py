"""The kept register is worked out only for pairs that can disagree, yet always in step.

A (statistic, period) with one current figure cannot disagree: the catch-up
reads no figures for it. A pair that had a register row and is down to one
figure (a retraction of the other, an erratum moving it away) is still
visited, so that its row goes.
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest

from ledger import projections
from ledger.projections.projector import PageProjector

HEADER = "statistic,period,value,source,published"


@pytest.fixture
def catalogue(ledger):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_statistic("gdp", "Gross domestic product", "USD bn")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.add_source("ces", "Current Employment Statistics", "BLS", "agency")
    ledger.add_source("daily", "Daily Herald", "Herald Group", "media")
    return ledger


@pytest.fixture
def compared(monkeypatch) -> list[tuple[str, str]]:
    """Every pair whose current figures the catch-up reads to compare them."""
    seen: list[tuple[str, str]] = []
    read = PageProjector._current_rows

    def spy(self, cursor, mark, pairs):
        seen.extend(pairs)
        return read(self, cursor, mark, pairs)

    monkeypatch.setattr(PageProjector, "_current_rows", spy)
    return seen


def pairs_of(ledger) -> list[tuple[str, str]]:
    return [(d.statistic, d.period) for d in ledger.discrepancies()]


def in_step(ledger) -> None:
    """The register kept now is the register worked out from the figures now."""
    assert ledger.discrepancies() == ledger.discrepancies(as_of="2100-01-01")


def test_a_pair_with_one_source_is_not_compared(catalogue, compared):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    catalogue.record("jobs", "2020-04", "110", "bls", "2020-06-05")  # a revision: one source
    catalogue.record("gdp", "2020", "21000", "bls", "2021-01-28")
    assert compared == []
    catalogue.record("jobs", "2020-04", "about 150", "daily", "2020-05-09")
    assert compared == [("jobs", "2020-04")]
    assert pairs_of(catalogue) == [("jobs", "2020-04")]
    in_step(catalogue)


def test_an_import_compares_only_its_pairs_with_two_sources(catalogue, compared, tmp_path: Path):
    lines = [HEADER]
    lines += [f"jobs,2019-{m:02d},{100 + m},bls,2019-12-20" for m in range(1, 13)]
    lines += [f"gdp,{y},{20000 + y},bls,2021-01-28" for y in range(1990, 2020)]
    lines += ["jobs,2019-03,about 200,daily,2019-12-21", "jobs,2019-05,105,ces,2019-12-22"]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with patch.object(projections, "PAGE_SIZE", 7):  # pairs cut across pages
        catalogue.import_file(path, "csv")
    # Each page compares a two-source pair only once both of its figures stand.
    assert set(compared) == {("jobs", "2019-03"), ("jobs", "2019-05")}
    assert pairs_of(catalogue) == [("jobs", "2019-03")]  # 105 and 105 agree
    in_step(catalogue)
    counts = {s.code: (s.hard, s.soft) for s in catalogue.statistics()}
    assert sum(counts["jobs"]) == 1 and counts["gdp"] == (0, 0)


def test_a_retraction_down_to_one_source_drops_the_row(catalogue, compared):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    wrong = catalogue.record("jobs", "2020-04", "about 150", "daily", "2020-05-09")
    assert pairs_of(catalogue) == [("jobs", "2020-04")]
    catalogue.retract(wrong, "2020-05-10", "misprint")
    assert pairs_of(catalogue) == []
    in_step(catalogue)
    assert {(s.hard, s.soft) for s in catalogue.statistics()} == {(0, 0)}


def test_an_erratum_moving_a_figure_to_another_period_drops_the_row(catalogue, compared):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    moved = catalogue.record("jobs", "2020-04", "about 150", "daily", "2020-05-09")
    assert pairs_of(catalogue) == [("jobs", "2020-04")]
    compared.clear()
    catalogue.amend(moved, "it was May's", period="2020-05")
    assert pairs_of(catalogue) == []
    in_step(catalogue)
    # Neither pair has two figures now: the old one was visited only to drop its row.
    assert compared == []


def test_an_erratum_moving_a_figure_to_the_other_source_drops_the_row(catalogue):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    moved = catalogue.record("jobs", "2020-04", "about 150", "daily", "2020-05-09")
    assert pairs_of(catalogue) == [("jobs", "2020-04")]
    catalogue.amend(moved, "BLS said it", source="bls")  # one slot now, so one source
    assert pairs_of(catalogue) == []
    in_step(catalogue)


def test_an_erratum_moving_a_figure_in_makes_a_row(catalogue):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    moved = catalogue.record("jobs", "2020-05", "about 150", "daily", "2020-06-09")
    assert pairs_of(catalogue) == []
    catalogue.amend(moved, "it was April's", period="2020-04")
    assert pairs_of(catalogue) == [("jobs", "2020-04")]
    in_step(catalogue)


def test_a_pair_with_a_row_and_two_sources_is_worked_out_again(catalogue):
    catalogue.record("jobs", "2020-04", "100", "bls", "2020-05-08")
    catalogue.record("jobs", "2020-04", "about 150", "daily", "2020-05-09")
    (before,) = catalogue.discrepancies()
    catalogue.record("jobs", "2020-04", "101", "ces", "2020-05-10")  # a third source
    (after,) = catalogue.discrepancies()
    assert len(after.sources) == 3 and len(before.sources) == 2
    in_step(catalogue)
