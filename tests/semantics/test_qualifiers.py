"""Reading published values: "more than 59,000", "nearly 51,000", "1–2 million".

Every row of DESIGN.md's table "Qualifiers and intervals" is checked here with
every phrasing it lists, then the numbers, the grain, and the refusals.
"""

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.semantics.qualifiers import (
    ABOUT,
    AT_LEAST,
    BARE,
    BETWEEN,
    EXACTLY,
    FEWER_THAN,
    MAX_DIGITS,
    MAX_VALUE_LENGTH,
    MORE_THAN,
    NEARLY,
    QUALIFIERS,
    UP_TO,
    Reading,
    format_decimal,
    read_value,
)
from ledger.semantics.readings import is_bare_number

D = Decimal


# -- the worked example -------------------------------------------------------


def test_the_worked_example_from_the_design():
    # One official says "more than 59,000", another "nearly 51,000".
    more_than = read_value("more than 59,000")
    nearly = read_value("nearly 51,000")
    assert str(more_than.wide) == "(59000, ∞)"
    assert str(nearly.wide) == "[50000, 51000)"
    # Even the wide readings share no number: a hard discrepancy...
    assert more_than.wide.disjoint(nearly.wide)
    # ...with a gap of 8,000 between them.
    assert more_than.wide.gap(nearly.wide) == D(8000)


# -- every row of the table, every phrasing -----------------------------------

