"""``recount serve``: the ledger as a FRED/ALFRED-compatible web API."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cli.context import open_from, settings

app = typer.Typer()
PANEL = "Web API"


def default_workers() -> int:
    """One worker a core this process may run on: a worker is one Python process, whose
    requests take turns at its interpreter lock, so more cores serve more only through
    more processes; the server only reads, so its workers share nothing but the ledger."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no sched_getaffinity (macOS, Windows)
        return max(1, os.cpu_count() or 1)


@app.command("serve", rich_help_panel=PANEL)
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            show_default="one a core",
            help="Server processes, each with its own connection to the ledger.",
        ),
    ] = None,  # fmt: skip
) -> None:
    """Serve the ledger read-only over HTTP: FRED/ALFRED endpoints under /fred, Recount's
    own JSON under /recount. Point fredapi at it with root_url = http://HOST:PORT/fred."""
    import uvicorn

    from web.app import BY_VARIABLE, DB_VARIABLE, create_app

    count = default_workers() if workers is None else workers
    with open_from(ctx) as ledger:
        # uvicorn says nothing below warnings: one line on stderr says where to point clients.
        shown_host = f"[{host}]" if ":" in host else host
        typer.echo(
            f"serving {ledger.where.shown} read-only at http://{shown_host}:{port}/fred "
            "(fredapi's root_url) and /recount; Ctrl-C stops",
            err=True,
        )
        if count == 1:
            uvicorn.run(create_app(ledger), host=host, port=port, log_level="warning")
            return
        url = ledger.where.url
    # Each worker is a process of its own that opens the ledger itself (web.app reads
    # where from the environment): this one, having checked it opens, lets go of it.
    os.environ[DB_VARIABLE] = url
    os.environ[BY_VARIABLE] = settings(ctx).by or ""
    uvicorn.run("web.app:app_from_environment", factory=True, workers=count, host=host,
                port=port, log_level="warning")  # fmt: skip
