"""Small forms over the current screen, each returning a value with ``dismiss()``.

A form checks what was typed with the ledger's own parsers and, on a bad
value, says why under the field and stays open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ledger.errors import InvalidInput
from ledger.rows import DiscrepancyRow
from ledger.semantics.dates import parse_date, parse_datetime
from ledger.semantics.periods import Period, parse_period
from ledger.semantics.vocabulary import EXPLANATION_KINDS
from tui.literal import literal


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The as-of date chosen; ``None`` means today (the default)."""

    day: date | None


@dataclass(frozen=True, slots=True)
class MomentChoice:
    """The known-at time chosen; ``None`` means now (the default)."""

    moment: datetime | None


@dataclass(frozen=True, slots=True)
class Explanation:
    kind: str
    note: str


class FormModal(ModalScreen):
    """A dialog with a title, fields, an error line, and OK / Cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def form_title(self) -> str:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.form_title(), classes="dialog-title")
            yield from self.fields()
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def submitted(self) -> None:
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError


class AsOfModal(FormModal):
    """Ask for the as-of date: keep what was published on or before it."""

    def __init__(self, current: date | None) -> None:
        super().__init__()
        self.current = current

    def form_title(self) -> str:
        return "Show the ledger as of a publication date"

    def fields(self) -> ComposeResult:
        yield Static("YYYY-MM-DD, e.g. 2010-12-31 · empty for today", classes="dialog-help")
        yield Input(value="" if self.current is None else self.current.isoformat(),
                    placeholder="YYYY-MM-DD", id="as-of")

    def submit(self) -> None:
        typed = self.query_one("#as-of", Input).value.strip()
        if not typed:
            self.dismiss(DateChoice(None))
            return
        try:
            day = parse_date(typed)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.dismiss(DateChoice(day))


class PeriodModal(FormModal):
    """Ask for a period to go to, in any spelling the ledger reads."""

    def form_title(self) -> str:
        return "Go to a period"

    def fields(self) -> ComposeResult:
        yield Static("e.g. 2010, FY2010, 2010-Q4, 2010Q4, 1947:01, 2010-12, 2010-12-31",
                     classes="dialog-help")
        yield Input(placeholder="period", id="period")

    def submit(self) -> None:
        typed = self.query_one("#period", Input).value
        try:
            period: Period = parse_period(typed)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.dismiss(period)


class KnownAtModal(FormModal):
    """Ask for the known-at time: keep what the ledger had recorded by then."""

    def __init__(self, current: datetime | None) -> None:
        super().__init__()
        self.current = current

    def form_title(self) -> str:
        return "Show what the ledger knew at a recorded time"

    def fields(self) -> ComposeResult:
        yield Static(
            "YYYY-MM-DD (the end of that day, UTC) or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"
            " · empty for now",
            classes="dialog-help",
        )
        value = "" if self.current is None else self.current.isoformat(timespec="seconds")
        yield Input(value=value, placeholder="YYYY-MM-DD or YYYY-MM-DDTHH:MM", id="known-at")

    def submit(self) -> None:
        typed = self.query_one("#known-at", Input).value.strip()
        if not typed:
            self.dismiss(MomentChoice(None))
            return
        try:
            moment = parse_datetime(typed)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.dismiss(MomentChoice(moment))


def discrepancy_line(d: DiscrepancyRow) -> Static:
    """Which discrepancy a form is about: statistic, period, severity, sources."""
    return Static(
        Text.assemble(literal(d.statistic, "bold"), "  ", d.period, "  ",
                      (d.severity, "bold red" if d.severity == "hard" else "yellow"),
                      "  between ", literal(", ".join(d.sources))),
        classes="dialog-help",
    )


def recorded_now_line(past: str | None) -> Iterator[Static]:
    """On a past view, the warning that a note is recorded now, not at the point shown."""
    if past is not None:
        yield Static(Text(f"Recorded now, not {past}: the ledger is then shown now.",
                          style="bold yellow"), classes="dialog-help", id="recorded-now")


class ExplainModal(FormModal):
    """Explain a discrepancy: a kind and a note, recorded as an event.

    An earlier explanation is not replaced: it stays in the discrepancy's notes,
    and the form says so. ``past`` is the label of a past time point shown.
    """

    def __init__(self, discrepancy: DiscrepancyRow, past: str | None = None) -> None:
        super().__init__()
        self.discrepancy = discrepancy
        self.past = past

    def form_title(self) -> str:
        return "Explain a discrepancy"

    def fields(self) -> ComposeResult:
        d = self.discrepancy
        yield discrepancy_line(d)
        if d.explanation_note:
            yield Static(
                Text.assemble("Explained before as ", (d.explanation_kind or "", "bold"), ": ",
                              literal(d.explanation_note, width=40),
                              " (kept in the notes)"),
                classes="dialog-help", id="explained-before",
            )
        yield from recorded_now_line(self.past)
        yield Select([(kind, kind) for kind in EXPLANATION_KINDS], prompt="kind",
                     value=d.explanation_kind or Select.NULL, id="kind")
        yield Input(placeholder="note: why the figures differ", id="note")

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    def submit(self) -> None:
        kind = self.query_one("#kind", Select).value
        note = self.query_one("#note", Input).value.strip()
        if kind == Select.NULL:
            self.show_error("Choose a kind: " + ", ".join(EXPLANATION_KINDS) + ".")
            return
        if not note:
            self.show_error("Write a note: what explains the difference?")
            return
        self.dismiss(Explanation(str(kind), note))


class NoteModal(FormModal):
    """Resolve or reopen a discrepancy: a note, recorded as an event."""

    def __init__(self, discrepancy: DiscrepancyRow, action: str,
                 past: str | None = None) -> None:
        super().__init__()
        self.discrepancy = discrepancy
        self.action = action  # "resolve" or "reopen"
        self.past = past

    def form_title(self) -> str:
        return f"{self.action.capitalize()} a discrepancy"

    def fields(self) -> ComposeResult:
        yield discrepancy_line(self.discrepancy)
        yield from recorded_now_line(self.past)
        hint = "how it was settled" if self.action == "resolve" else "why it is open again"
        yield Input(placeholder=f"note: {hint}", id="note")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def submit(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if not note:
            self.show_error(f"Write a note: why {self.action} it?")
            return
        self.dismiss(note)
