"""Reading the ledger at any (as_of, known_at): show, history, replay."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from cli import render
from cli.context import open_from
from cli.options import AsOf, Json, KnownAt, OnlyStatistic, Period, StatisticCode
from cli.statistics import statistic_at
from ledger.semantics.periods import parse_period

app = typer.Typer()
PANEL = "Reading"


@app.command("show", rich_help_panel=PANEL)
def show(ctx: typer.Context, statistic: StatisticCode, period: Period = None, as_of: AsOf = None,
         known_at: KnownAt = None, json: Json = False) -> None:
    """Show a statistic: its current figures and discrepancies.

    With --period, also every figure recorded for that period, in detail, with
    its state at the point (current, superseded, corrected, retracted, amended).
    """
    with open_from(ctx) as ledger:
        about = statistic_at(ledger, statistic, as_of, known_at)
        figures = ledger.replay(statistic, period, as_of, known_at)
        found = ledger.discrepancies(statistic, as_of=as_of, known_at=known_at)
        details = None if period is None else ledger.figures(statistic, period, as_of, known_at)
    if period is not None:
        label = parse_period(period).label
        found = [d for d in found if d.period == label]
    if json:
        document = {"statistic": about, "figures": figures, "discrepancies": found}
        if details is not None:
            document["details"] = details
        render.emit_json(document)
        return
    console = render.stdout()
    console.print(render.statistic_table(about))
    console.print(render.replay_table(figures, title="current figures"))
    if found:
        console.print(render.discrepancies_table(found, title="discrepancies"))
    if details:
        console.print(render.details_table(details, title="every figure recorded for the period"))


@app.command("history", rich_help_panel=PANEL)
def history(ctx: typer.Context, statistic: StatisticCode, period: Period = None,
            as_of: AsOf = None, known_at: KnownAt = None, json: Json = False) -> None:
    """Every event of a statistic's figures, oldest first.

    Events: published, revised, corrected, retracted, amended.
    """
    with open_from(ctx) as ledger:
        rows = ledger.iter_history(statistic, period, as_of, known_at)
        if json:
            render.emit_json_rows(rows)
        else:
            render.print_table_rows(render.history_table, rows, "no history")


@app.command("replay", rich_help_panel=PANEL)
def replay(
    ctx: typer.Context,
    statistic: OnlyStatistic = None,
    format: Annotated[Literal["json", "ndjson", "csv"], typer.Option(
        "--format", help="json: one array; ndjson: one object a line; csv: a header, then rows, "
        "text as recorded (a cell starting with = + - @ may run as a spreadsheet formula: see "
        "docs/csv-and-spreadsheets.md).",
    )] = "json",
    as_of: AsOf = None,
    known_at: KnownAt = None,
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """The figure each source stood by, for every statistic and period, at (as_of, known_at)."""
    if json and format != "json":
        raise typer.BadParameter("--json cannot go with --format " + format,
                                 param_hint="'--json'")
    with open_from(ctx) as ledger:
        rows = ledger.iter_replay(statistic, None, as_of, known_at)
        if format == "ndjson":
            render.emit_ndjson(rows)
        elif format == "csv":
            render.emit_replay_csv(rows)
        else:
            render.emit_json_rows(rows)
