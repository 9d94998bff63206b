"""``recount source``: register, edit, list and show sources and their history."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import render
from cli.context import open_from
from cli.options import Json
from ledger.semantics.checks import check_choice, when
from ledger.semantics.vocabulary import SOURCE_KINDS

app = typer.Typer(help="Register, list and show sources: who said it.", no_args_is_help=True)

SourceId = Annotated[str, typer.Argument(metavar="ID", help="The source's id.")]
# Every read takes the two times; a source's counts are as known now, so here
# they are only checked (a typo is refused as anywhere else).
AsOf = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Checked as for every read; source counts are as of now.",
)]
KnownAt = Annotated[str | None, typer.Option(
    "--known-at", metavar="DATETIME", help="Checked as for every read; source counts are as "
    "known now.",
)]



def checked_kind(kind: str | None) -> str | None:
    """The ledger's own check, run while the options are read: a bad kind is refused
    in one line before ``source add`` makes a ledger file."""
    return None if kind is None else check_choice(kind, SOURCE_KINDS, "kind")


# Plain text, not a typer choice, so that the refusal is the ledger's one line.
Kind = Annotated[str, typer.Option(metavar="KIND", callback=checked_kind,
                                   help=f"What kind of source: {', '.join(SOURCE_KINDS)}.")]


@app.command("add")
def add(
    ctx: typer.Context,
    source_id: SourceId,
    name: Annotated[str, typer.Option(help="Who said it: a person, office or outlet.")],
    organisation: Annotated[
        str | None, typer.Option(help="The organisation it speaks for.")
    ] = None,
    kind: Kind = "official",
) -> None:
    """Register a source. Two officials of one agency are two sources of one organisation."""
    with open_from(ctx) as ledger:
        ledger.add_source(source_id, name, organisation, kind)
    render.note(f"added source {source_id}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    source_id: SourceId,
    name: Annotated[str | None, typer.Option(help="Who it is now.")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="The organisation it speaks for (empty clears it).")
    ] = None,
    kind: Annotated[str | None, typer.Option(
        metavar="KIND", callback=checked_kind,
        help=f"What kind of source: {', '.join(SOURCE_KINDS)}.",
    )] = None,
) -> None:
    """Say anew who a source is; recorded in its history."""
    with open_from(ctx) as ledger:
        ledger.update_source(source_id, name, organisation, kind)
    render.note(f"updated source {source_id}")


@app.command("history")
def history(ctx: typer.Context, source_id: SourceId, json: Json = False) -> None:
    """Every registration of the source, oldest first, with who recorded it and when."""
    with open_from(ctx) as ledger:
        entries = ledger.source_history(source_id)
    if json:
        render.emit_json(entries)
    else:
        render.stdout().print(render.source_history_table(entries))


@app.command("list")
def list_(ctx: typer.Context, as_of: AsOf = None, known_at: KnownAt = None,
          json: Json = False) -> None:
    """List every source with how many of its figures were revised, corrected, retracted
    (withdrawn by the source) or dropped (no longer in a later vintage)."""
    when(as_of, known_at)
    with open_from(ctx) as ledger:
        rows = ledger.sources()
    if json:
        render.emit_json(rows)
    else:
        render.print_table(render.sources_table(rows), "no sources yet")


@app.command("show")
def show(ctx: typer.Context, source_id: SourceId, as_of: AsOf = None, known_at: KnownAt = None,
         json: Json = False) -> None:
    """Show one source."""
    when(as_of, known_at)
    with open_from(ctx) as ledger:
        row = ledger.source(source_id)
    if json:
        render.emit_json(row)
    else:
        render.stdout().print(render.source_table(row))
