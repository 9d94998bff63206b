"""What the projections derive from a figure's text: its number and intervals.

Cached, because a vintage repeats the same few texts thousands of times and
the reading of a text never changes. A bare plain number (``130067``,
``1056.5``), by far the most common text in bulk data, takes a short path
that a property test holds equal to the full reader.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ledger.intervals import format_decimal
from ledger.periods import parse_period
from ledger.projections.interval_codec import encode_interval
from ledger.qualifiers import read_value

PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,12})?\Z")


@lru_cache(maxsize=65536)
def derived(text: str, grain: str | None) -> tuple[str, str, str, str, str]:
    """(value, qualifier, grain, tight, wide) as stored in the tables."""
    if grain is None and PLAIN_NUMBER.match(text):
        return plain_number(text)
    reading = read_value(text, None if grain is None else Decimal(grain))
    return (
        format_decimal(reading.value),
        reading.qualifier,
        format_decimal(reading.grain),
        encode_interval(reading.tight),
        encode_interval(reading.wide),
    )


def plain_number(text: str) -> tuple[str, str, str, str, str]:
    """A bare number: tight [v, v], wide [v − g/2, v + g/2), g from its last non-zero digit."""
    value = Decimal(text)
    if value.is_zero():
        grain = Decimal(1)
    else:
        grain = Decimal(1).scaleb(value.normalize().as_tuple().exponent)
    half = grain / 2
    shown = format_decimal(value)
    return (
        shown,
        "bare",
        format_decimal(grain),
        f"[{shown},{shown}]",
        f"[{format_decimal(value - half)},{format_decimal(value + half)})",
    )


@lru_cache(maxsize=65536)
def period_bounds(label: str) -> tuple[str, str]:
    period = parse_period(label)
    return period.start.isoformat(), period.end.isoformat()
