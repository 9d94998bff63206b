"""What the projections derive from texts and labels, fast paths held equal to the slow ones."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledger.semantics.interval_codec import encode_interval
from ledger.semantics.intervals import format_decimal
from ledger.semantics.periods import parse_period
from ledger.semantics.qualifiers import read_value
from ledger.semantics.readings import derived, is_bare_number, period_bounds, plain_number


def full_reader(text: str) -> tuple[str, str, str, str, str]:
    reading = read_value(text)
    return (
        format_decimal(reading.value),
        reading.qualifier,
        format_decimal(reading.grain),
        encode_interval(reading.tight),
        encode_interval(reading.wide),
    )


plain_numbers = st.builds(
    lambda sign, whole, fraction: sign + whole + (("." + fraction) if fraction else ""),
    st.sampled_from(["", "-"]),
    st.from_regex(r"0|[1-9][0-9]{0,11}", fullmatch=True),
    st.one_of(st.just(""), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)


@given(plain_numbers)
def test_plain_numbers_read_as_the_full_reader_reads_them(text):
    assert plain_number(text) == full_reader(text)


grouped_numbers = st.builds(
    lambda sign, head, groups, fraction: sign + head + "".join("," + g for g in groups)
    + (("." + fraction) if fraction else ""),
    st.sampled_from(["", "-"]),
    st.from_regex(r"[1-9][0-9]{0,2}", fullmatch=True),
    st.lists(st.from_regex(r"[0-9]{3}", fullmatch=True), min_size=1, max_size=3),
    st.one_of(st.just(""), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)


@given(grouped_numbers)
def test_numbers_grouped_by_thousands_read_as_the_full_reader_reads_them(text):
    assert is_bare_number(text, None)
    assert derived.__wrapped__(text, None) == full_reader(text)


@given(st.from_regex(r"-?[0-9,]{1,9}(\.[0-9]{0,3})?", fullmatch=True))
def test_digits_and_commas_are_read_alike_or_refused_alike(text):
    try:
        expected = full_reader(text)
    except ValueError:
        expected = None
    try:
        actual = derived.__wrapped__(text, None)
    except ValueError:
        actual = None
    assert actual == expected


def test_examples_from_the_design():
    # 59,000 written plainly has a grain of 1,000; 11,599.4 of 0.1; 36 of 1.
    assert plain_number("59000")[2] == "1000"
    assert plain_number("11599.4")[2] == "0.1"
    assert plain_number("36")[2] == "1"
    assert plain_number("59000")[4] == "[58500,59500)"


def test_texts_with_words_take_the_full_reader():
    assert derived("more than 59,000", None) == full_reader("more than 59,000")
    assert derived("1056.50", "0.01")[2] == format_decimal(Decimal("0.01"))


@given(st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{0,4})?", fullmatch=True))
def test_any_digits_are_read_as_the_full_reader_reads_them_or_refused_alike(text):
    try:
        expected = full_reader(text)
    except ValueError:
        expected = None
    try:
        actual = derived(text, None)
    except ValueError:
        actual = None
    assert actual == expected


@given(
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=4),
)
def test_month_and_quarter_bounds_are_those_the_period_parser_gives(year, month, quarter):
    for label in (f"{year:04d}-{month:02d}", f"{year:04d}-Q{quarter}"):
        period = parse_period(label)
        assert period_bounds.__wrapped__(label) == (
            period.start.isoformat(),
            period.end.isoformat(),
        )


def test_other_periods_are_parsed_for_their_bounds():
    assert period_bounds("2010") == ("2010-01-01", "2010-12-31")
    assert period_bounds("FY2010") == ("2009-10-01", "2010-09-30")
    assert period_bounds("2008-10-27/2011-01-10") == ("2008-10-27", "2011-01-10")
    assert period_bounds("2000-02") == ("2000-02-01", "2000-02-29")  # a leap year
    assert period_bounds("1900-Q1") == ("1900-01-01", "1900-03-31")  # not one
