"""Home: every statistic with its counts, filtered as you type and sortable.

The ledger filters, sorts and pages the catalogue in SQL
(:meth:`Ledger.statistics_page`): the screen reads only the page on screen,
and another when the cursor moves off it. At a past point that holds while
the list is sorted by code, name or unit (the page's statistics alone are
replayed for their counts); sorted by a count, every statistic must be
replayed, so the list is read once at that point and sorted and paged here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from ledger.rows import StatisticRow
from tui.literal import dash_if_none, literal
from tui.screens.base import LedgerScreen
from tui.timepoint import TimePoint
from tui.widgets.paged_table import Column, PagedTable

# Open discrepancies come early: they are what an analyst looks for first.
# In a narrow terminal names and units give way first, then codes; the counts
# and the date never do.
COLUMNS = [
    Column("code", "Code", shrink=2, least=11),
    Column("name", "Name", shrink=1, least=10),
    Column("unit", "Unit", shrink=1, least=5),
    Column("hard", "Hard"),
    Column("soft", "Soft"),
    Column("periods", "Periods"),
    Column("figures", "Figures"),
    Column("last_published", "Last published", short="Last pub."),
]

# At a past point the whole list is read once and sorted here, in the order the
# ledger sorts in SQL now (a column's own order, then the code; no date first).
SORT_KEYS: dict[str, Callable[[StatisticRow], Any]] = {
    "code": lambda r: r.code,
    "name": lambda r: r.name,
    "unit": lambda r: r.unit,
    "periods": lambda r: r.periods,
    "figures": lambda r: r.figures,
    "hard": lambda r: r.hard,
    "soft": lambda r: r.soft,
    "last_published": lambda r: r.last_published or "",
}

PAGE_SIZE = 100
IMMEDIATE_FILTER_ROWS = 5_000
FILTER_PAUSE_SECONDS = 0.15

NUMERIC_KEYS = ("periods", "figures", "hard", "soft", "last_published")
# Sorting by these needs no counts: the ledger pages them at any point.
TIMELESS_KEYS = ("code", "name", "unit")

EMPTY_LEDGER = (
    "The ledger holds no statistics yet. Record some with `recount statistic add` and "
    "`recount record`, or open the demo ledger with `recount demo`."
)


def statistic_cells(row: StatisticRow) -> list[Text]:
    return [
        literal(row.code, "bold"),
        literal(row.name),
        literal(row.unit),
        Text(str(row.hard), style="bold red" if row.hard else "dim", justify="right"),
        Text(str(row.soft), style="yellow" if row.soft else "dim", justify="right"),
        Text(f"{row.periods:,}", justify="right"),
        Text(f"{row.figures:,}", justify="right"),
        dash_if_none(row.last_published),
    ]


class StatisticsScreen(LedgerScreen):
    """Every statistic: code, name, unit, periods, figures, open discrepancies, last publication."""

    TITLE = "Statistics"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="statistics.filter"),
        Binding("o", "sort", "Sort", id="statistics.sort"),
        Binding("r", "reverse", "Reverse order", show=False, id="statistics.reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="statistics.clear"),
    ]

    @dataclass(frozen=True, slots=True)
    class Query:
        """What the list shows: the filter typed and the sort."""

        contains: str
        order_by: str
        descending: bool

    @dataclass
    class Loaded(Message):
        """Every statistic at a past point."""

        rows: list[StatisticRow]
        point: TimePoint

    @dataclass
    class PageLoaded(Message):
        """One page of the statistics at a point."""

        rows: list[StatisticRow]
        matching: int  # how many statistics the filter lets through
        total: int  # how many statistics in all
        offset: int
        index: int | None  # the item to put the cursor on, if not the same statistic
        query: StatisticsScreen.Query
        point: TimePoint

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StatisticRow] = []  # at a past point, sorted by a count: every one
        self.rows_point: TimePoint | None = None  # the point self.rows were read at
        self.haystacks: list[str] = []
        self.total = 0  # how many statistics in all, at the point shown
        self.sort_key = "code"
        self.sort_reverse = False
        self.pending_filter: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ to filter by code, name or unit", id="filter", compact=True)
        yield Static(EMPTY_LEDGER, id="empty", markup=False)
        yield PagedTable(COLUMNS, key_of=lambda r: r.code, cells_of=statistic_cells,
                         page_size=PAGE_SIZE, nouns=("statistic", "statistics"), id="statistics")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable[StatisticRow]:
        return self.query_one("#statistics", PagedTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def wanted(self) -> Query:
        return self.Query(self.filter_input.value.strip(), self.sort_key, self.sort_reverse)

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        self.table.focus()

    def paged(self) -> bool:
        """Whether the ledger pages the list: always now, and by code, name or unit."""
        return self.point.is_now or self.sort_key in TIMELESS_KEYS

    def read(self, point: TimePoint) -> None:
        if self.paged():
            # The page on screen again (the cursor stays on its statistic if still there).
            first = self.table.first_index if self.table.paged else 0
            self.read_page(self.wanted(), first, point=point)
        else:
            self.read_all(point)

    @work(thread=True, exclusive=True, group="read")
    def read_all(self, point: TimePoint) -> None:
        with self.reporting():
            rows = self.ledger.statistics(as_of=point.as_of, known_at=point.known_at)
            self.deliver(self.Loaded(rows, point))

    @work(thread=True, exclusive=True, group="read")
    def read_page(
        self, query: Query, offset: int, index: int | None = None, point: TimePoint | None = None
    ) -> None:
        point = point or self.point
        with self.reporting():
            rows, matching = self.read_rows(query, offset, point)
            if not rows and offset and matching:
                # The list got shorter than the page asked for: its last page instead.
                offset = (matching - 1) // PAGE_SIZE * PAGE_SIZE
                rows, matching = self.read_rows(query, offset, point)
            total = self.ledger.statistics_page(limit=0)[1] if query.contains else matching
            self.deliver(self.PageLoaded(rows, matching, total, offset, index, query, point))

    def read_rows(
        self, query: Query, offset: int, point: TimePoint
    ) -> tuple[list[StatisticRow], int]:
        return self.ledger.statistics_page(
            point.as_of, point.known_at, contains=query.contains or None,
            order_by=query.order_by, descending=query.descending, offset=offset,
            limit=PAGE_SIZE)  # fmt: skip

    def read_sources_soon(self) -> None:
        if not self.recount.catalogue.has_sources:
            # Read the sources once the list is painted, while the analyst looks at it.
            self.call_after_refresh(self.read_sources)

    def read_sources(self) -> None:
        if not self.recount.catalogue.has_sources:
            self.recount.refresh_sources()

    @on(PageLoaded)
    def show_page(self, message: PageLoaded) -> None:
        if message.point != self.point or not self.paged():
            return  # read before travelling, or before sorting by a count
        self.read_sources_soon()
        self.rows, self.haystacks = [], []
        self.total = message.total
        self.query_one("#empty").display = not message.total
        self.table.show_page(message.rows, message.matching, message.offset,
                             index=message.index)
        self.describe(message.matching, message.query)

    @on(PagedTable.PageWanted, "#statistics")
    def page_wanted(self, message: PagedTable.PageWanted) -> None:
        if self.paged() and self.table.paged:  # not asked before travelling or sorting
            self.read_page(self.wanted(), message.offset, message.index)

    @on(Loaded)
    def show_rows(self, message: Loaded) -> None:
        if message.point != self.point:
            return
        self.read_sources_soon()
        self.rows, self.rows_point = message.rows, message.point
        self.total = len(self.rows)
        self.haystacks = [f"{r.code}\x1f{r.name}\x1f{r.unit}".lower() for r in self.rows]
        self.query_one("#empty").display = not self.rows
        self.refilter()

    # -- filter and sort -------------------------------------------------------

    def visible_rows(self) -> list[StatisticRow]:
        wanted = self.filter_input.value.strip().lower()
        if wanted:
            rows = [r for r, hay in zip(self.rows, self.haystacks, strict=True) if wanted in hay]
        else:
            rows = list(self.rows)
        rows.sort(key=SORT_KEYS[self.sort_key], reverse=self.sort_reverse)
        return rows

    def refilter(self) -> None:
        self.pending_filter = None
        if self.paged():
            # From the first page: the cursor stays on its statistic if that is on it.
            self.read_page(self.wanted(), 0)
            return
        if self.rows_point != self.point:
            self.read_all(self.point)  # sorted by a count: every statistic, then here
            return
        rows = self.visible_rows()
        self.table.show(rows)
        self.describe(len(rows), self.wanted())

    def describe(self, matching: int, query: Query) -> None:
        label = f"sorted by {query.order_by}{' ↓' if query.descending else ''}"
        if matching != self.total:
            label = f"{matching:,} of {self.total:,} match · " + label
        self.table.border_title = label

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        # On a long list, wait until the typing pauses rather than filter at each key.
        if self.pending_filter is not None:
            self.pending_filter.stop()
            self.pending_filter = None
        if self.total > IMMEDIATE_FILTER_ROWS:
            self.pending_filter = self.set_timer(FILTER_PAUSE_SECONDS, self.refilter)
        else:
            self.refilter()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        """Escape: clear the filter if there is one, else what escape does everywhere."""
        if self.filter_input.value or self.filter_input.has_focus:
            self.filter_input.value = ""
            self.table.focus()
        else:
            self.recount.action_back()

    def action_sort(self) -> None:
        keys = list(SORT_KEYS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        # Counts and dates read best largest or latest first.
        self.sort_reverse = self.sort_key in NUMERIC_KEYS
        self.refilter()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.refilter()

    @on(DataTable.HeaderSelected, "#statistics")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self.refilter()

    # -- open one --------------------------------------------------------------

    @on(DataTable.RowSelected, "#statistics")
    def open_statistic(self) -> None:
        row = self.table.current_item
        if row is not None:
            self.recount.open_statistic(row.code)
