"""One statistic: its periods and verdicts, the selected period's figures, a chart, the history.

In a long series ``g`` goes to a period typed in any spelling, ``home`` and
``end`` to the first and last; ``p`` narrows the history to the selected
period's events (following the cursor) and back to every period's. ``v``
opens the revisions of the statistic, ``D`` the diff from the point shown
to another (``d`` stays the app's discrepancies).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from ledger.rows import HistoryEntry
from ledger.semantics.periods import Period
from tui.literal import dash_if_none, literal
from tui.screens.base import LedgerScreen
from tui.screens.diff import ask_for_diff
from tui.screens.modals import PeriodModal
from tui.screens.revisions import RevisionsScreen
from tui.statistic_view import PeriodLine, PeriodView, StatisticView, read_period, read_statistic
from tui.timepoint import TimePoint, format_recorded, plural
from tui.widgets.figure_details import FigureDetails
from tui.widgets.paged_table import Column, PagedTable
from tui.widgets.values_chart import ChartData, ValuesChart

VERDICT_STYLES = {
    "hard": "bold red",
    "soft": "yellow",
    "consistent": "green",
    "one source": "dim",
}

# In a narrow terminal the source and the interval give way; the period, its
# verdict and the figure as written never do (status and date scroll off first).
PERIOD_COLUMNS = [
    Column("period", "Period"),
    Column("verdict", "Verdict"),
    Column("source", "Source", shrink=1, least=8),
    Column("text", "Figure"),
    Column("interval", "Interval (wide)", shrink=1, least=8, short="Wide"),
    Column("status", "Status"),
    Column("published", "Published"),
]

# In a narrow terminal the reason and the recording give way before the value.
HISTORY_COLUMNS = [
    Column("recorded", "Recorded (UTC)", shrink=2, least=10),
    Column("by", "By", shrink=1, least=3),
    Column("published", "Published"),
    Column("period", "Period"),
    Column("source", "Source", shrink=2, least=4),
    Column("event", "Event"),
    Column("value", "Value", shrink=3, least=20),
    Column("reason", "Reason", shrink=1, least=4),
]

EVENT_STYLES = {
    "published": "green",
    "revised": "cyan",
    "corrected": "bold yellow",
    "retracted": "bold red",
    "amended": "magenta",
}


def period_cells(line: PeriodLine) -> list[Text]:
    row, verdict = line.figure, line.verdict
    style = VERDICT_STYLES.get(verdict.word, "")
    if verdict.internal and verdict.word in ("hard", "soft"):
        style += " italic"
    return [
        Text(line.period, style="bold") if line.first else Text(""),
        Text(verdict.describe(), style=style) if line.first else Text(""),
        literal(row.source),
        literal(row.text, "bold"),
        literal(row.wide),
        Text(row.status, style="dim" if row.status == "normal" else "italic"),
        Text(row.published),
    ]


def change_text(entry: HistoryEntry) -> Text:
    """The value an event left, with what it replaced: ``old → new``."""
    if entry.event == "retracted":
        return one_line(literal(entry.previous or ""), (" → ", "bold"), ("retracted", "bold red"))
    if entry.event == "amended" and entry.detail:
        return literal(entry.detail)
    if entry.previous is not None and entry.text is not None:
        return one_line(literal(entry.previous), (" → ", "bold"), literal(entry.text, "bold"))
    return literal(entry.text or "", "bold")


def one_line(*parts: Text | tuple[str, str]) -> Text:
    """Parts joined on one line that ends in an ellipsis where its column is narrower."""
    return Text.assemble(*parts, no_wrap=True, overflow="ellipsis")


def history_cells(entry: HistoryEntry) -> list[Text]:
    return [
        Text(format_recorded(entry.recorded, zone=False)),
        literal(entry.recorded_by),
        dash_if_none(entry.published),
        Text(entry.period),
        literal(entry.source),
        Text(entry.event, style=EVENT_STYLES.get(entry.event, "")),
        change_text(entry),
        dash_if_none(entry.reason),
    ]


class StatisticScreen(LedgerScreen):
    """A statistic's periods with the current figures per source, and how they came to be."""

    BINDINGS = [
        Binding("f", "tab('figures')", "Figures", id="statistic.figures"),
        Binding("c", "tab('chart')", "Chart", id="statistic.chart"),
        Binding("h", "tab('history')", "History", id="statistic.history"),
        Binding("g", "go_to_period", "Go to period", id="statistic.go_to_period",
                tooltip="Type a period (2010-Q4, 1947:01, …) and go to it"),
        Binding("p", "period_history", "Period's history", id="statistic.period_history",
                tooltip="History of the selected period only, or of every period again"),
        Binding("v", "revisions", "Revisions", id="statistic.revisions",
                tooltip="Each period's value release by release, coloured by its revision"),
        # d stays the app's discrepancies; D is the diff.
        Binding("D", "diff", "Diff", id="statistic.diff",
                tooltip="What changed in this statistic between the point shown and another"),
    ]

    @dataclass
    class Loaded(Message):
        view: StatisticView
        point: TimePoint

    @dataclass
    class PeriodLoaded(Message):
        view: PeriodView
        point: TimePoint

    def __init__(self, code: str, period: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.wanted_period = period
        self.view: StatisticView | None = None
        self.shown_period: tuple[str, TimePoint] | None = None
        self.one_period = False  # whether the history shows only the selected period's events
        self.history_shown: tuple[int, str | None] | None = None  # (view id, period)
        self.title = code

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield PagedTable(PERIOD_COLUMNS, key_of=lambda line: line.key, cells_of=period_cells,
                         nouns=("figure", "figures"), id="periods")
        with TabbedContent(id="tabs", initial="figures"):
            with TabPane("Figures", id="figures"):
                yield FigureDetails(id="figure-details")
            with TabPane("Chart", id="chart"), Horizontal(id="charts"):
                yield ValuesChart(id="by-publication")
                yield ValuesChart(id="across-periods")
            with TabPane("History", id="history"):
                yield PagedTable(HISTORY_COLUMNS, key_of=lambda e: str(e.seq),
                                 cells_of=history_cells, nouns=("event", "events"),
                                 id="history-table")
        yield Footer(compact=True)

    @property
    def periods_table(self) -> PagedTable[PeriodLine]:
        return self.query_one("#periods", PagedTable)

    def on_mount(self) -> None:
        self.periods_table.focus()

    # -- reads -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="read")
    def read(self, point: TimePoint) -> None:
        with self.reporting():
            view = read_statistic(self.ledger, self.recount.catalogue, self.code, point)
            self.deliver(self.Loaded(view, point))

    @work(thread=True, exclusive=True, group="period")
    def read_period(self, period: str, point: TimePoint) -> None:
        view = self.view
        if view is None:
            return
        with self.reporting():
            found = read_period(self.ledger, self.code, period, point, view.history, view.sources,
                                view.statistic.unit)
            self.deliver(self.PeriodLoaded(found, point))

    @on(Loaded)
    def show_statistic(self, message: Loaded) -> None:
        view = self.view = message.view
        self.show_summary(view)
        select = None
        if self.wanted_period is not None:
            wanted = self.wanted_period
            select = next((line.key for line in view.lines if line.period == wanted), None)
            self.wanted_period = None
        self.periods_table.show(view.lines, select_key=select)
        self.history_shown = None
        self.show_history()
        self.query_one("#across-periods", ValuesChart).show(view.across_periods)
        self.shown_period = None
        self.follow_cursor()
        if not view.lines:
            self.query_one(FigureDetails).show("this statistic", [], self.point)
            self.query_one("#by-publication", ValuesChart).show(
                ChartData("by publication date", [], empty_message="no figures"))

    def show_summary(self, view: StatisticView) -> None:
        s = view.statistic
        text = Text.assemble(literal(s.name, "bold"), ("  ·  unit ", "dim"), literal(s.unit))
        text.no_wrap = True
        if s.scope:
            text.append("  ·  scope ", style="dim")
            text.append_text(literal(s.scope))
        text.truncate(self.size.width - 2 or 80, overflow="ellipsis")
        if s.definition:
            text.append("\n")
            text.append_text(literal(s.definition, "dim italic", width=self.size.width - 2 or 80))
        self.query_one("#summary", Static).update(text)
        self.periods_table.border_title = (
            f"{plural(len(view.periods), 'period')} with current figures, by source"
        )

    def show_history(self) -> None:
        """Every period's events, or the selected period's after ``p``; oldest first."""
        view = self.view
        if view is None:
            return
        period = self.selected_period if self.one_period else None
        if self.history_shown == (id(view), period):
            return
        self.history_shown = (id(view), period)
        history = self.query_one("#history-table", PagedTable)
        if period is None:
            history.show(view.history)
            history.border_title = "Events of every period, oldest first · p: this period"
        else:
            history.show([h for h in view.history if h.period == period])
            history.border_title = f"Events of {period}, oldest first · p: every period"

    def action_period_history(self) -> None:
        self.one_period = not self.one_period
        self.show_history()
        self.action_tab("history")

    def action_revisions(self) -> None:
        self.app.push_screen(RevisionsScreen(self.code, self.selected_period))

    def action_diff(self) -> None:
        ask_for_diff(self.app, self.code, self.point)

    def action_go_to_period(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is not None:
                self.go_to_period(period)

        self.app.push_screen(PeriodModal(), chosen)

    def go_to_period(self, period: Period) -> None:
        """The period's first row; if it has no current figures, the next period's."""
        view = self.view
        if view is None or not view.lines:
            self.notify("No current figures to go to.", severity="warning")
            return
        wanted = (period.start.isoformat(), period.end.isoformat())
        index = next((i for i, line in enumerate(view.lines)
                      if line.first and line.period == period.label), None)
        if index is None:
            # Rows come in the ledger's period order (by start, then end).
            index = next((i for i, line in enumerate(view.lines) if line.first
                          and (line.figure.period_start, line.figure.period_end) >= wanted),
                         None)
            if index is None:
                index = max(i for i, line in enumerate(view.lines) if line.first)
            self.notify(f"No current figures for {period.label}: "
                        f"showing {view.lines[index].period}.", markup=False)
        self.periods_table.go_to(index)
        self.periods_table.focus()

    @on(DataTable.RowHighlighted, "#periods")
    def follow_cursor(self) -> None:
        line = self.periods_table.current_item
        if line is None:
            return
        self.show_history()
        wanted = (line.period, self.point)
        if wanted != self.shown_period:
            self.shown_period = wanted
            self.read_period(line.period, self.point)

    @on(PeriodLoaded)
    def show_period(self, message: PeriodLoaded) -> None:
        if message.point != self.point:
            return  # read before the time point moved; the read at the new one follows
        self.query_one(FigureDetails).show(message.view.period, message.view.cards, message.point)
        self.query_one("#by-publication", ValuesChart).show(message.view.by_publication)

    @property
    def selected_period(self) -> str | None:
        line = self.periods_table.current_item
        return None if line is None else line.period

    def select_period(self, period: str) -> None:
        if self.view is None:
            self.wanted_period = period
            return
        key = next((line.key for line in self.view.lines if line.period == period), None)
        if key is not None:
            index = self.periods_table.index_of(key)
            if index is not None:
                self.periods_table.go_to(index)

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
