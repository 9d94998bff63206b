"""The releases of a period: its first, k-th and latest value (DESIGN.md, "Releases").

A source's release dates for a statistic are its vintages' dates (a vintage
counts even where it changed nothing) and every date its figures,
corrections and retractions were published on; the k-th release of a period
is the value replay gives as of the k-th of those dates on which the period
has a value. So a vintage that drops a period is not a release of it, and
the value that comes back is its next release, changed or not; a correction
is a release of the corrected value. docs/semantics.md says why.

Pure: this takes a slot's spans (the values it held over published time, as
:func:`ledger.projections.queries.spans_known_at` reads them) and the
vintage dates, and never touches the database.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, Protocol

from ledger.errors import InvalidInput
from ledger.rows import ReleaseRow
from ledger.semantics.checks import shown
from ledger.semantics.periods import period_bounds

LATEST: Literal["latest"] = "latest"

#: A release asked for: the k-th (1 = the initial release), or the latest.
Release = int | Literal["latest"]


class Held(Protocol):
    """One value of a slot over published time: replay gives it on the days
    ``pub_from <= D < pub_to`` (``pub_to`` None: still held)."""

    period: str
    text: str
    value: str
    pub_from: str
    pub_to: str | None


def parse_release(text: str) -> Release:
    """``first``, a number from 1, or ``latest``; anything else is refused naming it."""
    wanted = text.strip().lower()
    if wanted == "first":
        return 1
    if wanted == LATEST:
        return LATEST
    if wanted.isascii() and wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    raise InvalidInput(
        f"unknown release {shown(text)}: write first, a number from 1 (2 is the second "
        "release) or latest"
    )


def as_release(release: str | int) -> Release:
    """A release given as typed (:func:`parse_release`) or as a number from 1."""
    if isinstance(release, int) and not isinstance(release, bool):
        if release < 1:
            raise InvalidInput(f"unknown release '{release}': releases count from 1 (first)")
        return release
    return parse_release(str(release))


def release_label(release: Release) -> str:
    return "first" if release == 1 else str(release)


@dataclass(frozen=True)
class After:
    """The value as it stood a duration after the period's first release."""

    amount: int
    unit: str  # d, w, m (months), q (quarters) or y

    def __str__(self) -> str:
        return f"after:{self.amount}{self.unit}"

    def from_day(self, day: date) -> date | None:
        """``day`` moved on by the duration; None past the calendar's end."""
        try:
            if self.unit in "dw":
                return day + timedelta(days=self.amount * (7 if self.unit == "w" else 1))
            months = self.amount * {"m": 1, "q": 3, "y": 12}[self.unit]
            year, month = divmod(day.month - 1 + months, 12)
            year += day.year
            # The 31st of a shorter month is that month's last day.
            last = calendar.monthrange(year, month + 1)[1]
            return date(year, month + 1, min(day.day, last))
        except (OverflowError, ValueError):
            return None


#: What a revision is measured between: a release, the latest value, or an age.
Endpoint = int | Literal["latest"] | After

_AFTER = re.compile(r"after:([0-9]{1,6})([dwmqy])\Z")


def parse_endpoint(text: str, what: str) -> Endpoint:
    """A release (:func:`parse_release`) or ``after:DURATION`` (90d, 6w, 3m, 2q, 1y)."""
    wanted = text.strip().lower()
    if wanted.startswith("after:"):
        found = _AFTER.match(wanted)
        if found is None or int(found[1]) == 0:
            raise InvalidInput(
                f"cannot read {what} {shown(text)}: write after:N followed by d, w, m, q or y "
                "(after:90d, after:1y), N from 1"
            )
        return After(int(found[1]), found[2])
    return parse_release(text)


def endpoint_label(endpoint: Endpoint) -> str:
    return str(endpoint) if isinstance(endpoint, After) else release_label(endpoint)


