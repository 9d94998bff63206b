"""Query parameters: each endpoint declares its own, and reads only those.

One declaration serves twice: :func:`read_query` checks a request against it,
and :mod:`web.native.openapi` describes it, so the description cannot drift
from what is accepted. A parameter the endpoint does not take, or one given
twice, is refused by name (a mistyped ``asof`` would otherwise be a silent
"now"). What a value means (a date, a period, a release) is the ledger's to
check; only the web's own choices (``format``, ``notes``) are checked here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from ledger.errors import InvalidInput
from ledger.semantics.checks import shown


@dataclass(frozen=True)
class Param:
    """One query (or path) parameter as a client sends it: always a text."""

    name: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()  # the only values taken, when the face decides them
    default: str | None = None
    example: str | None = None
    where: str = "query"  # or "path"


def read_query(
    query: QueryParams, declared: Sequence[Param], path: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Each declared parameter's value (its default when absent); a refusal naming the
    first parameter that is unknown, repeated, missing or not one of its choices."""
    names = {p.name for p in declared if p.where == "query"}
    for name in query:
        if name not in names:
            raise InvalidInput(f"unknown parameter {shown(name)} (this endpoint takes "
                               f"{', '.join(sorted(names)) or 'none'})")  # fmt: skip
        if len(query.getlist(name)) > 1:
            raise InvalidInput(f"parameter {shown(name)} is given more than once")
    values: dict[str, str | None] = {}
    for param in declared:
        value = (path or {}).get(param.name) if param.where == "path" else query.get(param.name)
        if value is not None and "\x00" in value:
            # No code, date, period or release holds one, and PostgreSQL cannot even look
            # it up (its failure would read as the database's, a 503).
            raise InvalidInput(f"parameter '{param.name}' holds a NUL character: {shown(value)}")
        if value is None:
            if param.required:
                raise InvalidInput(f"parameter '{param.name}' is required: {param.description}")
            value = param.default
        elif param.choices and value not in param.choices:
            raise InvalidInput(f"unknown {param.name} {shown(value)} "
                               f"(choose from {', '.join(param.choices)})")  # fmt: skip
        values[param.name] = value
    return values


# -- the parameters several endpoints take --------------------------------------

AS_OF = Param(
    "as_of",
    "Keep what was published on or before this date (YYYY-MM-DD). Default: today.",
    example="2011-01-31",
)
KNOWN_AT = Param(
    "known_at",
    "Keep what the ledger had recorded by this time (ISO 8601, UTC unless it says; a bare "
    "date means the end of that day). Default: now.",
    example="2026-01-01T00:00:00Z",
)
STATISTIC = Param("statistic", "Only this statistic (its code).", example="ice.sc.removals")
THE_STATISTIC = Param("statistic", "The statistic's code.", required=True,
                      example="ice.sc.removals")  # fmt: skip
PERIOD = Param(
    "period",
    "Only this reference period: 2010, FY2010, 2010-Q4, 2010-12, 2010-12-31 or start/end.",
    example="2010",
)
SOURCE = Param("source", "Only this source (its id).", example="ice-1")
RELEASE = Param(
    "release",
    "Which release of each period: first (the initial release), 2, 3, ... or latest.",
    default="first",
    example="first",
)
FORMAT = Param(
    "format",
    "json: one array, streamed as it is read; ndjson: one object a line.",
    choices=("json", "ndjson"),
    default="json",
)
