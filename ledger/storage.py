"""Where a ledger lives: a SQLAlchemy URL, or a path that means a SQLite file.

This is the one place that knows about URLs, engines and SQLite's locking;
the application, the projections and the importers ask it for connections.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.persistence import PersistenceError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from ledger.errors import StorageError

DEFAULT_DB = "recount.db"
# How long one writer waits for another before SQLite gives up ("database is locked").
LOCK_TIMEOUT_SECONDS = 30

#: What the database, its driver and the event store raise when storage fails:
#: the door turns each into a :class:`~ledger.errors.StorageError`.
FAILURES = (PersistenceError, SQLAlchemyError, sqlite3.Error)

# PostgreSQL advisory locks, one key each (any 64-bit numbers, fixed for Recount:
# "RECOUNT" and a serial). SQLite needs none: its one write lock serialises all.
#: Held by whoever folds the log into the read models (catch-up, a rebuild's swap).
PROJECTION_LOCK = 0x5245434F554E5401
#: Held while a process creates or migrates a ledger's tables.
SCHEMA_LOCK = 0x5245434F554E5402
#: Held by the one rebuild or verify that builds read models on the side.
SIDE_LOCK = 0x5245434F554E5403


SUPPORTED = (
    "Recount stores ledgers in SQLite (a path or sqlite:///…) "
    "or PostgreSQL (postgresql+psycopg://…)"
)


def masked(url: str) -> str:
    """A URL fit to show: any password replaced by ``***``, even in one that does not parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db``: a URL as given, a path as a SQLite file."""
    db = db or os.environ.get("RECOUNT_DB") or DEFAULT_DB
    if "://" in db:
        try:
            backend = make_url(db).get_backend_name()
        except ArgumentError:
            raise StorageError(f"cannot read database URL '{masked(db)}'") from None
        if backend not in ("sqlite", "postgresql"):
            raise StorageError(f"cannot use '{masked(db)}': {SUPPORTED}")
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

    def missing(self) -> bool:
        """No ledger there yet (opening would create it): a SQLite file that is not
        there, or a PostgreSQL database without the log's table."""
        if self.file is not None:
            return not self.file.exists()
        return not _holds_a_log(self.url)

    def read_only(self) -> str | None:
        """Why this SQLite ledger can be read but not written, or None when it can be.

        SQLite writes beside the file too (its write-ahead log), so a folder
        that cannot be written makes the ledger read-only as much as the file.
        ``os.access`` answers for the running user, root included: a read-only
        mount or an immutable file refuses root as well.
        """
        if self.file is None:
            return None
        if _read_only_filesystem(self.file.parent):
            return "its filesystem is read-only"
        if self.file.exists() and not os.access(self.file, os.W_OK):
            return "the file is read-only"
        if not os.access(self.file.parent, os.W_OK):
            return "its folder is read-only"
        return None

    def read_only_url(self) -> str:
        """The URL that opens this SQLite file for reading only.

        ``mode=ro`` still shares SQLite's locks, so a writer elsewhere is seen;
        where no lock file can be made beside it (a read-only folder or
        filesystem, measured: "unable to open database file"), the file is opened
        ``immutable``: nobody can be writing it through that folder either.
        """
        assert self.file is not None
        flag = "mode=ro" if os.access(self.file.parent, os.W_OK) else "immutable=1"
        return f"sqlite:///file:{self.file}?{flag}&uri=true"


#: The log's table (the library names it after the application).
LOG_TABLE = "recount_events"


def _holds_a_log(url: str) -> bool:
    """Whether the database at ``url`` holds a ledger's log; True when it cannot be
    asked, so that opening it says what is wrong."""
    try:
        engine = create_engine(url, poolclass=NullPool)
    except (ImportError, *FAILURES):
        return True
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table(LOG_TABLE)
    except FAILURES:
        return True
    finally:
        engine.dispose()


