"""The one value reader: its fast path for bare numbers held equal to the full reader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.semantics.interval_codec import encode_interval
from ledger.semantics.intervals import format_decimal
from ledger.semantics.qualifiers import read_value
from ledger.semantics.readings import (
    check_figure_value,
    is_bare_number,
    plain_number,
    read_figure_value,
)


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
    assert read_figure_value.__wrapped__(text, None) == full_reader(text)


@given(st.from_regex(r"-?[0-9,]{1,9}(\.[0-9]{0,3})?", fullmatch=True))
def test_digits_and_commas_are_read_alike_or_refused_alike(text):
    try:
        expected = full_reader(text)
    except ValueError:
        expected = None
    try:
        actual = read_figure_value.__wrapped__(text, None)
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
    assert read_figure_value("more than 59,000", None) == full_reader("more than 59,000")
    assert read_figure_value("1056.50", "0.01")[2] == format_decimal(Decimal("0.01"))


@given(st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{0,4})?", fullmatch=True))
def test_any_digits_are_read_as_the_full_reader_reads_them_or_refused_alike(text):
    try:
        expected = full_reader(text)
    except ValueError:
        expected = None
    try:
        actual = read_figure_value(text, None)
    except ValueError:
        actual = None
    assert actual == expected


# -- the one reader, for the doors that only refuse ------------------------------------


@pytest.mark.parametrize(
    ("text", "grain"),
    [("more than", None), ("59,00", None), ("about 5-10", None), ("9" * 40, None), ("5", "0")],
)
def test_checking_refuses_what_reading_refuses(text, grain):
    with pytest.raises(InvalidInput) as reading:
        read_figure_value(text, grain)
    with pytest.raises(InvalidInput) as checking:
        check_figure_value(text, grain)
    assert str(checking.value) == str(reading.value)


def test_checking_lets_a_bare_number_through_unread():
    read_figure_value.cache_clear()
    check_figure_value("130067", None)
    check_figure_value("59,000", None)
    assert read_figure_value.cache_info().currsize == 0
    check_figure_value("more than 59,000", None)  # words: read, and kept for the projector
    check_figure_value("130067", "1")  # a stated grain: read
    assert read_figure_value.cache_info().currsize == 2


def test_the_stored_reading_is_the_columns_in_order():
    value, qualifier, grain, tight, wide = read_figure_value("nearly 51,000", None)
    assert (value, qualifier, grain) == ("51000", "nearly", "1000")
    assert (tight, wide) == ("(50000,51000)", "[50000,51000)")
