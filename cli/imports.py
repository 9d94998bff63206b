"""``recount import``: load a file of figures through the ledger's importers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from cli import render
from cli.context import open_from
from cli.errors import require_module

app = typer.Typer()
PANEL = "Database"


@app.command("import", rich_help_panel=PANEL)
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE", exists=True, dir_okay=False, readable=True, help="The file to import.",
    )],
    format: Annotated[Literal["csv", "ndjson"], typer.Option(
        "--format", help="csv: one figure a row with a header; ndjson: one JSON object a line.",
    )],
    create_missing: Annotated[bool, typer.Option(
        "--create-missing", help="Define statistics and register sources the file names "
        "but the ledger lacks, instead of refusing them.",
    )] = False,
) -> None:
    """Import figures from a CSV or NDJSON file."""
    importing = require_module("ledger.importing", "importing")
    with open_from(ctx) as ledger, render.progress_bar(f"importing {file.name}") as progress:
        report = importing.import_file(ledger, file, format, create_missing, progress=progress)
    typer.echo(f"imported {report.rows} rows from {file}")
    if report.created_statistics:
        typer.echo(f"created statistics: {', '.join(report.created_statistics)}")
    if report.created_sources:
        typer.echo(f"created sources: {', '.join(report.created_sources)}")
