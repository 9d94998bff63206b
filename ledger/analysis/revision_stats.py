"""Revision statistics: how much, and how, a source's first values moved later.

Over the periods that have both an earlier and a later value (DESIGN.md,
"Releases, revisions and diffs"): count, mean revision with its t-statistic,
mean absolute revision, root mean square, standard deviation, min and max,
the share of periods whose value kept its sign, the share whose change from
the previous period kept its sign (Grimm and Parker 1998), and the noise and
news regressions of Mankiw and Shapiro (1986).

Exact where the arithmetic allows: sums, differences and products of the
recorded decimals are exact, and so are min and max. Each division and
square root is one operation rounded to :data:`PRECISION` (28 significant
digits, half-even), done last on exact sums: the variance is
(nΣr² − (Σr)²) / (n(n − 1)), the slope Sxy / Sxx with both scaled by n.

Pure: it takes the values as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow

from ledger.analysis.releases import Endpoint, SourceReleases
from ledger.errors import InvalidInput
from ledger.rows import Regression, RevisionRow, RevisionSummary
from ledger.semantics.checks import shown
from ledger.semantics.periods import parse_period

#: The context of every division and square root: one rounding each.
PRECISION = Context(prec=28)
#: The context of sums and products: wide, and trapping Inexact, so they never round.
EXACT = Context(prec=1000, traps=[InvalidOperation, Overflow, Inexact])


@dataclass(frozen=True)
class PeriodRange:
    """``FROM..TO`` (either end may be left open): the periods that lie within them,
    from FROM's first day to TO's last (``2010-Q4`` holds ``2010-12``)."""

    start: date | None
    end: date | None

    def __contains__(self, label: str) -> bool:
        period = parse_period(label)
        return (self.start is None or period.start >= self.start) and (
            self.end is None or period.end <= self.end
        )


def parse_periods(text: str) -> PeriodRange:
    """``2000-Q1..2010-Q4``, ``2000-Q1..``, ``..2010-Q4``, or one period alone."""
    first, dots, last = text.strip().partition("..")
    if not dots:
        last = first
    try:
        start = parse_period(first).start if first.strip() else None
        end = parse_period(last).end if last.strip() else None
    except InvalidInput:
        start = end = None
    if (start is None and end is None) or (start and end and start > end):
        raise InvalidInput(
            f"cannot read periods {shown(text)}: write FROM..TO (2000-Q1..2010-Q4), "
            "FROM.., ..TO or one period, FROM not after TO"
        )
    return PeriodRange(start, end)


@dataclass(frozen=True)
class Moves:
    """What one source's revisions between two releases are summed from."""

    rows: Sequence[RevisionRow]  # periods with both values
    left_out: int  # periods lacking one of them
    changes: Sequence[tuple[Decimal, Decimal]]  # (earlier, later) change from the previous period


def moves_between(
    statistic: str,
    source: str,
    slots: SourceReleases,
    earlier: Endpoint,
    later: Endpoint,
    periods: PeriodRange | None = None,
) -> Moves:
    """Each period's revision from ``earlier`` to ``later`` (later − earlier, exact).

    A period's change from the previous one (the source's period before it) is
    taken within each release: both values as of the date that release is read
    at, so that a first release's change is the one its own vintage showed.
    """
    rows: list[RevisionRow] = []
    changes: list[tuple[Decimal, Decimal]] = []
    left_out = 0
    previous = None
    for period in slots.periods:
        before, previous = previous, period
        if periods is not None and period not in periods:
            continue
        on = slots.measured_on(period, earlier), slots.measured_on(period, later)
        if on[0] is None or on[1] is None:
            left_out += 1
            continue
        held = slots.value_at(period, on[0]), slots.value_at(period, on[1])
        first, second = Decimal(held[0].value), Decimal(held[1].value)
        rows.append(RevisionRow(
            statistic=statistic, period=period, source=source, earlier_on=on[0],
            earlier=first, later_on=on[1], later=second, revision=_sub(second, first),
        ))  # fmt: skip
        if before is None:
            continue
        was = slots.value_at(before, on[0]), slots.value_at(before, on[1])
        if was[0] is not None and was[1] is not None:
            changes.append((
                _sub(first, Decimal(was[0].value)), _sub(second, Decimal(was[1].value))
            ))  # fmt: skip
    return Moves(rows, left_out, changes)


