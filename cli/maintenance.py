"""Looking after the database: init and rebuild.

A rebuild that stops at an event it cannot fold is refused (exit 1) with one
line naming the event, as is every command that would record; ``init`` and
the reads still work and warn on stderr.
"""

from __future__ import annotations

import typer

from cli import render
from cli.context import location, open_from
from cli.errors import refuse

app = typer.Typer()
PANEL = "Database"


@app.command("init", rich_help_panel=PANEL)
def init(ctx: typer.Context) -> None:
    """Create the ledger's database (or check an existing one) and say where it is."""
    where = location(ctx)
    existed = not where.missing()
    with open_from(ctx):
        pass  # opening creates the tables
    render.line(f"{'ledger already at' if existed else 'created ledger at'} {where.shown}")


@app.command("rebuild", rich_help_panel=PANEL)
def rebuild(ctx: typer.Context) -> None:
    """Build the read models afresh from the whole event log and swap them in.

    They are built beside the live ones and replace them in one transaction:
    a reader sees the old read models or the new, and a rebuild that is
    interrupted changes nothing.

    Exits 1 when an event cannot be folded: the read models then hold the
    events before it, and the one line says which event and what is wrong.
    """
    with open_from(ctx) as ledger, render.progress_bar("rebuilding") as progress:
        replayed = ledger.rebuild(progress)
        attention = ledger.attention()
        if attention is not None:
            refuse(f"rebuilt the read models from {replayed} events, then stopped: {attention}")
    render.line(f"rebuilt the read models from {replayed} events")
