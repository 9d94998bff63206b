"""FRED's two layouts, XML and JSON, written a row at a time.

Every answer is a root element (XML) or object (JSON) with attributes that
echo the request, holding a list of rows: ``<observations ...><observation
.../>...</observations>`` or ``{..., "observations": [{...}, ...]}``. Values
are text in both, a missing one is ``.``. Rows are written as they are made,
so an answer of any size streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson
from starlette.responses import Response, StreamingResponse

#: How FRED writes a value an observation lacks.
MISSING = "."

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" ?>\n'

# Characters XML 1.0 cannot hold at all: written as a visible \uXXXX instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Newlines and tabs in an attribute, written as character references so a reader keeps them.
_KEPT = {"\n": "&#10;", "\t": "&#9;", "\r": "&#13;"}


def _xml_text(value: Any) -> str:
    text = str(value)
    return _NOT_XML.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def xml_attributes(attributes: Mapping[str, Any]) -> str:
    return " ".join(
        f"{name}={quoteattr(_xml_text(value), _KEPT)}" for name, value in attributes.items()
    )


def _xml(root: str, row: str, head: Mapping[str, Any], rows: Iterable[Any]) -> Iterator[str]:
    yield f"{XML_DECLARATION}<{root} {xml_attributes(head)}>\n"
    batch: list[str] = []
    for item in rows:
        if isinstance(item, str):  # a row that is text: <vintage_date>1991-12-04</vintage_date>
            quoted = _xml_text(item).replace("&", "&amp;").replace("<", "&lt;")
            batch.append(f"  <{row}>{quoted}</{row}>\n")
        else:
            batch.append(f"  <{row} {xml_attributes(item)}/>\n")
        if len(batch) >= 500:
            yield "".join(batch)
            batch.clear()
    batch.append(f"</{root}>\n")
    yield "".join(batch)


def _encode(value: Any) -> str:
    # orjson: the rows' values are text and numbers only; json's encoder was a fifth of a
    # small as-of answer's cost. (Lone surrogates cannot reach here: the ledger stores none.)
    return orjson.dumps(value).decode()


def _json(key: str, head: Mapping[str, Any], rows: Iterable[Any]) -> Iterator[str]:
    opening = _encode(dict(head))[:-1]
    yield f"{opening},{_encode(key)}:["
    batch: list[str] = []
    first = True
    for item in rows:
        batch.append(("" if first else ",") + _encode(item))
        first = False
        if len(batch) >= 500:
            yield "".join(batch)
            batch.clear()
    batch.append("]}\n")
    yield "".join(batch)


#: Rows up to which an answer given as a list is written whole, in one piece: a
#: streamed answer costs the server a thread-pool hop a chunk, more than a small one
#: takes to write.
WHOLE_UP_TO = 2000


def listing(
    file_type: str, root: str, row: str, head: Mapping[str, Any], rows: Iterable[Any]
) -> Response:
    """An answer of FRED's shape: ``root`` with ``head`` as its attributes (XML) or
    keys (JSON), and ``rows``: mappings of attributes, or text (``vintage_date``).
    In JSON the rows are the list under the key ``root``. A list of up to
    :data:`WHOLE_UP_TO` rows is sent in one piece, anything else streams."""
    if isinstance(rows, list) and len(rows) <= WHOLE_UP_TO:
        if file_type == "json":
            return Response("".join(_json(root, head, rows)), media_type="application/json")
        body = "".join(_xml(root, row, head, rows))
        return Response(body, media_type="text/xml; charset=utf-8")
    if file_type == "json":
        return StreamingResponse(_json(root, head, rows), media_type="application/json")
    return StreamingResponse(_xml(root, row, head, rows), media_type="text/xml; charset=utf-8")
