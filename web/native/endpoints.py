"""Recount's own reads, one endpoint each: the door's method, its parameters, its JSON.

Each answers what ``recount … --json`` prints for the same question, byte for
byte; lists stream (``format=ndjson`` too). The rules are the ledger's: these
only map query parameters onto :class:`~ledger.service.Ledger` calls.
"""

from __future__ import annotations

from starlette.responses import Response

from ledger import row_json
from ledger.errors import NotFound
from ledger.rows import (
    ComparisonRow,
    DiffRow,
    HistoryEntry,
    ReleaseRow,
    Revisions,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.checks import shown
from ledger.service import Ledger
from web.native import encoding, schemas
from web.native.params import (
    AS_OF,
    FORMAT,
    KNOWN_AT,
    PERIOD,
    RELEASE,
    SOURCE,
    STATISTIC,
    THE_STATISTIC,
    Param,
)
from web.native.routing import ANY_TEXT, endpoint

Query = dict[str, str | None]

POINT = (
    "a date (published time, as known now), a time YYYY-MM-DDTHH:MM (what the ledger said "
    "then, UTC) or a release key (its publication date)"
)


@endpoint(
    "/replay",
    "The figure each source stood by, for every statistic and period (or those asked for), "
    "at (as_of, known_at), with its qualifier and intervals.",
    (STATISTIC, PERIOD, SOURCE, AS_OF, KNOWN_AT, FORMAT),
    schemas.array(schemas.replay_row()),
    streamed=True,
)
def replay(ledger: Ledger, q: Query) -> Response:
    found = ledger.iter_replay(q["statistic"], q["period"], q["as_of"], q["known_at"],
                               source=q["source"])  # fmt: skip
    return encoding.rows(found, q["format"])


@endpoint(
    "/history",
    "Every event of a statistic's figures, oldest first: published, revised, corrected, "
    "retracted, amended.",
    (THE_STATISTIC, PERIOD, AS_OF, KNOWN_AT, FORMAT),
    schemas.array(schemas.of(HistoryEntry)),
    streamed=True,
)
def history(ledger: Ledger, q: Query) -> Response:
    found = ledger.iter_history(q["statistic"], q["period"], q["as_of"], q["known_at"])
    return encoding.rows(found, q["format"])


NOTES = Param(
    "notes",
    "true: each discrepancy with its notes, oldest first (every explain, resolve and reopen, "
    "as known at known_at).",
    choices=("true", "false"),
    default="false",
)


@endpoint(
    "/discrepancies",
    "Where figures from different sources contradict each other, at (as_of, known_at).",
    (
        STATISTIC,
        Param(
            "severity",
            "hard: even the wide intervals are disjoint; soft: only the tight ones.",
            example="hard",
        ),
        Param(
            "state",
            "Only discrepancies in this state: open, explained or resolved.",
            example="open",
        ),
        AS_OF,
        KNOWN_AT,
        NOTES,
        FORMAT,
    ),  # fmt: skip
    schemas.array(schemas.discrepancy_row()),
    streamed=True,
)
def discrepancies(ledger: Ledger, q: Query) -> Response:
    asked = (q["statistic"], q["severity"], q["state"], q["as_of"], q["known_at"])
    if q["notes"] == "true":
        noted = ledger.iter_discrepancies_with_notes(*asked)
        return encoding.rows(row_json.with_notes_each(noted), q["format"])
    return encoding.rows(ledger.iter_discrepancies(*asked), q["format"])


@endpoint(
    "/diff",
    "What changed from one point to another, per statistic, period and source: figures "
    "added, revised, corrected, retracted or amended; discrepancies opened, closed or changed.",
    (
        Param("from", f"The first point: {POINT}.", required=True, example="2011-01-31"),
        Param(
            "to",
            f"The second point, not earlier than the first: {POINT}.",
            required=True,
            example="2011-03-31",
        ),
        STATISTIC,
        SOURCE,
        FORMAT,
    ),  # fmt: skip
    schemas.array(schemas.of(DiffRow)),
    streamed=True,
)
def diff(ledger: Ledger, q: Query) -> Response:
    found = ledger.iter_diff(q["from"], q["to"], q["statistic"], q["source"])
    return encoding.rows(found, q["format"])


@endpoint(
    "/releases",
    "Each period's value in its k-th release, by source (ALFRED's initial release, RTDSM's "
    "first, second, third).",
    (THE_STATISTIC, RELEASE, SOURCE, AS_OF, KNOWN_AT, FORMAT),
    schemas.array(schemas.of(ReleaseRow)),
    streamed=True,
)
def releases(ledger: Ledger, q: Query) -> Response:
    found = ledger.iter_releases(q["statistic"], q["release"], q["as_of"], q["known_at"],
                                 q["source"])  # fmt: skip
    return encoding.rows(found, q["format"])


@endpoint(
    "/revisions",
    "Each period's revision (later − earlier) and, one summary a source, their statistics: "
    "mean and its t-statistic, mean absolute, root mean square, the noise and news "
    "regressions.",
    (
        THE_STATISTIC,
        Param("from", "The earlier release: first, 2, 3, ...", default="first", example="first"),
        Param(
            "to",
            "The later value: latest, a release number, or the value a duration "
            "after the first release (after:90d, after:6w, after:3m, after:2q, after:1y).",
            default="latest",
            example="latest",
        ),
        SOURCE,
        Param(
            "periods",
            "Only these periods: FROM..TO, FROM.., ..TO or one.",
            example="2020-01..2020-12",
        ),
        AS_OF,
        KNOWN_AT,
    ),  # fmt: skip
    schemas.of(Revisions),
)
def revisions(ledger: Ledger, q: Query) -> Response:
    found = ledger.revisions(q["statistic"], q["from"], q["to"], q["source"], q["periods"],
                             q["as_of"], q["known_at"])  # fmt: skip
    return encoding.document(found)


@endpoint(
    "/compare",
    "Two sources' values of each period side by side: B − A, and whether their intervals "
    "overlap (agree, soft, hard).",
    (
        THE_STATISTIC,
        Param(
            "sources",
            "The two sources, as A,B: differences are B − A.",
            required=True,
            example="ice-1,ice-2",
        ),
        Param(
            "release",
            "Compare each period's latest values (default) or its k-th releases: first, 2, 3, ...",
            default="latest",
            example="latest",
        ),
        AS_OF,
        KNOWN_AT,
        FORMAT,
    ),  # fmt: skip
    schemas.array(schemas.of(ComparisonRow)),
    streamed=True,
)
def compare(ledger: Ledger, q: Query) -> Response:
    found = ledger.iter_compare(q["statistic"], q["sources"], q["release"], q["as_of"],
                                q["known_at"])  # fmt: skip
    return encoding.rows(found, q["format"])


# -- the catalogue: what there is to ask about -----------------------------------


@endpoint(
    "/statistics",
    "Every statistic with its counts of periods, figures and open discrepancies at "
    "(as_of, known_at).",
    (AS_OF, KNOWN_AT),
    schemas.array(schemas.of(StatisticRow)),
)
def statistics(ledger: Ledger, q: Query) -> Response:
    return encoding.document(ledger.statistics(q["as_of"], q["known_at"]))


@endpoint(
    "/statistics/{code:" + ANY_TEXT + "}",
    "One statistic, with its counts at (as_of, known_at).",
    (
        Param(
            "code", "The statistic's code.", required=True, example="ice.sc.removals", where="path"
        ),
        AS_OF,
        KNOWN_AT,
    ),  # fmt: skip
    schemas.of(StatisticRow),
)
def statistic(ledger: Ledger, q: Query) -> Response:
    code = q["code"] or ""
    if q["as_of"] is None and q["known_at"] is None:
        return encoding.document(ledger.statistic(code))
    # As ``recount statistic show --as-of``: the statistic's row among all at that point.
    for row in ledger.statistics(q["as_of"], q["known_at"]):
        if row.code == code:
            return encoding.document(row)
    raise NotFound(f"no statistic {shown(code)}")


@endpoint("/sources", "Every source with its counts of figures.", (),
          schemas.array(schemas.of(SourceRow)))  # fmt: skip
def sources(ledger: Ledger, q: Query) -> Response:
    return encoding.document(ledger.sources())


@endpoint(
    "/sources/{source_id:" + ANY_TEXT + "}",
    "One source.",
    (Param("source_id", "The source's id.", required=True, example="ice-1", where="path"),),
    schemas.of(SourceRow),
)
def source(ledger: Ledger, q: Query) -> Response:
    return encoding.document(ledger.source(q["source_id"] or ""))


@endpoint(
    "/head",
    "The position and hash of the latest event (as `recount head --json`): it changes "
    "whenever anything is recorded, and vouches for the history up to it.",
    (),
    schemas.HEAD,
)
def head(ledger: Ledger, q: Query) -> Response:
    position, latest = ledger.head()
    return encoding.document({"position": position, "hash": latest,
                              "head": f"{position}:{latest}"})  # fmt: skip
