"""The short path for plain numbers reads exactly as the full qualifier reader does."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledger.intervals import format_decimal
from ledger.projections.interval_codec import encode_interval
from ledger.projections.readings import derived, plain_number
from ledger.qualifiers import read_value


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
