"""What the projections derive from a figure's text: its number and intervals.

Cached, because a vintage repeats the same few texts thousands of times and
the reading of a text never changes. A bare plain number (``130067``,
``1056.5``), by far the most common text in bulk data, takes a short path
that a property test holds equal to the full reader.
"""

from __future__ import annotations

import re
from calendar import monthrange
from decimal import Decimal
from functools import lru_cache

from ledger.semantics.interval_codec import encode_interval
from ledger.semantics.intervals import format_decimal
from ledger.semantics.periods import parse_period
from ledger.semantics.qualifiers import read_value

PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,12})?\Z")
# The same digits grouped by thousands ("59,000"): read as the bare number.
GROUPED_NUMBER = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3}){1,3}(?:\.[0-9]{1,12})?\Z")

# Entries, not bytes: a full cache of readings holds about 8 MiB. One of
# 65,536 held 34 MiB once a 10^6-figure import filled it, most of that
# import's extra memory over a 10^5 one (bench/run.py, issue 4). It stays
# larger than a page of the log, whose figures are read twice.
READINGS_CACHED = 16384


def is_bare_number(text: str, grain: str | None) -> bool:
    """A number with no words and no stated grain: readable without the qualifier reader."""
    return grain is None and (
        PLAIN_NUMBER.match(text) is not None or GROUPED_NUMBER.match(text) is not None
    )


@lru_cache(maxsize=READINGS_CACHED)
def derived(text: str, grain: str | None) -> tuple[str, str, str, str, str]:
    """(value, qualifier, grain, tight, wide) as stored in the tables."""
    if grain is None:
        if PLAIN_NUMBER.match(text):
            return plain_number(text)
        if GROUPED_NUMBER.match(text):
            return plain_number(text.replace(",", ""))
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


# Canonical month and quarter labels, the periods of every vintage file.
_MONTH_LABEL = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])\Z")
_QUARTER_LABEL = re.compile(r"([0-9]{4})-Q([1-4])\Z")


@lru_cache(maxsize=65536)
def period_bounds(label: str) -> tuple[str, str]:
    """A stored (canonical) period label's first and last day, as ISO text.

    Months and quarters are computed from the label's digits, a test holds
    them equal to :func:`parse_period`; every other label is parsed.
    """
    if (match := _MONTH_LABEL.match(label)) and match[1] != "0000":
        year, month = match[1], match[2]
        return f"{year}-{month}-01", f"{year}-{month}-{monthrange(int(year), int(month))[1]:02d}"
    if (match := _QUARTER_LABEL.match(label)) and match[1] != "0000":
        year, last = match[1], 3 * int(match[2])
        days = monthrange(int(year), last)[1]
        return f"{year}-{last - 2:02d}-01", f"{year}-{last:02d}-{days:02d}"
    period = parse_period(label)
    return period.start.isoformat(), period.end.isoformat()
