"""When figures contradict each other, told as stories of one statistic and period.

Each story lets some sources say figures, then asks :func:`find_discrepancy`
whether they disagree: hard or soft, internal or not, by how much, and who is
involved (DESIGN.md, "Vocabulary": discrepancy; "Qualifiers and intervals").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import permutations

from ledger.semantics.discrepancies import find_discrepancy
from ledger.semantics.intervals import Interval, format_decimal
from ledger.semantics.qualifiers import read_value

ORGANISATIONS = {
    "ice.director": "ICE",
    "ice.spokesperson": "ICE",
    "cbp.commissioner": "CBP",
    "nyt": "The New York Times",
    "anonymous": None,
    "leak": None,
}


@dataclass(frozen=True)
class Said:
    """A current figure: who said what, read as DESIGN.md reads it."""

    figure: str
    source: str
    status: str
    tight: Interval
    wide: Interval


def said(figure: str, source: str, text: str, status: str = "normal") -> Said:
    reading = read_value(text)
    return Said(figure, source, status, reading.tight, reading.wide)


def find(*figures: Said):
    return find_discrepancy(figures, ORGANISATIONS.get)


# -- hard, soft, none ---------------------------------------------------------


def test_two_officials_of_one_agency_disagree_hard_and_internally():
    # Two officials of one agency: more than 59,000 and nearly 51,000.
    director = said("a", "ice.director", "more than 59,000")
    spokesperson = said("b", "ice.spokesperson", "nearly 51,000")
    # Find a hard, internal discrepancy with a gap of 8,000.
    found = find(director, spokesperson)
    assert found.severity == "hard"
    assert found.internal
    assert found.gap == Decimal(8000)
    # Both figures and both sources are involved, in sorted order.
    assert found.figures == ("a", "b")
    assert found.sources == ("ice.director", "ice.spokesperson")


def test_figures_that_only_disagree_at_their_tightest_are_a_soft_discrepancy():
    # An official says about 59,000; a newspaper says 60,000.
    official = said("a", "ice.director", "about 59,000")
    newspaper = said("b", "nyt", "60,000")
    # Read widely they share numbers (59,500 to 60,000), read tightly they do not.
    assert not official.wide.disjoint(newspaper.wide)
    # Find a soft discrepancy, its gap measured between the tight readings: 500.
    found = find(official, newspaper)
    assert found.severity == "soft"
    assert found.gap == Decimal(500)
    # An agency and a newspaper: not internal.
    assert not found.internal


def test_figures_that_share_a_number_are_no_discrepancy():
    # An official says about 59,000; a newspaper says 59,000.
    official = said("a", "ice.director", "about 59,000")
    newspaper = said("b", "nyt", "59,000")
    # Both could mean 59,000: find nothing.
    assert find(official, newspaper) is None


def test_one_figure_alone_is_no_discrepancy():
    # Only the director has said anything.
    assert find(said("a", "ice.director", "more than 59,000")) is None
    assert find() is None


# -- internal ------------------------------------------------------------------


def test_officials_of_two_agencies_disagree_but_not_internally():
    # The director of one agency and the commissioner of another.
    director = said("a", "ice.director", "more than 59,000")
    commissioner = said("b", "cbp.commissioner", "nearly 51,000")
    # Find a hard discrepancy that is not internal.
    found = find(director, commissioner)
    assert found.severity == "hard"
    assert not found.internal


def test_two_sources_without_an_organisation_are_not_one_organisation():
    # An anonymous source and a leak: neither names an organisation.
    anonymous = said("a", "anonymous", "more than 59,000")
    leak = said("b", "leak", "nearly 51,000")
    # They disagree, and nothing says they speak for one body.
    assert not find(anonymous, leak).internal


def test_one_source_is_never_compared_with_itself():
    # The director said more than 59,000, and later nearly 51,000.
    first = said("a", "ice.director", "more than 59,000")
    second = said("b", "ice.director", "nearly 51,000")
    # A source's own figures revise each other: find nothing.
    assert find(first, second) is None


# -- targets and forecasts -------------------------------------------------------


def test_a_target_is_never_compared_with_a_count():
    # Outlets repeat an annual quota of 404,000; an official counts more than 59,000.
    quota = said("a", "nyt", "404,000", status="target")
    count = said("b", "ice.director", "more than 59,000")
    # A goal is not an outcome: find nothing.
    assert find(quota, count) is None


def test_a_forecast_is_never_compared_with_an_outcome_but_forecasts_are_compared():
    # The agency forecast nearly 51,000; the newspaper counted more than 59,000.
    forecast = said("a", "ice.director", "nearly 51,000", status="forecast")
    outcome = said("b", "nyt", "more than 59,000")
    assert find(forecast, outcome) is None
    # A second forecast of more than 59,000 does contradict the first.
    other_forecast = said("c", "cbp.commissioner", "more than 59,000", status="forecast")
    found = find(forecast, outcome, other_forecast)
    assert found.figures == ("a", "c")


def test_two_targets_are_compared_with_each_other():
    # Two quotas: 404,000 and nearly 300,000.
    assert find(
        said("a", "nyt", "404,000", status="target"),
        said("b", "ice.director", "nearly 300,000", status="target"),
    ).severity == "hard"


# -- three sources ---------------------------------------------------------------


def test_a_third_source_that_agrees_with_both_is_not_involved():
    # Two officials of one agency disagree; a newspaper says between 50,000 and 60,000.
    director = said("a", "ice.director", "more than 59,000")
    spokesperson = said("b", "ice.spokesperson", "nearly 51,000")
    newspaper = said("c", "nyt", "between 50,000 and 60,000")
    # The newspaper's range holds numbers of both: it contradicts neither.
    found = find(director, spokesperson, newspaper)
    # The discrepancy is the officials' alone, and stays internal.
    assert found.figures == ("a", "b")
    assert found.sources == ("ice.director", "ice.spokesperson")
    assert found.internal


def test_three_sources_that_all_disagree_give_the_widest_gap():
    # The director says more than 59,000, the spokesperson nearly 51,000,
    # and a newspaper about 55,000: every pair is disjoint, even read widely.
    director = said("a", "ice.director", "more than 59,000")
    spokesperson = said("b", "ice.spokesperson", "nearly 51,000")
    newspaper = said("c", "nyt", "about 55,000")
    found = find(director, spokesperson, newspaper)
    # Find a hard discrepancy with the widest gap, 8,000 between the officials.
    assert found.severity == "hard"
    assert found.gap == Decimal(8000)
    # The newspaper is involved, so the discrepancy is not internal any more.
    assert found.figures == ("a", "b", "c")
    assert not found.internal


def test_a_hard_pair_outweighs_a_soft_one_but_both_are_involved():
    # The director says about 59,000 and a newspaper 60,000: soft, 500 apart.
    director = said("a", "ice.director", "about 59,000")
    newspaper = said("b", "nyt", "60,000")
    # The commissioner says nearly 51,000: hard against the director, 7,000 apart.
    commissioner = said("c", "cbp.commissioner", "nearly 51,000")
    found = find(director, newspaper, commissioner)
    # Find a hard discrepancy with the hard gap; every disagreeing figure is listed.
    assert found.severity == "hard"
    assert found.gap == Decimal(7000)
    assert found.figures == ("a", "b", "c")


# -- the gap, as it is written -------------------------------------------------------


def test_equal_gaps_read_the_same_whatever_order_the_figures_come_in():
    # The spokesperson says nearly 51,000; two newspapers say at least 51,000,
    # one of them writing "51,000.0".
    spokesperson = said("a", "ice.spokesperson", "nearly 51,000")
    newspaper = said("b", "nyt", "at least 51,000")
    careful = said("c", "leak", "at least 51,000.0")
    # Each touches the spokesperson's reading at its open end: no number lies
    # in both, none between them. Both gaps are zero, written 0 and 0.0.
    assert str(spokesperson.wide.gap(newspaper.wide)) == "0"
    assert str(spokesperson.wide.gap(careful.wide)) == "0.0"
    # In any order of the figures, find one gap, written 0.
    for order in permutations([spokesperson, newspaper, careful]):
        found = find(*order)
        assert found.severity == "hard"
        assert format_decimal(found.gap) == "0"
        assert str(found.gap) == "0"


def test_a_gap_keeps_the_digits_of_the_figures():
    # The director says more than 59,000.5; the spokesperson nearly 51,000.
    director = said("a", "ice.director", "more than 59,000.5")
    spokesperson = said("b", "ice.spokesperson", "nearly 51,000")
    # Find a gap of 8,000.5, written as the figures were.
    assert format_decimal(find(director, spokesperson).gap) == "8000.5"
