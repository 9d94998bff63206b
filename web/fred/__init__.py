"""FRED/ALFRED-compatible endpoints, mounted at ``/fred`` (fredapi's ``root_url``).

Read-only: every route answers GET (and HEAD) only; other methods get a 405.
docs/fred-api.md says what each serves and where Recount answers differently
from FRED on purpose.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from web.fred import endpoints

# Every method reaches the endpoints, which answer all but GET and HEAD with FRED's 405.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]

routes: list[BaseRoute] = [
    Route("/series", endpoints.series, methods=METHODS),
    Route("/series/observations", endpoints.observations, methods=METHODS),
    Route("/series/vintagedates", endpoints.vintage_dates, methods=METHODS),
    Route("/series/search", endpoints.search, methods=METHODS),
    Route("/releases", endpoints.releases, methods=METHODS),
    Route("/{rest:path}", endpoints.unknown, methods=METHODS),
]