def summarise(
    statistic: str, source: str, earlier: str, later: str, moves: Moves
) -> RevisionSummary:
    """The revision statistics of ``moves`` (see the module's docstring)."""
    revisions = [row.revision for row in moves.rows]
    n = len(revisions)
    total = _sum(revisions)
    squares = _sum(_mul(r, r) for r in revisions)
    variance = None
    if n > 1:
        variance = _div(_sub(_mul(n, squares), _mul(total, total)), n * (n - 1))
    deviation = None if variance is None else _sqrt(variance)
    mean = None if n == 0 else _div(total, n)
    t_statistic = None
    if mean is not None and deviation:
        t_statistic = PRECISION.divide(mean, PRECISION.divide(deviation, _sqrt(Decimal(n))))
    kept = [_sign(row.earlier) == _sign(row.later) for row in moves.rows]
    directions = [_sign(a) == _sign(b) for a, b in moves.changes]
    return RevisionSummary(
        statistic=statistic, source=source, earlier=earlier, later=later,
        count=n, left_out=moves.left_out, mean=mean, t_statistic=t_statistic,
        mean_absolute=None if n == 0 else _div(_sum(abs(r) for r in revisions), n),
        root_mean_square=None if n == 0 else _sqrt(_div(squares, n)),
        standard_deviation=deviation,
        minimum=min(revisions, default=None), maximum=max(revisions, default=None),
        sign_kept=_share(kept), direction_kept=_share(directions),
        direction_count=len(directions),
        noise=regression([row.later for row in moves.rows], revisions),
        news=regression([row.earlier for row in moves.rows], revisions),
    )  # fmt: skip


def regression(xs: Sequence[Decimal], ys: Sequence[Decimal]) -> Regression | None:
    """Least squares of y on x: None with fewer than two points or x all alike.

    With Sxx = nΣx² − (Σx)², Sxy = nΣxy − ΣxΣy, Syy = nΣy² − (Σy)² (exact):
    slope Sxy/Sxx, intercept (ΣyΣx² − ΣxΣxy)/Sxx, R² Sxy²/(Sxx·Syy).
    """
    n = len(xs)
    if n < 2:
        return None
    sx, sy = _sum(xs), _sum(ys)
    sxx = _sum(_mul(x, x) for x in xs)
    sxy = _sum(_mul(x, y) for x, y in zip(xs, ys, strict=True))
    syy = _sum(_mul(y, y) for y in ys)
    scaled_xx = _sub(_mul(n, sxx), _mul(sx, sx))
    if scaled_xx == 0:
        return None
    scaled_xy = _sub(_mul(n, sxy), _mul(sx, sy))
    scaled_yy = _sub(_mul(n, syy), _mul(sy, sy))
    intercept = _div(_sub(_mul(sy, sxx), _mul(sx, sxy)), scaled_xx)
    r_squared = None
    if scaled_yy != 0:
        r_squared = _div(_mul(scaled_xy, scaled_xy), _mul(scaled_xx, scaled_yy))
    return Regression(slope=_div(scaled_xy, scaled_xx), intercept=intercept, r_squared=r_squared)


def _sum(values) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = EXACT.add(total, value)
    return total


def _mul(a, b) -> Decimal:
    return EXACT.multiply(Decimal(a), Decimal(b))


def _sub(a: Decimal, b: Decimal) -> Decimal:
    return EXACT.subtract(a, b)


def _div(a: Decimal, b) -> Decimal:
    return PRECISION.divide(a, Decimal(b))


def _sqrt(value: Decimal) -> Decimal:
    return PRECISION.sqrt(value)


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _share(flags: list[bool]) -> Decimal | None:
    return None if not flags else _div(Decimal(sum(flags)), len(flags))
