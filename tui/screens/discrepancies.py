"""Every discrepancy at the time point, filtered by severity and state; the selected
one's notes in order; explain one with ``x``, resolve it with ``r``, reopen it with ``o``.

The register is read a page at a time (:meth:`Ledger.discrepancies_page`):
a synthetic ledger of 10^6 figures holds half a million discrepancies.
A note is always recorded now: on a past view the screen says so, then
shows the ledger now, where the note is seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from ledger.rows import DiscrepancyNote, DiscrepancyRow
from tui.literal import dash_if_none, literal
from tui.screens.base import LedgerScreen
from tui.screens.modals import ExplainModal, Explanation, NoteModal
from tui.timepoint import TimePoint, format_recorded
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = [
    Column("statistic", "Statistic", shrink=2, least=12),
    Column("period", "Period"),
    Column("severity", "Severity"),
    Column("gap", "Gap"),
    Column("sources", "Sources", shrink=1, least=10),
    Column("state", "State"),
    Column("explanation", "Explanation", shrink=1, least=6, short="Why"),
]

SEVERITIES = [("any severity", "any"), ("hard", "hard"), ("soft", "soft")]
STATES = [("any state", "any"), ("open", "open"), ("explained", "explained"),
          ("resolved", "resolved")]


def discrepancy_key(row: DiscrepancyRow) -> str:
    return f"{row.statistic}\x1f{row.period}"


def notes_text(notes: list[DiscrepancyNote]) -> Text:
    """The selected discrepancy's notes, oldest first, one a line."""
    if not notes:
        return Text("No notes yet: x explains, r resolves, o reopens.", style="dim")
    lines = []
    for n in notes:
        lines.append(Text.assemble(
            (format_recorded(n.recorded, zone=False), "dim"), "  ", literal(n.by, width=16),
            "  ", (n.action, "bold"), f" ({n.kind})" if n.kind else "", ": ",
            literal(n.note, width=80),
        ))
    return Text("\n").join(lines)


def discrepancy_cells(row: DiscrepancyRow) -> list[Text]:
    explanation = None
    if row.explanation_kind or row.explanation_note:
        explanation = Text.assemble(
            (row.explanation_kind or "", "bold"), ": " if row.explanation_note else "",
            literal(row.explanation_note or ""), no_wrap=True, overflow="ellipsis",
        )
    return [
        literal(row.statistic, "bold"),
        literal(row.period),
        Text(row.severity + (" · internal" if row.internal else ""),
             style="bold red" if row.severity == "hard" else "yellow"),
        Text(f"{row.gap:,}", justify="right"),
        literal(", ".join(row.sources)),
        Text(row.state, style="bold" if row.state == "open" else "dim"),
        explanation if explanation is not None else dash_if_none(None),
    ]


