"""``recount verify``: that the history is the one that was recorded.

In order, stopping at the first problem:

1. the file (SQLite's own ``quick_check``): no page damaged or cut off;
2. the chain over the log (DESIGN.md, "The chain over the log"): positions
   1, 2, … with none missing, doubled or out of log order, every event
   chained and every chained event there, every hash recomputed from the
   stored bytes equal to the stored one, and a published head, if given,
   on the chain;
3. every event decodes as the application would load it;
4. the read models equal read models rebuilt from the log on the side
   (:mod:`ledger.projections.side`), which never touches the live tables.

The chain proves the log unchanged only up to a head published elsewhere:
whoever can rewrite the file can recompute every hash after an edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from sqlalchemy import Connection, inspect, select, text

from ledger.errors import InvalidInput
from ledger.projections import schema, side
from ledger.storage import sqlite_file
from ledger.transfer.parts import LedgerParts
from ledger.write import chain

BATCH = 5_000
HEAD = re.compile(r"(\d+):([0-9a-fA-F]{64})\Z")


@dataclass(frozen=True)
class Problem:
    """The first thing found wrong: where, what kind, and what exactly."""

    kind: str  # damaged, missing, doubled, out-of-order, unchained, altered, undecodable,
    # head, read-model, unfoldable
    detail: str
    position: int | None = None  # on the chain
    event_id: int | None = None  # in the log

    def line(self) -> str:
        where = ""
        if self.position is not None:
            where = f" at position {self.position:,}"
        if self.event_id is not None and self.event_id != self.position:
            where += f" (event {self.event_id:,})"
        return f"{self.kind}{where}: {self.detail}"


@dataclass
class Verification:
    """What ``verify`` checked, the head it found, and the first problem, if any."""

    events: int = 0
    head_position: int = 0
    head_hash: str = chain.GENESIS.hex()
    checked: list[str] = field(default_factory=list)
    problem: Problem | None = None

    @property
    def whole(self) -> bool:
        return self.problem is None

    def head(self) -> str:
        return f"{self.head_position}:{self.head_hash}"


def parse_head(published: str) -> tuple[int, bytes]:
    """``POSITION:HASH`` as ``recount head`` prints it."""
    found = HEAD.match(published.strip())
    if found is None:
        raise InvalidInput(
            f"cannot read head {published!r}: write it as recount head prints it, "
            "POSITION:HASH (64 hexadecimal digits)"
        )
    return int(found[1]), bytes.fromhex(found[2])


def verify(parts: LedgerParts, published: tuple[int, bytes] | None = None) -> Verification:
    result = Verification()
    for step in (_file, _chain_and_events, _read_models):
        problem = step(parts, result, published)
        if problem is not None:
            result.problem = problem
            break
    return result


def _file(parts: LedgerParts, result: Verification, _published) -> Problem | None:
    if sqlite_file(parts.engines.url) is None:
        return None
    with parts.engines.reader.connect() as db:
        found = [row[0] for row in db.execute(text("PRAGMA quick_check")).fetchmany(5)]
    if found != ["ok"]:
        return Problem("damaged", "the database file is damaged: " + "; ".join(found))
    result.checked.append("the database file: no damaged page (SQLite quick_check)")
    return None


def _chain_and_events(
    parts: LedgerParts, result: Verification, published: tuple[int, bytes] | None
) -> Problem | None:
    events = parts.projections.events
    to_event = parts.app.mapper.to_domain_event
    with parts.engines.reader.connect() as db, db.begin():  # one snapshot for both walks
        if not inspect(db).has_table(chain.chain.name):
            return Problem(
                "unchained", "the ledger has no chain table (recount_chain): made before "
                "Recount kept one, or removed; `recount init` chains the log as it stands",
            )  # fmt: skip
        logged = _stream(db, select(
            events.c.id, events.c.originator_id, events.c.originator_version, events.c.topic,
            events.c.state,
        ).order_by(events.c.id))  # fmt: skip
        links = _stream(db, select(chain.chain).order_by(chain.chain.c.position))
        previous, last_position, last_event = chain.GENESIS, 0, 0
        pending = next(logged, None)
        for position, event_id, stored_hash in links:
            if position != last_position + 1:
                if position <= last_position:
                    return Problem("doubled", "the chain holds this position twice", position)
                return Problem(
                    "missing", f"the chain skips from position {last_position:,} to "
                    f"{position:,}: links were removed", last_position + 1,
                )  # fmt: skip
            if event_id <= last_event:
                return Problem(
                    "out-of-order", f"it chains event {event_id:,} after event {last_event:,}",
                    position, event_id,
                )  # fmt: skip
            if pending is not None and pending[0] < event_id:
                return Problem(
                    "unchained", "an event the chain does not cover sits in the log "
                    "(written outside Recount)", position, pending[0],
                )  # fmt: skip
            if pending is None or pending[0] > event_id:
                return Problem(
                    "missing", "the chain covers an event the log no longer holds "
                    "(deleted)", position, event_id,
                )  # fmt: skip
            _, originator_id, version, topic, state = pending
            state = bytes(state)
            previous = chain.next_hash(previous, _uuid(originator_id), version, topic, state)
            if previous != bytes(stored_hash):
                return Problem(
                    "altered", "its stored bytes (originator id, version, topic or state) "
                    "do not give the hash chained with them: the event was edited, "
                    "swapped or replaced", position, event_id,
                )  # fmt: skip
            try:
                to_event(StoredEvent(_uuid(originator_id), version, topic, state))
            except Exception as error:  # noqa: BLE001 - any failure to load is the finding
                return Problem(
                    "undecodable", f"it cannot be loaded: {_reason(error)}", position, event_id
                )
            if published is not None and position == published[0] and previous != published[1]:
                return Problem(
                    "head", "the history up to the published head differs from it: "
                    f"the chain gives {previous.hex()} there", position, event_id,
                )  # fmt: skip
            last_position, last_event = position, event_id
            pending = next(logged, None)
        if pending is not None:
            return Problem(
                "unchained", "an event the chain does not cover sits in the log "
                "(written outside Recount)", last_position + 1, pending[0],
            )  # fmt: skip
    result.events, result.head_position, result.head_hash = (
        last_position, last_position, previous.hex()
    )
    result.checked.append(
        f"the chain: {last_position:,} events, positions 1 to {last_position:,}, each hash "
        "recomputed from the stored bytes"
    )
    result.checked.append(f"every event decodes ({last_position:,})")
    if published is not None:
        if published[0] > last_position:
            return Problem(
                "head", f"the published head is at position {published[0]:,} but the chain "
                f"ends at {last_position:,}: events were removed", published[0],
            )  # fmt: skip
        result.checked.append(f"the published head {published[0]}:{published[1].hex()}: "
                              "on the chain")
    return None


def _read_models(parts: LedgerParts, result: Verification, _published) -> Problem | None:
    projections = parts.projections
    if not side.supported(parts.engines):
        result.checked.append("the read models: not compared (this database has no side)")
        return None
    with parts.engines.reader.connect() as db:
        present = set(inspect(db).get_table_names())
    for table in schema.metadata.sorted_tables:
        if table.name not in present:
            return Problem("read-model", f"the read model {table.name} is missing")
    halted = projections.halt()
    at = projections.position()
    with side.SideBuild(parts.engines, projections.events) as beside:
        # A live halt is a finding about the log only if the log gives it: the side
        # must stop at the same event. A halt row written by hand (or one left by
        # read models whose positions were set back) is a read model that is wrong.
        beside.projections.catch_up(stop=at if halted is None else halted.position)
        halt = beside.projections.halt()
        if halted is not None and (halt is None or halt.position != halted.position):
            shown = ", ".join(f"{k}={v!r}" for k, v in (
                ("position", halted.position), ("kind", halted.kind),
                ("originator_id", halted.originator_id), ("reason", halted.reason),
            ))  # fmt: skip
            return Problem(
                "read-model", f"the read model projection_halt holds a row the log does not "
                f"give: {shown}", None, halted.position,
            )  # fmt: skip
        if halt is not None:
            return Problem("unfoldable", halt.message(), None, halt.position)
        difference = beside.first_difference()
        forged = _forged_objects(beside)
    if difference is not None:
        return Problem("read-model", difference.describe())
    if forged is not None:
        return forged
    result.checked.append(
        f"the read models: equal to read models rebuilt on the side from the log, "
        f"at event {at:,}"
    )
    return None


def _forged_objects(beside: side.SideBuild) -> Problem | None:
    """A view or trigger that Recount does not make: Recount makes one view and no
    trigger; a view redefined by hand changes what reads and the projector see, a
    trigger changes what later writes store."""
    for kind in ("view", "trigger"):
        live, rebuilt = beside.objects(kind, "live"), beside.objects(kind, "side")
        if live != rebuilt:
            extra = sorted(set(live) - set(rebuilt)) or sorted(set(rebuilt) - set(live))
            name, sql = extra[0]
            shown = " ".join(str(sql).split())[:200]
            return Problem("read-model", f"the {kind} {name} is not the one Recount makes: {shown}")
    return None


def _stream(db: Connection, query) -> Iterator[tuple]:
    result = db.execution_options(yield_per=BATCH).execute(query)
    for row in result:
        yield tuple(row)


def _uuid(originator_id: UUID | bytes) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(bytes=originator_id)


def _reason(error: Exception) -> str:
    # The library wraps a state it cannot read in a long message that repeats the
    # event's ids; its cause says what is wrong (an unknown format, JSON that breaks).
    if isinstance(error, MapperDeserialisationError) and error.__cause__ is not None:
        error = error.__cause__
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]

