"""The batched fast path for writing many new figures at once.

Building one ``Figure`` aggregate per row and saving it runs at a few
thousand events a second (DESIGN.md). A new figure's only event is its
``Published`` event at version 1 with a fresh id, so nothing has to be
loaded or checked against stored state: this module encodes exactly the
stored event the object path would produce (same topic, same JSON, same
transcoder) and inserts a batch of them with one ``executemany``. Vintage
import also retracts figures it knows to be standing (it published them, or
read them from the read models), at a version it knows. The tests hold both
to byte-for-byte equality with the object path.

Nothing here reads a figure's value: the read models fold these events only
after the caller's transaction commits, so the caller must refuse an
unreadable value before it writes the row (``derived`` of
:mod:`ledger.semantics.readings`, as the native and vintage imports do), or
the value stays in the log and stops every later fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper
from eventsourcing.utils import get_topic
from sqlalchemy import Connection, Table, insert

from ledger.domain import figure as figure_module
from ledger.domain.figure import Figure
from ledger.write import chain

PUBLISHED_TOPIC = get_topic(Figure.Published)
RETRACTED_TOPIC = get_topic(Figure.Retracted)
RETRACTED_VERSION = Figure.Retracted.class_version
FIGURE_TOPIC = get_topic(Figure)

FIGURE_FIELDS = (
    "statistic", "period", "source", "text", "grain", "status", "published",
    "release", "url", "quote", "note",
)  # fmt: skip


class EventWriter:
    """Encodes events as the application's mapper would and inserts them in batches."""

    def __init__(self, mapper: Mapper, events: Table) -> None:
        self.mapper = mapper
        self.events = events
        self.encode = mapper.transcoder.encode
        self._prefixes: dict[datetime, str] = {}
        self._event_prefixes: dict[datetime, str] = {}
        # The transcoder's own JSON encoder: same separators, same escaping.
        self._encoder = mapper.transcoder.encoder

    def figure_published(
        self, fields: dict[str, Any], by: str, timestamp: datetime
    ) -> tuple[UUID, dict[str, Any]]:
        """The stored row of a new figure's ``Published`` event."""
        figure_id, row, _data = self.figure_published_with_data(fields, by, timestamp)
        return figure_id, row

    def figure_published_with_data(
        self, fields: dict[str, Any], by: str, timestamp: datetime
    ) -> tuple[UUID, dict[str, Any], dict[str, Any]]:
        """``figure_published``, and the event's data as reading the log decodes it (its
        state without the timestamp): what an import hands the read models (write-through)."""
        figure_id = figure_module.new_figure_id()
        state = {name: fields.get(name) for name in FIGURE_FIELDS}
        state["by"] = by
        # The same bytes as encoding {"timestamp": …, "originator_topic": …, **state}:
        # the shared head is encoded once per timestamp, and orjson writes a
        # dict of texts exactly as the transcoder's compact, non-ASCII JSON
        # does (a property test holds the two paths byte-equal).
        encoded = self._prefix(timestamp).encode("utf8") + orjson.dumps(state)[1:]
        row = {
            "originator_id": figure_id,
            "originator_version": 1,
            "topic": PUBLISHED_TOPIC,
            "state": self._seal(encoded),
        }
        state["originator_topic"] = FIGURE_TOPIC
        return figure_id, row, state

    def figure_publisher(
        self, fields: dict[str, Any], by: str, timestamp: datetime
    ) -> Callable[[str, str], tuple[UUID, dict[str, Any]]]:
        """``figure_published`` for many figures that differ only in period and text.

        ``fields`` holds every field but ``period`` and ``text``; the returned
        function takes those two and gives what ``figure_published`` gives for
        the whole. The constant part of the JSON is encoded once: the
        transcoder encodes a string with ``encode_basestring`` (it does not
        escape to ASCII), so pasting the two encoded strings in gives the
        same bytes.
        """
        period_mark, text_mark = "\ue000period", "\ue001text"
        state = {name: fields.get(name) for name in FIGURE_FIELDS}
        state.update(period=period_mark, text=text_mark, by=by)
        encoded = self._prefix(timestamp) + self._encoder.encode(state)[1:]
        head, period_found, rest = encoded.partition(encode_basestring(period_mark))
        middle, text_found, tail = rest.partition(encode_basestring(text_mark))
        if not (period_found and text_found) or period_mark in tail or text_mark in tail:
            # A field holds a mark (never in practice): take the general path.
            def general(period: str, text: str) -> tuple[UUID, dict[str, Any]]:
                return self.figure_published(
                    {**fields, "period": period, "text": text}, by, timestamp
                )

            return general
        new_id, seal = figure_module.new_figure_id, self._seal

        def publish(period: str, text: str) -> tuple[UUID, dict[str, Any]]:
            figure_id = new_id()
            state = head + encode_basestring(period) + middle + encode_basestring(text) + tail
            return figure_id, {
                "originator_id": figure_id,
                "originator_version": 1,
                "topic": PUBLISHED_TOPIC,
                "state": seal(state.encode("utf8")),
            }

        return publish

    def figure_retracted(
        self,
        figure_id: UUID,
        version: int,
        published: str,
        reason: str,
        by: str,
        timestamp: datetime,
        dropped: bool = False,
    ) -> dict[str, Any]:
        """The stored row of ``Figure.retract(published, reason, by, dropped)`` on a figure.

        ``version`` is the new event's version: one more than the figure's
        last. Nothing is loaded or checked here: the caller knows the figure
        stands (not retracted) and was published on or before ``published``.
        """
        # As the mapper writes it: the event's fields, then its class version.
        state = {
            "published": published, "reason": reason, "by": by, "dropped": dropped,
            "class_version": RETRACTED_VERSION,
        }  # fmt: skip
        encoded = (self._event_prefix(timestamp) + self._encoder.encode(state)[1:]).encode("utf8")
        return {
            "originator_id": figure_id,
            "originator_version": version,
            "topic": RETRACTED_TOPIC,
            "state": self._seal(encoded),
        }

    def _event_prefix(self, timestamp: datetime) -> str:
        # The head of a later event's state: only its timestamp precedes its own fields.
        prefix = self._event_prefixes.get(timestamp)
        if prefix is None:
            prefix = self.encode({"timestamp": timestamp}).decode("utf8")[:-1] + ","
            self._event_prefixes[timestamp] = prefix
        return prefix

    def _prefix(self, timestamp: datetime) -> str:
        prefix = self._prefixes.get(timestamp)
        if prefix is None:
            head = self.encode({"timestamp": timestamp, "originator_topic": FIGURE_TOPIC})
            prefix = head.decode("utf8")[:-1] + ","
            self._prefixes[timestamp] = prefix
        return prefix

    def aggregate_rows(self, *aggregates: Aggregate) -> list[dict[str, Any]]:
        """Rows for the pending events of aggregates built the ordinary way."""
        rows = []
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                stored = self.mapper.to_stored_event(event)
                rows.append(
                    {
                        "originator_id": stored.originator_id,
                        "originator_version": stored.originator_version,
                        "topic": stored.topic,
                        "state": stored.state,
                    }
                )
        return rows

    def insert(self, connection: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert ``rows`` and chain them, in the caller's transaction; returns their log
        positions (the events' ids), in order."""
        if not rows:
            return []
        if connection.dialect.name != "sqlite":
            chain.lock_log(connection, self.events)
            connection.execute(insert(self.events), list(rows))
            ids = chain.link_inserted(connection, self.events, rows)
            chain.notify_log(connection, self.events)
            return ids
        # SQLite keeps the UUID as 16 raw bytes (UUIDType's binary storage):
        # hand the driver positional rows and skip per-row bind processing.
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {self.events.name} "
                "(originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                [
                    (r["originator_id"].bytes, r["originator_version"], r["topic"], r["state"])
                    for r in rows
                ],
            )
        finally:
            cursor.close()
        return chain.link_inserted(connection, self.events, rows)

    def _seal(self, state: bytes) -> bytes:
        # Mirror Mapper.to_stored_event for ledgers configured to compress or encrypt.
        if self.mapper.compressor:
            state = self.mapper.compressor.compress(state)
        if self.mapper.cipher:
            state = self.mapper.cipher.encrypt(state)
        return state
