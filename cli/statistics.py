"""``recount statistic``: define, edit, list and show statistics and their history."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import render
from cli.context import open_from
from cli.options import AsOf, Json, KnownAt, StatisticCode
from ledger.errors import NotFound
from ledger.rows import StatisticRow
from ledger.service import Ledger

app = typer.Typer(help="Define, list and show statistics.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    code: StatisticCode,
    name: Annotated[str, typer.Option(help="What the statistic is called.")],
    unit: Annotated[str, typer.Option(help="What it counts, e.g. people or USD million.")],
    definition: Annotated[str | None, typer.Option(help="What exactly is counted.")] = None,
    scope: Annotated[str | None, typer.Option(help="Where and whom it covers.")] = None,
) -> None:
    """Define a statistic: figures are compared only within one statistic."""
    with open_from(ctx) as ledger:
        ledger.add_statistic(code, name, unit, definition, scope)
    render.note(f"added statistic {code}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    code: StatisticCode,
    name: Annotated[str | None, typer.Option(help="What it is called now.")] = None,
    unit: Annotated[str | None, typer.Option(help="What it counts now.")] = None,
    definition: Annotated[
        str | None, typer.Option(help="What exactly is counted (empty clears it).")
    ] = None,
    scope: Annotated[
        str | None, typer.Option(help="Where and whom it covers (empty clears it).")
    ] = None,
) -> None:
    """Say anew what a statistic is called, counts, means or covers; recorded in its history."""
    with open_from(ctx) as ledger:
        ledger.describe_statistic(code, name, unit, definition, scope)
    render.note(f"described statistic {code}")


@app.command("history")
def history(ctx: typer.Context, code: StatisticCode, json: Json = False) -> None:
    """Every definition the statistic has had, oldest first, with who recorded it and when."""
    with open_from(ctx) as ledger:
        entries = ledger.statistic_history(code)
    if json:
        render.emit_json(entries)
    else:
        render.stdout().print(render.statistic_history_table(entries))


@app.command("list")
def list_(ctx: typer.Context, as_of: AsOf = None, known_at: KnownAt = None,
          json: Json = False) -> None:
    """List every statistic with its counts of periods, figures and open discrepancies."""
    with open_from(ctx) as ledger:
        rows = ledger.statistics(as_of, known_at)
    if json:
        render.emit_json(rows)
    else:
        render.print_table(render.statistics_table(rows), "no statistics yet")


@app.command("show")
def show(ctx: typer.Context, code: StatisticCode, as_of: AsOf = None, known_at: KnownAt = None,
         json: Json = False) -> None:
    """Show one statistic."""
    with open_from(ctx) as ledger:
        row = statistic_at(ledger, code, as_of, known_at)
    if json:
        render.emit_json(row)
    else:
        render.stdout().print(render.statistic_table(row))


def statistic_at(ledger: Ledger, code: str, as_of: str | None,
                 known_at: str | None) -> StatisticRow:
    """One statistic with its counts at (as_of, known_at)."""
    if as_of is None and known_at is None:
        return ledger.statistic(code)
    for row in ledger.statistics(as_of, known_at):
        if row.code == code:
            return row
    raise NotFound(f"no statistic '{code}'")
