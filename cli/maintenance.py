"""Looking after the database: init and rebuild."""

from __future__ import annotations

import typer

from cli import render
from cli.context import database_url, open_from, printable, sqlite_file

app = typer.Typer()
PANEL = "Database"


@app.command("init", rich_help_panel=PANEL)
def init(ctx: typer.Context) -> None:
    """Create the ledger's database (or check an existing one) and say where it is."""
    url = database_url(ctx)
    path = sqlite_file(url)
    existed = path is not None and path.exists()
    with open_from(ctx):
        pass  # opening creates the tables
    typer.echo(f"{'ledger already at' if existed else 'created ledger at'} {printable(url)}")


@app.command("rebuild", rich_help_panel=PANEL)
def rebuild(ctx: typer.Context) -> None:
    """Drop the read models and replay the whole event log into them."""
    with open_from(ctx) as ledger, render.progress_bar("rebuilding") as progress:
        replayed = ledger.rebuild(progress)
    typer.echo(f"rebuilt the read models from {replayed} events")
