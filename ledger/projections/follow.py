"""Waking up when another process may have grown the log (PostgreSQL's LISTEN/NOTIFY).

Every save sends ``NOTIFY <channel>`` in its transaction: the library's recorder
does (``_notify_channel``) and so do the bulk writer and a restore
(:func:`ledger.write.chain.notify_log`); the channel is the events table's name
without dots. :class:`LogFollower` listens on a connection of its own and calls
``on_change`` in its thread whenever the log may have grown, so a face shows
another machine's record at once instead of asking the database every second.

The library's ``subscribe()`` is not used: it delivers the events themselves (a
face needs only a wake-up, then reads the read models), it ends for good when its
connection is lost, and it checks for notifications every tenth of a second
with a sleep in between. SQLite sends nothing: :func:`follow_log` returns None
there and the face keeps polling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from sqlalchemy import Table

from ledger.storage import Engines, locate, storage_failure

# How long one wait for a notification lasts: the longest ``close`` waits for the thread.
WAIT_SECONDS = 0.25
# After a lost connection, or an ``on_change`` that raised, how long until trying again.
RETRY_SECONDS = 1.0
# TCP keepalives, so that a server gone without a word (a cable pulled) is noticed in
# about 20 s rather than the system's two hours: then the follower reconnects.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 5,
              "keepalives_count": 3}  # fmt: skip


def channel_name(events: Table) -> str:
    """The channel saves notify: the library's, the events table's name without dots."""
    return events.name.replace(".", "_")


def follow_log(
    engines: Engines, events: Table, on_change: Callable[[], None]
) -> LogFollower | None:
    """Call ``on_change`` whenever the log may have grown; None where saves notify nobody.

    On PostgreSQL the listening has begun when this returns, so nothing recorded
    afterwards is missed; ``on_change`` is also called once at the start and after
    each reconnection, for what was recorded while nobody listened.
    """
    if engines.reader.dialect.name != "postgresql":
        return None
    import psycopg

    try:
        return LogFollower(_connector(engines), channel_name(events), on_change)
    except psycopg.Error as error:  # not among storage.FAILURES: SQLAlchemy wraps those
        raise storage_failure(error, locate(engines.url)) from None


def _connector(engines: Engines) -> Callable[[], Any]:
    """Opens a new autocommit psycopg connection to the ledger's database (LISTEN needs
    one of its own: a pooled one would be handed to a reader mid-wait)."""
    import psycopg

    args, options = engines.reader.dialect.create_connect_args(engines.reader.url)
    options.pop("context", None)  # SQLAlchemy's adapters; a plain connection needs none
    return lambda: psycopg.connect(*args, **options, **KEEPALIVES, autocommit=True,
                                   connect_timeout=5)  # fmt: skip


class LogFollower:
    """A thread listening on ``channel``; :meth:`close` ends it."""

    def __init__(self, connect: Callable[[], Any], channel: str,
                 on_change: Callable[[], None]) -> None:  # fmt: skip
        self._connect = connect
        self._listen = f"LISTEN {channel}"
        self._on_change = on_change
        self._closed = threading.Event()
        # The first connection is made here: an unreachable server is the caller's error.
        self._connection = self._listening()
        self._thread = threading.Thread(target=self._run, name=f"follow {channel}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop listening; returns once the thread has seen it (within WAIT_SECONDS)."""
        self._closed.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=WAIT_SECONDS + RETRY_SECONDS + 5)

    def __enter__(self) -> LogFollower:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _listening(self) -> Any:
        connection = self._connect()
        try:
            connection.execute(self._listen)
        except BaseException:
            connection.close()
            raise
        return connection

    def _run(self) -> None:
        import psycopg

        pending = True  # recorded before the listening began: look once
        while not self._closed.is_set():
            if self._connection is None:
                try:
                    self._connection = self._listening()
                except psycopg.Error:
                    self._closed.wait(RETRY_SECONDS)
                    continue
                pending = True  # recorded while nobody listened
            if pending:
                pending = not self._changed()
                if pending:
                    self._closed.wait(RETRY_SECONDS)
                    continue
            try:
                # One packet of notifications at most: a burst of saves is one wake-up.
                if list(self._connection.notifies(timeout=WAIT_SECONDS, stop_after=1)):
                    pending = True
            except psycopg.Error:
                self._drop_connection()
        self._drop_connection()

    def _changed(self) -> bool:
        """Tell ``on_change``; False when it raised (it is told again after RETRY_SECONDS)."""
        try:
            self._on_change()
        except Exception:  # the caller's own failure (a busy database): try again later
            return False
        return True

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # A connection already lost may close with an error: it is gone either way.
            with suppress(Exception):
                connection.close()
