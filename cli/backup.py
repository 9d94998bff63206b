"""``recount dump`` and ``recount restore``: the ledger's full-fidelity backup.

A dump is the whole event log with its hash chain, as NDJSON
(docs/dump-format.md); a restore writes it into a new or empty ledger, all or
nothing, and lets the read models catch up. Dump writes nothing on stdout but
the dump; both confirm on stderr.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli import render
from cli.context import location, open_from, settings
from cli.errors import refuse

app = typer.Typer()
PANEL = "Database"


@app.command("dump", rich_help_panel=PANEL)
def dump(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="Write the dump to FILE (as FILE.partial, renamed when whole). Default: stdout.",
    )] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite FILE when it exists.",
    )] = False,
) -> None:
    """Write the whole event log, with its hash chain, as NDJSON: the ledger's backup.

    recount restore turns a dump back into the same ledger.
    """
    if output is None:
        _dump_to_stdout(ctx)
        return
    if output.exists() and not force:
        refuse(f"{output} already exists; --force overwrites it")
    # Written beside the target and renamed when whole: a dump that is killed
    # or refused half way never leaves a file that looks like a backup.
    partial = output.with_name(output.name + ".partial")
    with open_from(ctx) as ledger:
        try:
            with partial.open("wb") as out, render.progress_bar("dumping") as progress:
                report = ledger.dump(out, progress)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(output)
        except OSError as error:
            partial.unlink(missing_ok=True)
            refuse(f"cannot write {output}: {error.strerror or error}")
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    render.note(f"dumped {report.events:,} events to {output}; "
                f"head {report.shown_head()}")


def _dump_to_stdout(ctx: typer.Context) -> None:
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", sys.stdout)
    with open_from(ctx) as ledger:
        try:
            report = ledger.dump(out)
            out.flush()
        except BrokenPipeError:
            # The reader went away (``recount dump | head``): what it got has no
            # last line, so it cannot pass for a whole dump; say so, once.
            _stdout_to_devnull()
            refuse("the reader of the dump stopped reading: the dump was not finished")
    render.note(f"dumped {report.events:,} events; "
                f"head {report.shown_head()}")


def _stdout_to_devnull() -> None:
    """Let the exit flush stdout into nothing, not into the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@app.command("restore", rich_help_panel=PANEL)
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE", exists=True, dir_okay=False, readable=True,
        help="A dump written by recount dump.",
    )],
    db: Annotated[str | None, typer.Option(
        "--db", metavar="PATH|URL",
        help="The ledger to restore into, new or empty (default: the global --db).",
    )] = None,
) -> None:
    """Restore a dump into a new or empty ledger: the same events, ids and chain.

    All or nothing: a dump that is cut short, edited or out of order is refused
    with one line naming its line, and nothing is written (a ledger file this
    command created is removed again). The read models then catch up.
    """
    if db is not None:
        # This command's context only: open_from reads the settings from here.
        ctx.obj = dataclasses.replace(settings(ctx), db=db)
    where = location(ctx)
    with (
        open_from(ctx) as ledger,
        render.progress_bar(f"restoring {file.name}") as progress,
        render.progress_bar("updating the read models") as catching_up,
    ):
        report = ledger.restore(file, progress, catching_up)
    render.note(f"restored {report.events:,} events into {where.shown}; "
                f"head {report.shown_head()}")
