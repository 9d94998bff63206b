"""The hash chain over the log (DESIGN.md, "The chain over the log").

Each stored event n has h(n) = SHA-256(h(n - 1) ‖ bytes(n)), h(0) = 32 zero
bytes, where bytes(n) is the event's originator id (16 bytes), its version (8
bytes, big-endian), then its topic and its state, each preceded by its length
(8 bytes, big-endian). n counts the events in log order from 1: the chain's
*position*, which equals the log's notification id on a ledger whose ids have
no gaps (SQLite's), and stays dense where ids have gaps (PostgreSQL's
sequences skip the ids of rolled-back saves).

The hashes live in a table of the ledger's own, ``recount_chain``, written in
the same transaction as the events they cover by every path that writes
events: the library's save (:class:`ChainedRecorder`), the batched writer of
the imports and the restore of a dump. The library's table layout is untouched.

A writer chains exactly the events it has just inserted, never "whatever
follows the chain's tail": an event row slipped into the log by hand stays
unchained, and ``recount verify`` reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from ledger.storage import Engines

GENESIS = bytes(32)

metadata = MetaData()
chain = Table(
    "recount_chain",
    metadata,
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=False),
    Column("event_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False,
           unique=True),
    Column("hash", LargeBinary(32), nullable=False),
)

TAIL = select(chain.c.position, chain.c.hash).order_by(chain.c.position.desc()).limit(1)


def event_bytes(originator_id: UUID | bytes, version: int, topic: str, state: bytes) -> bytes:
    """bytes(n): what the chain covers of one stored event."""
    raw_id = originator_id if type(originator_id) is bytes else originator_id.bytes
    topic_bytes = topic.encode("utf8")
    return b"".join((
        raw_id,
        version.to_bytes(8, "big"),
        len(topic_bytes).to_bytes(8, "big"),
        topic_bytes,
        len(state).to_bytes(8, "big"),
        state,
    ))  # fmt: skip


def next_hash(previous: bytes, originator_id: UUID | bytes, version: int, topic: str,
              state: bytes) -> bytes:
    """h(n) from h(n - 1) and the stored event n."""
    return hashlib.sha256(previous + event_bytes(originator_id, version, topic, state)).digest()


def tail(connection: Connection) -> tuple[int, bytes]:
    """(position, hash) of the chain's latest link; (0, GENESIS) before the first."""
    row = connection.execute(TAIL).first()
    return (0, GENESIS) if row is None else (row[0], bytes(row[1]))


def link(connection: Connection, events: Iterable[tuple[int, UUID | bytes, int, str, bytes]]
         ) -> tuple[int, bytes]:
    """Chain ``events`` (id, originator id, version, topic, state), just inserted in
    this transaction, in log order after the chain's tail; returns the new tail.

    The caller holds the log's write lock (SQLite's, once it has inserted; the
    table lock on PostgreSQL), so the tail read here is the latest.
    """
    position, previous = tail(connection)
    rows = []
    sha256 = hashlib.sha256
    for event_id, originator_id, version, topic, state in events:
        previous = sha256(previous + event_bytes(originator_id, version, topic, state)).digest()
        position += 1
        rows.append((position, event_id, previous))
    insert_links(connection, rows)
    return position, previous


def insert_links(connection: Connection, rows: Sequence[tuple[int, int, bytes]]) -> None:
    """Write (position, event id, hash) rows to the chain table."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        # The driver's own executemany: no per-row bind processing.
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(
                "INSERT INTO recount_chain (position, event_id, hash) VALUES (?, ?, ?)", rows
            )
        finally:
            cursor.close()
        return
    connection.execute(
        chain.insert(), [{"position": p, "event_id": e, "hash": h} for p, e, h in rows]
    )


def lock_log(connection: Connection, events: Table) -> None:
    """Take the lock on the log that the library's save takes, where the database has one.

    On SQLite the writer's transaction already holds the database's write
    lock (``BEGIN IMMEDIATE``); PostgreSQL needs the table lock, or ids could
    commit out of order and the chain could fork.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"LOCK TABLE {events.name} IN EXCLUSIVE MODE"))


def notify_log(connection: Connection, events: Table) -> None:
    """Send the notification the library's save sends, so listeners wake (PostgreSQL).

    The channel is the library's: the events table's name without dots.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"NOTIFY {events.name.replace('.', '_')}"))


def link_inserted(
    connection: Connection, events: Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Chain the ``rows`` (stored-event dicts) that the caller has just inserted; returns
    their ids.

    Under the write lock the last ``len(rows)`` ids of the log are theirs, in order.
    """
    if not rows:
        return []
    ids = connection.execute(
        select(events.c.id).order_by(events.c.id.desc()).limit(len(rows))
    ).scalars().all()
    ids.reverse()
    link(connection, (
        (event_id, r["originator_id"], r["originator_version"], r["topic"], r["state"])
        for event_id, r in zip(ids, rows, strict=True)
    ))  # fmt: skip
    return ids


def ensure_chain(engines: Engines, events: Table) -> None:
    """Create the chain table; on a ledger made before the chain existed, chain its log.

    Looked for without the write lock, so opening a chained ledger beside a
    long import does not wait. Made inside the writer's transaction, so two
    processes opening an old ledger at once chain it once. A chain table that
    exists is never filled in here, even when empty: that is for ``recount
    verify`` to report.
    """
    with engines.reader.connect() as db:
        if inspect(db).has_table(chain.name):
            return
    with engines.writer.begin() as db:
        if inspect(db).has_table(chain.name):
            return
        metadata.create_all(db)
        lock_log(db, events)
        result = db.execute(
            select(events.c.id, events.c.originator_id, events.c.originator_version,
                   events.c.topic, events.c.state).order_by(events.c.id)
        )
        while batch := result.fetchmany(10_000):
            link(db, [(r[0], r[1], r[2], r[3], bytes(r[4])) for r in batch])


class ChainedRecorder(SQLAlchemyApplicationRecorder):
    """The library's recorder, which also chains what each save inserts."""

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        ids = super()._insert_stored_events(session, stored_events, **kwargs)
        link(session.connection(), (
            (event_id, e.originator_id, e.originator_version, e.topic, e.state)
            for event_id, e in zip(ids, stored_events, strict=True)
        ))  # fmt: skip
        return ids


class ChainedFactory(SQLAlchemyFactory):
    """The eventsourcing-sqlalchemy persistence module, with :class:`ChainedRecorder`."""

    application_recorder_class = ChainedRecorder
