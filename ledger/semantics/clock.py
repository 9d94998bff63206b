"""The ledger's clock: when an event is recorded.

Recorded time is the one time the ledger owns (DESIGN.md, "Three times"), so
every event takes its timestamp from here. Tests and snapshot runs fix it,
either in-process with :func:`frozen` or for a whole process with the
environment variable ``RECOUNT_NOW`` (an ISO 8601 date-time, UTC).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from ledger.errors import InvalidInput

_fixed: datetime | None = None


def now() -> datetime:
    """The current recorded time, timezone-aware in UTC."""
    if _fixed is not None:
        return _fixed
    pinned = os.environ.get("RECOUNT_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise InvalidInput(f"cannot read RECOUNT_NOW '{pinned}' (expected ISO 8601)") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def set_now(moment: datetime | None) -> None:
    """Pin the clock at ``moment`` (UTC if naive); ``None`` lets it run again."""
    global _fixed
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    _fixed = moment


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Run a block with the clock pinned at ``moment``."""
    previous = _fixed
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)


def today():
    """Today's date by the ledger's clock (UTC)."""
    return now().date()


def stamp(moment: datetime) -> str:
    """A recorded time as sortable text: UTC, microseconds, fixed width (a year before
    1000 too, which ``strftime`` would not pad)."""
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )
