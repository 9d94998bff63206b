"""The OpenAPI 3 description of ``/recount``, built from the endpoints' own declarations.

Served at ``/recount/openapi.json``; the tests fuzz the endpoints against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from web.native import schemas
from web.native.encoding import JSON, NDJSON
from web.native.params import Param
from web.native.routing import ANY_TEXT, ENDPOINTS, Endpoint

PREFIX = "/recount"


def _parameter(param: Param) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if param.choices:
        schema["enum"] = list(param.choices)
    if param.default is not None:
        schema["default"] = param.default
    described: dict[str, Any] = {
        "name": param.name,
        "in": param.where,
        "required": param.required or param.where == "path",
        "description": param.description,
        "schema": schema,
    }
    if param.example is not None:
        described["example"] = param.example
    return described


def _refusal(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schemas.ERROR}}}


def _operation(found: Endpoint) -> dict[str, Any]:
    answer: dict[str, Any] = {JSON: {"schema": found.answer}}
    if found.streamed:
        answer[NDJSON] = {"schema": found.answer["items"]}
    return {
        "operationId": found.name,
        "summary": found.summary,
        "parameters": [_parameter(p) for p in found.params],
        "responses": {
            "200": {"description": "The answer (a list is streamed as it is read).",
                    "content": answer},
            "400": _refusal("A parameter the ledger cannot read, named in the message."),
            "404": _refusal("No such statistic, source or release."),
            "503": _refusal("The ledger's database failed."),
        },
    }  # fmt: skip


def _path(path: str) -> str:
    """A Starlette path (``{code:recount_text}``) as OpenAPI writes it (``{code}``)."""
    return PREFIX + path.replace(":" + ANY_TEXT + "}", "}")


@cache
def description() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Recount",
            "version": "1",
            "description": "Recount's own JSON: what FRED cannot say (docs/web-api.md). "
            "Answers are what `recount … --json` prints for the same question; lists are "
            "streamed, and `format=ndjson` gives one object a line.",
        },
        "paths": {_path(found.path): {"get": _operation(found)} for found in ENDPOINTS},
    }
