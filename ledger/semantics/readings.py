"""The one reader of a figure's value, as the ledger stores it.

:func:`read_figure_value` reads a published text (``more than 59,000``) into
the columns the read models store: value, qualifier, grain, tight and wide
intervals. Every door asks it: the service before it records, corrects or
amends a figure, the imports for each row, and the projector for each
revision row it writes, so a value is read one way everywhere.

It is cached, because a vintage repeats the same few texts thousands of times
and the reading of a text never changes. A bare plain number (``130067``,
``1056.5``), by far the most common text in bulk data, takes a short path
that a property test holds equal to the full reader
(:func:`ledger.semantics.qualifiers.read_value`). :func:`check_figure_value`
is the same reader for a caller that only refuses: a bare number always
reads, so it is not read at all, which keeps bulk imports fast.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ledger.semantics.interval_codec import encode_interval
from ledger.semantics.intervals import format_decimal
from ledger.semantics.qualifiers import read_value

__all__ = ["StoredReading", "check_figure_value", "is_bare_number", "read_figure_value"]

PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,12})?\Z")
# The same digits grouped by thousands ("59,000"): read as the bare number.
GROUPED_NUMBER = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3}){1,3}(?:\.[0-9]{1,12})?\Z")

# Entries, not bytes: a full cache of readings holds about 8 MiB. One of
# 65,536 held 34 MiB once a 10^6-figure import filled it, most of that
# import's extra memory over a 10^5 one (bench/run.py, issue 4). It stays
# larger than a page of the log, whose figures are read twice.
READINGS_CACHED = 16384


#: (value, qualifier, grain, tight, wide): a figure's value read into the text
#: columns the read models store. A plain tuple, not a named one: building a
#: named tuple costs several times as much, on every reading not cached.
StoredReading = tuple[str, str, str, str, str]


def is_bare_number(text: str, grain: str | None) -> bool:
    """A number with no words and no stated grain: readable without the qualifier reader."""
    return grain is None and (
        PLAIN_NUMBER.match(text) is not None or GROUPED_NUMBER.match(text) is not None
    )


@lru_cache(maxsize=READINGS_CACHED)
def read_figure_value(text: str, grain: str | None) -> StoredReading:
    """The stored reading of a figure's (stripped) text and stated grain, if any.

    ``grain`` is the stored text of a stated grain (``"0.01"``), ``None`` when
    the grain comes from the digits. Raises :class:`ledger.errors.InvalidInput`
    naming the text when it cannot be read.
    """
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


def check_figure_value(text: str, grain: str | None) -> None:
    """Refuse what :func:`read_figure_value` refuses, naming the text.

    A bare number always reads: it is let through unread. Reading it would
    cost an import over ten times as much per cell (a cache miss and
    exact arithmetic, against two pattern matches), and the projector reads
    it anyway.
    """
    if not is_bare_number(text, grain):
        read_figure_value(text, grain)


def plain_number(text: str) -> StoredReading:
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
