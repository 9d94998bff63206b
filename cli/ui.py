"""The terminal UI from the command line: demo and browse."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import render
from cli.context import location, open_from, settings
from cli.errors import refuse
from ledger import demo as demo_data

app = typer.Typer()
PANEL = "Terminal UI"


@app.command("demo", rich_help_panel=PANEL)
def demo(
    ctx: typer.Context,
    no_browse: Annotated[bool, typer.Option(
        "--no-browse", help="Load the demo data and stop, without opening the UI.",
    )] = False,
) -> None:
    """Load a small demo ledger (again, harmlessly) and browse it."""
    with open_from(ctx) as ledger:
        demo_data.load_demo(ledger)
        found = ledger.discrepancies()
    where = location(ctx)
    render.note(f"loaded the demo into {where.shown}")
    if no_browse:
        return
    try:
        from tui.app import browse as open_ui
    except ImportError:
        render.note("the terminal UI is not available; the demo's discrepancies:")
        render.print_table(render.discrepancies_table(found), "no discrepancies")
        return
    open_ui(where.url, settings(ctx).by)


@app.command("browse", rich_help_panel=PANEL)
def browse(ctx: typer.Context) -> None:
    """Browse the ledger in the terminal UI."""
    url = location(ctx).url
    try:
        from tui.app import browse as open_ui
    except ImportError as error:
        refuse(f"the terminal UI is not available: {error}")
    open_ui(url, settings(ctx).by)
