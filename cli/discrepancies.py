"""The register of discrepancies, and the archivist's notes on them."""

from __future__ import annotations

from typing import Annotated

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
    severity: Annotated[str | None, typer.Option(
        metavar="hard|soft",
        help="hard: even the wide intervals are disjoint; soft: only the tight ones.",
    )] = None,
    state: Annotated[str | None, typer.Option(
        metavar="open|explained|resolved", help="Only discrepancies in this state.",
    )] = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    notes: Annotated[bool, typer.Option(
        "--notes", help="Also list each discrepancy's notes in order: every explain, resolve "
        "and reopen with its kind, who and when (as known at --known-at).",
    )] = False,
    json: Json = False,
) -> None:
    """List where current figures from different sources contradict each other."""
    with open_from(ctx) as ledger:
        rows = ledger.discrepancies(statistic, severity, state, as_of, known_at)
        noted = [ledger.discrepancy_notes(r.statistic, r.period, known_at)
                 for r in rows] if notes else []
    if json:
        render.emit_json(render.with_notes(rows, noted) if notes else rows)
        return
    render.print_table(render.discrepancies_table(rows), "no discrepancies")
    if notes and rows:
        render.print_table(render.discrepancy_notes_table(n for ns in noted for n in ns),
                           "no notes on these discrepancies")


@app.command("explain", rich_help_panel=PANEL)
def explain(
    ctx: typer.Context,
    statistic: StatisticCode,
    period: RequiredPeriod,
    kind: Annotated[str, typer.Option(
        metavar="KIND", help=f"What explains it: {', '.join(EXPLANATION_KINDS)}.",
    )],
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
