"""Reference periods: the canonical labels, the spellings found in real files,
and the order in which periods sort."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.semantics.periods import (
    FREQUENCIES,
    KINDS,
    Period,
    check_frequency,
    frequency_of_label,
    parse_period,
    period_bounds,
    period_starting,
    series_period,
)

# -- canonical labels -----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "start", "end", "kind"),
    [
        ("2010", date(2010, 1, 1), date(2010, 12, 31), "year"),
        # The US federal fiscal year ends on 30 September of its number.
        ("FY2010", date(2009, 10, 1), date(2010, 9, 30), "fiscal_year"),
        ("2010-Q1", date(2010, 1, 1), date(2010, 3, 31), "quarter"),
        ("2010-Q2", date(2010, 4, 1), date(2010, 6, 30), "quarter"),
        ("2010-Q3", date(2010, 7, 1), date(2010, 9, 30), "quarter"),
        ("2010-Q4", date(2010, 10, 1), date(2010, 12, 31), "quarter"),
        ("2010-12", date(2010, 12, 1), date(2010, 12, 31), "month"),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29), "month"),  # leap year
        ("2011-02", date(2011, 2, 1), date(2011, 2, 28), "month"),
        ("2010-12-31", date(2010, 12, 31), date(2010, 12, 31), "day"),
        ("2008-10-27/2011-01-10", date(2008, 10, 27), date(2011, 1, 10), "interval"),
        ("2010-05-01/2010-05-01", date(2010, 5, 1), date(2010, 5, 1), "interval"),
    ],
)
def test_canonical_labels_read_as_themselves(label, start, end, kind):
    period = parse_period(label)
    assert period == Period(label, start, end)
    assert period.kind == kind
    assert str(period) == label


# -- common spellings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "label"),
    [
        # Quarters: RTDSM writes 1947:Q1; others 2010Q4, 2010 Q4, Q4 2010.
        ("1947:Q1", "1947-Q1"),
        ("2010Q4", "2010-Q4"),
        ("2010 Q4", "2010-Q4"),
        ("2010-q4", "2010-Q4"),
        ("2010q4", "2010-Q4"),
        ("Q4 2010", "2010-Q4"),
        ("q4 2010", "2010-Q4"),
        ("Q4-2010", "2010-Q4"),
        # Months: RTDSM 2010:01, Eurostat 2010M01, prose Dec 2010.
        ("2010:01", "2010-01"),
        ("2010M01", "2010-01"),
        ("2010m01", "2010-01"),
        ("Dec 2010", "2010-12"),
        ("dec 2010", "2010-12"),
        ("Dec. 2010", "2010-12"),
        ("Dec-2010", "2010-12"),
        ("December 2010", "2010-12"),
        ("DECEMBER 2010", "2010-12"),
        ("Sept 2010", "2010-09"),
        ("Sep 2010", "2010-09"),
        ("May 2010", "2010-05"),
        # Fiscal years.
        ("fy2010", "FY2010"),
        ("FY 2010", "FY2010"),
        # Whitespace and quotes around the text do not matter.
        ("  2010  ", "2010"),
        ('"2010-Q4"', "2010-Q4"),
        ("2008-10-27 / 2011-01-10", "2008-10-27/2011-01-10"),
    ],
)
def test_common_spellings_give_the_canonical_label(spelling, label):
    assert parse_period(spelling).label == label
    assert parse_period(spelling) == parse_period(label)


def test_every_month_name_is_known():
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    for number, name in enumerate(names, start=1):
        assert parse_period(f"{name} 2010").label == f"2010-{number:02d}"
    full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    for number, name in enumerate(full, start=1):
        assert parse_period(f"{name} 2010").label == f"2010-{number:02d}"


# -- refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2011-13", "no month 13"),
        ("2011-00", "no month 0"),
        ("2011:13", "no month 13"),
        ("2011-Q5", "no quarter 5"),
        ("2011-Q0", "no quarter 0"),
        ("Q5 2011", "no quarter 5"),
        ("2011-02-30", "no such date '2011-02-30'"),
        ("2011-02-29", "no such date '2011-02-29'"),  # 2011 is not a leap year
        ("0000", "no year 0"),
        ("FY0001", "fiscal year 1 would start in year 0"),
        ("Foo 2010", "no month called 'Foo'"),
        ("2011-01-10/2008-10-27", "ends (2008-10-27) before it starts (2011-01-10)"),
        ("2011-01-10/2011-02-30", "no such date '2011-02-30'"),
    ],
)
def test_impossible_periods_are_refused_with_the_reason(text, reason):
    with pytest.raises(InvalidInput) as raised:
        parse_period(text)
    message = str(raised.value)
    assert message.startswith(f"cannot read period {text!r}")
    assert reason in message


@pytest.mark.parametrize(
    "text",
    [
        "2010/12",  # a slash means an interval, and only of full dates
        "2010-12/2011-01",
        "2010-1",
        "10",
        "20101",
        "Q42010",
        "2010 Q",
        "FY10",  # a two-digit year is a guess we do not make
        "2010-W01",
        "31 Dec 2010",
        "2010-12-31T00:00",
        "٢٠١٠",  # Arabic-Indic digits
        "next year",
    ],
)
def test_unknown_shapes_are_refused_naming_the_text(text):
    with pytest.raises(InvalidInput, match="expected e.g. 2010") as raised:
        parse_period(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize("text", ["", "   ", '""'])
def test_empty_text_is_refused(text):
    with pytest.raises(InvalidInput, match="cannot read period .*empty"):
        parse_period(text)


def test_a_period_that_is_not_text_is_refused():
    with pytest.raises(InvalidInput):
        parse_period(2010)  # type: ignore[arg-type]


# -- building periods directly ------------------------------------------------------


def test_constructors_build_canonical_periods():
    assert Period.of_year(2010).label == "2010"
    assert Period.of_fiscal_year(2010).start == date(2009, 10, 1)
    assert Period.of_quarter(1947, 1).label == "1947-Q1"
    assert Period.of_month(2010, 1).label == "2010-01"
    assert Period.of_day(date(2010, 12, 31)).label == "2010-12-31"
    assert Period.of_interval(date(2008, 10, 27), date(2011, 1, 10)).label == (
        "2008-10-27/2011-01-10"
    )


def test_constructors_refuse_impossible_periods():
    with pytest.raises(ValueError):
        Period.of_quarter(2010, 5)
    with pytest.raises(ValueError):
        Period.of_month(2010, 13)
    with pytest.raises(ValueError):
        Period.of_interval(date(2011, 1, 1), date(2010, 1, 1))


def test_a_period_built_by_hand_must_agree_with_its_label():
    # A stored row whose days do not match its label is a bug, not a period.
    with pytest.raises(InvalidInput, match="runs 2010-01-01..2010-12-31"):
        Period("2010", date(2010, 1, 1), date(2010, 12, 30))
    with pytest.raises(InvalidInput, match="not canonical"):
        Period("2010Q4", date(2010, 10, 1), date(2010, 12, 31))
    with pytest.raises(InvalidInput, match="not canonical"):
        Period("2010-13", date(2010, 12, 1), date(2010, 12, 31))


def test_contains_includes_both_ends():
    q4 = parse_period("2010-Q4")
    assert q4.contains(date(2010, 10, 1))
    assert q4.contains(date(2010, 12, 31))
    assert not q4.contains(date(2011, 1, 1))


def test_periods_are_hashable_values():
    assert len({parse_period("2010Q4"), parse_period("Q4 2010"), parse_period("2010-Q4")}) == 1


# -- order --------------------------------------------------------------------------


def test_periods_sort_by_start_then_end():
    labels = ["2010", "2010-Q1", "2010-01", "2009-12-31", "FY2010", "2010-01-01"]
    ordered = sorted(parse_period(label) for label in labels)
    assert [p.label for p in ordered] == [
        "FY2010",  # starts 2009-10-01
        "2009-12-31",
        "2010-01-01",  # same start as the next three, shortest first
        "2010-01",
        "2010-Q1",
        "2010",
    ]


def test_sort_key_is_start_then_end():
    assert parse_period("2010-Q4").sort_key == (date(2010, 10, 1), date(2010, 12, 31))


def test_comparison_operators_follow_the_sort_key():
    year, quarter = parse_period("2010"), parse_period("2010-Q1")
    assert quarter < year and quarter <= year
    assert year > quarter and year >= quarter
    assert year <= year and year >= year
    with pytest.raises(TypeError):
        _ = year < "2011"  # type: ignore[operator]


# -- properties -----------------------------------------------------------------------

years = st.integers(2, 9999)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(KINDS))
    if kind == "year":
        return Period.of_year(draw(years))
    if kind == "fiscal_year":
        return Period.of_fiscal_year(draw(years))
    if kind == "quarter":
        return Period.of_quarter(draw(years), draw(st.integers(1, 4)))
    if kind == "month":
        return Period.of_month(draw(years), draw(st.integers(1, 12)))
    if kind == "day":
        return Period.of_day(draw(days))
    first, second = sorted([draw(days), draw(days)])
    return Period.of_interval(first, second)


@given(periods())
def test_the_canonical_label_parses_back_to_the_same_period(period):
    assert parse_period(period.label) == period
    assert parse_period(period.label.lower()) == period
    assert period.start <= period.end
    assert period.kind in KINDS


@given(periods(), periods())
def test_order_agrees_with_the_sort_key(a, b):
    assert (a < b) == (a.sort_key < b.sort_key)
    assert (a <= b) == (a.sort_key <= b.sort_key)


@given(st.integers(1, 9999), st.integers(1, 4))
def test_every_quarter_spelling_reads_the_same(year, quarter):
    canonical = parse_period(f"{year:04d}-Q{quarter}")
    for spelling in (f"{year:04d}:Q{quarter}", f"{year:04d}Q{quarter}", f"Q{quarter} {year:04d}"):
        assert parse_period(spelling) == canonical


@given(st.integers(1, 9999), st.integers(1, 12))
def test_every_month_spelling_reads_the_same(year, month):
    canonical = parse_period(f"{year:04d}-{month:02d}")
    assert parse_period(f"{year:04d}:{month:02d}") == canonical
    assert parse_period(f"{year:04d}M{month:02d}") == canonical
    assert canonical.end.month == month and (canonical.end.day >= 28)


@given(st.integers(1, 9999))
def test_the_four_quarters_tile_the_year(year):
    quarters = [Period.of_quarter(year, q) for q in range(1, 5)]
    assert quarters[0].start == Period.of_year(year).start
    assert quarters[-1].end == Period.of_year(year).end
    for earlier, later in zip(quarters, quarters[1:], strict=False):
        assert (later.start - earlier.end).days == 1


def test_a_long_text_is_refused_naming_only_its_start():
    text = "2010-" + "9" * 10_000
    with pytest.raises(InvalidInput) as raised:
        parse_period(text)
    assert len(str(raised.value)) < 200
    assert "'2010-999" in str(raised.value)


# -- series of periods ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "frequency", "label"),
    [
        (date(1960, 1, 1), "annual", "1960"),
        (date(1960, 4, 1), "quarterly", "1960-Q2"),
        (date(1960, 12, 1), "monthly", "1960-12"),
        # A week is labelled by its first day, as a day is.
        (date(1960, 1, 4), "weekly", "1960-01-04"),
        (date(1960, 1, 5), "daily", "1960-01-05"),
    ],
)
def test_a_first_day_names_the_period_of_its_frequency(day, frequency, label):
    assert period_starting(day, frequency) == parse_period(label)
    assert frequency_of_label(label) == ("daily" if frequency == "weekly" else frequency)


@pytest.mark.parametrize(
    ("day", "frequency"),
    [
        (date(1960, 2, 1), "annual"),
        (date(1960, 5, 1), "quarterly"),
        (date(1960, 4, 2), "quarterly"),
        (date(1960, 12, 2), "monthly"),
    ],
)
def test_a_day_inside_a_period_starts_none(day, frequency):
    assert period_starting(day, frequency) is None


def test_an_unknown_frequency_is_refused_naming_the_known_ones():
    with pytest.raises(InvalidInput, match="unknown frequency 'hourly'; known: annual"):
        period_starting(date(1960, 1, 1), "hourly")
    with pytest.raises(InvalidInput, match="unknown frequency"):
        check_frequency("Monthly")


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("FY2010", "'FY2010' is a fiscal year, not a period of a series"),
        ("2008-10-27/2011-01-10", "is an interval, not a period of a series"),
        ("2010-13", "cannot read period '2010-13': no month 13"),
    ],
)
def test_fiscal_years_and_intervals_make_no_series(label, reason):
    with pytest.raises(InvalidInput, match=reason):
        frequency_of_label(label)
    with pytest.raises(InvalidInput):
        series_period(label)


@given(periods(), st.sampled_from(FREQUENCIES))
def test_a_period_of_a_series_starts_itself_in_its_frequency(period, frequency):
    started = period_starting(period.start, frequency)
    if period.frequency is None:
        return
    assert frequency_of_label(period.label) == period.frequency
    assert series_period(period.label) == period
    if frequency == period.frequency:
        assert started == period
    if started is not None:
        assert started.start == period.start


# -- the fast path for stored labels --------------------------------------------------


@given(periods())
def test_the_bounds_of_any_stored_label_are_those_the_parser_gives(period):
    assert period_bounds.__wrapped__(period.label) == (
        period.start.isoformat(),
        period.end.isoformat(),
    )


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
