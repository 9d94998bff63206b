"""Recording figures and what happens to them later: record, correct, retract, amend."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import render
from cli.context import open_from
from cli.options import FigureId, Json, StatisticCode
from ledger.semantics.periods import parse_period
from ledger.semantics.vocabulary import STATUSES

app = typer.Typer()
PANEL = "Figures"

Value = Annotated[str, typer.Option(
    "--value", metavar="TEXT",
    help="The value as written, e.g. 'more than 59,000', 'about 1.2 million', '10-12'.",
)]
Published = Annotated[str, typer.Option(
    "--published", metavar="DATE", help="When the source published it (YYYY-MM-DD).",
)]
Reason = Annotated[str, typer.Option("--reason", help="Why: shown in the figure's history.")]
Grain = Annotated[str | None, typer.Option(
    "--grain", metavar="G",
    help="The rounding unit, if not the place of the last non-zero digit (e.g. 1000).",
)]


@app.command("record", rich_help_panel=PANEL)
def record(
    ctx: typer.Context,
    statistic: StatisticCode,
    period: Annotated[str, typer.Option(metavar="P", help="The period the figure describes.")],
    value: Value,
    source: Annotated[str, typer.Option(metavar="ID", help="Who published it.")],
    published: Published,
    status: Annotated[str, typer.Option(
        metavar="STATUS", help=f"The observation status: {', '.join(STATUSES)}.",
    )] = "normal",
    grain: Grain = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    quote: Annotated[str | None, typer.Option(help="The sentence it appeared in.")] = None,
    note: Annotated[str | None, typer.Option(help="The archivist's note.")] = None,
    release: Annotated[str | None, typer.Option(
        "--release", metavar="KEY", help="The release (report, press release) it appeared "
        "in, as the CSV import's release column: recorded the first time it is named.",
    )] = None,
    json: Json = False,
) -> None:
    """Record a figure a source published; prints its id."""
    with open_from(ctx) as ledger:
        figure = ledger.record(statistic, period, value, source, published, status=status,
                               grain=grain, url=url, quote=quote, note=note, release=release)
    if json:
        render.emit_json({"figure": figure, "already_recorded": figure.already_recorded})
    else:
        render.line(figure)
    label = parse_period(period).label
    done = "already recorded as" if figure.already_recorded else "recorded"
    render.note(f"{done} figure {render.short(figure)}: {statistic} {label} by {source}"
                + (f", published {published.strip()}" if figure.already_recorded else ""))


@app.command("correct", rich_help_panel=PANEL)
def correct(ctx: typer.Context, figure: FigureId, value: Value, published: Published,
            reason: Reason, grain: Grain = None) -> None:
    """Record that the source corrected a figure, from the correction's publication date on."""
    with open_from(ctx) as ledger:
        figure_id = ledger.resolve_figure(figure).hex
        ledger.correct(figure_id, value, published, reason, grain=grain)
    render.note(f"corrected figure {render.short(figure_id)} from {published}")


@app.command("retract", rich_help_panel=PANEL)
def retract(ctx: typer.Context, figure: FigureId, published: Published, reason: Reason) -> None:
    """Record that the source withdrew a figure, from the retraction's publication date on."""
    with open_from(ctx) as ledger:
        figure_id = ledger.resolve_figure(figure).hex
        ledger.retract(figure_id, published, reason)
    render.note(f"retracted figure {render.short(figure_id)} from {published}")


@app.command("amend", rich_help_panel=PANEL)
def amend(
    ctx: typer.Context,
    figure: FigureId,
    reason: Reason,
    value: Annotated[str | None, typer.Option(metavar="TEXT", help="The value as written.")] = None,
    period: Annotated[str | None, typer.Option(metavar="P", help="The right period.")] = None,
    source: Annotated[str | None, typer.Option(metavar="ID", help="The right source.")] = None,
    published: Annotated[
        str | None, typer.Option(metavar="DATE", help="The right publication date.")
    ] = None,
    grain: Grain = None,
) -> None:
    """Fix your own recording mistake (an erratum): applies at the original publication date."""
    with open_from(ctx) as ledger:
        figure_id = ledger.resolve_figure(figure).hex
        ledger.amend(figure_id, reason, value=value, period=period, source=source,
                     published=published, grain=grain)
    render.note(f"amended figure {render.short(figure_id)}")
