"""Where a ledger lives: a SQLAlchemy URL, or a path that means a SQLite file.

This is the one place that knows about URLs, engines and SQLite's locking;
the application, the projections and the importers ask it for connections.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.persistence import PersistenceError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ledger.errors import StorageError

DEFAULT_DB = "recount.db"
# How long one writer waits for another before SQLite gives up ("database is locked").
LOCK_TIMEOUT_SECONDS = 30

#: What the database, its driver and the event store raise when storage fails:
#: the door turns each into a :class:`~ledger.errors.StorageError`.
FAILURES = (PersistenceError, SQLAlchemyError, sqlite3.Error)


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db``: a URL as given, a path as a SQLite file."""
    db = db or os.environ.get("RECOUNT_DB") or DEFAULT_DB
    if "://" in db:
        try:
            make_url(db)
        except ArgumentError:
            raise StorageError(f"cannot read database URL '{db}'") from None
        return db
    path = Path(db).expanduser().resolve()
    if path.is_dir():
        raise StorageError(f"database path '{db}' is a folder, not a file")
    if not path.parent.is_dir():
        raise StorageError(f"no folder for database '{db}'")
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Location:
    """Where a ledger lives, in the forms the faces need: they never parse URLs."""

    url: str  # the SQLAlchemy URL, as the UI is handed it
    file: Path | None  # the SQLite file; None for other databases
    shown: str  # for people: the file's path, or the URL without its password


def locate(db: str | None) -> Location:
    """Where ``--db`` (a path, a URL, or None for the default) puts the ledger."""
    url = resolve_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        file = Path(parsed.database)
        return Location(url, file, str(file))
    return Location(url, None, parsed.render_as_string(hide_password=True))


def failure_reason(error: BaseException) -> str:
    """The first line of what the database said, without SQLAlchemy's wrapping."""
    cause = getattr(error, "orig", None) or error.__cause__ or error
    return str(cause).splitlines()[0] if str(cause) else type(cause).__name__


@dataclass
class Engines:
    """Two engines on one database: one for reading, one whose transactions write.

    On SQLite a writing transaction starts with ``BEGIN IMMEDIATE`` so two
    processes catching up the projections queue for the write lock instead of
    failing half way; readers never take it (WAL lets them run alongside).
    """

    url: str
    reader: Engine
    writer: Engine

    def dispose(self) -> None:
        self.reader.dispose()
        self.writer.dispose()


def open_engines(url: str) -> Engines:
    if url.startswith("sqlite"):
        reader = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
        writer = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
        _tune_sqlite(reader, immediate=False)
        _tune_sqlite(writer, immediate=True)
        return Engines(url, reader, writer)
    engine = create_engine(url, pool_pre_ping=True)
    return Engines(url, engine, engine)


def _tune_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event say how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Projection tables are indexed by text keys that arrive in random
        # order; a page cache of 2 MB (the default) made bulk writes seek, and
        # a fixed 64 MB keeps memory flat however large the ledger grows.
        cursor.execute("PRAGMA cache_size=-65536")
        # Temporary storage stays SQLite's default (a file): in memory, the
        # statement journal of a rebuild's DROP TABLE held 470 MiB at 10^6 figures.
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
