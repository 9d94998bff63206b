"""Revision statistics, against hand-computed cases and an independent float computation."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.analysis.releases import LATEST, After, SourceReleases, release_dates
from ledger.analysis.revision_stats import (
    Moves,
    moves_between,
    parse_periods,
    regression,
    summarise,
)
from ledger.errors import InvalidInput
from ledger.rows import RevisionRow

D = Decimal


class Span(NamedTuple):
    period: str
    text: str
    value: str
    pub_from: str
    pub_to: str | None


def moves(pairs: list[tuple[str, str]], changes=(), left_out: int = 0) -> Moves:
    rows = [
        RevisionRow("s", f"{2000 + i}", "a", "d1", D(e), "d2", D(later), D(later) - D(e))
        for i, (e, later) in enumerate(pairs)
    ]
    return Moves(rows, left_out, [(D(a), D(b)) for a, b in changes])


def close(found: Decimal | None, wanted: Fraction | float, digits: int = 25) -> bool:
    return found is not None and abs(Fraction(found) - Fraction(wanted)) < Fraction(1, 10**digits)


# -- hand-computed -----------------------------------------------------------


def test_three_revisions_worked_by_hand() -> None:
    # Earlier 10, 20, 30; later 11, 19, 32: revisions +1, −1, +2.
    s = summarise("s", "a", "first", "latest", moves([("10", "11"), ("20", "19"), ("30", "32")]))
    assert (s.count, s.minimum, s.maximum) == (3, D(-1), D(2))
    assert close(s.mean, Fraction(2, 3))
    assert close(s.mean_absolute, Fraction(4, 3))
    # Σr² = 6: root mean square √2; variance (3·6 − 2²) / (3·2) = 7/3.
    assert close(s.root_mean_square, math.sqrt(2), 15)
    assert s.root_mean_square == D(2).sqrt()
    assert s.standard_deviation == (D(7) / D(3)).sqrt()
    # t = (2/3) / (√(7/3) / √3) = 2/√7.
    assert close(s.t_statistic, 2 / math.sqrt(7), 15)
    assert s.sign_kept == D(1)


def test_sums_and_means_are_exact_decimals_not_floats() -> None:
    s = summarise("s", "a", "first", "2", moves([("1.0", "1.1"), ("1.0", "1.2")]))
    assert s.mean == D("0.15")
    assert s.mean_absolute == D("0.15")
    assert s.minimum == D("0.1") and s.maximum == D("0.2")


def test_news_on_the_earlier_value_recovers_an_exact_line() -> None:
    # Revisions r = 2 + 0.5 × earlier exactly: slope 0.5, intercept 2, R² 1.
    earlier = ["2", "4", "10"]
    pairs = [(e, str(D(e) + 2 + D("0.5") * D(e))) for e in earlier]
    news = summarise("s", "a", "first", "latest", moves(pairs)).news
    assert (news.slope, news.intercept, news.r_squared) == (D("0.5"), D(2), D(1))


def test_noise_regresses_the_revision_on_the_later_value() -> None:
    # Later 11, 19, 32 and revisions 1, −1, 2: Sxx = 3·1506 − 62² = 674,
    # Sxy = 3·56 − 62·2 = 44, Syy = 3·6 − 2² = 14.
    noise = summarise(
        "s", "a", "first", "latest", moves([("10", "11"), ("20", "19"), ("30", "32")])
    ).noise
    assert close(noise.slope, Fraction(44, 674))
    assert close(noise.intercept, (Fraction(2) - Fraction(44, 674) * 62) / 3)
    assert close(noise.r_squared, Fraction(44 * 44, 674 * 14))


def test_one_revision_has_no_spread_and_no_line() -> None:
    s = summarise("s", "a", "first", "latest", moves([("10", "12")]))
    assert (s.count, s.mean, s.root_mean_square) == (1, D(2), D(2))
    assert (s.standard_deviation, s.t_statistic, s.noise, s.news) == (None, None, None, None)


def test_no_revision_at_all_leaves_every_measure_empty_but_counts_what_was_left_out() -> None:
    s = summarise("s", "a", "first", "latest", moves([], left_out=4))
    assert (s.count, s.left_out) == (0, 4)
    assert (s.mean, s.minimum, s.sign_kept, s.direction_kept) == (None, None, None, None)


def test_revisions_all_alike_have_no_t_statistic_and_no_r_squared() -> None:
    s = summarise("s", "a", "first", "latest", moves([("1", "2"), ("5", "6"), ("7", "8")]))
    assert s.standard_deviation == 0 and s.t_statistic is None
    assert s.news.slope == 0 and s.news.r_squared is None


def test_a_line_on_values_all_alike_is_none() -> None:
    assert regression([D(3), D(3)], [D(1), D(2)]) is None


def test_the_shares_keeping_sign_and_direction() -> None:
    # Values: −1 → 1 flips its sign, 2 → 3 keeps it. Changes: (+1, +2) keeps
    # its direction, (−1, +1) turns, (0, 0) keeps it (no change in both).
    s = summarise("s", "a", "first", "latest", moves(
        [("-1", "1"), ("2", "3")], changes=[("1", "2"), ("-1", "1"), ("0", "0")]
    ))  # fmt: skip
    assert s.sign_kept == D("0.5")
    assert s.direction_count == 3
    assert close(s.direction_kept, Fraction(2, 3))


# -- per period, from a source's spans -----------------------------------------


def source(spans: list[Span], vintages: tuple[str, ...], as_of: str = "2030-01-01"):
    return SourceReleases(spans, release_dates(vintages, spans, as_of), as_of)


VINTAGES = ("2020-02-01", "2020-03-01", "2020-04-01")
SERIES = [
    # January: 10 in the first vintage, 12 from the second.
    Span("2020-01", "10", "10", "2020-02-01", "2020-03-01"),
    Span("2020-01", "12", "12", "2020-03-01", None),
    # February: first out in the second vintage at 11, 13 in the third.
    Span("2020-02", "11", "11", "2020-03-01", "2020-04-01"),
    Span("2020-02", "13", "13", "2020-04-01", None),
    # March: first out in the third vintage.
    Span("2020-03", "9", "9", "2020-04-01", None),
]


def test_each_periods_revision_from_first_to_latest() -> None:
    found = moves_between("s", "a", source(SERIES, VINTAGES), 1, LATEST)
    assert [(r.period, r.earlier, r.later, r.revision) for r in found.rows] == [
        ("2020-01", D(10), D(12), D(2)),
        ("2020-02", D(11), D(13), D(2)),
        ("2020-03", D(9), D(9), D(0)),
    ]
    assert found.left_out == 0


def test_a_change_is_taken_within_each_release() -> None:
    # February's first release (vintage 2) shows January at 12: +1 − 0 = 11 − 12 = −1.
    # Latest: 13 − 12 = +1. March: first 9 − 13 = −4, latest the same.
    found = moves_between("s", "a", source(SERIES, VINTAGES), 1, LATEST)
    assert found.changes == [(D(-1), D(1)), (D(-4), D(-4))]


def test_periods_without_both_releases_are_left_out_and_counted() -> None:
    # Only January has a third release; February and March have fewer.
    found = moves_between("s", "a", source(SERIES, VINTAGES), 1, 3)
    assert [r.period for r in found.rows] == ["2020-01"]
    assert found.left_out == 2


def test_after_a_duration_reads_the_value_that_long_after_the_first_release() -> None:
    slots = source(SERIES, VINTAGES, as_of="2020-04-20")
    found = moves_between("s", "a", slots, 1, After(1, "m"))
    # January first 2020-02-01, a month on 2020-03-01: 12. February first 2020-03-01,
    # a month on 2020-04-01: 13. March is not a month old by the as-of: left out.
    assert [(r.period, r.later_on, r.later) for r in found.rows] == [
        ("2020-01", "2020-03-01", D(12)),
        ("2020-02", "2020-04-01", D(13)),
    ]
    assert found.left_out == 1


def test_a_periods_range_narrows_the_periods_but_not_their_previous_ones() -> None:
    chosen = parse_periods("2020-02..2020-02")
    found = moves_between("s", "a", source(SERIES, VINTAGES), 1, LATEST, chosen)
    assert [r.period for r in found.rows] == ["2020-02"]
    assert found.changes == [(D(-1), D(1))]


@pytest.mark.parametrize(("text", "inside", "outside"), [
    ("2000-Q1..2010-Q4", ["2000-Q1", "2005-06", "2010-Q4", "2010-12"], ["1999-Q4", "2011-Q1"]),
    ("2000-Q1..", ["2000-Q1", "2030"], ["1999-12"]),
    ("..2010-Q4", ["1947-01", "2010-Q4"], ["2011-01"]),
    ("2020-04", ["2020-04"], ["2020-05", "2020-03", "2020-Q2"]),
    ("1947:Q1..1950:Q4", ["1948-Q2"], ["1951-Q1"]),
])  # fmt: skip
def test_a_periods_range_holds_what_sorts_between_its_ends(text, inside, outside) -> None:
    chosen = parse_periods(text)
    assert all(p in chosen for p in inside)
    assert not any(p in chosen for p in outside)


@pytest.mark.parametrize("text", ["", "..", "x..y", "2010..2000", "2010-Q5", "2010...2011"])
def test_an_unreadable_periods_range_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"cannot read periods '{text}'"):
        parse_periods(text)


# -- the exact path against floats -----------------------------------------------

values = st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)


@given(st.lists(st.tuples(values, values), min_size=3, max_size=30))
def test_the_measures_equal_the_same_computed_with_numpy(pairs) -> None:
    s = summarise("s", "a", "first", "latest", moves([(str(a), str(b)) for a, b in pairs]))
    earlier = np.array([float(a) for a, _ in pairs])
    later = np.array([float(b) for _, b in pairs])
    r = later - earlier
    assert s.count == len(pairs)
    assert float(s.mean) == pytest.approx(r.mean(), abs=1e-9)
    assert float(s.mean_absolute) == pytest.approx(np.abs(r).mean(), abs=1e-9)
    assert float(s.root_mean_square) == pytest.approx(math.sqrt((r**2).mean()), abs=1e-9)
    assert float(s.standard_deviation) == pytest.approx(r.std(ddof=1), abs=1e-7)
    assert (float(s.minimum), float(s.maximum)) == pytest.approx((r.min(), r.max()))
    for found, x in ((s.noise, later), (s.news, earlier)):
        if found is None:
            assert np.ptp(x) == 0
            continue
        slope, intercept = np.polyfit(x, r, 1)
        assert float(found.slope) == pytest.approx(slope, rel=1e-6, abs=1e-6)
        assert float(found.intercept) == pytest.approx(intercept, rel=1e-6, abs=1e-4)
        if found.r_squared is not None:
            assert float(found.r_squared) == pytest.approx(np.corrcoef(x, r)[0, 1] ** 2, abs=1e-6)


@given(st.lists(values, min_size=1, max_size=40))
def test_the_mean_is_the_exact_mean_rounded_once(revisions) -> None:
    s = summarise("s", "a", "first", "latest", moves([("0", str(r)) for r in revisions]))
    exact = sum(Fraction(r) for r in revisions) / len(revisions)
    assert close(s.mean, exact, 20)
    assert s.minimum == min(revisions) and s.maximum == max(revisions)