# (text, qualifier, tight, wide) for v = 59,000, whose grain is 1,000.
TABLE = [
    ("59,000", BARE, "[59000, 59000]", "[58500, 59500)"),
    ("exactly 59,000", EXACTLY, "[59000, 59000]", "[59000, 59000]"),
    ("about 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("around 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("approximately 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("roughly 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("some 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("~59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("~ 59,000", ABOUT, "[58500, 59500)", "[58000, 60000]"),
    ("more than 59,000", MORE_THAN, "(59000, 60000)", "(59000, ∞)"),
    ("over 59,000", MORE_THAN, "(59000, 60000)", "(59000, ∞)"),
    ("above 59,000", MORE_THAN, "(59000, 60000)", "(59000, ∞)"),
    ("59,000+", MORE_THAN, "(59000, 60000)", "(59000, ∞)"),
    ("at least 59,000", AT_LEAST, "[59000, 60000)", "[59000, ∞)"),
    ("59,000 and counting", AT_LEAST, "[59000, 60000)", "[59000, ∞)"),
    ("nearly 59,000", NEARLY, "(58000, 59000)", "[58000, 59000)"),
    ("almost 59,000", NEARLY, "(58000, 59000)", "[58000, 59000)"),
    ("close to 59,000", NEARLY, "(58000, 59000)", "[58000, 59000)"),
    ("just under 59,000", NEARLY, "(58000, 59000)", "[58000, 59000)"),
    ("up to 59,000", UP_TO, "(58000, 59000]", "[0, 59000]"),
    ("at most 59,000", UP_TO, "(58000, 59000]", "[0, 59000]"),
    ("as many as 59,000", UP_TO, "(58000, 59000]", "[0, 59000]"),
    ("fewer than 59,000", FEWER_THAN, "(58000, 59000)", "[0, 59000)"),
    ("less than 59,000", FEWER_THAN, "(58000, 59000)", "[0, 59000)"),
    ("under 59,000", FEWER_THAN, "(58000, 59000)", "[0, 59000)"),
    ("below 59,000", FEWER_THAN, "(58000, 59000)", "[0, 59000)"),
]


@pytest.mark.parametrize(("text", "qualifier", "tight", "wide"), TABLE)
def test_every_row_of_the_design_table(text, qualifier, tight, wide):
    reading = read_value(text)
    assert reading.qualifier == qualifier
    assert reading.value == D(59000)
    assert reading.grain == D(1000)
    assert str(reading.tight) == tight
    assert str(reading.wide) == wide


RANGES = [
    "between 50,000 and 59,000",
    "50,000–59,000",  # en dash
    "50,000 – 59,000",
    "50,000—59,000",  # em dash, as typed by some word processors
    "50,000-59,000",  # plain hyphen between two numbers
    "50,000 - 59,000",
    "50,000 to 59,000",
]


@pytest.mark.parametrize("text", RANGES)
def test_every_range_spelling_reads_as_between(text):
    reading = read_value(text)
    assert reading.qualifier == BETWEEN
    assert str(reading.tight) == str(reading.wide) == "[50000, 59000]"
    # The value of a range is its midpoint.
    assert reading.value == D(54500)
    assert reading.grain == D(1000)


def test_the_table_covers_every_qualifier():
    assert {row[1] for row in TABLE} | {BETWEEN} == set(QUALIFIERS)
    assert QUALIFIERS == (
        "bare",
        "exactly",
        "about",
        "more_than",
        "at_least",
        "nearly",
        "up_to",
        "fewer_than",
        "between",
    )


# -- how the text may be written ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "MORE THAN 59,000",
        "More Than 59K",
        "  more   than   59,000  ",
        '"more than 59,000"',
        "'more than 59,000'",
        "“more than 59,000”",
        "more\u00a0than 59,000",  # a non-breaking space pasted from a web page
        "\tmore than 59 thousand\n",
    ],
)
def test_case_spacing_and_quotes_do_not_matter(text):
    reading = read_value(text)
    assert reading.qualifier == MORE_THAN
    assert str(reading.wide) == "(59000, ∞)"


def test_the_text_is_kept_verbatim():
    text = '  "More than 59,000" '
    assert read_value(text).text == text


def test_a_reading_is_an_immutable_value():
    reading = read_value("36")
    assert reading == read_value("36")
    with pytest.raises(AttributeError):
        reading.value = D(37)  # type: ignore[misc]
    assert isinstance(reading, Reading)


# -- numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "grain"),
    [
        # The grain is the place value of the last non-zero digit as written.
        ("59,000", "59000", "1000"),
        ("11,599.4", "11599.4", "0.1"),
        ("36", "36", "1"),
        ("100", "100", "100"),
        ("1,000,000", "1000000", "1000000"),
        ("1,056.5", "1056.5", "0.1"),
        ("2.50", "2.50", "0.1"),  # the trailing 0 is not a non-zero digit
        ("0.05", "0.05", "0.01"),
        (".5", "0.5", "0.1"),
        ("0", "0", "1"),  # zero has no non-zero digit: grain 1
        ("-5", "-5", "1"),
        ("+5", "5", "1"),
        # Scale words and suffixes scale the grain too.
        ("59k", "59000", "1000"),
        ("59K", "59000", "1000"),
        ("59 k", "59000", "1000"),
        ("800 thousand", "800000", "100000"),
        ("1.2 million", "1200000", "100000"),
        ("1.2m", "1200000", "100000"),
        ("1.2 mn", "1200000", "100000"),
        ("1.25 Million", "1250000", "10000"),
        ("3bn", "3000000000", "1000000000"),
        ("3.5 billion", "3500000000", "100000000"),
        ("2 trillion", "2000000000000", "1000000000000"),
        ("0k", "0", "1000"),
        # Currency signs and percent signs do not change the number.
        ("$5", "5", "1"),
        ("$ 5", "5", "1"),
        ("€1.5bn", "1500000000", "100000000"),
        ("£2,500", "2500", "100"),
        ("-$5", "-5", "1"),
        ("$-5", "-5", "1"),
        ("5%", "5", "1"),
        ("4.5 %", "4.5", "0.1"),
        ("\u22125", "-5", "1"),  # the typographic minus sign
    ],
)
def test_numbers_as_written_with_their_grain(text, value, grain):
    reading = read_value(text)
    assert reading.qualifier == BARE
    assert reading.value == D(value)
    assert reading.grain == D(grain)


def test_values_and_grains_print_without_exponents():
    # Callers may store str(value): it must never read "1.2E+6".
    reading = read_value("1.2 million")
    assert str(reading.value) == "1200000"
    assert str(reading.grain) == "100000"
    assert str(read_value("59k").grain) == "1000"


def test_the_number_keeps_the_digits_as_written():
    assert str(read_value("2.50").value) == "2.50"


