"""The register of discrepancies, and the archivist's notes on them."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from cli import render
from cli.context import open_from
from cli.options import AsOf, Json, KnownAt, OnlyStatistic, RequiredPeriod, StatisticCode
from ledger.semantics.vocabulary import EXPLANATION_KINDS

app = typer.Typer()
PANEL = "Discrepancies"

Note = Annotated[str, typer.Option("--note", help="What the archivist found.")]


@app.command("discrepancies", rich_help_panel=PANEL)
def discrepancies(
    ctx: typer.Context,
    statistic: OnlyStatistic = None,
    severity: Annotated[Literal["hard", "soft"] | None, typer.Option(
        help="hard: even the wide intervals are disjoint; soft: only the tight ones.",
    )] = None,
    state: Annotated[Literal["open", "explained", "resolved"] | None, typer.Option(
        help="Only discrepancies in this state.",
    )] = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    json: Json = False,
) -> None:
    """List where current figures from different sources contradict each other."""
    with open_from(ctx) as ledger:
        rows = ledger.discrepancies(statistic, severity, state, as_of, known_at)
    if json:
        render.emit_json(rows)
    else:
        render.print_table(render.discrepancies_table(rows), "no discrepancies")


@app.command("explain", rich_help_panel=PANEL)
def explain(
    ctx: typer.Context,
    statistic: StatisticCode,
    period: RequiredPeriod,
    kind: Annotated[Literal[EXPLANATION_KINDS], typer.Option(help="What explains it.")],
    note: Note,
) -> None:
    """Explain a discrepancy."""
    with open_from(ctx) as ledger:
        ledger.explain(statistic, period, kind, note)
    render.note(f"explained the discrepancy of {statistic} in {period} ({kind})")


@app.command("resolve", rich_help_panel=PANEL)
def resolve(ctx: typer.Context, statistic: StatisticCode, period: RequiredPeriod,
            note: Note) -> None:
    """Mark a discrepancy resolved."""
    with open_from(ctx) as ledger:
        ledger.resolve(statistic, period, note)
    render.note(f"resolved the discrepancy of {statistic} in {period}")


@app.command("reopen", rich_help_panel=PANEL)
def reopen(ctx: typer.Context, statistic: StatisticCode, period: RequiredPeriod,
           note: Note) -> None:
    """Reopen an explained or resolved discrepancy."""
    with open_from(ctx) as ledger:
        ledger.reopen(statistic, period, note)
    render.note(f"reopened the discrepancy of {statistic} in {period}")