def release_dates(vintages: Iterable[str], spans: Iterable[Held], as_of: str) -> list[str]:
    """A source's release dates for a statistic by ``as_of``, in order: its vintages'
    dates and every date one of its values began or ended (a publication, a
    correction, a retraction)."""
    days = set(vintages)
    for span in spans:
        days.add(span.pub_from)
        if span.pub_to is not None:
            days.add(span.pub_to)
    return sorted(day for day in days if day <= as_of)


def period_order(label: str) -> tuple[str, str, str]:
    """Periods sort by start, then end (DESIGN.md), then label."""
    start, end = period_bounds(label)
    return start, end, label


class SourceReleases:
    """One source's slots of a statistic: the values they held, and their releases."""

    def __init__(self, spans: Iterable[Held], dates: list[str], as_of: str) -> None:
        self.dates = dates
        self.as_of = as_of
        by_period: dict[str, list[Held]] = defaultdict(list)
        for span in spans:
            if span.pub_from <= as_of:
                by_period[span.period].append(span)
        for held in by_period.values():
            held.sort(key=lambda span: span.pub_from)
        self._by_period = dict(by_period)
        self.periods = sorted(by_period, key=period_order)

    def _runs(self, period: str) -> Iterator[tuple[int, int, Held]]:
        """(first index, stop index, span): the release dates each value was shown on."""
        dates = self.dates
        for span in self._by_period.get(period, ()):
            stop = len(dates) if span.pub_to is None else bisect_left(dates, span.pub_to)
            start = min(bisect_left(dates, span.pub_from), stop)
            if start < stop:
                yield start, stop, span

    def count(self, period: str) -> int:
        """How many releases the period had by as_of."""
        return sum(stop - start for start, stop, _ in self._runs(period))

    def kth(self, period: str, k: int) -> tuple[str, Held] | None:
        """The date of the period's k-th release and the value it gave; None if fewer."""
        seen = 0
        for start, stop, span in self._runs(period):
            if k <= seen + stop - start:
                return self.dates[start + k - seen - 1], span
            seen += stop - start
        return None

    def value_at(self, period: str, day: str) -> Held | None:
        """The value replay gives the period as of ``day``: at most one span holds it."""
        for span in self._by_period.get(period, ()):
            if span.pub_from <= day and (span.pub_to is None or span.pub_to > day):
                return span
        return None

    def measured_on(self, period: str, endpoint: Endpoint) -> str | None:
        """The date an endpoint reads the period at; None when it has no value then
        (fewer releases, retracted now, or not yet that old by as_of)."""
        if endpoint == LATEST:
            return self.as_of if self.value_at(period, self.as_of) is not None else None
        if isinstance(endpoint, After):
            first = self.kth(period, 1)
            if first is None:
                return None
            later = endpoint.from_day(date.fromisoformat(first[0]))
            if later is None or later.isoformat() > self.as_of:
                return None
            day = later.isoformat()
            return day if self.value_at(period, day) is not None else None
        found = self.kth(period, endpoint)
        return None if found is None else found[0]

    def release_row(
        self, statistic: str, source: str, period: str, release: Release
    ) -> ReleaseRow | None:
        """The period's row for ``release``; None when it has no such release."""
        count = self.count(period)
        # The latest is the value as of as_of: the last release's, unless the
        # period was retracted since (a retraction is a release date too).
        if release == LATEST and self.value_at(period, self.as_of) is None:
            return None
        number = count if release == LATEST else release
        found = self.kth(period, number)
        if found is None:
            return None
        released, span = found
        return ReleaseRow(
            statistic=statistic, period=period, source=source, release=number,
            released=released, value=Decimal(span.value), text=span.text,
            published=span.pub_from, releases=count,
        )  # fmt: skip


def release_rows(
    statistic: str, by_source: dict[str, SourceReleases], release: Release
) -> list[ReleaseRow]:
    """Every period's ``release`` from each source, in period order, then by source."""
    rows = [
        row
        for source, slots in by_source.items()
        for period in slots.periods
        if (row := slots.release_row(statistic, source, period, release)) is not None
    ]
    rows.sort(key=lambda row: (period_order(row.period), row.source))
    return rows
