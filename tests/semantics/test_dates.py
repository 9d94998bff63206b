"""Dates and instants: when the world was told (published) and when the ledger
learned it (recorded, in UTC)."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.semantics.dates import end_of_day, parse_date, parse_datetime

# -- publication dates ----------------------------------------------------------


def test_a_publication_date_is_written_yyyy_mm_dd():
    assert parse_date("2011-01-21") == date(2011, 1, 21)
    assert parse_date(" 2011-01-21\n") == date(2011, 1, 21)  # a CSV cell may carry spaces


def test_a_date_the_calendar_lacks_is_refused_as_such():
    with pytest.raises(InvalidInput) as raised:
        parse_date("2011-02-30")
    assert str(raised.value) == "no such date '2011-02-30'"


@pytest.mark.parametrize("text", ["2012-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
def test_edge_dates_that_exist_are_read(text):
    assert parse_date(text).isoformat() == text


@pytest.mark.parametrize("text", ["1900-02-29", "2011-13-01", "2011-00-10", "0000-01-01"])
def test_other_missing_dates_are_refused(text):
    with pytest.raises(InvalidInput, match=f"no such date '{text}'"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "2011-1-21",
        "21/01/2011",
        "01/21/2011",
        "2011/01/21",
        "20110121",
        "2011-01-21T10:00",  # an instant is not a date
        "Jan 21 2011",
        "٢٠١١-٠١-٢١",  # Arabic-Indic digits
        "",
        "yesterday",
    ],
)
def test_other_shapes_are_refused_saying_what_is_expected(text):
    with pytest.raises(InvalidInput) as raised:
        parse_date(text)
    assert str(raised.value) == f"cannot read date {text!r} (expected YYYY-MM-DD)"


def test_a_date_that_is_not_text_is_refused():
    with pytest.raises(InvalidInput, match="cannot read date"):
        parse_date(date(2011, 1, 21))  # type: ignore[arg-type]


# -- recorded instants ------------------------------------------------------------


def test_a_bare_date_means_the_end_of_that_day_in_utc():
    # "known at 2011-01-21" includes everything recorded that day.
    instant = parse_datetime("2011-01-21")
    assert instant == datetime(2011, 1, 21, 23, 59, 59, 999999, tzinfo=UTC)
    assert instant == end_of_day(date(2011, 1, 21))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-01-21T10:00", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
        ("2011-01-21 10:00", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
        ("2011-01-21T10:00:05", datetime(2011, 1, 21, 10, 0, 5, tzinfo=UTC)),
        ("2011-01-21T10:00:05.5", datetime(2011, 1, 21, 10, 0, 5, 500000, tzinfo=UTC)),
        ("2011-01-21T10:00:05,25", datetime(2011, 1, 21, 10, 0, 5, 250000, tzinfo=UTC)),
        ("2011-01-21T10:00:05.123456", datetime(2011, 1, 21, 10, 0, 5, 123456, tzinfo=UTC)),
        ("2011-01-21T10:00Z", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
        ("2011-01-21t10:00z", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
        # Offsets are converted to UTC.
        ("2011-01-21T10:00+02:00", datetime(2011, 1, 21, 8, 0, tzinfo=UTC)),
        ("2011-01-21T10:00+0200", datetime(2011, 1, 21, 8, 0, tzinfo=UTC)),
        ("2011-01-21T10:00+02", datetime(2011, 1, 21, 8, 0, tzinfo=UTC)),
        ("2011-01-21T10:00 +02:00", datetime(2011, 1, 21, 8, 0, tzinfo=UTC)),
        ("2011-01-21T10:00-05:30", datetime(2011, 1, 21, 15, 30, tzinfo=UTC)),
        ("2011-01-21T23:30-01:00", datetime(2011, 1, 22, 0, 30, tzinfo=UTC)),  # next day
        ("2011-01-21T10:00:00-00:00", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
        ("  2011-01-21T10:00Z  ", datetime(2011, 1, 21, 10, 0, tzinfo=UTC)),
    ],
)
def test_iso_instants_are_read_in_utc(text, expected):
    instant = parse_datetime(text)
    assert instant == expected
    # Not just equal: expressed in UTC, so that it prints and stores as UTC.
    assert instant.utcoffset() == timedelta(0)
    assert instant.tzinfo is UTC


def test_a_time_without_a_zone_is_utc():
    assert parse_datetime("2011-01-21T10:00").tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2011-02-30", "no such date '2011-02-30'"),
        ("2011-02-30T10:00", "no such date '2011-02-30T10:00'"),
        ("2011-01-21T24:00", "no such time '2011-01-21T24:00'"),
        ("2011-01-21T10:60", "no such time '2011-01-21T10:60'"),
        ("2011-01-21T10:00:61", "no such time '2011-01-21T10:00:61'"),
        ("2011-01-21T10:00+24:00", "no such time '2011-01-21T10:00+24:00'"),
        ("2011-01-21T10:00+01:60", "no such time '2011-01-21T10:00+01:60'"),
        ("0001-01-01T00:00+01:00", "time '0001-01-01T00:00+01:00' is out of range in UTC"),
        ("9999-12-31T23:00-02:00", "time '9999-12-31T23:00-02:00' is out of range in UTC"),
    ],
)
def test_impossible_instants_are_refused_naming_the_text(text, message):
    with pytest.raises(InvalidInput) as raised:
        parse_datetime(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "now",
        "2011-01-21Z",  # a zone without a time
        "2011-01-21T10",  # hours alone
        "2011-01-21T1:00",
        "2011-01-21T10:00:00.1234567",  # finer than a microsecond
        "2011-01-21T10:00:00.",
        "2011-01-21T10:00+2",
        "2011-01-21T10:00 UTC",
        "20110121T100000Z",  # ISO basic format is not what archivists type
        "2011-01-21  10:00",
    ],
)
def test_unreadable_instants_are_refused_saying_what_is_expected(text):
    with pytest.raises(InvalidInput) as raised:
        parse_datetime(text)
    message = str(raised.value)
    assert message.startswith(f"cannot read time {text!r} (expected YYYY-MM-DD")
    assert "\n" not in message


def test_end_of_day_is_the_last_microsecond():
    last = end_of_day(date(2011, 1, 21))
    assert last + timedelta(microseconds=1) == datetime(2011, 1, 22, tzinfo=UTC)


# -- properties -------------------------------------------------------------------

days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
instants = st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@given(days)
def test_every_date_reads_back_from_its_iso_form(day):
    assert parse_date(day.isoformat()) == day


@given(instants, offsets)
def test_every_instant_reads_back_in_any_offset(instant, offset):
    # However the instant is written, it is the same moment in UTC.
    written = instant.astimezone(offset).isoformat()
    assert parse_datetime(written) == instant
    assert parse_datetime(written.replace("+00:00", "Z")) == instant


@given(days)
def test_a_bare_date_comes_after_every_instant_of_that_day(day):
    last = parse_datetime(day.isoformat())
    assert last.date() == day
    assert last >= datetime.combine(day, datetime.min.time(), tzinfo=UTC)
