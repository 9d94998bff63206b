"""The k-th release of a period (DESIGN.md, "Releases"; docs/semantics.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.analysis.releases import (
    LATEST,
    After,
    SourceReleases,
    as_release,
    parse_endpoint,
    parse_release,
    release_dates,
    release_rows,
)
from ledger.errors import InvalidInput
from ledger.semantics import clock


class Span(NamedTuple):
    period: str
    text: str
    value: str
    pub_from: str
    pub_to: str | None


def slots(spans: list[Span], vintages: tuple[str, ...] = (), as_of: str = "2030-01-01"):
    return SourceReleases(spans, release_dates(vintages, spans, as_of), as_of)


def values(found: SourceReleases, period: str, upto: int = 6) -> list[tuple[str, str] | None]:
    return [
        None if (hit := found.kth(period, k)) is None else (hit[0], hit[1].value)
        for k in range(1, upto + 1)
    ]


# -- what a release is asked for as -------------------------------------------


@pytest.mark.parametrize(("text", "wanted"), [
    ("first", 1), ("1", 1), ("2", 2), ("17", 17), ("latest", LATEST), (" Latest ", LATEST),
    ("FIRST", 1),
])  # fmt: skip
def test_a_release_is_first_a_number_or_latest(text: str, wanted) -> None:
    assert parse_release(text) == wanted


@pytest.mark.parametrize("text", ["0", "fourth", "-1", "1.5", "", "second", "２", "last"])
def test_any_other_release_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"unknown release '{text}'"):
        parse_release(text)


def test_a_release_given_as_a_number_counts_from_one() -> None:
    assert as_release(3) == 3
    with pytest.raises(InvalidInput, match="'0'"):
        as_release(0)


@pytest.mark.parametrize(("text", "wanted"), [
    ("after:90d", After(90, "d")), ("after:1y", After(1, "y")), ("AFTER:6w", After(6, "w")),
    ("after:3m", After(3, "m")), ("after:2q", After(2, "q")), ("latest", LATEST), ("4", 4),
])  # fmt: skip
def test_a_later_value_is_a_release_or_an_age(text: str, wanted) -> None:
    assert parse_endpoint(text, "later value") == wanted


@pytest.mark.parametrize(
    "text",
    [
        "after:",
        "after:0d",
        "after:9x",
        "after:1.5y",
        "after:-1d",
        "after:90",
        "after: 90d",
        "after:1234567d",
    ],
)
def test_an_unreadable_age_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"cannot read later value '{text}'"):
        parse_endpoint(text, "later value")


@pytest.mark.parametrize(("after", "start", "end"), [
    (After(90, "d"), "2020-05-15", "2020-08-13"),
    (After(2, "w"), "2020-05-15", "2020-05-29"),
    (After(1, "m"), "2020-01-31", "2020-02-29"),  # the 31st of February is its last day
    (After(1, "m"), "2021-01-31", "2021-02-28"),
    (After(1, "q"), "2020-11-30", "2021-02-28"),
    (After(1, "y"), "2020-02-29", "2021-02-28"),
    (After(12, "m"), "2019-12-15", "2020-12-15"),
])  # fmt: skip
def test_an_age_moves_the_calendar(after: After, start: str, end: str) -> None:
    assert after.from_day(date.fromisoformat(start)) == date.fromisoformat(end)


def test_an_age_past_the_calendars_end_is_no_date() -> None:
    assert After(999999, "y").from_day(date(2020, 1, 1)) is None
    assert After(999999, "d").from_day(date(9999, 1, 1)) is None


# -- release dates --------------------------------------------------------------


def test_the_release_dates_are_the_vintages_and_every_start_and_end_of_a_value() -> None:
    spans = [
        Span("2010", "1", "1", "2011-01-01", "2011-03-01"),
        Span("2010", "2", "2", "2011-03-01", None),
        Span("2011", "5", "5", "2012-01-01", "2012-06-01"),  # retracted on 2012-06-01
    ]
    found = release_dates(["2011-02-01", "2011-01-01", "2013-01-01"], spans, "2012-12-31")
    assert found == ["2011-01-01", "2011-02-01", "2011-03-01", "2012-01-01", "2012-06-01"]


# -- the k-th release -----------------------------------------------------------


def test_a_vintage_that_changes_nothing_is_a_release_all_the_same() -> None:
    # Three vintages; the quarter's value never changes: three releases of it.
    spans = [Span("2010-Q4", "100", "100", "2011-01-28", None)]
    found = slots(spans, ("2011-01-28", "2011-02-25", "2011-03-29"))
    assert values(found, "2010-Q4", 4) == [
        ("2011-01-28", "100"),
        ("2011-02-25", "100"),
        ("2011-03-29", "100"),
        None,
    ]
    assert found.count("2010-Q4") == 3


def test_a_drop_out_is_skipped_and_the_value_that_comes_back_is_the_next_release() -> None:
    # The period is in vintages 1 and 2, missing from 3, back (unchanged) in 4.
    vintages = ("2000-01-01", "2000-02-01", "2000-03-01", "2000-04-01")
    spans = [
        Span("1999-Q4", "7", "7", "2000-01-01", "2000-03-01"),
        Span("1999-Q4", "7", "7", "2000-04-01", None),
    ]
    found = slots(spans, vintages)
    assert values(found, "1999-Q4", 4) == [
        ("2000-01-01", "7"),
        ("2000-02-01", "7"),
        ("2000-04-01", "7"),
        None,
    ]


def test_a_correction_is_a_release_of_the_corrected_value() -> None:
    # Published 100 on 1 March, corrected to 90 on 10 March: two releases.
    spans = [
        Span("2010", "100", "100", "2011-03-01", "2011-03-10"),
        Span("2010", "90", "90", "2011-03-10", None),
    ]
    assert values(slots(spans), "2010", 3) == [
        ("2011-03-01", "100"),
        ("2011-03-10", "90"),
        None,
    ]


def test_a_publication_for_another_period_is_a_release_of_this_one_too() -> None:
    # As a vintage does: the source published the statistic again that day.
    spans = [
        Span("2010", "100", "100", "2011-03-01", None),
        Span("2011", "120", "120", "2012-03-01", None),
    ]
    assert values(slots(spans), "2010", 3) == [
        ("2011-03-01", "100"),
        ("2012-03-01", "100"),
        None,
    ]


def test_the_latest_release_is_the_value_as_of_as_of_and_none_once_retracted() -> None:
    spans = [
        Span("2010", "100", "100", "2011-03-01", "2011-04-01"),
        Span("2010", "90", "90", "2011-04-01", "2011-06-01"),  # then retracted
        Span("2011", "5", "5", "2011-04-01", None),
    ]
    later = slots(spans, as_of="2012-01-01")
    assert later.release_row("s", "a", "2010", LATEST) is None
    assert later.release_row("s", "a", "2011", LATEST).value == Decimal("5")
    before = slots(spans, as_of="2011-05-01")
    row = before.release_row("s", "a", "2010", LATEST)
    assert (row.value, row.release, row.released, row.published, row.releases) == (
        Decimal("90"),
        2,
        "2011-04-01",
        "2011-04-01",
        2,
    )


def test_as_of_keeps_only_what_was_published_by_then() -> None:
    spans = [
        Span("2010", "100", "100", "2011-03-01", "2011-04-01"),
        Span("2010", "90", "90", "2011-04-01", None),
    ]
    found = slots(spans, ("2011-05-01",), as_of="2011-03-31")
    assert values(found, "2010", 2) == [("2011-03-01", "100"), None]


def test_rows_come_in_period_order_then_by_source() -> None:
    a = slots(
        [
            Span("2010-Q4", "1", "1", "2011-01-01", None),
            Span("2010-Q1", "2", "2", "2011-01-01", None),
        ]
    )
    b = slots([Span("2010-Q2", "3", "3", "2011-02-01", None)])
    rows = release_rows("s", {"b": b, "a": a}, 1)
    assert [(r.period, r.source) for r in rows] == [
        ("2010-Q1", "a"),
        ("2010-Q2", "b"),
        ("2010-Q4", "a"),
    ]


# -- the fast path against the obvious one ------------------------------------

DAY0 = date(2000, 1, 1)


def _day(offset: int) -> str:
    return (DAY0 + timedelta(days=offset)).isoformat()


@st.composite
def timelines(draw):
    """A slot's spans over a few periods, with gaps (drop-outs) and repeated values,
    some vintage dates, and an as-of."""
    spans = []
    for period in draw(st.lists(st.sampled_from(["2000", "2001", "2002"]), unique=True)):
        cuts = sorted(draw(st.sets(st.integers(0, 40), min_size=1, max_size=8)))
        for start, stop in zip(cuts, [*cuts[1:], None], strict=True):
            value = draw(st.one_of(st.none(), st.sampled_from(["1", "2", "3"])))
            if value is not None:
                spans.append(
                    Span(period, value, value, _day(start), None if stop is None else _day(stop))
                )
    vintages = [_day(d) for d in draw(st.sets(st.integers(0, 45), max_size=10))]
    return spans, vintages, _day(draw(st.integers(0, 50)))


@given(timelines())
def test_the_kth_release_is_the_kth_release_date_that_shows_a_value(case) -> None:
    spans, vintages, as_of = case
    found = slots(spans, tuple(vintages), as_of)
    for period in found.periods:
        # The obvious way: replay the period as of every release date, in order.
        shown = [
            (day, held.value)
            for day in found.dates
            if (held := found.value_at(period, day)) is not None
        ]
        assert found.count(period) == len(shown)
        assert values(found, period, len(shown) + 1) == [*shown, None]
        latest = found.release_row("s", "a", period, LATEST)
        now = found.value_at(period, as_of)
        assert (latest is None) == (now is None)
        if latest is not None:
            assert (latest.released, latest.text) == shown[-1]


# -- through the door: corrections, retractions and errata --------------------


def test_through_the_door_a_correction_is_a_release_and_an_erratum_is_not(ledger) -> None:
    def at(day: int):
        return clock.frozen(datetime(2026, 1, day, 12, 0, tzinfo=UTC))

    with at(1):
        ledger.add_statistic("s", "S", "people")
        ledger.add_source("a", "A")
        figure = ledger.record("s", "2010", "100", "a", "2011-03-01")
        ledger.record("s", "2011", "7", "a", "2011-04-01")
    with at(2):
        # The source corrects 2010 on 1 May; the archivist then fixes their typo in 2011.
        ledger.correct(figure, "90", "2011-05-01", "new count")
    with at(3):
        [mistyped] = [r.figure for r in ledger.replay("s", "2011")]
        ledger.amend(mistyped, "typed 7 for 70", value="70")
    releases_2010 = [ledger.releases("s", k) for k in (1, 2, 3, 4)]
    assert [[(r.period, r.value, r.released) for r in rows if r.period == "2010"]
            for rows in releases_2010] == [
        [("2010", Decimal(100), "2011-03-01")],
        [("2010", Decimal(100), "2011-04-01")],  # the source published the statistic again
        [("2010", Decimal(90), "2011-05-01")],  # the correction
        [],
    ]  # fmt: skip
    # The erratum replaced the value in place: one release of 2011, now 70 ...
    assert [(r.value, r.releases) for r in ledger.releases("s") if r.period == "2011"] == [
        (Decimal(70), 2)
    ]
    # ... and known before it was recorded, the mistake.
    before = ledger.releases("s", known_at="2026-01-02T23:00:00")
    assert [r.value for r in before if r.period == "2011"] == [Decimal(7)]
    with at(4):
        ledger.retract(figure, "2011-06-01", "withdrawn")
    assert [r.period for r in ledger.releases("s", "latest")] == ["2011"]
    assert [r.period for r in ledger.releases("s", "latest", as_of="2011-05-31")] == [
        "2010", "2011",
    ]  # fmt: skip
