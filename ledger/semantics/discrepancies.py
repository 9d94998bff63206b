"""Whether the current figures of one statistic and period contradict each other.

DESIGN.md: two figures from different sources disagree when their intervals
share no number. Hard when even the wide intervals are disjoint, soft when only
the tight ones are. A target (a quota or goal) is never compared with a count,
nor a forecast with an outcome: figures are compared within their class only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Protocol

from ledger.semantics.intervals import Interval, plain


class Comparable(Protocol):
    figure: str
    source: str
    status: str
    tight: Interval
    wide: Interval


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # "hard" or "soft"
    internal: bool  # every disagreeing pair is within one organisation
    gap: Decimal  # the widest gap between disagreeing intervals of that severity
    figures: tuple[str, ...]
    sources: tuple[str, ...]


def comparison_class(status: str) -> str:
    return status if status in ("target", "forecast") else "actual"


def find_discrepancy(
    figures: Sequence[Comparable], organisation_of: Callable[[str], str | None]
) -> Finding | None:
    """The discrepancy among ``figures`` (one statistic and period), if any."""
    if len(figures) < 2:
        return None
    soft_pairs = []
    hard_pairs = []
    for a, b in combinations(figures, 2):
        if a.source == b.source or comparison_class(a.status) != comparison_class(b.status):
            continue
        if a.wide.disjoint(b.wide):
            hard_pairs.append((a, b))
        elif a.tight.disjoint(b.tight):
            soft_pairs.append((a, b))
    if hard_pairs:
        severity, pairs, gap_of = "hard", hard_pairs, lambda a, b: a.wide.gap(b.wide)
    elif soft_pairs:
        severity, pairs, gap_of = "soft", soft_pairs, lambda a, b: a.tight.gap(b.tight)
    else:
        return None
    every_pair = hard_pairs + soft_pairs
    internal = all(_same_organisation(a.source, b.source, organisation_of) for a, b in every_pair)
    return Finding(
        severity=severity,
        internal=internal,
        gap=widest(gap_of(a, b) for a, b in pairs),
        figures=tuple(sorted({f.figure for pair in every_pair for f in pair})),
        sources=tuple(sorted({f.source for pair in every_pair for f in pair})),
    )


def widest(gaps: Iterable[Decimal]) -> Decimal:
    """The largest of ``gaps``, the same whatever order they come in.

    Equal gaps may be written with different digits (``0`` and ``0.0``, from
    ends of different grains), and ``max`` keeps whichever came first: the
    stored text would depend on the order of the rows. Among equals the one
    written with the fewest digits wins, shown without an exponent.
    """
    return plain(max(gaps, key=_value_then_fewest_digits))


def _value_then_fewest_digits(gap: Decimal) -> tuple[Decimal, int]:
    return gap, gap.as_tuple().exponent  # type: ignore[return-value]  # finite: an int


def _same_organisation(a: str, b: str, organisation_of: Callable[[str], str | None]) -> bool:
    first, second = organisation_of(a), organisation_of(b)
    return first is not None and first == second
