"""A value's unit sign fits its statistic's unit, or is refused in one line."""

from __future__ import annotations

import pytest

from ledger.errors import InvalidInput
from ledger.semantics.units import check_unit_fits, sign_fits, unit_signs


@pytest.mark.parametrize(("text", "signs"), [
    ("59,000", []),
    ("12%", ["%"]),
    ("about 12.5 %", ["%"]),
    ("$5 billion", ["$"]),
    ("between €1 and €2 million", ["€"]),
    ("£40k", ["£"]),
])
def test_the_signs_of_a_value_are_those_written_in_it(text, signs):
    assert unit_signs(text) == signs


@pytest.mark.parametrize(("sign", "unit"), [
    ("%", "percent"),
    ("%", "Percent of GDP"),
    ("%", "per cent"),
    ("%", "percentage points"),
    ("%", "% of the labour force"),
    ("$", "dollars"),
    ("$", "billions of chained 2012 dollars"),
    ("$", "USD"),
    ("$", "$ million"),
    ("€", "euros"),
    ("€", "million EUR"),
    ("£", "pounds sterling"),
    ("£", "GBP"),
    # A unit nobody stated says nothing against any sign.
    ("%", "unstated"),
    ("$", ""),
])
def test_a_sign_fits_a_unit_that_names_it(sign, unit):
    assert sign_fits(sign, unit)


@pytest.mark.parametrize(("sign", "unit"), [
    ("%", "people"),
    ("%", "dollars"),
    ("$", "people"),
    ("$", "euros"),
    ("€", "dollars"),
    ("£", "removals"),
    # Words that merely contain a currency's letters are not that currency.
    ("€", "neuroscientists"),
    ("£", "compounds"),
])
def test_a_sign_does_not_fit_a_unit_that_counts_something_else(sign, unit):
    assert not sign_fits(sign, unit)


def test_a_percentage_into_a_count_of_people_is_refused_saying_so():
    with pytest.raises(InvalidInput) as refused:
        check_unit_fits("12%", "ice.sc.removals", "people")
    assert str(refused.value) == (
        "value '12%' is a percentage, but statistic 'ice.sc.removals' counts people"
    )


def test_a_currency_into_a_count_of_people_is_refused_saying_so():
    with pytest.raises(InvalidInput, match=r"^value '\$5 billion' is an amount in dollars, "):
        check_unit_fits("$5 billion", "s", "people")


def test_a_value_without_a_sign_fits_any_unit():
    check_unit_fits("more than 59,000", "s", "percent")


def test_a_unit_with_a_control_character_is_shown_escaped():
    with pytest.raises(InvalidInput) as refused:
        check_unit_fits("12%", "s", "peo\x1bple")
    assert str(refused.value).endswith("counts 'peo\\x1bple'")