@pytest.mark.parametrize(
    "text",
    [
        "1,00,0",  # separators must group by three
        "59,00",
        "1,0000",
        "0,500",  # a first group may not start with 0
        "007",
        "5.",
        "5..0",
        "5e3",  # scientific notation is not how figures are published
        "abc",
        "lots",
        "five",
        "NaN",
        "Infinity",
        "٣",  # an Arabic-Indic digit: Decimal would accept it, we do not
        "5 5",
        "--5",
        "- 5",
        "-$-5",
        "5 kk",
        "k",
        "$",
        "%",
        "5++",
        "1,000,000,000,000,000,000,000,000",  # more digits than any real figure
    ],
)
def test_malformed_numbers_are_refused_naming_the_text(text):
    with pytest.raises(InvalidInput) as raised:
        read_value(text)
    assert repr(text) in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "more than",
        "about",
        "between 5",
        "between 5 and",
        "between and 5",
        "about 5-10",  # a hedge on a range: refused rather than half read
        "more than 5+",
        "5 and counting and counting",
        "nearly about 5",
        "5 to",
        "to 5",
        "5-",
        "5 or so",
        "2011-02-30",
    ],
)
def test_unreadable_phrases_are_refused_naming_the_text(text):
    with pytest.raises(InvalidInput, match="cannot read value") as raised:
        read_value(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize("text", ["", "   ", '""', "' '"])
def test_empty_text_is_refused(text):
    with pytest.raises(InvalidInput, match="cannot read value .*empty"):
        read_value(text)


def test_a_value_that_is_not_text_is_refused():
    with pytest.raises(InvalidInput):
        read_value(59000)  # type: ignore[arg-type]


# -- the grain ------------------------------------------------------------------


def test_a_stated_grain_overrides_the_digits():
    # The archivist knows the source counts to the unit, not to the thousand.
    reading = read_value("59,000", grain=D(1))
    assert reading.grain == D(1)
    assert str(reading.wide) == "[58999.5, 59000.5)"


def test_a_stated_grain_may_be_coarser_than_the_digits():
    reading = read_value("about 36", grain=D(10))
    assert str(reading.tight) == "[31, 41)"
    assert str(reading.wide) == "[26, 46]"


def test_a_stated_grain_may_come_as_text_or_int():
    assert read_value("5", grain="0.5").grain == D("0.5")  # type: ignore[arg-type]
    assert read_value("5", grain=10).grain == D(10)  # type: ignore[arg-type]
    assert str(read_value("5", grain=D("1E+3")).grain) == "1000"


@pytest.mark.parametrize("grain", [D(0), D(-1), D("NaN"), D("Infinity")])
def test_a_stated_grain_must_be_greater_than_zero(grain):
    with pytest.raises(InvalidInput, match="grain must be a number greater than 0"):
        read_value("5", grain=grain)


@pytest.mark.parametrize("grain", ["1E-60", "1E+60", "1.0000000000000000000000001"])
def test_an_absurd_stated_grain_is_refused(grain):
    with pytest.raises(InvalidInput, match=re.escape(f"grain '{grain}' is out of range")):
        read_value("5", grain=grain)


def test_an_unreadable_stated_grain_is_refused_naming_it():
    with pytest.raises(InvalidInput, match="cannot read grain 'fine'"):
        read_value("5", grain="fine")  # type: ignore[arg-type]


# -- the limits on size -----------------------------------------------------------


def test_a_value_one_character_over_the_limit_is_refused_naming_its_length_and_the_limit():
    at_limit = "about" + " " * (MAX_VALUE_LENGTH - 6) + "5"  # inner spaces count, then collapse
    assert len(at_limit) == MAX_VALUE_LENGTH
    assert read_value(f"  {at_limit}  ").value == 5  # surrounding whitespace does not count
    with pytest.raises(InvalidInput) as raised:
        read_value(at_limit.replace("about ", "about  "))
    assert str(raised.value) == (
        f"cannot read value 'about{' ' * 35}…' ({MAX_VALUE_LENGTH + 1} characters): "
        f"a value has at most {MAX_VALUE_LENGTH} characters"
    )


@pytest.mark.parametrize("length", [5_000, 1_000_000])
def test_a_huge_number_is_refused_by_its_length_echoing_only_its_start(length):
    with pytest.raises(InvalidInput) as raised:
        read_value("9" * length)
    message = str(raised.value)
    assert message.startswith("cannot read value '999")
    assert f"({length:,} characters): a value has at most {MAX_VALUE_LENGTH}" in message
    assert len(message) < 150


@pytest.mark.parametrize(
    ("within", "over"),
    [
        ("9" * MAX_DIGITS, "9" * (MAX_DIGITS + 1)),
        ("about 100,000,000,000,000,000,000,000", "about 1,000,000,000,000,000,000,000,000"),
        ("1." + "0" * (MAX_DIGITS - 2) + "1", "1." + "0" * (MAX_DIGITS - 1) + "1"),
        ("5 to " + "9" * MAX_DIGITS, "5 to " + "9" * (MAX_DIGITS + 1)),
    ],
)
def test_a_number_with_more_digits_is_refused_naming_the_limit(within, over):
    read_value(within)
    with pytest.raises(InvalidInput) as raised:
        read_value(over)
    assert str(raised.value) == (
        f"cannot read value {over!r}: {MAX_DIGITS + 1} significant digits, "
        f"a number has at most {MAX_DIGITS}"
    )


@given(
    st.from_regex(
        r"-?[0-9]{1,30}(\.[0-9]{1,30})?|-?[1-9][0-9]{0,2}(,[0-9]{3}){1,9}", fullmatch=True
    )
)
def test_every_bare_number_of_the_fast_path_is_within_the_limits(text):
    # The vintage import skips the reader for the texts the fast path takes.
    if is_bare_number(text, None):
        read_value(text)


# -- ranges ---------------------------------------------------------------------


def test_the_grain_of_a_range_is_the_finer_end():
    reading = read_value("1,000-1,250")
    assert reading.grain == D(10)
    assert reading.value == D(1125)


def test_a_scale_word_on_the_upper_end_applies_to_both_ends():
    # "1–2 million" means one million to two million.
    reading = read_value("1–2 million")
    assert str(reading.wide) == "[1000000, 2000000]"
    assert reading.grain == D(1000000)
    assert str(read_value("1.5-2 million").wide) == "[1500000, 2000000]"
    assert read_value("1.5-2 million").grain == D(100000)
    assert str(read_value("between 5 and 10k").wide) == "[5000, 10000]"
    assert str(read_value("5 to 10 billion").wide) == "[5000000000, 10000000000]"


def test_each_end_may_carry_its_own_scale():
    assert str(read_value("900k to 1.2 million").wide) == "[900000, 1200000]"
    assert str(read_value("$5–$10").wide) == "[5, 10]"


def test_negative_ends_are_told_apart_from_the_hyphen():
    assert str(read_value("-10--5").wide) == "[-10, -5]"
    assert str(read_value("-10 to -5").wide) == "[-10, -5]"
    assert str(read_value("\u221210 – \u22125").wide) == "[-10, -5]"
    assert str(read_value("-5-10").wide) == "[-5, 10]"


def test_a_range_of_one_number_is_a_point():
    reading = read_value("between 7 and 7")
    assert str(reading.wide) == "[7, 7]"
    assert reading.value == D(7)


def test_the_midpoint_may_need_a_finer_digit():
    assert read_value("between 1 and 2").value == D("1.5")


@pytest.mark.parametrize(
    "text", ["between 5 and 3", "10-5", "10 to 5", "10–5", "500 to 2 million", "1k-2"]
)
def test_a_range_that_runs_backwards_is_refused(text):
    # "500 to 2 million" reads as 500 million to 2 million: refused, not guessed.
    with pytest.raises(InvalidInput, match="runs backwards") as raised:
        read_value(text)
    assert repr(text) in str(raised.value)


# -- counts cannot fall below zero ------------------------------------------------


def test_up_to_zero_allows_only_zero():
    reading = read_value("up to 0")
    assert str(reading.tight) == str(reading.wide) == "[0, 0]"


def test_a_coarse_grain_does_not_push_the_tight_reading_below_zero():
    # (5 - 10, 5] would reach -5; the count cannot, so tight stops at 0.
    up_to = read_value("up to 5", grain=D(10))
    assert str(up_to.tight) == "[0, 5]"
    assert str(up_to.wide) == "[0, 5]"
    fewer = read_value("fewer than 5", grain=D(10))
    assert str(fewer.tight) == "[0, 5)"
    assert str(fewer.wide) == "[0, 5)"


@pytest.mark.parametrize("text", ["fewer than 0", "under 0", "up to -3", "fewer than -3"])
def test_a_bound_that_leaves_no_count_is_refused(text):
    with pytest.raises(InvalidInput, match="no count is") as raised:
        read_value(text)
    assert repr(text) in str(raised.value)


def test_other_hedges_accept_negative_numbers():
    # A change or a balance can be negative; only the count hedges floor at 0.
    assert str(read_value("nearly -5").wide) == "[-6, -5)"
    assert str(read_value("more than -5").wide) == "(-5, ∞)"
    assert str(read_value("about -0.5").wide) == "[-0.6, -0.4]"


# -- format_decimal ---------------------------------------------------------------


def test_format_decimal_is_exported_here_too():
    assert format_decimal(D("59000")) == "59000"
    assert format_decimal(D("1.2E+6")) == "1200000"
    assert format_decimal(D("11599.40")) == "11599.40"


# -- properties -------------------------------------------------------------------

PHRASES = {
    BARE: "{}",
    EXACTLY: "exactly {}",
    ABOUT: "about {}",
    MORE_THAN: "more than {}",
    AT_LEAST: "at least {}",
    NEARLY: "nearly {}",
    UP_TO: "up to {}",
    FEWER_THAN: "fewer than {}",
}

# The qualifiers whose wide reading includes the number itself.
INCLUDES_V = {BARE, EXACTLY, ABOUT, AT_LEAST, UP_TO}

numbers = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**9), 10**9),
    st.integers(-4, 0),
)
grains = st.one_of(
    st.none(),
    st.builds(
        lambda digit, exponent: Decimal(digit).scaleb(exponent),
        st.integers(1, 9),
        st.integers(-4, 6),
    ),
)


