"""The read models' integers turn back into the ledger's text exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from ledger.projections import codec
from ledger.semantics.clock import stamp

moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                       timezones=st.just(UTC))  # fmt: skip


@given(moments)
def test_a_recorded_time_goes_to_microseconds_and_back(moment: datetime) -> None:
    text = stamp(moment)
    assert codec.moment_text(codec.micros(text)) == text


@given(moments, moments)
def test_microseconds_sort_as_the_texts_do(a: datetime, b: datetime) -> None:
    assert (codec.micros(stamp(a)) < codec.micros(stamp(b))) == (stamp(a) < stamp(b))


def test_a_year_before_1000_keeps_four_digits() -> None:
    assert stamp(datetime(1, 1, 1, 23, 59, 59, 999999, tzinfo=UTC)) == "0001-01-01T23:59:59.999999Z"
    assert codec.micros("0001-01-01T23:59:59.999999Z") < codec.micros("1970-01-01T00:00:00.000000Z")


@given(st.dates())
def test_a_date_goes_to_its_ordinal_and_back(day: date) -> None:
    assert codec.day_text(codec.day(day.isoformat())) == day.isoformat()


def test_a_figure_id_goes_to_bytes_and_back() -> None:
    figure = "0123456789abcdef0123456789abcdef"
    assert codec.figure_hex(codec.figure_bytes(figure)) == figure
    assert codec.figure_hex(memoryview(codec.figure_bytes(figure))) == figure
