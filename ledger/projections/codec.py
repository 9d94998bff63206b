"""How the read models store times and ids: as integers and raw bytes, not text.

A figure's dates and recorded times appear in every version row; as ISO text
they were a third of the read models' bytes. Stored as integers they are a
few bytes each, still sort in time order (so every comparison of replay runs
in SQL on the integers), and turn back into the ledger's text exactly:

- a date is its proleptic Gregorian ordinal (``date.toordinal``);
- a recorded time is microseconds since 1970-01-01 UTC, whose text is the
  fixed-width ``2011-01-21T10:00:00.000000Z`` of :func:`ledger.semantics.clock.stamp`;
- a figure id is its UUID's 16 bytes.

Conversions are cached: a page, or a read, meets few distinct values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from ledger.semantics.clock import stamp

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=65536)
def day(text: str) -> int:
    """``2011-01-21`` → its ordinal."""
    return date.fromisoformat(text).toordinal()


@lru_cache(maxsize=65536)
def day_text(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def day_or_none(text: str | None) -> int | None:
    return None if text is None else day(text)


def day_text_or_none(ordinal: int | None) -> str | None:
    return None if ordinal is None else day_text(ordinal)


@lru_cache(maxsize=65536)
def micros(text: str) -> int:
    """A recorded time's fixed-width text (``clock.stamp``) → microseconds since the epoch."""
    moment = datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=UTC)
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@lru_cache(maxsize=65536)
def moment_text(value: int) -> str:
    return stamp(EPOCH + timedelta(microseconds=value))


def moment_text_or_none(value: int | None) -> str | None:
    return None if value is None else moment_text(value)


def figure_bytes(figure: str) -> bytes:
    """A figure's hex id as the 16 bytes the read models keep."""
    return bytes.fromhex(figure)


def figure_hex(stored: bytes | memoryview) -> str:
    # SQLite gives bytes, psycopg a memoryview of the bytea.
    return stored.hex() if type(stored) is bytes else bytes(stored).hex()
