"""What changed in a statistic between the point shown and another: ``Ledger.diff``'s rows.

``D`` on a statistic asks for the other point, as ``recount diff`` takes it: a
date, a time or a release key. The form asks the door and stays open on a
refusal, saying why; the rows run from the earlier point to the later one.

The door has no read that says where a point lies, so the form asks for the
diff from the point shown to the other and, when the door refuses that order,
from the other to the point shown: whichever the door accepts is the forward
one, and a point it cannot read is refused both ways with the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from ledger.errors import RecountError
from ledger.rows import DiffRow
from ledger.semantics.intervals import format_decimal
from tui.literal import dash_if_none, literal
from tui.screens.base import one_line
from tui.screens.modals import FormModal
from tui.timepoint import TimePoint, plural
from tui.widgets.paged_table import Column, PagedTable

COLUMNS = [
    Column("kind", "Kind"),
    Column("period", "Period"),
    Column("source", "Source", shrink=1, least=6),
    Column("change", "Old → new", shrink=2, least=16),
    Column("difference", "Change"),
    Column("reason", "Reason", shrink=1, least=6),
]

# As the history colours its events, and a discrepancy as its severity would be.
CHANGE_STYLES = {
    "added": "green",
    "revised": "cyan",
    "corrected": "bold yellow",
    "retracted": "bold red",
    "amended": "magenta",
    "opened": "bold red",
    "closed": "green",
    "changed": "yellow",
}


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The rows of one statistic from ``start`` to ``end``, each named as it was given."""

    code: str
    start: str
    end: str
    rows: list[DiffRow]


def point_label(point: TimePoint) -> str:
    """The screen's point by its own name: the diff keeps it when the app travels on."""
    return point.label()


def kind_text(row: DiffRow) -> Text:
    word = row.change if row.entry == "figure" else f"discrepancy {row.change}"
    if row.amended and row.change != "amended":
        word += ", amended"
    return Text(word, style=CHANGE_STYLES.get(row.change, ""))


def discrepancy_state(severity: str | None, gap, state: str | None) -> str:
    if severity is None:
        return "—"
    return f"{severity}, gap {format_decimal(gap)}, {state}"


def old_to_new(row: DiffRow) -> Text:
    if row.entry == "figure":
        old = dash_if_none(row.old_text)
        new = dash_if_none(row.new_text, "bold")
    else:
        old = Text(discrepancy_state(row.old_severity, row.old_gap, row.old_state))
        new = Text(discrepancy_state(row.new_severity, row.new_gap, row.new_state), style="bold")
    return Text.assemble(old, (" → ", "bold"), new, no_wrap=True, overflow="ellipsis")


def diff_cells(row: DiffRow) -> list[Text]:
    source = row.source if row.source is not None else ", ".join(row.sources)
    difference = (
        Text("")
        if row.difference is None
        else Text(("+" if row.difference > 0 else "") + format_decimal(row.difference))
    )
    return [
        kind_text(row),
        Text(row.period),
        literal(source),
        old_to_new(row),
        difference,
        dash_if_none(row.reason),
    ]


def diff_key(row: DiffRow) -> str:
    return f"{row.entry}\x1f{row.period}\x1f{row.source}"


def ask_for_diff(app: App, code: str, point: TimePoint) -> None:
    """Ask for the other point of a diff of ``code`` and, if the door answers, show it."""

    def answered(result: DiffResult | None) -> None:
        if result is not None:
            app.push_screen(DiffScreen(result))

    app.push_screen(DiffPointModal(code, point), answered)


class DiffPointModal(FormModal):
    """Ask for the other point of a diff; dismiss with the door's rows, or stay and say why."""

    @dataclass
    class Answered(Message):
        result: DiffResult | None
        error: str | None

    def __init__(self, code: str, point: TimePoint) -> None:
        super().__init__()
        self.code = code
        self.point = point

    def form_title(self) -> str:
        return f"What changed in {self.code}: from the point shown ({point_label(self.point)}) to …"

    def fields(self) -> ComposeResult:
        yield Static(
            "a date YYYY-MM-DD (as known now), a time YYYY-MM-DDTHH:MM (what the "
            "ledger said then, UTC) or a release key",
            classes="dialog-help",
        )
        yield Input(placeholder="date, time or release key", id="other-point")

    def on_mount(self) -> None:
        self.query_one("#other-point", Input).focus()

    def submit(self) -> None:
        typed = self.query_one("#other-point", Input).value.strip()
        if not typed:
            self.show_error("Give the other point: a date, a time or a release key.")
            return
        self.show_error("")
        self.ask(typed)

    @work(thread=True, exclusive=True, group="diff")
    def ask(self, typed: str) -> None:
        ledger = self.app.ledger  # type: ignore[attr-defined]
        shown = (self.point.as_of, self.point.known_at)
        label = point_label(self.point)
        try:
            rows = ledger.diff(shown, typed, self.code)
            result = DiffResult(self.code, label, typed, rows)
        except RecountError as forward:
            try:
                rows = ledger.diff(typed, shown, self.code)
            except RecountError:
                self.post_message(self.Answered(None, one_line(forward)))
                return
            result = DiffResult(self.code, typed, label, rows)
        self.post_message(self.Answered(result, None))

    @on(Answered)
    def answered(self, message: Answered) -> None:
        if message.result is None:
            self.show_error(message.error or "refused")
        else:
            self.dismiss(message.result)


class DiffScreen(Screen):
    """The rows of a diff, as read when asked: it names its two points, so it does not
    follow the time point; ``escape`` goes back to the statistic."""

    def __init__(self, result: DiffResult) -> None:
        super().__init__()
        self.result = result
        self.title = f"What changed in {result.code}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="diff-points")
        yield PagedTable(
            COLUMNS,
            key_of=diff_key,
            cells_of=diff_cells,
            nouns=("change", "changes"),
            id="diff-table",
        )
        yield Static(id="empty")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable[DiffRow]:
        return self.query_one("#diff-table", PagedTable)

    def on_mount(self) -> None:
        result = self.result
        self.query_one("#diff-points", Static).update(
            Text.assemble(
                ("from ", "dim"),
                literal(result.start, "bold"),
                ("  to  ", "dim"),
                literal(result.end, "bold"),
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        self.table.show(result.rows)
        self.table.border_title = plural(len(result.rows), "change")
        self.query_one("#empty", Static).update(
            "" if result.rows else "Nothing changed between the two points."
        )
        self.query_one("#empty", Static).display = not result.rows
        self.table.focus()
