"""The ASGI application of ``recount serve``: one ledger, two vocabularies.

Endpoints are plain functions, so Starlette runs each in its thread pool: the
ledger's reads are blocking database calls, and the engines' connection pools
let many run at once.
"""

from __future__ import annotations

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
