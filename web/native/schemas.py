"""JSON Schemas of the answers, read off the row types' declared fields.

A row's JSON is its fields in order (ledger/rows.py, ``to_json``), so its schema
follows from the type hints: a text is a string, a Decimal a number (written
with its recorded digits), a tuple of texts an array. The few rows whose JSON
adds to its fields (a replay row's intervals) say so here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any

from ledger.rows import DiscrepancyNote, DiscrepancyRow, ReplayRow

STRING = {"type": "string"}
NUMBER = {"type": "number"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _of_type(declared: Any) -> dict[str, Any]:
    if declared is str:
        return STRING
    if declared is bool:
        return {"type": "boolean"}
    if declared is int:
        return {"type": "integer"}
    if declared is Decimal:
        return NUMBER
    origin, args = typing.get_origin(declared), typing.get_args(declared)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return _nullable(_of_type(inner))
    if origin is tuple:
        return {"type": "array", "items": _of_type(args[0])}
    if dataclasses.is_dataclass(declared):
        return of(declared)
    raise TypeError(f"no JSON Schema for {declared!r}")


def of(cls: type) -> dict[str, Any]:
    """The schema of ``cls``'s JSON: an object with every declared field, and no other."""
    fields = {name: _of_type(hint) for name, hint in typing.get_type_hints(cls).items()}
    return {"type": "object", "properties": fields, "required": list(fields),
            "additionalProperties": False}  # fmt: skip


def array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


# An interval as its two ends; null is an open end ("more than 59,000": [59000, null]).
INTERVAL = {"type": "array", "items": _nullable(NUMBER), "minItems": 2, "maxItems": 2}


def replay_row() -> dict[str, Any]:
    schema = of(ReplayRow)
    schema["properties"] |= {"tight": INTERVAL, "wide": INTERVAL,
                             "tight_text": STRING, "wide_text": STRING}  # fmt: skip
    schema["required"] += ["tight_text", "wide_text"]
    return schema


def discrepancy_row() -> dict[str, Any]:
    """A discrepancy, with its notes oldest first when they were asked for (``notes=true``)."""
    schema = of(DiscrepancyRow)
    schema["properties"]["notes"] = array(of(DiscrepancyNote))
    return schema


HEAD = {
    "type": "object",
    "properties": {"position": {"type": "integer"}, "hash": STRING, "head": STRING},
    "required": ["position", "hash", "head"],
    "additionalProperties": False,
}

ERROR = {
    "type": "object",
    "properties": {"status": {"type": "integer"}, "message": STRING},
    "required": ["status", "message"],
    "additionalProperties": False,
}
