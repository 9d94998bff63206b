"""Who said it: every source with its organisation, kind, and how often its figures changed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Footer, Header

from ledger.rows import SourceRow
from tui.literal import dash_if_none, literal
from tui.screens.base import LedgerScreen
from tui.timepoint import TimePoint
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = [
    Column("source", "Source"),
    Column("name", "Name"),
    Column("organisation", "Organisation"),
    Column("kind", "Kind"),
    Column("figures", "Figures"),
    Column("revised", "Revised"),
    Column("corrected", "Corrected"),
    Column("retracted", "Retracted"),
]


def count(n: int, style: str = "") -> Text:
    return Text(f"{n:,}", style=style if n else "dim", justify="right")


def source_cells(row: SourceRow) -> list[Text]:
    return [
        literal(row.source_id, "bold", width=32),
        literal(row.name, width=40),
        dash_if_none(row.organisation, width=32),
        Text(row.kind),
        count(row.figures),
        count(row.revised, "cyan"),
        count(row.corrected, "yellow"),
        count(row.retracted, "red"),
    ]


class SourcesScreen(LedgerScreen):
    """Sources, their figures, and how many were later revised, corrected or retracted."""

    TITLE = "Sources"

    @dataclass
    class Loaded(Message):
        rows: list[SourceRow]
        point: TimePoint

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.wanted = select

    def compose(self) -> ComposeResult:
        yield Header()
        yield PagedTable(COLUMNS, key_of=lambda r: r.source_id, cells_of=source_cells,
                         nouns=("source", "sources"), id="sources")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable[SourceRow]:
        return self.query_one("#sources", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()

    @work(thread=True, exclusive=True, group="read")
    def read(self, point: TimePoint) -> None:
        with self.reporting():
            # Ledger.sources() takes no time point: it counts figures as known now,
            # and the border says so when the screen shows another point.
            self.deliver(self.Loaded(self.ledger.sources(), point))

    @on(Loaded)
    def show_rows(self, message: Loaded) -> None:
        self.recount.catalogue.remember_sources(message.rows)
        self.table.show(message.rows, select_key=self.wanted)
        self.wanted = None
        self.table.border_title = None if message.point.is_now else "counts as known now"

    def select_source(self, source_id: str) -> None:
        index = self.table.index_of(source_id)
        if index is None:
            self.wanted = source_id
        else:
            self.table.go_to(index)
