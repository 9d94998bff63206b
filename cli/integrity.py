"""``head`` and ``verify``: the chain over the log, for anyone to check.

A newsroom publishes ``recount head`` beside a story; anyone holding a copy of
the ledger later runs ``recount verify --head POSITION:HASH`` and sees that
the history up to that point is the one that was published.
Exit codes of ``verify``: 0 whole, 1 a problem found (or the ledger cannot be read).
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import render
from cli.context import location, open_from, settings
from ledger.bootstrap import verify_ledger

app = typer.Typer()
PANEL = "Database"
NOT_WHOLE = 1


@app.command("head", rich_help_panel=PANEL)
def head(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Print the position and hash of the latest event: publish it to vouch for the history."""
    with open_from(ctx) as ledger:
        position, latest = ledger.head()
    if as_json:
        render.emit_json({"position": position, "hash": latest, "head": f"{position}:{latest}"})
    else:
        render.line(f"{position}:{latest}")


@app.command("verify", rich_help_panel=PANEL)
def verify(
    ctx: typer.Context,
    published: Annotated[str | None, typer.Option(
        "--head", metavar="POSITION:HASH",
        help="A head printed earlier by `recount head`: check the history up to it is unchanged.",
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON, for scripts.")] = False,
) -> None:
    """Check the file, the hash chain over the log, every event, and the read models.

    Stops at the first problem and names its position and kind. Exit 0 when
    the ledger is whole, 1 when it is not.
    """
    location(ctx)  # a bad --db is refused as by every command
    found = verify_ledger(settings(ctx).db, published)
    if as_json:
        render.emit_json({
            "whole": found.whole,
            "events": found.events,
            "head": found.head() if found.whole else None,
            "checked": found.checked,
            "problem": None if found.problem is None else {
                "kind": found.problem.kind,
                "position": found.problem.position,
                "event": found.problem.event_id,
                "detail": found.problem.detail,
            },
        })  # fmt: skip
    else:
        for checked in found.checked:
            render.line(f"checked {checked}")
        if found.problem is None:
            render.line(f"whole: head {found.head()}")
        else:
            render.line(f"NOT WHOLE: {found.problem.line()}")
    if not found.whole:
        raise typer.Exit(NOT_WHOLE)
