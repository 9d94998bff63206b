"""Who said it: every source with its organisation, kind, and how often its figures changed.

``enter`` on a source opens what it stands by (:mod:`tui.screens.source_figures`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Footer, Header

from ledger.rows import SourceRow
from tui.literal import dash_if_none, literal
from tui.screens.base import LedgerScreen
from tui.screens.source_figures import SourceFiguresScreen
from tui.timepoint import TimePoint
from tui.widgets.paged_table import Column, PagedTable

# A source's withdrawals and its vintage drop-outs (values a later vintage no longer
# held) are counted apart by the ledger: a watchdog reads "retracted" as withdrawn.
COLUMNS = [
    Column("source", "Source", shrink=3, least=9),
    Column("name", "Name", shrink=2, least=12),
    Column("organisation", "Organisation", shrink=1, least=7, short="Org."),
    Column("kind", "Kind"),
    Column("figures", "Figures", short="Figs."),
    Column("revised", "Revised", short="Rev."),
    Column("corrected", "Corrected", short="Corr."),
    Column("retracted", "Retracted", short="Retr."),
    Column("dropped", "Dropped by a vintage", short="Dropped"),
]


def count(n: int, style: str = "") -> Text:
    return Text(f"{n:,}", style=style if n else "dim", justify="right")


def source_cells(row: SourceRow) -> list[Text]:
    return [
        literal(row.source_id, "bold"),
        literal(row.name),
        dash_if_none(row.organisation),
        Text(row.kind),
        count(row.figures),
        count(row.revised, "cyan"),
        count(row.corrected, "yellow"),
        count(row.retracted, "red"),
        count(row.dropped, "magenta"),
    ]


class SourcesScreen(LedgerScreen):
    """Sources, their figures, and how many were later revised, corrected, retracted or
    dropped by a vintage."""

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
        self.table.border_title = (
            "enter shows a source's figures" if message.point.is_now else "counts as known now"
        )

    def select_source(self, source_id: str) -> None:
        index = self.table.index_of(source_id)
        if index is None:
            self.wanted = source_id
        else:
            self.table.go_to(index)

    @on(DataTable.RowSelected, "#sources")
    def open_figures(self) -> None:
        row = self.table.current_item
        if row is not None:
            self.app.push_screen(SourceFiguresScreen(row.source_id))