def _read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def locate(db: str | None) -> Location:
    """Where ``--db`` (a path, a URL, or None for the default) puts the ledger."""
    url = resolve_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        file = Path(parsed.database)
        return Location(url, file, str(file))
    return Location(url, None, parsed.render_as_string(hide_password=True))


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (``sqlite:///path`` or ``sqlite:///file:path?…&uri=true``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database[len("file:"):]
    return None if database == ":memory:" else Path(database)


def remove_ledger_file(where: Location) -> None:
    """Delete a SQLite ledger and the files SQLite keeps beside it.

    Only for a file the same command created and then was refused on: a
    refusal writes nothing, not even an empty ledger.
    """
    if where.file is None:
        return  # a database server's: bootstrap.remove_new_ledger drops its tables
    for suffix in ("", "-wal", "-shm", "-journal"):
        where.file.with_name(where.file.name + suffix).unlink(missing_ok=True)


def no_ledger(where: Location) -> StorageError:
    return StorageError(f"no ledger at {where.shown} (recount init creates one)")


def failure_reason(error: BaseException) -> str:
    """The first line of what the database said, without SQLAlchemy's wrapping.

    The driver's own error is the one at the bottom of the chain of causes; its
    text never holds the statement or its parameters (SQLAlchemy adds those).
    """
    cause = error
    seen = set()
    while id(cause) not in seen:
        seen.add(id(cause))
        deeper = getattr(cause, "orig", None) or cause.__cause__ or cause.__context__
        if deeper is None or isinstance(cause, sqlite3.Error):
            break
        cause = deeper
    text = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
    return re.sub(r"^\([\w.]+\) ", "", text)


def storage_failure(error: BaseException, where: Location) -> StorageError:
    """One line for a failing database: what happened, to which ledger; never SQL.

    ``where.read_only()`` says why a write was refused when the ledger was
    opened for reading; the other reasons are read from the driver's words.
    """
    if isinstance(error, StorageError):
        return error
    if isinstance(error, ImportError):
        return StorageError(
            f"cannot open the ledger at {where.shown}: its database driver "
            f"({error.name or 'unknown'}) is not installed; for PostgreSQL install "
            "recount[postgres] and use a postgresql+psycopg:// URL"
        )
    reason = failure_reason(error)
    said = reason.lower()
    if "readonly database" in said or "read-only" in said:
        why = where.read_only() or "it is read-only"
        return StorageError(
            f"cannot write to the ledger at {where.shown}: {why} (reads still work)"
        )
    if "unable to open database file" in said:
        why = where.read_only() or "the file or its folder cannot be opened"
        doing = "create" if where.missing() else "open"
        return StorageError(f"cannot {doing} the ledger at {where.shown}: {why}")
    if "disk is full" in said or "no space left" in said:
        return StorageError(f"cannot write to the ledger at {where.shown}: the disk is full")
    if "database is locked" in said or "database table is locked" in said:
        return StorageError(
            f"the ledger at {where.shown} stayed locked by another writer for more than "
            f"{LOCK_TIMEOUT_SECONDS} s; try again when it has finished"
        )
    if "connection to server" in said or "connection failed" in said:
        return _unreachable(reason, where)
    if "file is not a database" in said or "malformed" in said:
        return StorageError(f"{where.shown} is not a Recount ledger: not a SQLite database")
    if "can't load plugin" in said:
        return StorageError(f"cannot use '{where.shown}': {SUPPORTED}")
    return StorageError(f"the database at {where.shown} failed: {reason}")


def hold_projection_lock(connection: Connection) -> None:
    """Queue, until this transaction ends, behind anyone else folding the log.

    On SQLite the writer's ``BEGIN IMMEDIATE`` already holds the database's
    one write lock. On PostgreSQL two catch-ups would otherwise read the same
    positions and fold the same events twice (measured: duplicate-key failures,
    reported to an archivist whose save had succeeded).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PROJECTION_LOCK})


@contextmanager
def session_lock(url: str, key: int) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock ``key`` for the block, on a connection of its own.

    Nothing on SQLite, where a single write lock and ``IF NOT EXISTS`` are enough.
    """
    if not url.startswith("postgresql"):
        yield
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    finally:
        engine.dispose()


def _unreachable(reason: str, where: Location) -> StorageError:
    """A PostgreSQL server that could not be reached or refused the connection, in the
    server's own last words (psycopg's text never holds the password)."""
    said = re.split(r"failed: (?:FATAL: +)?", reason)[-1].strip()
    missing = re.fullmatch(r'database "(.+)" does not exist', said)
    if missing:
        return StorageError(
            f"no ledger at {where.shown}: the server has no database '{missing[1]}' "
            f"(createdb {missing[1]}, then recount init)"
        )
    return StorageError(f"cannot connect to the ledger at {where.shown}: {said}")


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


def open_engines(url: str, *, read_only: bool = False) -> Engines:
    """The engines on ``url``; ``read_only`` (a SQLite file opened for reading) makes
    the writer begin as a reader does, as it then has nothing to write."""
    if url.startswith("sqlite"):
        reader = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
        writer = create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
        _tune_sqlite(reader, immediate=False, cache_kib=READER_CACHE_KIB)
        _tune_sqlite(writer, immediate=not read_only, cache_kib=WRITER_CACHE_KIB)
        return Engines(url, reader, writer)
    engine = create_engine(url, pool_pre_ping=True)
    # A read is several statements (names, then rows; the chain, then the log); under
    # PostgreSQL's default READ COMMITTED each saw what had committed meanwhile, so a
    # replay met an archivist its dictionary lacked. REPEATABLE READ gives each reading
    # connection one snapshot, as a SQLite read transaction is; reads never fail under it.
    reader = engine.execution_options(isolation_level="REPEATABLE READ")
    return Engines(url, reader, engine)


# SQLite's page cache a connection keeps, in KiB. The writer's: projection tables are
# indexed by text keys that arrive in random order; a page cache of 2 MB (the default)
# made bulk writes seek, and a fixed 64 MB keeps memory flat however large the ledger
# grows. The reader's stays SQLite's default: a whole-ledger read passes each page once,
# in index order, so a large cache only filled up (64 MB more at 10^6 figures than at
# 10^5, the whole growth of a streamed replay's peak) and the pages are in the OS's
# cache anyway.
WRITER_CACHE_KIB = 65536
READER_CACHE_KIB = 2000


def _tune_sqlite(engine: Engine, *, immediate: bool, cache_kib: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event say how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{cache_kib}")
        # Temporary storage stays SQLite's default (a file): in memory, the
        # statement journal of a rebuild's DROP TABLE held 470 MiB at 10^6 figures.
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