@given(st.sampled_from(sorted(PHRASES)), numbers, grains)
def test_tight_lies_within_wide_for_every_qualifier(qualifier, v, grain):
    if qualifier == UP_TO:
        assume(v >= 0)
    if qualifier == FEWER_THAN:
        assume(v > 0)
    reading = read_value(PHRASES[qualifier].format(format_decimal(v)), grain=grain)
    assert reading.qualifier == qualifier
    assert reading.value == v
    assert reading.wide.covers(reading.tight)
    assert reading.wide.contains(v) == (qualifier in INCLUDES_V)


@given(numbers)
def test_the_grain_is_the_place_of_the_last_nonzero_digit(v):
    grain = read_value(format_decimal(v)).grain
    if v == 0:
        assert grain == 1
    else:
        steps = v / grain
        assert steps == steps.to_integral_value()  # v is a whole number of grains
        assert steps % 10 != 0  # and the last of its digits is not zero


@given(st.integers(-(10**12), 10**12))
def test_thousands_separators_do_not_change_the_number(n):
    assert read_value(f"{n:,}").value == read_value(str(n)).value == n


@given(numbers, numbers)
def test_any_ordered_pair_reads_as_a_range_with_its_midpoint(a, b):
    low, high = min(a, b), max(a, b)
    reading = read_value(f"between {format_decimal(low)} and {format_decimal(high)}")
    assert reading.tight == reading.wide
    assert reading.wide.bounds() == (low, high)
    assert reading.value == (low + high) / 2
    assert reading.wide.contains(reading.value)
    assert read_value(f"{format_decimal(low)} to {format_decimal(high)}").wide == reading.wide
    assert read_value(f"{format_decimal(low)}-{format_decimal(high)}").wide == reading.wide
