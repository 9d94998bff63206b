"""Two sources side by side: per period their values, B − A, and whether they can agree.

Whether two values can agree is the discrepancy rule (DESIGN.md): they agree
when their tight intervals share a number; when only the wide ones do it is a
soft disagreement, when neither do a hard one. A target or a forecast is
never compared with an actual count, so such a pair is ``incomparable``.

Pure: it takes each source's values by period.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ledger.analysis.releases import period_order
from ledger.errors import InvalidInput
from ledger.rows import ComparisonRow, ReplayRow
from ledger.semantics.checks import shown
from ledger.semantics.discrepancies import comparison_class
from ledger.semantics.interval_codec import decode_interval
from ledger.semantics.intervals import EXACT, Interval


@dataclass(frozen=True)
class Side:
    """One source's value of a period, with what it allows."""

    value: Decimal
    text: str
    tight: Interval
    wide: Interval
    status: str
    on: str  # the date the value is read at

    @classmethod
    def of(cls, row: ReplayRow, on: str) -> Side:
        tight, wide = decode_interval(row.tight), decode_interval(row.wide)
        return cls(row.value, row.text, tight, wide, row.status, on)


def two_sources(sources: str | Sequence[str]) -> tuple[str, str]:
    """``A,B`` (or two ids): two different sources, else refused naming what was given."""
    given = sources.split(",") if isinstance(sources, str) else list(sources)
    names = [name.strip() for name in given if name.strip()]
    if len(names) != 2 or names[0] == names[1]:
        written = sources if isinstance(sources, str) else ",".join(sources)
        raise InvalidInput(f"compare needs two different sources, as A,B: got {shown(written)}")
    return names[0], names[1]


def agreement(a: Side, b: Side) -> str:
    """agree, soft, hard, or incomparable (a target or forecast beside an outcome)."""
    if comparison_class(a.status) != comparison_class(b.status):
        return "incomparable"
    if a.wide.disjoint(b.wide):
        return "hard"
    if a.tight.disjoint(b.tight):
        return "soft"
    return "agree"


def compared(
    statistic: str, source_a: str, a: dict[str, Side], source_b: str, b: dict[str, Side]
) -> Iterator[ComparisonRow]:
    """A row for every period either source has a value for, in period order."""
    for period in sorted(a.keys() | b.keys(), key=period_order):
        yield comparison(statistic, period, source_a, a.get(period), source_b, b.get(period))


def comparison(
    statistic: str,
    period: str,
    source_a: str,
    a: Side | None,
    source_b: str,
    b: Side | None,
) -> ComparisonRow:
    both = a is not None and b is not None
    return ComparisonRow(
        statistic=statistic, period=period,
        source_a=source_a, value_a=_of(a, "value"), text_a=_of(a, "text"),
        released_a=_of(a, "on"),
        source_b=source_b, value_b=_of(b, "value"), text_b=_of(b, "text"),
        released_b=_of(b, "on"),
        difference=EXACT.subtract(b.value, a.value) if both else None,
        tight_overlap=not a.tight.disjoint(b.tight) if both else None,
        wide_overlap=not a.wide.disjoint(b.wide) if both else None,
        agreement=agreement(a, b) if both else None,
    )  # fmt: skip


def _of(side: Side | None, name: str):
    return None if side is None else getattr(side, name)
