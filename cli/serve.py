"""``recount serve``: the ledger as a FRED/ALFRED-compatible web API."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import open_from

app = typer.Typer()
PANEL = "Web API"


@app.command("serve", rich_help_panel=PANEL)
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port.")] = 8000,
) -> None:
    """Serve the ledger read-only over HTTP: FRED/ALFRED endpoints under /fred, Recount's
    own JSON under /recount. Point fredapi at it with root_url = http://HOST:PORT/fred."""
    import uvicorn

    from web.app import create_app

    with open_from(ctx) as ledger:
        # uvicorn says nothing below warnings: one line on stderr says where to point clients.
        shown_host = f"[{host}]" if ":" in host else host
        typer.echo(
            f"serving {ledger.where.shown} read-only at http://{shown_host}:{port}/fred "
            "(fredapi's root_url) and /recount; Ctrl-C stops",
            err=True,
        )
        uvicorn.run(create_app(ledger), host=host, port=port, log_level="warning")
