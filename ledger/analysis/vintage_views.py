"""ALFRED's views of a series: which values held when (DESIGN.md, "ALFRED's real-time periods").

A series is one source's slots of one statistic. Its real-time axis is
published time: a value holds from the day it was published to the day
before the next change, correction or retraction of its period (both ends
inclusive), or to ``9999-12-31`` while it is current. Its vintage dates are
its release dates (:func:`ledger.analysis.releases.release_dates`: every
vintage, and every day one of its values began or ended).

- *Observations by real-time period* (output type 1): one row per value and
  the real-time period it held over, for every value whose period meets the
  request's window. The period is never clipped to the window: a row says
  when the value really began and ended (as the ledger knows it).
- *By vintage date* (types 2 and 3): one row per observation, one cell per
  vintage date, the value replay gives as of that date; type 3 keeps only the
  cells where the value is new or revised since the series' release before.
- *Initial release only* (type 4): each observation's first value, with the
  real-time period it held over.

Pure: this takes the slots' spans (as :func:`ledger.projections.queries.spans_known_at`
reads them) and the release dates, and never touches the database.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledger.analysis.releases import Held, period_order
from ledger.errors import InvalidInput
from ledger.semantics.periods import frequency_of_label, period_bounds

#: The end of ALFRED's real-time axis: a value still current holds until then.
END_OF_TIME = "9999-12-31"
#: Its start, as FRED spells "the whole of real time".
START_OF_TIME = "1776-07-04"


@dataclass(frozen=True, slots=True)
class Run:
    """One value of an observation over a real-time period, both ends inclusive."""

    value: str  # the number, as plain decimal text
    realtime_start: str
    realtime_end: str  # END_OF_TIME while current

    def meets(self, start: str, end: str) -> bool:
        return self.realtime_start <= end and self.realtime_end >= start

    def holds_on(self, day: str) -> bool:
        return self.realtime_start <= day <= self.realtime_end


@dataclass(frozen=True, slots=True)
class Observed:
    """A row of output type 1 or 4: one observation's value over its real-time period."""

    period: str
    date: str  # the observation date: the period's first day
    value: str
    realtime_start: str
    realtime_end: str


class Observation:
    """One period of a series: its runs of values over real time, oldest first."""

    def __init__(self, period: str, runs: list[Run]) -> None:
        self.period = period
        self.date = period_bounds(period)[0]
        self.runs = runs
        self._starts = [run.realtime_start for run in runs]

    def value_on(self, day: str) -> str | None:
        """The value replay gives as of ``day``; None when the period had none then."""
        index = bisect_right(self._starts, day) - 1
        if index >= 0 and day <= self.runs[index].realtime_end:
            return self.runs[index].value
        return None

    def observed(self, run: Run) -> Observed:
        return Observed(self.period, self.date, run.value, run.realtime_start, run.realtime_end)


def plain(value: str) -> str:
    """A figure's number as FRED writes a value: plain decimal text, no exponent."""
    return format(Decimal(value), "f")


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def runs_of(spans: Iterable[Held]) -> list[Run]:
    """A slot's spans as real-time periods: a value that goes on unchanged from one
    span into the next (a change of status, not of number) is one period."""
    runs: list[Run] = []
    for span in sorted(spans, key=lambda span: span.pub_from):
        if span.pub_to is not None and span.pub_to <= span.pub_from:
            continue
        value = plain(span.value)
        end = END_OF_TIME if span.pub_to is None else _day_before(span.pub_to)
        if runs and runs[-1].value == value and _day_before(span.pub_from) == runs[-1].realtime_end:
            runs[-1] = Run(value, runs[-1].realtime_start, end)
        else:
            runs.append(Run(value, span.pub_from, end))
    return runs


class SeriesVintages:
    """A series' observations and release dates, and the views ALFRED gives of them."""

    def __init__(self, spans: Iterable[Held], release_dates: list[str]) -> None:
        by_period: dict[str, list[Held]] = defaultdict(list)
        for span in spans:
            by_period[span.period].append(span)
        self.observations = [
            Observation(period, runs)
            for period in sorted(by_period, key=period_order)
            if (runs := runs_of(by_period[period]))
        ]
        self.release_dates = sorted(release_dates)

    def between(self, observation_start: str, observation_end: str) -> list[Observation]:
        """The observations whose date is in the (inclusive) range."""
        return [o for o in self.observations if observation_start <= o.date <= observation_end]

    def vintage_dates(self, start: str, end: str) -> list[str]:
        """The series' release dates in the real-time window (inclusive)."""
        dates = self.release_dates
        return dates[bisect_left(dates, start) : bisect_right(dates, end)]

    def columns(self, start: str, end: str) -> list[str]:
        """The vintages a by-vintage view of the window shows: the one in effect on its
        first day (released then or before), and every one released in it."""
        dates = self.release_dates
        first = bisect_right(dates, start) - 1
        return dates[max(first, 0) : bisect_right(dates, end)]


