"""What the statistic screen shows, composed from the service's reads at one time point.

Runs in a worker thread: every function here reads through :class:`Ledger`
and returns plain frozen data that the screen only has to lay out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.rows import (
    DiscrepancyRow,
    FigureDetail,
    HistoryEntry,
    ReplayRow,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.interval_codec import decode_interval
from ledger.semantics.qualifiers import BARE
from ledger.service import Ledger
from tui.catalogue import Catalogue
from tui.timepoint import TimePoint
from tui.widgets.values_chart import Band, ChartData, Series, thin_ticks

# The chart of one period replays the ledger once per publication date: keep the latest few.
MOST_DATES_CHARTED = 60
MOST_PERIODS_CHARTED = 400


@dataclass(frozen=True, slots=True)
class Verdict:
    """How the current figures of one period compare."""

    word: str  # "consistent", "soft", "hard", or "one source"
    internal: bool = False
    state: str | None = None  # a discrepancy's state: open, explained, resolved
    gap: str | None = None

    def describe(self) -> str:
        words = [self.word]
        if self.internal:
            words.append("internal")
        if self.state and self.state != "open":
            words.append(self.state)
        return " · ".join(words)


@dataclass(frozen=True, slots=True)
class PeriodLine:
    """One row of the periods table: a source's current figure for a period."""

    period: str
    first: bool  # the first row of its period, which carries the period and verdict
    verdict: Verdict
    figure: ReplayRow

    @property
    def key(self) -> str:
        return f"{self.period}\x1f{self.figure.source}"


@dataclass(frozen=True, slots=True)
class StatisticView:
    statistic: StatisticRow
    lines: list[PeriodLine]
    history: list[HistoryEntry]
    sources: dict[str, SourceRow]
    across_periods: ChartData

    @property
    def periods(self) -> list[str]:
        return [line.period for line in self.lines if line.first]


@dataclass(frozen=True, slots=True)
class FigureCard:
    """One figure of the selected period, as the ledger says it stood at the time point."""

    detail: FigureDetail
    source: SourceRow | None

    @property
    def text(self) -> str:
        return self.detail.standing_text

    @property
    def current(self) -> bool:
        return self.detail.current

    @property
    def states(self) -> tuple[str, ...]:  # current, superseded, corrected ×n, retracted DATE, …
        return self.detail.states


@dataclass(frozen=True, slots=True)
class PeriodView:
    period: str
    cards: list[FigureCard]
    by_publication: ChartData


def when(point: TimePoint) -> dict:
    return {"as_of": point.as_of, "known_at": point.known_at}


def read_statistic(ledger: Ledger, catalogue: Catalogue, code: str,
                   point: TimePoint) -> StatisticView:
    current = ledger.replay(code, **when(point))  # first: it says so if there is no such code
    statistic = catalogue.statistic(code)
    found = ledger.discrepancies(statistic=code, **when(point))
    history = ledger.history(code, **when(point))
    sources = catalogue.sources()
    return StatisticView(
        statistic=statistic,
        lines=period_lines(current, found),
        history=history,
        sources=sources,
        across_periods=across_periods_chart(current, statistic.unit),
    )


def period_lines(current: list[ReplayRow], found: list[DiscrepancyRow]) -> list[PeriodLine]:
    by_period: dict[str, list[ReplayRow]] = {}
    for row in current:  # already in period order
        by_period.setdefault(row.period, []).append(row)
    verdicts = {d.period: d for d in found}
    lines = []
    for period, rows in by_period.items():
        verdict = verdict_of(verdicts.get(period), len(rows))
        lines.extend(PeriodLine(period, i == 0, verdict, row) for i, row in enumerate(rows))
    return lines


def verdict_of(discrepancy: DiscrepancyRow | None, figures: int) -> Verdict:
    if discrepancy is not None:
        return Verdict(discrepancy.severity, discrepancy.internal, discrepancy.state,
                       f"{discrepancy.gap:,}")
    return Verdict("consistent" if figures > 1 else "one source")


def across_periods_chart(current: list[ReplayRow], unit: str) -> ChartData:
    periods: list[str] = []
    for row in current:
        if not periods or periods[-1] != row.period:
            periods.append(row.period)
    shown = periods[-MOST_PERIODS_CHARTED:]
    position = {period: float(i) for i, period in enumerate(shown)}
    series: dict[str, Series] = {}
    for row in current:
        if row.period in position:
            plot_point(series.setdefault(row.source, Series(row.source)),
                       position[row.period], row)
    ticks, labels = thin_ticks(list(position.values()), shown, most=5)
    title = "current values by period"
    if len(periods) > len(shown):
        title += f" (last {len(shown)})"
    return ChartData(title, list(series.values()), ticks, labels, unit, "no current figures")


def plot_point(line: Series, x: float, row: ReplayRow) -> None:
    """The row's value at ``x``, with its wide interval when the value was hedged."""
    line.xs.append(x)
    line.ys.append(float(row.value))
    if row.qualifier != BARE:  # a bare value's interval is its rounding: the point says it
        wide = decode_interval(row.wide)
        low = None if wide.low is None else float(wide.low)
        high = None if wide.high is None else float(wide.high)
        if low != high:
            line.bands.append(Band(x, low, high))


def read_period(ledger: Ledger, code: str, period: str, point: TimePoint,
                history: list[HistoryEntry], sources: dict[str, SourceRow],
                unit: str) -> PeriodView:
    """The period's figures with their states at the point, as the ledger gives them."""
    entries = [h for h in history if h.period == period]
    cards = [
        FigureCard(detail, sources.get(detail.source))
        for detail in ledger.figures(code, period, **when(point))
    ]
    chart = by_publication_chart(ledger, code, period, point, entries, unit)
    return PeriodView(period, cards, chart)


def by_publication_chart(ledger: Ledger, code: str, period: str, point: TimePoint,
                         entries: list[HistoryEntry], unit: str) -> ChartData:
    """The period's value per source as it stood on each date something was published."""
    dates = sorted({h.published for h in entries if h.published is not None})
    dates = dates[-MOST_DATES_CHARTED:]
    series: dict[str, Series] = {}
    for day in dates:
        for row in ledger.replay(code, period, as_of=day, known_at=point.known_at):
            plot_point(series.setdefault(row.source, Series(row.source)),
                       float(date.fromisoformat(day).toordinal()), row)
    positions = [float(date.fromisoformat(d).toordinal()) for d in dates]
    ticks, labels = thin_ticks(positions, dates, most=4)
    return ChartData(f"{period} by publication date", list(series.values()), ticks, labels, unit,
                     "no figures")
