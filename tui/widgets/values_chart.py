"""A line chart of figures' values: one line per source.

Labels on the chart are source ids and period labels, which the ledger
restricts to safe characters; the plot itself is drawn by plotext as ANSI
text, so free text from sources (names, quotes) never goes into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual_plotext import PlotextPlot

from tui.literal import clean


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)


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
        for series in plotted:
            plt.plot(series.xs, series.ys, label=clean(series.label), marker="dot")
        if plotted:
            plt.xlim(*padded([x for s in plotted for x in s.xs], 0.05, 0.05))
            # Room at the top for the legend.
            plt.ylim(*padded([y for s in plotted for y in s.ys], 0.1, 0.4))
        if data.ticks:
            plt.xticks(data.ticks, [clean(t) for t in data.tick_labels])
        if data.ylabel:
            plt.ylabel(clean(data.ylabel))
        self.refresh()


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
