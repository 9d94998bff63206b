"""Reading the event log in pages, for the projections.

The projections read the stored events directly, a page per query, and
decode their JSON themselves: our events hold only plain JSON values, so
this skips rebuilding event objects, which measured as the slowest part of
catching up (DESIGN.md: decoding the log runs at 21,000 events/s through the
object path). It is the same query as ``select_notifications`` without the
ORM; the tests check that both see the same events. A state is inflated
first when it was stored compressed (:mod:`ledger.compression`: its
first byte says which), whatever the application is configured to write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import Connection, Table, func, select

from ledger.compression import decompress
from ledger.semantics.clock import stamp


class LoggedEvent:
    """One stored event as the projections need it: plain JSON data, no event object."""

    __slots__ = ("position", "originator_id", "version", "kind", "data", "recorded")

    def __init__(
        self,
        position: int,
        originator_id: str,  # hex
        version: int,
        kind: str,  # "Figure.Published"
        data: dict[str, Any],
        recorded: str,  # fixed-width UTC text
    ) -> None:
        self.position = position
        self.originator_id = originator_id
        self.version = version
        self.kind = kind
        self.data = data
        self.recorded = recorded

    @property
    def by(self) -> str:
        return self.data["by"]

    def __repr__(self) -> str:
        return f"LoggedEvent({self.position}, {self.kind}, {self.originator_id})"


def read_page(
    connection: Connection, events: Table, after: int, limit: int, stop: int | None = None
) -> list[LoggedEvent]:
    """The next ``limit`` events after log position ``after`` (up to ``stop``), oldest first."""
    return _decoded(_rows(connection, events, after, limit, stop))


def events_of(
    connection: Connection, events: Table, originator_ids: list[str], upto: int
) -> list[LoggedEvent]:
    """Every event of the given aggregates (hex ids) up to log position ``upto``, through
    the log's index on (originator_id, originator_version); in no particular order."""
    rows: list[tuple] = []
    if connection.dialect.name == "sqlite":
        # The driver's cursor: SQLite keeps the ids as 16 raw bytes, and SQLAlchemy's
        # result built a UUID object for each (it tripled a statistic's history).
        wanted = [bytes.fromhex(originator) for originator in originator_ids]
        cursor = connection.connection.cursor()
        try:
            for start in range(0, len(wanted), 400):
                chunk = wanted[start : start + 400]
                cursor.execute(
                    "SELECT id, originator_id, originator_version, topic, state "
                    f"FROM {events.name} WHERE originator_id IN ({', '.join('?' * len(chunk))}) "
                    "AND id <= ?",
                    (*chunk, upto),
                )
                rows.extend(cursor.fetchall())
        finally:
            cursor.close()
        return _decoded(rows)
    ids = [UUID(hex=originator) for originator in originator_ids]
    if connection.dialect.name == "postgresql":
        # One array, not lists of 400 parameters: the server plans it once (issue 12).
        rows = [tuple(row) for row in connection.exec_driver_sql(
            "SELECT id, originator_id, originator_version, topic, state "
            f"FROM {events.name} WHERE originator_id = ANY(%s) AND id <= %s",
            (ids, upto),
        )]  # fmt: skip
        return _decoded(rows)
    for start in range(0, len(ids), 400):
        query = select(
            events.c.id, events.c.originator_id, events.c.originator_version, events.c.topic,
            events.c.state,
        ).where(events.c.originator_id.in_(ids[start : start + 400]), events.c.id <= upto)
        rows.extend(tuple(row) for row in connection.execute(query))
    return _decoded(rows)


def decoded(rows: Iterable[tuple]) -> list[LoggedEvent]:
    """Stored events (id, originator id, version, topic, state) as the projections read them."""
    return _decoded(rows)


def written_publication(
    position: int, figure_id: UUID, data: dict[str, Any], timestamp: datetime
) -> LoggedEvent:
    """A new figure's ``Published`` event its writer has just stored, as :func:`read_page`
    reads it back: the writer's own data, not inflated and decoded again (write-through)."""
    return LoggedEvent(position, figure_id.hex, 1, "Figure.Published", data, _stamped(timestamp))


