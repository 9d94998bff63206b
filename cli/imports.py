"""``recount import`` and ``recount export``: files of figures in and out.

Native files (csv, ndjson) carry one figure a row; vintage files (alfred,
rtdsm, bls-ces) carry a statistic's releases, one vintage a column or row.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from cli import render
from cli.context import open_from
from cli.errors import refuse
from cli.options import AsOf, KnownAt

app = typer.Typer()
PANEL = "Database"
NATIVE = ("csv", "ndjson")


@app.command("import", rich_help_panel=PANEL)
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE", exists=True, dir_okay=False, readable=True, help="The file to import.",
    )],
    format: Annotated[Literal["csv", "ndjson", "alfred", "rtdsm", "bls-ces"], typer.Option(
        "--format", help="csv or ndjson: one figure a row (columns statistic, period, value, "
        "source, published, ...); alfred, rtdsm or bls-ces: a vintage file of one statistic.",
    )],
    create_missing: Annotated[bool, typer.Option(
        "--create-missing", help="Define statistics and register sources the file names "
        "but the ledger lacks, instead of refusing them (native formats).",
    )] = False,
    statistic: Annotated[str | None, typer.Option(
        "--statistic", metavar="CODE", help="The statistic a vintage file holds (created "
        "when missing).",
    )] = None,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="ID", help="Who published the vintages (created when missing).",
    )] = None,
    release_dates: Annotated[Path | None, typer.Option(
        "--release-dates", metavar="FILE", exists=True, dir_okay=False, readable=True,
        help="A vintage,date CSV with each vintage's real release date (bls-ces).",
    )] = None,
) -> None:
    """Import figures from a native file, or a statistic's vintages from a vintage file."""
    if format in NATIVE:
        if statistic or source or release_dates:
            refuse(f"--statistic, --source and --release-dates go with vintage formats, "
                   f"not '{format}'")
        _import_native(ctx, file, format, create_missing)
    else:
        if not statistic or not source:
            refuse(f"a '{format}' file needs --statistic CODE and --source ID")
        _import_vintages(ctx, file, format, statistic, source, release_dates)


def _import_native(ctx: typer.Context, file: Path, format: str, create_missing: bool) -> None:
    with open_from(ctx) as ledger, render.progress_bar(f"importing {file.name}") as progress:
        report = ledger.import_file(file, format, create_missing, progress=progress)
    typer.echo(f"imported {report.rows} rows from {file}")
    if report.created_statistics:
        typer.echo(f"created statistics: {', '.join(report.created_statistics)}")
    if report.created_sources:
        typer.echo(f"created sources: {', '.join(report.created_sources)}")


def _import_vintages(ctx: typer.Context, file: Path, format: str, statistic: str, source: str,
                     release_dates: Path | None) -> None:
    with (
        open_from(ctx) as ledger,
        render.progress_bar(f"reading {file.name}") as progress,
        render.progress_bar("updating the read models") as catching_up,
    ):
        report = ledger.import_vintages(
            file, format, statistic, source, release_dates=release_dates,
            progress=progress, catch_up_progress=catching_up,
        )
    typer.echo(
        f"imported {report.vintages_new} new of {report.vintages_total} vintages from {file}: "
        f"{report.figures} figures, {report.retractions} retractions"
    )
    if report.created_statistic:
        typer.echo(f"created statistic: {statistic}")
    if report.created_source:
        typer.echo(f"created source: {source}")


@app.command("export", rich_help_panel=PANEL)
def export(
    ctx: typer.Context,
    statistic: Annotated[str, typer.Option("--statistic", metavar="CODE",
                                           help="The statistic to export.")],
    format: Annotated[Literal["alfred", "rtdsm", "bls-ces", "csv", "ndjson"], typer.Option(
        "--format", help="alfred, rtdsm or bls-ces: the vintage matrix, one column (or row) "
        "per release; csv or ndjson: the figures as of --as-of, in the native import format.",
    )],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="ID", help="Whose vintages, when several sources released some.",
    )] = None,
    series: Annotated[str | None, typer.Option(
        "--series", metavar="NAME", help="The series name in a vintage header (default: the "
        "name the file was imported with).",
    )] = None,
) -> None:
    """Write a statistic out: its vintage matrix, or its figures as of a date, on stdout."""
    with open_from(ctx) as ledger:
        ledger.export(
            statistic, format, sys.stdout, as_of=as_of, known_at=known_at,
            series=series, source=source,
        )
