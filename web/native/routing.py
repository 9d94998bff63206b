"""How an endpoint is declared: its path, parameters and answer, in one place.

:func:`endpoint` turns a plain function ``read(ledger, query)`` into a Starlette
route that reads its parameters (:mod:`web.native.params`) and answers the
ledger's refusals as JSON: :class:`~ledger.errors.NotFound` is 404, every other
refusal of input 400, a database that fails 503. Anything else is a bug, and
the fuzzing (tests/web/native) is there to find it. The declarations are kept
for :mod:`web.native.openapi`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ledger.errors import NotFound, RecountError, StorageError
from ledger.service import Ledger
from web.native import encoding
from web.native.params import Param, read_query

Read = Callable[[Ledger, dict[str, str | None]], Response]


class _AnyText(Convertor[str]):
    """A path parameter of any text, slashes and line breaks too: a code is the ledger's
    to refuse (Starlette's ``path`` stops at a line break, which then got a plain-text 404)."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


ANY_TEXT = "recount_text"
register_url_convertor(ANY_TEXT, _AnyText())


def not_found(request: Request) -> Response:
    """Anything under /recount that is no endpoint: a 404 in the endpoints' JSON."""
    return encoding.error(404, f"no endpoint {request.url.path!r} (see /recount/openapi.json)")


@dataclass(frozen=True)
class Endpoint:
    path: str  # under /recount
    name: str
    summary: str
    params: tuple[Param, ...]
    answer: dict[str, Any]  # the JSON Schema of a 200 answer
    streamed: bool  # a list, also as NDJSON
    route: Route


ENDPOINTS: list[Endpoint] = []


def endpoint(
    path: str, summary: str, params: Sequence[Param], answer: dict[str, Any], *,
    streamed: bool = False,
) -> Callable[[Read], Read]:  # fmt: skip
    """Register ``read`` as ``GET /recount{path}``."""

    def register(read: Read) -> Read:
        declared = tuple(params)

        # A plain function: Starlette runs it in its thread pool, as the reads block.
        def answer_request(request: Request) -> Response:
            try:
                query = read_query(request.query_params, declared, request.path_params)
                return read(request.app.state.ledger, query)
            except NotFound as refusal:
                return encoding.error(404, str(refusal))
            except StorageError as failure:
                return encoding.error(503, str(failure))
            except RecountError as refusal:
                return encoding.error(400, str(refusal))

        route = Route(path, answer_request, methods=["GET"], name=read.__name__)
        ENDPOINTS.append(Endpoint(path, read.__name__, summary, declared, answer, streamed,
                                  route))  # fmt: skip
        return read

    return register
