"""Two sources side by side: B − A, and whether their intervals let them agree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.analysis.compare import Side, agreement, compared, two_sources
from ledger.errors import InvalidInput
from ledger.semantics.interval_codec import decode_interval
from ledger.semantics.readings import read_figure_value


def side(text: str, status: str = "normal", on: str = "2011-01-21") -> Side:
    value, _, _, tight, wide = read_figure_value(text, None)
    return Side(Decimal(value), text, decode_interval(tight), decode_interval(wide), status, on)


@pytest.mark.parametrize(("a", "b", "wanted"), [
    ("more than 59,000", "nearly 51,000", "hard"),  # DESIGN.md's worked example
    ("60,000", "more than 59,000", "soft"),  # only the wide intervals meet
    ("about 100", "100", "agree"),
    ("between 10 and 20", "15", "agree"),
])  # fmt: skip
def test_two_values_agree_softly_disagree_or_hard_disagree(a: str, b: str, wanted: str) -> None:
    assert agreement(side(a), side(b)) == wanted
    assert agreement(side(b), side(a)) == wanted


def test_a_target_is_never_compared_with_a_count() -> None:
    assert agreement(side("404,000", "target"), side("392,000")) == "incomparable"
    assert agreement(side("404,000", "target"), side("401,000", "target")) == "hard"


def test_each_period_of_either_source_gets_a_row_with_b_minus_a() -> None:
    rows = list(compared(
        "s", "ice-1", {"2010": side("59,040"), "2009": side("about 50,000")},
        "ice-2", {"2010": side("nearly 51,000"), "2011": side("7")},
    ))  # fmt: skip
    assert [r.period for r in rows] == ["2009", "2010", "2011"]
    only_a, both, only_b = rows
    assert (only_a.value_a, only_a.value_b, only_a.difference, only_a.agreement) == (
        Decimal(50000),
        None,
        None,
        None,
    )
    assert (both.difference, both.tight_overlap, both.wide_overlap, both.agreement) == (
        Decimal(-8040),
        False,
        False,
        "hard",
    )
    assert (only_b.text_b, only_b.source_a, only_b.text_a) == ("7", "ice-1", None)


@pytest.mark.parametrize(("given_", "wanted"), [
    ("bls,adp", ("bls", "adp")), (" bls , adp ", ("bls", "adp")), (["a", "b"], ("a", "b")),
])  # fmt: skip
def test_two_sources_are_given_as_a_pair(given_, wanted) -> None:
    assert two_sources(given_) == wanted


@pytest.mark.parametrize("given_", ["bls", "bls,bls", "a,b,c", "", ",", "a,"])
def test_anything_but_two_different_sources_is_refused_naming_it(given_: str) -> None:
    with pytest.raises(InvalidInput, match=f"got '{given_}'"):
        two_sources(given_)


numbers = st.decimals(
    min_value=-(10**6), max_value=10**6, places=1, allow_nan=False, allow_infinity=False
)


@given(numbers, numbers)
def test_bare_numbers_agree_exactly_when_equal_and_the_difference_is_exact(a, b) -> None:
    [row] = compared("s", "a", {"2010": side(str(a))}, "b", {"2010": side(str(b))})
    assert row.difference == b - a
    assert row.tight_overlap == (a == b)
    # The wide interval of a bare number is its rounding: [v − g/2, v + g/2).
    assert (row.agreement == "agree") == (a == b)
