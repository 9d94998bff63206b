"""A line chart of figures' values: one line per source.

A hedged value ("more than 59,000", "about 40,000") is drawn with its wide
interval as an error bar: a vertical line from the low end to the high end.
An end that is open (no upper bound to "more than") runs on past every value
drawn, towards the chart's edge, and ends in an arrow, so it reads as "and
beyond", not as a bound.

Labels on the chart are source ids and period labels, which the ledger
restricts to safe characters; the plot itself is drawn by plotext as ANSI
text, so free text from sources (names, quotes) never goes into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual_plotext import PlotextPlot

from tui.literal import clean


@dataclass(frozen=True, slots=True)
class Band:
    """The interval a hedged value stands for, at ``x``; ``None`` for an open end."""

    x: float
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChartData:
    title: str
    series: list[Series]
    ticks: list[float] = field(default_factory=list)
    tick_labels: list[str] = field(default_factory=list)
    ylabel: str = ""
    empty_message: str = "nothing to plot"


class ValuesChart(PlotextPlot):
    DEFAULT_CSS = """
    ValuesChart {
        height: 1fr;
        min-height: 6;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data: ChartData | None = None

    def show(self, data: ChartData) -> None:
        self.data = data
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(clean(data.title))
        plotted = [s for s in data.series if s.xs]
        if not plotted:
            plt.title(clean(f"{data.title}: {data.empty_message}"))
        if plotted:
            xlim = padded([x for s in plotted for x in s.xs], 0.05, 0.05)
            in_view = ends_in_view(plotted)
            # Room at the top for the legend; open ends stop below it.
            ylim = padded(in_view, 0.1, 0.4)
            edges = padded(in_view, 0.05, 0.15)
            plt.xlim(*xlim)
            plt.ylim(*ylim)
        for number, series in enumerate(plotted):
            color = COLORS[number % len(COLORS)]
            plt.plot(series.xs, series.ys, label=clean(series.label), marker="dot", color=color)
            for band in series.bands:
                draw_band(plt, band, edges, color)
        if data.ticks:
            plt.xticks(data.ticks, [clean(t) for t in data.tick_labels])
        if data.ylabel:
            plt.ylabel(clean(data.ylabel))
        self.refresh()


# plotext's own sequence, named so that a series and its bands share a colour.
COLORS = ("blue+", "green+", "red+", "cyan+", "magenta+", "yellow", "gray")


def ends_in_view(plotted: list[Series]) -> list[float]:
    """The values and the bands' closed ends: what the y axis must show."""
    ys = [y for s in plotted for y in s.ys]
    ys += [end for s in plotted for b in s.bands for end in (b.low, b.high) if end is not None]
    return ys


def draw_band(plt, band: Band, edges: tuple[float, float], color: str) -> None:
    """A vertical bar over the band, ticks at its ends; an open end runs to ``edges``
    and ends in an arrow."""
    bottom, top = edges
    low = bottom if band.low is None else band.low
    high = top if band.high is None else band.high
    plt.plot([band.x, band.x], [low, high], marker="│", color=color)
    for end, arrow, edge in ((band.low, "▼", bottom), (band.high, "▲", top)):
        if end is None:
            plt.scatter([band.x], [edge], marker=arrow, color=color)
        else:
            plt.scatter([band.x], [end], marker="─", color=color)


def padded(values: list[float], below: float, above: float) -> tuple[float, float]:
    """The range of ``values`` widened by fractions of its span (of 1 if it has none)."""
    low, high = min(values), max(values)
    span = (high - low) or max(abs(high) * 0.1, 1.0)
    return low - span * below, high + span * above


def thin_ticks(positions: list[float], labels: list[str],
               most: int = 6) -> tuple[list[float], list[str]]:
    """At most ``most`` evenly spread ticks, always keeping the first and the last."""
    if len(positions) <= most:
        return positions, labels
    step = (len(positions) - 1) / (most - 1)
    chosen = sorted({round(i * step) for i in range(most)})
    return [positions[i] for i in chosen], [labels[i] for i in chosen]
