"""The point in time the UI shows: as of a publication date, known at a recorded time.

DESIGN.md, "Three times": ``as_of`` keeps what was published on or before a
date, ``known_at`` what was recorded at or before an instant. ``None`` means
now for either, and both ``None`` is the plain present.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ledger.semantics import clock


@dataclass(frozen=True, slots=True)
class TimePoint:
    as_of: date | None = None
    known_at: datetime | None = None

    @property
    def is_now(self) -> bool:
        return self.as_of is None and self.known_at is None

    def label(self) -> str:
        """What the header says: "now", or "as of DATE · known at TIME"."""
        if self.is_now:
            return "now"
        day = "today" if self.as_of is None else self.as_of.isoformat()
        moment = "now" if self.known_at is None else format_moment(self.known_at)
        return f"as of {day} · known at {moment}"

    def effective_day(self) -> date:
        return self.as_of if self.as_of is not None else clock.today()

    def with_as_of(self, day: date | None) -> TimePoint:
        return TimePoint(day, self.known_at)

    def with_known_at(self, moment: datetime | None) -> TimePoint:
        return TimePoint(self.as_of, moment)


def format_moment(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    if moment.second or moment.microsecond:
        if (moment.hour, moment.minute, moment.second) == (23, 59, 59):
            return f"{moment.date().isoformat()} (end of day UTC)"
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def format_recorded(stamp: str, zone: bool = True) -> str:
    """A stored recorded time (``2011-01-21T10:00:00.000000Z``) for display."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    shown = format_moment(moment)
    return shown if zone else shown.removesuffix(" UTC")


def previous_date(dates: list[str], point: TimePoint) -> date | None:
    """The publication date just before the one shown, if any."""
    shown = point.effective_day().isoformat()
    index = bisect_left(dates, shown)
    return date.fromisoformat(dates[index - 1]) if index > 0 else None


def next_date(dates: list[str], point: TimePoint) -> date | None:
    """The publication date just after the one shown, if any."""
    shown = point.effective_day().isoformat()
    index = bisect_right(dates, shown)
    return date.fromisoformat(dates[index]) if index < len(dates) else None
