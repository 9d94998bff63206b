"""Answers as bytes: the CLI's ``--json`` layout (ledger/row_json.py), streamed when long.

A list is written as it is read, a batch of rows at a time, so a whole-ledger
replay holds two batches in memory however large the ledger. The first two are
read before the answer starts (a list of one batch is answered at once, with no
streaming): the ledger's refusals (no such statistic, a date it cannot read)
are raised there and still become an HTTP error. A failure after that cannot
change the status any more; the answer then stops short, and its JSON does not
parse.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from ledger import row_json

JSON = "application/json"
NDJSON = "application/x-ndjson"

# Rows a batch: the cost of a thread hop and a write vanishes, memory stays flat.
BATCH = 500


def document(data: Any) -> Response:
    """One JSON document, as ``recount … --json`` prints it."""
    return Response(row_json.document(data).encode("utf-8"), media_type=JSON)


def error(status: int, message: str) -> Response:
    """A refusal: ``{"status": 400, "message": "…"}``, the message one line."""
    line = message.replace("\r", "\\r").replace("\n", "\\n")
    body = json.dumps({"status": status, "message": line}) + "\n"
    return Response(body.encode("ascii"), status_code=status, media_type=JSON)


def rows(found: Iterable[Any], format: str) -> Response:
    """``found`` as a JSON array (``json``) or one object a line (``ndjson``), streamed.

    Call it where the ledger may be read (the endpoint's thread): the first batch
    is read here."""
    if format == "ndjson":
        pieces, media = row_json.ndjson_pieces(found), NDJSON
    else:
        pieces, media = row_json.array_pieces(found), JSON
    batches = _batches(pieces)
    first = next(batches, b"")
    following = next(batches, None)
    if following is None:  # all of it in one batch: answered at once, no thread hops
        return Response(first, media_type=media)
    return StreamingResponse(_then((first, following), batches), media_type=media)


def _batches(pieces: Iterator[str]) -> Iterator[bytes]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= BATCH:
            yield row_json.escaped("".join(batch)).encode("utf-8")
            batch.clear()
    if batch:
        yield row_json.escaped("".join(batch)).encode("utf-8")


async def _then(read: tuple[bytes, ...], batches: Iterator[bytes]) -> AsyncIterator[bytes]:
    """The batches already ``read``, then each next one read in the thread pool (the
    ledger's reads block).

    However the answer ends (done, or the client gone), the batches are closed,
    so the read connection they hold goes back to the pool at once."""
    try:
        for batch in read:
            yield batch
        while True:
            batch = await run_in_threadpool(next, batches, None)
            if batch is None:
                return
            yield batch
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(batches.close)
