"""Intervals of exact decimal numbers, each end open, closed or unbounded.

A figure such as "more than 59,000" does not name one number: it names the set
of numbers its speaker could have meant. The ledger keeps that set as an
interval and says two figures contradict each other when their intervals share
no number at all (see DESIGN.md, "Qualifiers and intervals").

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow

from ledger.errors import InvalidInput

__all__ = ["EXACT", "Interval", "format_decimal", "plain"]

#: Arithmetic context for interval ends. The default context keeps 28
#: significant digits and would round silently; a ledger of published numbers
#: must not, so this one is wide and raises ``Inexact`` instead of rounding.
EXACT = Context(prec=200, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


def format_decimal(d: Decimal) -> str:
    """Print ``d`` in positional notation, never with an exponent.

    The digits are kept as they are: ``Decimal('59000')`` gives ``'59000'``,
    ``Decimal('1.2E+6')`` gives ``'1200000'`` and ``Decimal('2.50')`` keeps its
    ``'2.50'``. A negative zero prints as ``'0'``.
    """
    if d.is_zero():
        d = abs(d)  # '-0' means nothing to a reader
    return format(d, "f")


def plain(d: Decimal) -> Decimal:
    """Return ``d`` with a non-positive exponent, so that ``str()`` shows no ``E+``.

    ``Decimal('1.2E+6')`` becomes ``Decimal('1200000')``; the value is unchanged,
    only its representation, which other code may store or print with ``str``.
    """
    if d.is_finite() and d.as_tuple().exponent > 0:  # type: ignore[operator]
        return d.quantize(Decimal(1), context=EXACT)
    return d


def _as_end(value: object, side: str) -> Decimal | None:
    """Check one end of an interval: None (unbounded) or a finite Decimal."""
    if value is None:
        return None
    if type(value) is Decimal and value.is_finite():
        return value  # the common case, kept cheap: projections build many intervals
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        # A float would carry binary rounding into the ledger: refuse it loudly.
        raise TypeError(f"interval {side} end must be a Decimal or None, not {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidInput(f"interval {side} end must be finite, not '{number}' (use None)")
    return number


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of decimal numbers between ``low`` and ``high``.

    ``None`` means unbounded on that side; an unbounded side is always open, so
    ``low_closed`` / ``high_closed`` are set to False there whatever is passed.
    Empty intervals are refused: every interval holds at least one number.
    """

    low: Decimal | None
    high: Decimal | None
    low_closed: bool
    high_closed: bool

    def __post_init__(self) -> None:
        low = _as_end(self.low, "low")
        high = _as_end(self.high, "high")
        # The dataclass is frozen: normalise through object.__setattr__ (only when needed).
        low_closed = bool(self.low_closed) and low is not None
        high_closed = bool(self.high_closed) and high is not None
        if low is not self.low:
            object.__setattr__(self, "low", low)
        if high is not self.high:
            object.__setattr__(self, "high", high)
        if low_closed is not self.low_closed:
            object.__setattr__(self, "low_closed", low_closed)
        if high_closed is not self.high_closed:
            object.__setattr__(self, "high_closed", high_closed)
        both_bounded = low is not None and high is not None
        if both_bounded and (
            low > high or (low == high and not (self.low_closed and self.high_closed))
        ):
            raise InvalidInput(f"interval '{self}' is empty")

    # -- construction -------------------------------------------------------

    @classmethod
    def point(cls, v: Decimal) -> Interval:
        """The interval ``[v, v]`` holding exactly one number."""
        return cls(v, v, True, True)

    @classmethod
    def closed(cls, low: Decimal | None, high: Decimal | None) -> Interval:
        """The interval ``[low, high]`` (an unbounded side stays open)."""
        return cls(low, high, True, True)

    # -- questions ----------------------------------------------------------

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The two ends as ``(low, high)``; None where unbounded."""
        return (self.low, self.high)

    def contains(self, x: Decimal) -> bool:
        """True when the number ``x`` lies in this interval."""
        above_low = self.low is None or x > self.low or (x == self.low and self.low_closed)
        below_high = self.high is None or x < self.high or (x == self.high and self.high_closed)
        return above_low and below_high

    def covers(self, other: Interval) -> bool:
        """True when every number of ``other`` lies in this interval (other ⊆ self)."""
        low_ok = self.low is None or (
            other.low is not None
            and (
                other.low > self.low
                or (other.low == self.low and (self.low_closed or not other.low_closed))
            )
        )
        high_ok = self.high is None or (
            other.high is not None
            and (
                other.high < self.high
                or (other.high == self.high and (self.high_closed or not other.high_closed))
            )
        )
        return low_ok and high_ok

    def _entirely_below(self, other: Interval) -> bool:
        """True when every number of self is smaller than every number of other."""
        if self.high is None or other.low is None:
            return False
        if self.high < other.low:
            return True
        # Touching ends share the number only when both ends include it:
        # [1, 2) and [2, 3] share nothing, [1, 2] and [2, 3] share 2.
        return self.high == other.low and not (self.high_closed and other.low_closed)

    def disjoint(self, other: Interval) -> bool:
        """True when the two intervals share no number (open ends respected exactly)."""
        return self._entirely_below(other) or other._entirely_below(self)

    def gap(self, other: Interval) -> Decimal:
        """Distance between the nearer ends of two disjoint intervals, else ``Decimal(0)``.

        Disjoint intervals that touch at an open end, such as [1, 2) and [2, 3],
        are disjoint with a gap of 0: no number lies in both, yet no number
        lies between them either.
        """
        if self._entirely_below(other):
            return EXACT.subtract(other.low, self.high)  # type: ignore[arg-type]
        if other._entirely_below(self):
            return EXACT.subtract(self.low, other.high)  # type: ignore[arg-type]
        return Decimal(0)

    def intersection(self, other: Interval) -> Interval | None:
        """The numbers in both intervals, or None when they are disjoint."""
        if self.disjoint(other):
            return None
        low, low_closed = self.low, self.low_closed
        if other.low is not None and (
            low is None or other.low > low or (other.low == low and not other.low_closed)
        ):
            low, low_closed = other.low, other.low_closed
        high, high_closed = self.high, self.high_closed
        if other.high is not None and (
            high is None or other.high < high or (other.high == high and not other.high_closed)
        ):
            high, high_closed = other.high, other.high_closed
        return Interval(low, high, low_closed, high_closed)

    def __str__(self) -> str:
        """Mathematical notation: ``[50000, 51000)``, ``(59000, ∞)``, ``(-∞, 0]``."""
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        low = "-∞" if self.low is None else format_decimal(self.low)
        high = "∞" if self.high is None else format_decimal(self.high)
        return f"{left}{low}, {high}{right}"
