"""Intervals as compact text in the tables: ``[50000,51000)``, ``(59000,)``."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ledger.semantics.intervals import Interval, format_decimal


def encode_interval(interval: Interval) -> str:
    low = "" if interval.low is None else format_decimal(interval.low)
    high = "" if interval.high is None else format_decimal(interval.high)
    return (
        ("[" if interval.low_closed else "(")
        + low
        + ","
        + high
        + ("]" if interval.high_closed else ")")
    )


@lru_cache(maxsize=8192)  # about 4 MiB full; a page decodes each interval once
def decode_interval(text: str) -> Interval:
    low, _, high = text[1:-1].partition(",")
    return Interval(
        low=Decimal(low) if low else None,
        high=Decimal(high) if high else None,
        low_closed=text[0] == "[",
        high_closed=text[-1] == "]",
    )
