"""The JSON the faces write for the ledger's rows, laid out once.

``recount … --json`` and ``recount serve``'s ``/recount`` answers are the same
bytes for the same rows: a document is ``dumps(data, indent=2)`` and a line
break, a list streamed as it is read is that very document written a row at a
time, and NDJSON is one compact object a line. Every character a terminal would
obey is written as ``\\uXXXX`` (:func:`escaped`), which a JSON parser reads back
as the recorded text, so a file piped to a terminal and an HTTP answer agree.

A module of its own: :mod:`ledger.jsonout` writes any object and must not know
the row types (:mod:`ledger.rows`), which say nothing of JSON layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ledger import jsonout
from ledger.rows import DiscrepancyNote, DiscrepancyRow, HistoryEntry, ReplayRow
from ledger.semantics.terminal import hidden

# The rows read in bulk, each as its to_json lays it out: jsonout writes them the
# same, faster than through to_json (tests/test_jsonout.py holds them equal).
STREAMED_JSON = (
    (ReplayRow, jsonout.RowJson(intervals=("tight", "wide"),
                                copies=(("tight_text", "tight"), ("wide_text", "wide")))),
    (DiscrepancyRow, jsonout.RowJson()),
    (HistoryEntry, jsonout.RowJson()),
)  # fmt: skip

# Characters the JSON encoder leaves raw (it escapes only C0 controls) that a
# terminal would obey or could not print: C1 controls, DEL, format characters such
# as U+202E, line separators, lone surrogates. In a JSON text they can only be
# inside strings, so escaping them keeps the document's values exact. Only what
# is not printable ASCII is looked at, a run at a time.
_NOT_ASCII = re.compile(r"[^\n -~]+")


def _escaped(found: re.Match[str]) -> str:
    return "".join(f"\\u{ord(c):04x}" if hidden(c) else c for c in found.group())


def escaped(text: str) -> str:
    """A JSON text with every character a terminal would obey written as ``\\uXXXX``.

    Per character, so any split of a text into pieces escapes to the same bytes."""
    if text.isascii() and text.replace("\n", " ").isprintable():
        # Nothing for the pattern to find (printable ASCII is U+0020..U+007E), checked
        # at C speed: the pattern's scan was 13 MB/s, most of a whole-ledger replay's.
        return text
    return _NOT_ASCII.sub(_escaped, text)


def document(data: Any) -> str:
    """One JSON document and its line break; Decimals as numbers with their digits."""
    return escaped(jsonout.dumps(data, indent=2)) + "\n"


def array_pieces(rows: Iterable[Any]) -> Iterator[str]:
    """:func:`document` of a list of ``rows`` (unescaped), a piece a row, as they come.

    ``json.dumps`` indents a list's items by one level, and JSON text holds no raw
    line break, so each item is its own document with every line indented once."""
    items = iter(rows)
    first = next(items, _NOTHING)
    if first is _NOTHING:
        yield "[]\n"
        return
    dumps = jsonout.encoder(2, STREAMED_JSON)  # jsonout.dumps(row, indent=2), fast
    yield "[\n  " + dumps(first).replace("\n", "\n  ")
    for item in items:
        yield ",\n  " + dumps(item).replace("\n", "\n  ")
    yield "\n]\n"


_NOTHING = object()


def ndjson_pieces(rows: Iterable[Any]) -> Iterator[str]:
    """One compact JSON object a line (unescaped), a piece a row, as they come."""
    dumps = jsonout.encoder(None, STREAMED_JSON)  # jsonout.dumps, fast
    for row in rows:
        yield dumps(row) + "\n"


def with_notes(
    rows: Sequence[DiscrepancyRow], notes: Sequence[Sequence[DiscrepancyNote]]
) -> list[dict[str, Any]]:
    """Each discrepancy's JSON with a ``notes`` list, oldest first."""
    return [row.to_json() | {"notes": [n.to_json() for n in noted]}
            for row, noted in zip(rows, notes, strict=True)]  # fmt: skip


def with_notes_each(
    noted: Iterable[tuple[DiscrepancyRow, Sequence[DiscrepancyNote]]],
) -> Iterator[dict[str, Any]]:
    """:func:`with_notes`, a discrepancy at a time."""
    for row, notes in noted:
        yield row.to_json() | {"notes": [n.to_json() for n in notes]}
