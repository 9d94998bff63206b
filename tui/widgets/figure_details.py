"""Every figure of one period, with where it came from and what happened to it."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.literal import literal
from tui.statistic_view import FigureCard
from tui.timepoint import TimePoint, format_recorded, plural

STATE_STYLES = {
    "current": "bold green",
    "superseded": "dim",
}


def card_heading(card: FigureCard) -> Text:
    d, source = card.detail, card.source
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("▌ ", style="bold green" if card.current else "dim")
    text.append_text(literal(d.source, "bold"))
    if source is not None:
        text.append(" · ")
        text.append_text(literal(source.name))
        if source.organisation and source.organisation != source.name:
            text.append(" · ")
            text.append_text(literal(source.organisation))
        text.append(f" · {source.kind}", style="dim")
    for state in card.states:
        text.append("  ")
        style = STATE_STYLES.get(state.split()[0], "bold yellow")
        text.append(f" {state} ", style=style + " reverse")
    return text


def card_fields(card: FigureCard) -> Table:
    """Label and value, one per line; long values wrap under their value, not the label."""
    d = card.detail
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, min_width=10)
    grid.add_column(ratio=1)
    value = Text.assemble(literal(card.text, "bold"), "  ",
                          (d.status, "italic" if d.status != "normal" else "dim"))
    grid.add_row("figure", value)
    grid.add_row("published", Text(d.published))
    grid.add_row("recorded", Text.assemble(format_recorded(d.recorded), (" by ", "dim"),
                                           literal(d.recorded_by)))
    for label, found in (("release", d.release), ("url", d.url)):
        if found:
            grid.add_row(label, literal(found, multiline=True))
    if d.quote:
        grid.add_row("quote", Text.assemble("“", literal(d.quote, "italic", multiline=True), "”"))
    if d.note:
        grid.add_row("note", literal(d.note, multiline=True))
    return grid


def card(card: FigureCard) -> Group:
    return Group(card_heading(card), Padding(card_fields(card), (0, 0, 1, 2)))


class FigureDetails(VerticalScroll):
    """The selected period's figures, one card each."""

    DEFAULT_CSS = """
    FigureDetails {
        height: 1fr;
    }
    FigureDetails > Static {
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a period to see its figures.", style="dim"), id="cards")

    def show(self, period: str, cards: list[FigureCard], point: TimePoint) -> None:
        body: RenderableType
        if not cards:
            body = Text(f"No figures for {period} at this point ({point.label()}).", style="dim")
        else:
            heading = Text(f"{period}: {plural(len(cards), 'figure')}\n", style="bold")
            body = Group(heading, *(card(c) for c in cards))
        self.query_one("#cards", Static).update(body)
