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
from cli.options import AsOf, Json, KnownAt

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
    into_existing: Annotated[bool, typer.Option(
        "--into-existing", help="Let a vintage file revise figures of the statistic that "
        "are not from its series (recorded by hand, or from another file).",
    )] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Say what the import would add, revise, correct and retract, "
        "and write nothing.",
    )] = False,
    json: Json = False,
) -> None:
    """Import figures from a native file, or a statistic's vintages from a vintage file.

    Figures the ledger already holds are skipped: importing a file again adds nothing.
    """
    if format in NATIVE:
        if statistic or source or release_dates or into_existing:
            refuse(f"--statistic, --source, --release-dates and --into-existing go with "
                   f"vintage formats, not '{format}'")
        _import_native(ctx, file, format, create_missing, dry_run=dry_run, json=json)
    else:
        if not statistic or not source:
            refuse(f"a '{format}' file needs --statistic CODE and --source ID")
        _import_vintages(ctx, file, format, statistic, source, release_dates,
                         dry_run=dry_run, json=json, into_existing=into_existing)


def _import_native(ctx: typer.Context, file: Path, format: str, create_missing: bool, *,
                   dry_run: bool = False, json: bool = False) -> None:
    with open_from(ctx) as ledger, render.progress_bar(f"importing {file.name}") as progress:
        report = ledger.import_file(file, format, create_missing, progress=progress,
                                    dry_run=dry_run)
    if json:
        render.emit_json(report.to_json())
        return
    unchanged = f"; {report.unchanged} rows already recorded" if report.unchanged else ""
    if report.plan is not None:
        render.line(render.dry_run_line(file, report.plan, unchanged))
        warning = report.plan.warning()
        if warning is not None:
            render.note(f"warning: {warning}")
    else:
        render.line(f"imported {report.rows} rows from {file}{unchanged}")
    done = "would create" if report.plan is not None else "created"
    if report.created_statistics:
        render.line(f"{done} statistics: {', '.join(report.created_statistics)}")
    if report.created_sources:
        render.line(f"{done} sources: {', '.join(report.created_sources)}")


def _import_vintages(ctx: typer.Context, file: Path, format: str, statistic: str, source: str,
                     release_dates: Path | None, *, dry_run: bool = False,
                     json: bool = False, into_existing: bool = False) -> None:
    with (
        open_from(ctx) as ledger,
        render.progress_bar(f"reading {file.name}") as progress,
        render.progress_bar("updating the read models") as catching_up,
    ):
        report = ledger.import_vintages(
            file, format, statistic, source, release_dates=release_dates,
            progress=progress, catch_up_progress=catching_up, dry_run=dry_run,
            into_existing=into_existing,
        )
    if json:
        render.emit_json(report.to_json())
        return
    vintages = f"{report.vintages_new} new of {report.vintages_total} vintages"
    if report.plan is not None:
        render.line(render.dry_run_line(file, report.plan, f"; {vintages}"))
    else:
        render.line(
            f"imported {vintages} from {file}: "
            f"{report.figures} figures, {report.retractions} retractions"
        )
    done = "would create" if report.plan is not None else "created"
    if report.created_statistic:
        render.line(f"{done} statistic: {statistic}")
    if report.created_source:
        render.line(f"{done} source: {source}")


@app.command("export", rich_help_panel=PANEL)
def export(
    ctx: typer.Context,
    statistic: Annotated[str, typer.Option("--statistic", metavar="CODE",
                                           help="The statistic to export.")],
    format: Annotated[Literal["alfred", "rtdsm", "bls-ces", "csv", "ndjson"], typer.Option(
        "--format", help="alfred, rtdsm or bls-ces: the vintage matrix, one column (or row) "
        "per release; csv or ndjson: the figures as of --as-of, in the native import format. "
        "CSV keeps text as recorded: a cell starting with = + - @ may run as a spreadsheet "
        "formula (see docs/csv-and-spreadsheets.md).",
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
    # NDJSON stays exact JSON with nothing a terminal would obey; the CSV formats
    # keep text as recorded (docs/csv-and-spreadsheets.md).
    out = render.JsonForTerminal(sys.stdout) if format == "ndjson" else sys.stdout
    with open_from(ctx) as ledger:
        ledger.export(
            statistic, format, out, as_of=as_of, known_at=known_at,
            series=series, source=source,
        )
