"""The vintage readers name periods as the ledger's parser does, and refuse as it does.

Each reader reads its format's spelling (an observation date, ``1947:Q1``,
``Jan_39``) and hands the period to :mod:`ledger.semantics.periods`; these
tests hold every label a reader gives equal to what ``parse_period`` reads from
an independent spelling of the same period, for every frequency.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.files.vintages import VintageFileError, read_alfred, read_bls_ces, read_rtdsm
from ledger.files.vintages.bls_ces import MONTH_ABBREVIATIONS
from ledger.files.vintages.export import ces_column_label, rtdsm_row_label
from ledger.semantics.periods import FREQUENCIES, parse_period

years = st.integers(1, 9999)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def only_change(vintage_file):
    [change] = list(vintage_file.changes())
    return change


def alfred_row(day: date, frequency: str):
    lines = ["observation_date,S_20000101\n", f"{day.isoformat()},1\n"]
    return only_change(read_alfred(lines, frequency=frequency))


@st.composite
def first_days(draw):
    """A frequency, the first day of one of its periods, and that period spelt otherwise."""
    frequency = draw(st.sampled_from(FREQUENCIES))
    year = draw(years)
    if frequency == "annual":
        return frequency, date(year, 1, 1), f"{year:04d}"
    if frequency == "quarterly":
        quarter = draw(st.integers(1, 4))
        return frequency, date(year, 3 * quarter - 2, 1), f"Q{quarter} {year:04d}"
    if frequency == "monthly":
        month = draw(st.integers(1, 12))
        return frequency, date(year, month, 1), f"{year:04d}M{month:02d}"
    day = draw(days)  # weekly and daily periods are labelled by their first day
    return frequency, day, day.isoformat()


@given(first_days())
def test_alfred_labels_are_the_parsers_for_every_frequency(case):
    frequency, day, spelling = case
    period = parse_period(spelling)
    change = alfred_row(day, frequency)
    assert change.period == period.label
    assert parse_period(change.period).start == day


@given(years, st.integers(1, 4), st.integers(1, 12), st.booleans())
def test_rtdsm_labels_are_the_parsers(year, quarter, month, quarterly):
    row = f"{year:04d}:Q{quarter}" if quarterly else f"{year:04d}:{month:02d}"
    vintage_file = read_rtdsm(["DATE,X65Q4\n", f"{row},1\n"])
    period = parse_period(row)
    assert only_change(vintage_file).period == period.label
    assert vintage_file.frequency == period.frequency
    assert rtdsm_row_label(period.label, period.frequency) == row  # and back


@given(st.integers(0, 99), st.integers(1, 12))
def test_ces_labels_are_the_parsers(two_digits, month):
    # DESIGN.md: column Mon_YY is 19YY when YY >= 39, else 20YY.
    year = 1900 + two_digits if two_digits >= 39 else 2000 + two_digits
    column = f"{MONTH_ABBREVIATIONS[month - 1]}_{two_digits:02d}"
    vintage_file = read_bls_ces([f"year,month,{column}\n", "2003,5,1\n"])
    period = parse_period(f"{year:04d}-{month:02d}")
    assert vintage_file.periods == [period.label]
    assert only_change(vintage_file).period == period.label
    assert ces_column_label(period.label) == column  # and back


# -- malformed periods: the ledger's error, at the cell ------------------------------


def refused(reader, lines: list[str], **options) -> VintageFileError:
    with pytest.raises(VintageFileError) as caught:
        list(reader(lines, **options).changes())
    assert isinstance(caught.value, InvalidInput)
    return caught.value


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1947:13", "cannot read period '1947:13': no month 13"),
        ("1947:Q5", "cannot read period '1947:Q5': no quarter 5"),
        ("0000:Q1", "cannot read period '0000:Q1': no year 0"),
        ("1947Q1", "cannot read period '1947Q1' (want 1947:Q1 or 1947:01)"),  # not RTDSM's
        ("1947", "cannot read period '1947' (want 1947:Q1 or 1947:01)"),  # a year
        ("1947:01:01", "cannot read period '1947:01:01'"),
    ],
)
def test_a_malformed_rtdsm_period_is_refused_at_its_line_and_column(row, reason):
    error = refused(read_rtdsm, ["DATE,X65Q4\n", "1946:Q4,1\n", f"{row},1\n"])
    assert (error.line, error.column) == (3, 1)
    assert error.reason.startswith(reason)
    assert str(error).startswith(f"line 3, column 1: {reason}")


def test_a_long_malformed_rtdsm_period_is_named_by_its_start_only():
    error = refused(read_rtdsm, ["DATE,X65Q4\n", "1947:" + "1" * 5000 + ",1\n"])
    assert (error.line, error.column) == (2, 1)
    assert len(str(error)) < 200


@pytest.mark.parametrize("column", ["Foo_40", "Jan-40", "Janu_40", "Jan_1940"])
def test_a_malformed_ces_period_is_refused_at_its_column(column):
    error = refused(read_bls_ces, [f"year,month,Jan_39,{column}\n", "2003,5,1,2\n"])
    assert (error.line, error.column) == (1, 4)
    assert error.reason == f"cannot read period {column!r} (want Mon_YY)"


@pytest.mark.parametrize(
    ("frequency", "day"),
    [("monthly", "1960-01-15"), ("quarterly", "1960-02-01"), ("annual", "1960-07-01")],
)
def test_an_alfred_date_inside_a_period_is_refused_at_its_line(frequency, day):
    lines = ["observation_date,S_20000101\n", "1959-01-01,1\n", f"{day},1\n"]
    error = refused(read_alfred, lines, frequency=frequency)
    assert (error.line, error.column) == (3, 1)
    assert error.reason == f"observation date {day!r} does not start a {frequency} period"


def test_an_unknown_alfred_frequency_is_the_ledgers_refusal():
    with pytest.raises(InvalidInput, match="unknown frequency 'hourly'; known: annual"):
        read_alfred(["observation_date,S_20000101\n"], frequency="hourly")


@pytest.mark.parametrize("label", ["FY2010", "2008-10-27/2011-01-10", "2010-13"])
def test_the_writers_refuse_a_period_no_vintage_file_holds(label):
    with pytest.raises(InvalidInput, match=repr(label).replace("/", ".")):
        rtdsm_row_label(label, "quarterly")
    with pytest.raises(InvalidInput):
        ces_column_label(label)
