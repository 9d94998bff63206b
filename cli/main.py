"""``recount``: the command line of the ledger.

Global options come before the command: ``recount --db l.db --by ann record …``.
Exit codes: 0 ok, 1 refused input or conflict, 2 usage. Set ``RECOUNT_DEBUG=1``
to see the traceback of an unexpected failure instead of its one-line summary.
While the ledger needs attention (its read models stopped at an event they
cannot fold), reads add one ``warning:`` line on stderr and exit 0; commands
that record, and ``rebuild``, exit 1 with that line.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from cli import (
    analysis,
    backup,
    diff,
    discrepancies,
    figures,
    imports,
    integrity,
    maintenance,
    reads,
    serve,
    sources,
    statistics,
    ui,
)
from cli.context import Settings
from cli.errors import REFUSED, USAGE, RefusalsAsErrors, not_utf8, report
from ledger.errors import RecountError

app = typer.Typer(
    name="recount",
    cls=RefusalsAsErrors,
    help="Recount: an event-sourced ledger of published figures. Who said what, when, "
    "how it changed, and where sources disagree.",
    epilog="Exit codes: 0 ok, 1 refused input or conflict, 2 usage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", metavar="PATH|URL",
        help="The ledger: a SQLite file or a SQLAlchemy URL. "
        "Default: $RECOUNT_DB, else recount.db.",
    )] = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="NAME",
        help="Who is recording. Default: $RECOUNT_ARCHIVIST, else the OS user.",
    )] = None,
) -> None:
    ctx.obj = Settings(db=db, by=by)


app.add_typer(statistics.app, name="statistic", rich_help_panel="Catalogue")
app.add_typer(sources.app, name="source", rich_help_panel="Catalogue")
app.add_typer(figures.app)
app.add_typer(discrepancies.app)
app.add_typer(reads.app)
app.add_typer(maintenance.app)
app.add_typer(integrity.app)
app.add_typer(imports.app)
app.add_typer(ui.app)
app.add_typer(serve.app)
app.add_typer(backup.app)
app.add_typer(diff.app)
app.add_typer(analysis.app)


def run() -> None:
    """The console script: no traceback ever reaches the user (unless RECOUNT_DEBUG=1)."""
    refusal = not_utf8(sys.argv[1:])
    if refusal is not None:
        report(refusal)
        sys.exit(USAGE)
    try:
        app()
    except RecountError as error:
        report(str(error))
        sys.exit(REFUSED)
    except Exception as error:
        if os.environ.get("RECOUNT_DEBUG") == "1":
            raise
        report(f"unexpected {type(error).__name__}: {error}")
        sys.exit(REFUSED)
