"""The ASGI application of ``recount serve``: one ledger, two vocabularies.

Endpoints are plain functions, so Starlette runs each in its thread pool: the
ledger's reads are blocking database calls, and the engines' connection pools
let many run at once. One at a time, though: a read is mostly Python, which holds
the interpreter lock, and threads taking turns at it cost each other dearly. At 8
concurrent clients one worker spent 13 ms of CPU a request with anyio's 40
threads, 10 with 4, 7.4 with 2 and 4.2 with 1 (alone: 3.8–4.6), on a 10^6-figure
ledger (bench/serve_load.py). More cores serve more through ``--workers``; a
streamed answer gives the thread back between its chunks.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from starlette.applications import Starlette
from starlette.routing import Mount

from ledger.service import Ledger
from web import fred, native

#: Requests a worker process reads at once; the rest wait their turn (see above).
READING_AT_ONCE = 1


@asynccontextmanager
async def _one_reading_thread(_app: Starlette) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = READING_AT_ONCE
    yield


def create_app(ledger: Ledger) -> Starlette:
    """The application serving ``ledger`` (which the caller opens and closes)."""
    app = Starlette(routes=[
        Mount("/fred", routes=fred.routes),
        Mount("/recount", routes=native.routes),
    ], lifespan=_one_reading_thread)  # fmt: skip
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
