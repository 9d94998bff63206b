"""The catalogue: statistics and sources with counts, paged and filtered in SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput, NotFound


@pytest.fixture
def catalogue(ledger, fixed_clock):
    ledger.add_statistic("ice.sc.removals", "Removals under Secure Communities", "people")
    ledger.add_statistic("us.ces.payrolls", "Payroll employment", "thousands of jobs")
    ledger.add_statistic("us.gdp.real", "Real GDP", "billions of dollars")
    ledger.add_source("ice-1", "ICE official", organisation="ICE")
    ledger.add_source("ice-2", "Another ICE official", organisation="ICE")
    ledger.add_source("bls", "Bureau of Labor Statistics", organisation="BLS", kind="agency")
    ledger.record("ice.sc.removals", "2010", "more than 59,000", "ice-1", "2011-01-21")
    ledger.record("ice.sc.removals", "2010", "nearly 51,000", "ice-2", "2011-01-21")
    first = ledger.record("us.ces.payrolls", "2020-04", "131045", "bls", "2020-05-08")
    ledger.record("us.ces.payrolls", "2020-04", "130403", "bls", "2020-06-05")
    ledger.record("us.ces.payrolls", "2020-05", "132912", "bls", "2020-06-05")
    ledger.correct(first, "131046", "2020-05-20", "typo in the release")
    return ledger


def test_counts_are_kept_in_step_with_every_command(catalogue):
    removals = catalogue.statistic("ice.sc.removals")
    assert (removals.periods, removals.figures, removals.hard, removals.soft) == (1, 2, 1, 0)
    payrolls = catalogue.statistic("us.ces.payrolls")
    assert (payrolls.periods, payrolls.figures, payrolls.last_published) == (2, 2, "2020-06-05")
    # Explaining the discrepancy takes it out of the open count.
    catalogue.explain("ice.sc.removals", "2010", "definition", "different counting windows")
    assert catalogue.statistic("ice.sc.removals").hard == 0


def test_counts_now_equal_the_counts_replayed_at_now(catalogue):
    assert catalogue.statistics() == catalogue.statistics(as_of="2026-01-15")


def test_a_page_is_filtered_by_code_name_or_unit_and_sorted(catalogue):
    rows, total = catalogue.statistics_page(contains="US.", order_by="code")
    assert ([r.code for r in rows], total) == (["us.ces.payrolls", "us.gdp.real"], 2)
    rows, total = catalogue.statistics_page(contains="people")
    assert [r.code for r in rows] == ["ice.sc.removals"]
    rows, total = catalogue.statistics_page(order_by="figures", descending=True, limit=1)
    assert (rows[0].code, total) == ("ice.sc.removals", 3)
    rows, _ = catalogue.statistics_page(offset=2, limit=5)
    assert [r.code for r in rows] == ["us.gdp.real"]


def test_a_percent_sign_in_the_filter_is_literal(catalogue):
    assert catalogue.statistics_page(contains="%") == ([], 0)


def test_a_page_at_a_past_point_counts_what_was_known_then(catalogue):
    rows, total = catalogue.statistics_page(as_of="2020-05-31", order_by="figures",
                                            descending=True)
    assert total == 3
    assert [(r.code, r.figures) for r in rows] == [
        ("ice.sc.removals", 2), ("us.ces.payrolls", 1), ("us.gdp.real", 0)]


POINTS = [
    ("2010-12-31", None), ("2011-01-21", None), ("2020-05-08", None), ("2020-05-31", None),
    ("2020-06-05", None), (None, "2026-01-15T11:59:59Z"), ("2020-06-05", "2026-01-15T12:00:00Z"),
]  # fmt: skip


@pytest.mark.parametrize(("as_of", "known_at"), POINTS)
@pytest.mark.parametrize(("order_by", "descending"), [("code", False), ("name", True)])
@pytest.mark.parametrize(("offset", "limit"), [(0, 100), (1, 1)])
def test_a_page_at_a_past_point_replays_only_its_statistics_and_agrees_with_all(
    catalogue, as_of, known_at, order_by, descending, offset, limit
):
    # Sorted by a column with no count in it, the page is cut first and only
    # its statistics replayed: the same rows as counting every statistic.
    catalogue.explain("ice.sc.removals", "2010", "definition", "windows")
    everything = catalogue.statistics(as_of, known_at)
    everything.sort(key=lambda r: getattr(r, order_by), reverse=descending)
    rows, total = catalogue.statistics_page(
        as_of, known_at, order_by=order_by, descending=descending, offset=offset, limit=limit
    )
    assert (rows, total) == (everything[offset : offset + limit], len(everything))


def test_a_page_cannot_be_sorted_by_an_unknown_column(catalogue):
    with pytest.raises(InvalidInput, match="'colour'"):
        catalogue.statistics_page(order_by="colour")


def test_sources_count_revised_corrected_and_retracted_figures(catalogue):
    bls = catalogue.source("bls")
    assert (bls.figures, bls.revised, bls.corrected, bls.retracted) == (3, 1, 1, 0)
    assert [s.source_id for s in catalogue.sources()] == ["bls", "ice-1", "ice-2"]
    with pytest.raises(NotFound, match="'nobody'"):
        catalogue.source("nobody")


def test_names_for_pickers(catalogue):
    assert catalogue.statistic_names()[0] == (
        "ice.sc.removals", "Removals under Secure Communities", "people")
    assert ("bls", "Bureau of Labor Statistics", "BLS") in catalogue.source_names()


def test_read_models_of_an_older_shape_are_rebuilt_on_open(ledger_db, fixed_clock):
    path = ledger_db
    with open_ledger(path, by="t", create=True) as ledger:
        ledger.add_statistic("s", "S", "u")
        ledger.add_source("a", "A")
        ledger.record("s", "2010", "5", "a", "2011-01-01")
        expected = ledger.replay()
        # Pretend the read models were written by an older version.
        with ledger.engines.writer.begin() as db:
            db.execute(text("UPDATE projection_schema SET version = 1"))
            db.execute(text("DELETE FROM versions"))
    with open_ledger(path, by="t", create=True) as reopened:
        assert reopened.replay() == expected


def test_discrepancies_come_a_page_at_a_time(catalogue):
    catalogue.add_statistic("x", "X", "things")
    for n in range(5):
        catalogue.record("x", str(2000 + n), str(100 + n), "ice-1", "2011-01-21")
        catalogue.record("x", str(2000 + n), str(900 + n), "ice-2", "2011-01-21")
    everything = catalogue.discrepancies()
    rows, total = catalogue.discrepancies_page(offset=2, limit=3)
    assert total == len(everything) == 6
    assert rows == everything[2:5]
    rows, total = catalogue.discrepancies_page(statistic="x", severity="hard", state="open")
    assert total == 5 and [r.period for r in rows] == ["2000", "2001", "2002", "2003", "2004"]
    # At a past point the page comes from that point's replay.
    assert catalogue.discrepancies_page(as_of="2011-01-20") == ([], 0)
    with pytest.raises(InvalidInput, match="'severe'"):
        catalogue.discrepancies_page(severity="severe")


def test_describing_a_statistic_changes_only_what_is_given(catalogue):
    catalogue.describe_statistic("us.gdp.real", definition="Chained 2012 dollars, SAAR")
    described = catalogue.statistic("us.gdp.real")
    assert (described.name, described.definition) == ("Real GDP", "Chained 2012 dollars, SAAR")
    with pytest.raises(InvalidInput, match="name cannot be empty"):
        catalogue.describe_statistic("us.gdp.real", name="  ")
    with pytest.raises(NotFound, match="'nope'"):
        catalogue.describe_statistic("nope", name="x")


def test_a_source_moving_organisation_changes_whether_a_discrepancy_is_internal(catalogue):
    # Two officials of ICE disagree: internal.
    assert catalogue.discrepancies()[0].internal is True
    # The second turns out to speak for another body: the same disagreement is external.
    catalogue.update_source("ice-2", organisation="DHS")
    assert catalogue.discrepancies()[0].internal is False
    assert catalogue.source("ice-2").organisation == "DHS"
    with pytest.raises(InvalidInput, match="'gossip'"):
        catalogue.update_source("ice-2", kind="gossip")