@lru_cache(maxsize=64)
def _stamped(timestamp: datetime) -> str:
    return stamp(timestamp)


def _decoded(rows: Iterable[tuple]) -> list[LoggedEvent]:
    loads, inflate = orjson.loads, decompress
    kinds: dict[str, str] = {}  # topic → "Figure.Published"
    page = []
    for position, originator_id, version, topic, state in rows:
        data = loads(inflate(state))  # plain JSON (older ledgers) comes back as it is
        moment = data.pop("timestamp")["_data_"]
        kind = kinds.get(topic)
        if kind is None:
            kind = kinds[topic] = topic.rpartition(":")[2]
        page.append(
            LoggedEvent(
                position,
                originator_id.hex() if type(originator_id) is bytes else originator_id.hex,
                version,
                kind,
                data,
                _recorded(moment),
            )
        )
    return page


def stored_after(connection: Connection, events: Table, after: int) -> tuple[int, str, str] | None:
    """(position, originator id, kind) of the event after ``after``, its state not decoded.

    What names an event the projections cannot fold, even one whose state is not JSON.
    """
    rows = _rows(connection, events, after, 1)
    if not rows:
        return None
    position, originator_id, _version, topic, _state = rows[0]
    return position, _hex(originator_id), topic.rpartition(":")[2]


def _hex(originator_id: bytes | UUID) -> str:
    # SQLite keeps a UUID as 16 raw bytes; other databases give UUID objects
    # (read_page writes this inline: it runs once per event of the log).
    return originator_id.hex() if type(originator_id) is bytes else originator_id.hex


def _rows(
    connection: Connection, events: Table, after: int, limit: int, stop: int | None = None
) -> list[tuple]:
    if stop is not None:
        limit = max(0, min(limit, stop - after))  # ids only grow: at most this many
    if connection.dialect.name == "sqlite":
        # The driver's own cursor, every row at once: SQLAlchemy's result
        # fetched one row at a time, and built a UUID object for each id
        # (SQLite keeps it as 16 raw bytes).
        cursor = connection.connection.cursor()
        try:
            cursor.execute(
                "SELECT id, originator_id, originator_version, topic, state "
                f"FROM {events.name} WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
                (after, stop if stop is not None else 2**63 - 1, limit),
            )
            return cursor.fetchall()
        finally:
            cursor.close()
    query = (
        select(
            events.c.id,
            events.c.originator_id,
            events.c.originator_version,
            events.c.topic,
            events.c.state,
        )
        .where(events.c.id > after, events.c.id <= (stop if stop is not None else 2**63 - 1))
        .order_by(events.c.id)
        .limit(limit)
    )
    return [tuple(row) for row in connection.execute(query)]


@lru_cache(maxsize=4096)
def _recorded(iso: str) -> str:
    # Events written together share a timestamp: convert each text once.
    return stamp(datetime.fromisoformat(iso))


def last_position(connection: Connection, events: Table) -> int:
    """The position of the newest event in the log (0 when it is empty)."""
    return connection.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one()


def published_positions(
    connection: Connection, events: Table, figure_ids: Iterable[str]
) -> dict[str, int]:
    """Each figure's row in the ``figures`` read model: its Published event's position.

    Found through the log's own index on (originator_id, originator_version).
    """
    found: dict[str, int] = {}
    wanted = [UUID(hex=figure) for figure in dict.fromkeys(figure_ids)]
    if connection.dialect.name == "postgresql" and wanted:
        # One array, not lists of 400 parameters: the server plans it once (issue 12).
        found.update((originator.hex, at) for originator, at in connection.exec_driver_sql(
            f"SELECT originator_id, id FROM {events.name} "
            "WHERE originator_id = ANY(%s) AND originator_version = 1",
            (wanted,),
        ))  # fmt: skip
        return found
    for start in range(0, len(wanted), 400):
        query = select(events.c.originator_id, events.c.id).where(
            events.c.originator_id.in_(wanted[start : start + 400]),
            events.c.originator_version == 1,
        )
        found.update((originator.hex, at) for originator, at in connection.execute(query))
    return found

