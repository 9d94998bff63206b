"""A statistic's revisions: each period's value release by release, one source at a time.

Opened with ``v`` on a statistic. The triangle's rows are periods, its
columns the 1st, 2nd, … release (as many as fit the screen when it is read)
and the latest; a cell is coloured by the size of its revision from the
release before (see :mod:`tui.revisions_view` for the cutoffs). ``o`` shows
the next source. Below, the selected period's releases by date with their
intervals, one line per source, and the source's revisions from first to
latest summed up as the ledger gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ledger.rows import ReleaseRow, RevisionSummary
from tui.literal import literal
from tui.revisions_view import (
    LARGE,
    NO_CHANGE,
    SMALL,
    Cell,
    RevisionsView,
    TriangleLine,
    ordinal,
    read_revisions,
    releases_chart,
)
from tui.screens.base import LedgerScreen
from tui.screens.diff import ask_for_diff
from tui.timepoint import TimePoint, plural
from tui.widgets.paged_table import Column, PagedTable
from tui.widgets.values_chart import ChartData, ValuesChart

SIZE_STYLES = {NO_CHANGE: "dim", SMALL: "yellow", LARGE: "bold red"}

# Each column's padding, and what besides the columns a table line takes (borders, scrollbar).
PADDING = 2
FRAME = 4
RELEASES_WIDTH = len("Releases") + PADDING


def triangle_columns(depth: int) -> list[Column]:
    return [
        Column("period", "Period", shrink=1, least=8),
        *(Column(f"r{k}", ordinal(k)) for k in range(1, depth + 1)),
        Column("latest", "Latest"),
        Column("releases", "Releases"),
    ]


def columns_that_fit(first: list[ReleaseRow], width: int) -> int:
    """How many release columns fit ``width`` beside the period, the latest and the count,
    judged by the first releases' texts (later ones are about as wide), so that no
    release is read that cannot be shown. A long period label gives way (down to 8)."""
    value = max((cell_len(r.text) for r in first), default=1)
    column = max(value, len("10th")) + PADDING
    latest = max(value, len("Latest")) + PADDING
    period = min(max((len(r.period) for r in first), default=8), 8) + PADDING
    return (width - FRAME - period - latest - RELEASES_WIDTH) // column


def cell_text(cell: Cell | None) -> Text:
    if cell is None:
        return Text("")
    return literal(cell.release.text, SIZE_STYLES.get(cell.size or "", ""))


def triangle_cells(line: TriangleLine) -> list[Text]:
    return [
        Text(line.period, style="bold"),
        *(cell_text(c) for c in line.cells),
        cell_text(line.latest),
        Text(f"{line.releases:,}", style="dim"),
    ]


def measure(value: Decimal | None) -> str:
    """A summary measure, to four significant digits (the door's are exact or 28)."""
    if value is None:
        return "—"
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def summary_line(source: str, summary: RevisionSummary | None, sources: int) -> Text:
    text = Text.assemble(literal(source, "bold"), no_wrap=True, overflow="ellipsis")
    if sources > 1:
        text.append(" (o: next source)", style="dim")
    if summary is None:
        text.append(" · no revisions", style="dim")
        return text
    text.append(f" · revisions {summary.earlier} → {summary.later}: ")
    text.append(plural(summary.count, "period"))
    if summary.left_out:
        text.append(f" ({summary.left_out:,} left out)", style="dim")
    for label, value in (
        ("mean", summary.mean),
        ("MAR", summary.mean_absolute),
        ("RMS", summary.root_mean_square),
    ):
        text.append(f" · {label} ", style="dim")
        text.append(measure(value), style="bold")
    return text


LEGEND = Text.assemble(
    ("colour: revision from the release before · ", "dim"),
    ("unchanged", SIZE_STYLES[NO_CHANGE]),
    " · ",
    ("up to that step's MAR", SIZE_STYLES[SMALL]),
    " · ",
    ("larger", SIZE_STYLES[LARGE]),
    no_wrap=True,
    overflow="ellipsis",
)


class RevisionsScreen(LedgerScreen):
    """The revision triangle of one statistic, a source at a time."""

    BINDINGS = [
        Binding(
            "o",
            "next_source",
            "Next source",
            id="revisions.next_source",
            tooltip="Show the triangle of the next source of this statistic",
        ),
        Binding(
            "D",
            "diff",
            "Diff",
            id="revisions.diff",
            tooltip="What changed in this statistic between the point shown and another",
        ),
    ]

    @dataclass
    class Loaded(Message):
        view: RevisionsView
        point: TimePoint

    @dataclass
    class ChartRead(Message):
        period: str
        chart: ChartData
        point: TimePoint

    def __init__(self, code: str, period: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.wanted_period = period
        self.view: RevisionsView | None = None
        self.source: str | None = None
        self.charted: tuple[str, TimePoint] | None = None
        self.title = f"Revisions of {code}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="revisions-summary")
        yield Static(LEGEND, id="revisions-legend")
        yield PagedTable(
            triangle_columns(1),
            key_of=lambda line: line.key,
            cells_of=triangle_cells,
            nouns=("period", "periods"),
            id="triangle",
        )
        yield ValuesChart(id="period-releases")
        yield Footer(compact=True)

    @property
    def triangle(self) -> PagedTable[TriangleLine]:
        return self.query_one("#triangle", PagedTable)

    def on_mount(self) -> None:
        self.triangle.focus()

    # -- reads -------------------------------------------------------------------

    def read(self, point: TimePoint) -> None:
        self.read_triangle(point, self.app.size.width)

    @work(thread=True, exclusive=True, group="read")
    def read_triangle(self, point: TimePoint, width: int) -> None:
        def room(first: list[ReleaseRow]) -> int:
            return columns_that_fit(first, width)

        with self.reporting():
            view = read_revisions(self.ledger, self.recount.catalogue, self.code, point, room)
            self.deliver(self.Loaded(view, point))

    @work(thread=True, exclusive=True, group="chart")
    def read_chart(
        self, period: str, point: TimePoint, lines: list[TriangleLine], unit: str
    ) -> None:
        with self.reporting():
            chart = releases_chart(self.ledger, self.code, period, point, lines, unit)
            self.deliver(self.ChartRead(period, chart, point))

    # -- showing -------------------------------------------------------------------

    @on(Loaded)
    async def show_view(self, message: Loaded) -> None:
        if message.point != self.point:
            return
        view = self.view = message.view
        if self.source not in view.sources:
            self.source = view.sources[0] if view.sources else None
        if len(self.triangle.table_columns) != view.depth + 3:
            # The depth is known once read: a table with that many release columns.
            await self.triangle.remove()
            table = PagedTable(
                triangle_columns(view.depth),
                key_of=lambda line: line.key,
                cells_of=triangle_cells,
                nouns=("period", "periods"),
                id="triangle",
            )
            await self.mount(table, after="#revisions-legend")
            table.focus()
        self.charted = None
        self.show_source()

    def show_source(self) -> None:
        view = self.view
        if view is None:
            return
        source = self.source
        lines = view.lines.get(source, []) if source is not None else []
        select = None
        if self.wanted_period is not None:
            select = next((ln.key for ln in lines if ln.period == self.wanted_period), None)
        elif (current := self.triangle.current_item) is not None:
            select = next((ln.key for ln in lines if ln.period == current.period), None)
        self.triangle.show(lines, select_key=select)
        deepest = max((ln.releases for ln in lines), default=0)
        self.triangle.border_title = (
            f"{self.code} by {source or 'no source'}: releases 1–{view.depth} and latest"
            + (f" (up to {deepest:,})" if deepest > view.depth else "")
        )
        summary = view.summaries.get(source) if source is not None else None
        self.query_one("#revisions-summary", Static).update(
            summary_line(source or "no releases", summary, len(view.sources))
        )
        if not lines:
            self.query_one("#period-releases", ValuesChart).show(
                ChartData("releases by date", [], empty_message="no releases")
            )
        self.follow_cursor()

    def action_next_source(self) -> None:
        view = self.view
        if view is None or len(view.sources) < 2:
            self.notify("No other source of this statistic.", severity="warning")
            return
        at = view.sources.index(self.source) if self.source in view.sources else -1
        self.source = view.sources[(at + 1) % len(view.sources)]
        self.show_source()

    def action_diff(self) -> None:
        ask_for_diff(self.app, self.code, self.point)

    @on(DataTable.RowHighlighted, "#triangle")
    def follow_cursor(self) -> None:
        view, line = self.view, self.triangle.current_item
        if view is None or line is None:
            return
        self.wanted_period = None
        wanted = (line.period, self.point)
        if wanted == self.charted:
            return
        self.charted = wanted
        # Every source's releases of the period, not only the one in the table.
        same = [ln for lines in view.lines.values() for ln in lines if ln.period == line.period]
        self.read_chart(line.period, self.point, same, view.statistic.unit)

    @on(ChartRead)
    def show_chart(self, message: ChartRead) -> None:
        if message.point == self.point:
            self.query_one("#period-releases", ValuesChart).show(message.chart)

    @property
    def selected_period(self) -> str | None:
        line = self.triangle.current_item
        return None if line is None else line.period
