"""The two points of a diff, read from what a person typed (docs/semantics.md, "Diff
between two points").

A point is an (as_of, known_at) pair, as every read takes one:

* a date ``D`` is a point in published time, with what the ledger knows now:
  (D, now), as ``--as-of D`` alone;
* a time ``T`` (a date with a time of day) is what the ledger said at T:
  (T's day in UTC, T), as ``--known-at T`` alone. Nothing recorded by T was
  published after T's day (a publication date is never in the future), so
  the day changes nothing but lets a time be ordered against a date;
* anything else is a release key, read as the date its release was published.

A diff runs forward: the first point may not be later than the second in
either time, so every fact between them was learned or published in between.

Pure: the release's date is looked up by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import NamedTuple

from ledger.errors import InvalidInput
from ledger.semantics import clock
from ledger.semantics.checks import shown, when
from ledger.semantics.dates import parse_date, parse_datetime

# A date alone, or a date then a time: what is read as a date or a time, never a key.
_DATE = re.compile(r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$")
_TIME = re.compile(r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:", re.IGNORECASE)


class Point(NamedTuple):
    """One side of a diff, as the tables store the two times."""

    as_of: str  # YYYY-MM-DD
    known_at: str  # a recorded-time stamp (clock.stamp)


def read_point(
    text: str | date | datetime | tuple,
    release_date: Callable[[str], str | None],
    option: str,
) -> Point:
    """The point ``text`` names (or a date or datetime given as such, or an (as_of,
    known_at) pair as every read takes them, from the Python API); ``release_date``
    gives a release key's publication date, or None when the ledger holds no such
    release. ``option`` names the option in the refusal (``--from``)."""
    if isinstance(text, tuple):
        return Point(*when(*text))
    if isinstance(text, datetime):
        moment = text if text.tzinfo is not None else text.replace(tzinfo=UTC)
        return Point(moment.astimezone(UTC).date().isoformat(), clock.stamp(moment))
    if isinstance(text, date):
        return Point(text.isoformat(), clock.stamp(clock.now()))
    try:
        if _DATE.match(text):
            return Point(parse_date(text).isoformat(), clock.stamp(clock.now()))
        if _TIME.match(text):
            moment = parse_datetime(text)  # in UTC
            return Point(moment.date().isoformat(), clock.stamp(moment))
    except InvalidInput as error:
        raise InvalidInput(f"{option}: {error}") from None
    published = release_date(text.strip()) if text.strip() else None
    if published is None:
        raise InvalidInput(
            f"cannot read {option} {shown(text)}: give a date (YYYY-MM-DD), a time "
            "(YYYY-MM-DDTHH:MM, UTC) or the key of a release the ledger holds"
        )
    return Point(published, clock.stamp(clock.now()))


def check_in_order(start: Point, end: Point, start_text: object, end_text: object) -> None:
    """Refuse a diff whose first point is later than its second in either time."""
    if start.as_of > end.as_of or start.known_at > end.known_at:
        later = "published" if start.as_of > end.as_of else "recorded"
        raise InvalidInput(
            f"--from {shown(str(start_text))} is later than --to {shown(str(end_text))} "
            f"in {later} time: a diff runs forward (swap them)"
        )