class DiscrepanciesScreen(LedgerScreen):
    """Where current figures from different sources cannot both be right."""

    TITLE = "Discrepancies"
    BINDINGS = [
        Binding("x", "explain", "Explain", id="discrepancies.explain"),
        Binding("r", "note('resolve')", "Resolve", id="discrepancies.resolve"),
        Binding("o", "note('reopen')", "Reopen", id="discrepancies.reopen"),
        Binding("v", "cycle('severity')", "Cycle severity filter", show=False,
                id="discrepancies.severity"),
        Binding("a", "cycle('state')", "Cycle state filter", show=False,
                id="discrepancies.state"),
    ]

    @dataclass
    class Loaded(Message):
        rows: list[DiscrepancyRow]
        total: int
        offset: int
        index: int | None
        point: TimePoint

    @dataclass
    class NotesLoaded(Message):
        key: str
        notes: list[DiscrepancyNote]

    @dataclass
    class Noted(Message):
        """A note was recorded (now); ``point`` is the point shown when it was asked."""

        statistic: str
        period: str
        action: str  # explain, resolve, reopen
        kind: str | None
        point: TimePoint

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="discrepancy-filters"):
            yield Label("Severity")
            yield Select(SEVERITIES, value="any", allow_blank=False, id="severity")
            yield Label("State")
            yield Select(STATES, value="any", allow_blank=False, id="state")
        yield PagedTable(COLUMNS, key_of=discrepancy_key, cells_of=discrepancy_cells,
                         nouns=("discrepancy", "discrepancies"), id="discrepancies")
        yield Static("", id="discrepancy-notes")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable[DiscrepancyRow]:
        return self.query_one("#discrepancies", PagedTable)

    def on_mount(self) -> None:
        self.table.border_title = ("enter opens the statistic · x explains · r resolves"
                                   " · o reopens")
        self.query_one("#discrepancy-notes", Static).border_title = "Notes"
        self.table.focus()

    def chosen(self, select_id: str) -> str | None:
        value = self.query_one(f"#{select_id}", Select).value
        return None if value in ("any", Select.NULL) else str(value)

    def read(self, point: TimePoint) -> None:
        self.read_page(point, 0, None)

    @work(thread=True, exclusive=True, group="read")
    def read_page(self, point: TimePoint, offset: int, index: int | None) -> None:
        with self.reporting():
            rows, total = self.ledger.discrepancies_page(
                severity=self.severity, state=self.state, as_of=point.as_of,
                known_at=point.known_at, offset=offset, limit=self.table.page_size,
            )
            self.deliver(self.Loaded(rows, total, offset, index, point))

    def reload(self) -> None:
        # Read the filters here, on the UI thread; the worker only gets plain values.
        self.severity = self.chosen("severity")
        self.state = self.chosen("state")
        super().reload()

    @on(Loaded)
    def show_rows(self, message: Loaded) -> None:
        if message.point != self.point:
            return  # read before the time point moved; a newer read follows
        self.table.show_page(message.rows, message.total, message.offset, index=message.index)
        self.read_notes_of_current()

    # -- the selected discrepancy's notes ----------------------------------------------

    @on(DataTable.RowHighlighted, "#discrepancies")
    def read_notes_of_current(self) -> None:
        row = self.table.current_item
        if row is None:
            self.query_one("#discrepancy-notes", Static).update("")
            return
        self.read_notes(row.statistic, row.period, self.point)

    @work(thread=True, exclusive=True, group="notes")
    def read_notes(self, statistic: str, period: str, point: TimePoint) -> None:
        with self.reporting():
            notes = self.ledger.discrepancy_notes(statistic, period, known_at=point.known_at)
            self.deliver(self.NotesLoaded(f"{statistic}\x1f{period}", notes))

    @on(NotesLoaded)
    def show_notes(self, message: NotesLoaded) -> None:
        row = self.table.current_item
        if row is not None and discrepancy_key(row) == message.key:
            self.query_one("#discrepancy-notes", Static).update(notes_text(message.notes))

    @on(PagedTable.PageWanted, "#discrepancies")
    def page_wanted(self, message: PagedTable.PageWanted) -> None:
        self.read_page(self.point, message.offset, message.index)

    @on(Select.Changed)
    def filter_changed(self) -> None:
        if self.is_mounted:
            self.reload()

    def action_cycle(self, select_id: str) -> None:
        select = self.query_one(f"#{select_id}", Select)
        values = [value for _, value in (SEVERITIES if select_id == "severity" else STATES)]
        select.value = values[(values.index(str(select.value)) + 1) % len(values)]

    @on(DataTable.RowSelected, "#discrepancies")
    def open_statistic(self) -> None:
        row = self.table.current_item
        if row is not None:
            self.recount.open_statistic(row.statistic, row.period)

    # -- explain, resolve, reopen ---------------------------------------------------------

    def past_label(self) -> str | None:
        """The point shown, when it is not now: a note is recorded now all the same."""
        return None if self.point.is_now else self.point.label()

    def action_explain(self) -> None:
        row = self.table.current_item
        if row is None:
            self.notify("No discrepancy selected.", severity="warning")
            return
        point = self.point

        def record(explanation: Explanation | None) -> None:
            if explanation is not None:
                self.write(row.statistic, row.period, "explain", explanation.kind,
                           explanation.note, point)

        self.app.push_screen(ExplainModal(row, self.past_label()), record)

    def action_note(self, action: str) -> None:
        row = self.table.current_item
        if row is None:
            self.notify("No discrepancy selected.", severity="warning")
            return
        point = self.point

        def record(note: str | None) -> None:
            if note is not None:
                self.write(row.statistic, row.period, action, None, note, point)

        self.app.push_screen(NoteModal(row, action, self.past_label()), record)

    @work(thread=True, group="write")
    def write(self, statistic: str, period: str, action: str, kind: str | None, note: str,
              point: TimePoint) -> None:
        with self.reporting():
            if action == "explain":
                self.ledger.explain(statistic, period, kind or "", note)
            elif action == "resolve":
                self.ledger.resolve(statistic, period, note)
            else:
                self.ledger.reopen(statistic, period, note)
            self.post_message(self.Noted(statistic, period, action, kind, point))

    @on(Noted)
    def noted(self, message: Noted) -> None:
        done = {"explain": "explained", "resolve": "resolved", "reopen": "reopened"}
        kind = f" ({message.kind})" if message.kind else ""
        self.notify(f"Recorded: {message.statistic} {message.period} "
                    f"{done[message.action]}{kind}.", markup=False)
        if not message.point.is_now:
            self.notify(f"Recorded now (not {message.point.label()}): showing the ledger now.",
                        markup=False)
            self.recount.travel(TimePoint())
        self.recount.ledger_changed()
