"""What the projections derive from a figure's text: its number and intervals.

Cached, because a vintage repeats the same few texts thousands of times and
the reading of a text never changes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ledger.intervals import format_decimal
from ledger.periods import parse_period
from ledger.projections.interval_codec import encode_interval
from ledger.qualifiers import read_value


@lru_cache(maxsize=65536)
def derived(text: str, grain: str | None) -> tuple[str, str, str, str, str]:
    """(value, qualifier, grain, tight, wide) as stored in the tables."""
    reading = read_value(text, None if grain is None else Decimal(grain))
    return (
        format_decimal(reading.value),
        reading.qualifier,
        format_decimal(reading.grain),
        encode_interval(reading.tight),
        encode_interval(reading.wide),
    )


@lru_cache(maxsize=65536)
def period_bounds(label: str) -> tuple[str, str]:
    period = parse_period(label)
    return period.start.isoformat(), period.end.isoformat()