def by_real_time_period(
    observations: Iterable[Observation], start: str, end: str
) -> Iterator[Observed]:
    """Output type 1: every value whose real-time period meets [start, end], unclipped."""
    for observation in observations:
        for run in observation.runs:
            if run.meets(start, end):
                yield observation.observed(run)


def held_on_day(spans: Iterable[Held], day: str) -> Iterator[Observed]:
    """Output type 1 for the one-day window [day, day], in period order, from the spans
    alone: what :func:`by_real_time_period` gives of a :class:`SeriesVintages` of them,
    folding only the runs around ``day`` (the common "as of D" question).

    A run holds on ``day`` when one of its spans does (its spans are contiguous),
    so each span holding ``day`` is widened over its neighbours as :func:`runs_of`
    would merge them: non-empty, contiguous, the same plain value.
    """
    by_period: dict[str, list[Held]] = defaultdict(list)
    for span in spans:
        if span.pub_to is None or span.pub_to > span.pub_from:  # runs_of drops empty ones
            by_period[span.period].append(span)
    for period in sorted(by_period, key=period_order):
        ordered = by_period[period]
        ordered.sort(key=lambda span: span.pub_from)
        last = len(ordered) - 1
        index = 0
        while index <= last:
            span = ordered[index]
            if not (span.pub_from <= day and (span.pub_to is None or day < span.pub_to)):
                index += 1
                continue
            value = plain(span.value)
            first = index
            while first > 0 and _merges(ordered[first - 1], ordered[first]):
                first -= 1
            while index < last and _merges(ordered[index], ordered[index + 1]):
                index += 1
            end = ordered[index].pub_to
            start = ordered[first].pub_from
            yield Observed(period, period_bounds(period)[0], value, start,
                           END_OF_TIME if end is None else _day_before(end))  # fmt: skip
            index += 1


def _merges(before: Held, after: Held) -> bool:
    """Whether :func:`runs_of` makes ``after`` one run with ``before``: it starts the
    day ``before`` ends, with the same plain value."""
    return before.pub_to == after.pub_from and (
        after.value == before.value or plain(after.value) == plain(before.value)
    )


def held_on_dates(observations: Iterable[Observation], days: list[str]) -> Iterator[Observed]:
    """Output type 1 for a list of vintage dates: every value held on one of them."""
    for observation in observations:
        for run in observation.runs:
            if any(run.holds_on(day) for day in days):
                yield observation.observed(run)


def initial_releases(observations: Iterable[Observation], by: str) -> Iterator[Observed]:
    """Output type 4: each observation's first value, if it was published by ``by``."""
    for observation in observations:
        first = observation.runs[0]
        if first.realtime_start <= by:
            yield observation.observed(first)


def vintage_cells(observation: Observation, days: list[str]) -> list[str | None]:
    """Output type 2: the value as of each of ``days`` (None where it had none)."""
    return [observation.value_on(day) for day in days]


def new_or_revised_cells(
    observation: Observation, days: list[str], release_dates: list[str]
) -> list[str | None]:
    """Output type 3: the value as of each of ``days`` where it differs from the value
    as of the series' release date before that day (None elsewhere)."""
    cells: list[str | None] = []
    for day in days:
        value = observation.value_on(day)
        index = bisect_left(release_dates, day) - 1
        before = observation.value_on(release_dates[index]) if index >= 0 else None
        cells.append(value if value is not None and value != before else None)
    return cells


def with_any(observations: Iterable[Observation], days: list[str], cells_of) -> list[Observation]:
    """The observations with at least one value among their cells for ``days``."""
    return [o for o in observations if any(cell is not None for cell in cells_of(o, days))]


@dataclass(frozen=True, slots=True)
class SeriesFacts:
    """What FRED's ``series`` says of a series, as of a day."""

    statistic: str
    source: str | None
    title: str
    units: str
    notes: str
    frequency: str | None  # the periods' frequency (ledger.semantics.periods); None if mixed
    observation_start: str | None  # the first observation's date
    observation_end: str | None  # the last observation's date
    last_updated: str | None  # the latest recorded time of the values shown, as stamped


def series_facts(
    statistic: str,
    name: str,
    unit: str,
    notes: str,
    source: str | None,
    shown: Iterable[tuple[str, str]],
) -> SeriesFacts:
    """The facts of a series from the (period, recorded) of the values it shows."""
    periods, recorded = set(), []
    for period, moment in shown:
        periods.add(period)
        recorded.append(moment)
    dates = sorted(period_bounds(period)[0] for period in periods)
    frequencies = set()
    for period in periods:
        try:
            frequencies.add(frequency_of_label(period))
        except InvalidInput:
            frequencies.add(None)
    frequency = frequencies.pop() if len(frequencies) == 1 else None
    return SeriesFacts(
        statistic, source, name, unit, notes, frequency,
        dates[0] if dates else None, dates[-1] if dates else None,
        max(recorded) if recorded else None,
    )  # fmt: skip
