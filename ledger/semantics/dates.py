"""Reading publication dates and recorded times from text.

Two of the ledger's three times come in here (DESIGN.md, "Three times"):

* **published** is a calendar date, read strictly as ``YYYY-MM-DD``;
* **recorded** is an instant in UTC. A bound such as ``known_at = 2011-01-21``
  means "everything recorded that day", so a bare date read as an instant is
  the *end* of that day in UTC, 23:59:59.999999.

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from ledger.errors import InvalidInput

__all__ = ["end_of_day", "parse_date", "parse_datetime"]

# [0-9] rather than \d: \d also matches other scripts' digits.
_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")

_DATETIME_RE = re.compile(
    r"""
    ^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})
    (?:
        [T\ ]
        (?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})
        (?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,6}))?)?
        \ ?(?P<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?
    )?$
    """,
    re.VERBOSE | re.IGNORECASE,
)

_DATETIME_SHAPE = "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]"


def parse_date(text: str) -> date:
    """Read a calendar date written exactly as ``YYYY-MM-DD``.

    Surrounding whitespace is tolerated. Raises :class:`InvalidInput`:
    ``no such date '2011-02-30'`` for a date the calendar lacks, ``cannot read
    date '…' (expected YYYY-MM-DD)`` for any other shape.
    """
    stripped = text.strip() if isinstance(text, str) else ""
    match = _DATE_RE.match(stripped)
    if match is None:
        raise InvalidInput(f"cannot read date {text!r} (expected YYYY-MM-DD)")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"no such date {stripped!r}") from None


def end_of_day(day: date) -> datetime:
    """The last representable instant of ``day`` in UTC (23:59:59.999999)."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def parse_datetime(text: str) -> datetime:
    """Read an instant as a timezone-aware UTC datetime.

    Accepts ISO 8601 with ``T`` or a space between date and time, optional
    seconds and fractions (up to microseconds), and ``Z`` or an offset
    (``+02:00``, ``+0200``, ``+02``), which is converted to UTC. A time without
    a zone is taken as UTC. A bare ``YYYY-MM-DD`` means the end of that day in
    UTC, so that "known at 2011-01-21" includes everything recorded that day.

    Raises :class:`InvalidInput` naming the text.
    """
    stripped = text.strip() if isinstance(text, str) else ""
    match = _DATETIME_RE.match(stripped)
    if match is None:
        raise InvalidInput(f"cannot read time {text!r} (expected {_DATETIME_SHAPE})")
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise InvalidInput(f"no such date {stripped!r}") from None
    if match["hour"] is None:
        return end_of_day(day)

    try:
        clock = time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            # '.5' is half a second: pad the fraction to six digits.
            int((match["fraction"] or "").ljust(6, "0")),
        )
        zone = _zone(match["zone"])
    except ValueError:
        raise InvalidInput(f"no such time {stripped!r}") from None
    try:
        return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
    except OverflowError:
        # e.g. 0001-01-01T00:00+01:00 lies before the first representable UTC instant.
        raise InvalidInput(f"time {stripped!r} is out of range in UTC") from None


def _zone(written: str | None) -> timezone:
    """The zone of ``Z``, ``±HH``, ``±HHMM`` or ``±HH:MM``; none written means UTC."""
    if written is None or written.upper() == "Z":
        return UTC
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if minutes >= 60:
        raise ValueError("minutes of an offset run to 59")
    # timezone() itself refuses offsets of 24 hours or more (ValueError).
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
