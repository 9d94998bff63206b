"""The ASGI application of ``recount serve``: one ledger, two vocabularies.

Endpoints are plain functions, so Starlette runs each in its thread pool: the
ledger's reads are blocking database calls, and the engines' connection pools
let many run at once.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.routing import Mount

from ledger.service import Ledger
from web import fred, native


def create_app(ledger: Ledger) -> Starlette:
    """The application serving ``ledger`` (which the caller opens and closes)."""
    app = Starlette(routes=[
        Mount("/fred", routes=fred.routes),
        Mount("/recount", routes=native.routes),
    ])  # fmt: skip
    app.state.ledger = ledger
    return app


#: The environment variables ``recount serve --workers N`` hands each worker process:
#: the ledger's URL, and the archivist it is opened as (reads record nothing).
DB_VARIABLE = "RECOUNT_SERVE_DB"
BY_VARIABLE = "RECOUNT_SERVE_BY"


def app_from_environment() -> Starlette:
    """The application over the ledger named by ``RECOUNT_SERVE_DB``: uvicorn's factory
    (``web.app:app_from_environment``) in each worker, which opens a ledger of its own
    and keeps it open as long as the worker lives."""
    from ledger.bootstrap import open_ledger

    ledger = open_ledger(os.environ[DB_VARIABLE], os.environ.get(BY_VARIABLE) or None)
    return create_app(ledger)
