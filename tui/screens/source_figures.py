"""What one source stands by: its current figures at the time point, every statistic.

Opened with ``enter`` on a source; ``enter`` on a figure opens its statistic
at that period. The door has no read of one source's figures yet, so the
worker replays the ledger at the point and keeps that source's rows: a
flat-memory pass over every current figure, seconds on a very large ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ledger.rows import ReplayRow, SourceRow
from tui.literal import literal
from tui.screens.base import LedgerScreen
from tui.timepoint import TimePoint, plural
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = [
    Column("statistic", "Statistic", shrink=3, least=12),
    Column("period", "Period"),
    Column("text", "Figure", shrink=4, least=12),
    Column("interval", "Interval (wide)", shrink=2, least=8, short="Wide"),
    Column("status", "Status"),
    Column("published", "Published"),
    Column("kind", "Last event", shrink=1, least=5, short="Event"),
]


def figure_key(row: ReplayRow) -> str:
    return f"{row.statistic}\x1f{row.period}"


def figure_cells(row: ReplayRow) -> list[Text]:
    return [
        literal(row.statistic, "bold"),
        Text(row.period),
        literal(row.text, "bold"),
        literal(row.wide),
        Text(row.status, style="dim" if row.status == "normal" else "italic"),
        Text(row.published),
        Text(row.kind, style="bold yellow" if row.kind == "corrected" else "dim"),
    ]


def source_line(source: SourceRow) -> Text:
    text = Text.assemble(literal(source.source_id, "bold"), no_wrap=True, overflow="ellipsis")
    if source.name != source.source_id:
        text.append(" · ")
        text.append_text(literal(source.name))
    if source.organisation and source.organisation != source.name:
        text.append(" · ")
        text.append_text(literal(source.organisation))
    text.append(f" · {source.kind}", style="dim")
    return text


class SourceFiguresScreen(LedgerScreen):
    """One source's current figures, by statistic and period."""

    @dataclass
    class Loaded(Message):
        source: SourceRow
        rows: list[ReplayRow]
        point: TimePoint

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id
        self.title = f"Figures of {source_id}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield PagedTable(COLUMNS, key_of=figure_key, cells_of=figure_cells,
                         nouns=("figure", "figures"), id="source-figures")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable[ReplayRow]:
        return self.query_one("#source-figures", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()

    @work(thread=True, exclusive=True, group="read")
    def read(self, point: TimePoint) -> None:
        with self.reporting():
            source = self.ledger.source(self.source_id)  # first: it says so if there is none
            rows = [row for row in self.ledger.iter_replay(as_of=point.as_of,
                                                           known_at=point.known_at)
                    if row.source == self.source_id]
            self.deliver(self.Loaded(source, rows, point))

    @on(Loaded)
    def show_rows(self, message: Loaded) -> None:
        if message.point != self.point:
            return
        self.query_one("#summary", Static).update(source_line(message.source))
        self.table.show(message.rows)
        statistics = len({row.statistic for row in message.rows})
        self.table.border_title = (
            f"current figures in {plural(statistics, 'statistic')} · enter opens the statistic"
        )

    @on(DataTable.RowSelected, "#source-figures")
    def open_statistic(self) -> None:
        row = self.table.current_item
        if row is not None:
            self.recount.open_statistic(row.statistic, row.period)

