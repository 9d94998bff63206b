"""Recount's own JSON endpoints, mounted at ``/recount``: what FRED cannot say.

``endpoints`` holds the reads, ``params`` their query parameters, ``encoding``
the JSON (the CLI's, streamed), ``schemas`` and ``openapi`` their description,
served at ``/recount/openapi.json``. docs/web-api.md is the guide.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from web.native import endpoints as _endpoints  # noqa: F401  (registers the endpoints)
from web.native import openapi
from web.native.encoding import document
from web.native.routing import ANY_TEXT, ENDPOINTS, not_found


def _openapi(request: Request) -> Response:
    return document(openapi.description())


routes: list[BaseRoute] = [
    Route("/openapi.json", _openapi, methods=["GET"], name="openapi"),
    *(found.route for found in ENDPOINTS),
    Route("/{anything:" + ANY_TEXT + "}", not_found, methods=["GET"]),
]
