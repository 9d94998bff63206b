"""The register of discrepancies, and the archivist's notes on them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated

import typer

from cli import render
from cli.context import open_from
from cli.options import AsOf, Json, KnownAt, OnlyStatistic, RequiredPeriod, StatisticCode
from ledger.rows import DiscrepancyNote, DiscrepancyRow
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
        if not notes:
            rows = ledger.iter_discrepancies(statistic, severity, state, as_of, known_at)
            if json:
                render.emit_json_rows(rows)
            else:
                render.print_table_rows(render.discrepancies_table, rows, "no discrepancies")
            return
        noted = ledger.iter_discrepancies_with_notes(statistic, severity, state, as_of, known_at)
        if json:
            render.emit_json_rows(render.with_notes_each(noted))
            return
        # The notes' table follows the discrepancies': their notes are kept meanwhile
        # (an archivist's notes, far fewer than the figures).
        kept: list[DiscrepancyNote] = []
        seen: list[DiscrepancyRow] = []
        render.print_table_rows(render.discrepancies_table, _keeping_notes(noted, kept, seen),
                                "no discrepancies")
        if seen:
            render.print_table_rows(render.discrepancy_notes_table, kept,
                                    "no notes on these discrepancies")


def _keeping_notes(
    noted: Iterable[tuple[DiscrepancyRow, list[DiscrepancyNote]]],
    kept: list[DiscrepancyNote],
    seen: list[DiscrepancyRow],
) -> Iterator[DiscrepancyRow]:
    """Each discrepancy, its notes added to ``kept`` and the first one to ``seen``."""
    for row, notes in noted:
        if not seen:
            seen.append(row)
        kept.extend(notes)
        yield row


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
