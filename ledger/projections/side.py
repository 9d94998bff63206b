"""Read models built on the side: from the live log, into tables nobody reads.

``recount verify`` compares the live read models with ones built here from
the log; ``recount rebuild`` builds here and swaps the result in with one
transaction, so a reader sees the old read models or the new ones and never
half a rebuild, and a rebuild killed half way leaves the live tables as they
were.

On SQLite the side is a temporary database file whose connections attach the
live ledger read-only as ``live``: the projections' unqualified table names
find the side's own read models first and the log (which the side lacks) in
the live file, so the same projector code writes the side unchanged.

On PostgreSQL the side is a schema, ``recount_side``, first on its
connections' search path, with the live ``public`` schema (the log and the
live read models) after it: the same trick by the server's own means. One side
build runs at a time (an advisory lock), so a side schema found at the start
was left by a build that was killed, and is dropped. The swap moves the side's
tables into ``public`` in one transaction (PostgreSQL's DDL is transactional):
readers wait for it a moment, then read the new tables.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Index, Table, event, text
from sqlalchemy.schema import CreateTable

from ledger.projections import schema
from ledger.storage import (
    SIDE_LOCK,
    Engines,
    hold_projection_lock,
    open_engines,
    session_lock,
    sqlite_file,
)

# Columns that number rows as they were written, not what they say: a
# version row gets the next free number, so read models built in other
# pages number the same rows differently. Comparisons leave them out. (Slots,
# readings and archivists are numbered as the log first names them, the same
# in every build: compared as they are.)
SURROGATES = {"versions": {"id"}}
# The side's folder: named with its process, so that one left by a killed
# process is recognised and removed by the next build.
SIDE_PREFIX = ".recount-side-"
#: The side's schema on PostgreSQL.
SIDE_SCHEMA = "recount_side"


@dataclass(frozen=True)
class Difference:
    """The first row where two sets of read models differ."""

    table: str
    where: str  # "live" (a row only the live tables hold) or "rebuilt" (only the rebuild)
    row: dict

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in list(self.row.items())[:6])
        if self.where == "live":
            return f"the read model {self.table} holds a row the log does not give: {shown}"
        return f"the read model {self.table} lacks a row the log gives: {shown}"


def supported(engines: Engines) -> bool:
    """Whether read models can be built on the side of this database."""
    return sqlite_file(engines.url) is not None or _on_postgres(engines)


def _on_postgres(engines: Engines) -> bool:
    return engines.writer.dialect.name == "postgresql"


class SideBuild:
    """A fresh set of read models, beside the live ones of ``engines``.

    Use as a context manager: the side's files are removed on leaving it.
    """

    def __init__(self, engines: Engines, events: Table) -> None:
        self.folder: Path | None = None
        self._held = ExitStack()
        if _on_postgres(engines):
            self._open_schema(engines, events)
            return
        from ledger.projections import Projections  # the package imports this module

        live = sqlite_file(engines.url)
        if live is None:
            raise ValueError("read models are built on the side of SQLite or PostgreSQL only")
        self.live_name, self.side_name = "live", "main"
        parent = _side_folder(live)
        _remove_abandoned(Path(parent or tempfile.gettempdir()))
        self.folder = Path(tempfile.mkdtemp(prefix=f"{SIDE_PREFIX}{os.getpid()}-", dir=parent))
        self.file = self.folder / "side.db"
        self.engines = open_engines(f"sqlite:///file:{self.file}?uri=true")
        # The side's tables exist before any connection attaches the live file: a
        # statement that SQLite resolved while only ``live`` had a table of that name
        # stays bound to the live table (it is re-prepared only when a schema it
        # uses changes), and the side then read the live halt and positions. Made here
        # without ``live``, its tables, view and schema version are the side's own.
        Projections(self.engines, events, shared=False)
        self.engines.dispose()
        for engine in (self.engines.reader, self.engines.writer):
            _attach_live(engine, live)
        self.projections = Projections(self.engines, events, shared=False)

    def _open_schema(self, engines: Engines, events: Table) -> None:
        from ledger.projections import Projections

        self.live_name, self.side_name = "public", SIDE_SCHEMA
        self._held.enter_context(session_lock(engines.url, SIDE_LOCK))
        with engines.writer.begin() as db:
            db.execute(text(f"DROP SCHEMA IF EXISTS {SIDE_SCHEMA} CASCADE"))  # a killed build's
            db.execute(text(f"CREATE SCHEMA {SIDE_SCHEMA}"))
        self.engines = open_engines(engines.url)
        self._held.callback(self._drop_schema, engines)
        _search_side_first(self.engines.writer)
        # Made by hand, unqualified (so in the side schema): the checks of
        # create_all would find the live tables, visible on the search path.
        with self.engines.writer.begin() as db:
            schema.metadata.create_all(db, checkfirst=False)
            db.execute(text(schema.CURRENT_VIEW))
            db.execute(schema.schema_version.insert().values(version=schema.SCHEMA_VERSION))
        self.projections = Projections(self.engines, events, shared=False)

    @staticmethod
    def _drop_schema(engines: Engines) -> None:
        with engines.writer.begin() as db:
            db.execute(text(f"DROP SCHEMA IF EXISTS {SIDE_SCHEMA} CASCADE"))

    def __enter__(self) -> SideBuild:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.engines.dispose()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self._held.close()  # the side schema dropped, then its lock let go

    def objects(self, kind: str, where: str) -> list[tuple[str, str]]:
        """The views or triggers (``kind``) of the live or side (``where``) read models,
        as (name, definition) with the schema's own name left out of the definition."""
        name = self.live_name if where == "live" else self.side_name
        with self.engines.reader.connect() as db:
            if self.folder is not None:
                return [tuple(r) for r in db.execute(text(
                    f"SELECT name, sql FROM {name}.sqlite_master WHERE type = :kind "
                    "ORDER BY name"), {"kind": kind})]  # fmt: skip
            query = PG_VIEWS if kind == "view" else PG_TRIGGERS
            found = db.execute(text(query), {"schema": name}).all()
        return [(n, str(d).replace(f"{name}.", "")) for n, d in found]

    def first_difference(self) -> Difference | None:
        """The first row where the live read models and these differ, or None."""
        with self.engines.reader.connect() as db:
            for table in _tables():
                columns = ", ".join(
                    f'"{c.name}"' for c in table.columns
                    if c.name not in SURROGATES.get(table.name, ())
                )  # fmt: skip
                counted = f"SELECT {columns}, count(*) AS copies FROM {{}}.{table.name} " \
                    f"GROUP BY {columns}"
                live, rebuilt = self.live_name, self.side_name
                for mine, theirs, where in ((live, rebuilt, "live"), (rebuilt, live, "rebuilt")):
                    row = db.execute(text(
                        f"{counted.format(mine)} EXCEPT {counted.format(theirs)} LIMIT 1"
                    )).mappings().first()  # fmt: skip
                    if row is not None:
                        return Difference(table.name, where, dict(row))
        return None

    def swap_into(self, live: Engines) -> int:
        """Catch the side up with the whole log and make it the live read models.

        One transaction on the live ledger, holding its write lock: nothing is
        recorded meanwhile, a reader sees the old tables until it commits, and
        a process killed before then leaves them as they were. Returns how
        many events the final catch-up folded.
        """
        if self.folder is None:
            return self._move_into(live)
        with live.writer.connect() as connection:
            # ATTACH cannot run inside a transaction: before SQLAlchemy begins one.
            raw = connection.connection.driver_connection
            raw.execute("ATTACH DATABASE ? AS side", (f"file:{self.file}?mode=ro",))
            try:
                with connection.begin():
                    folded = self.projections.catch_up()  # what came in meanwhile
                    _replace_tables(connection)
            finally:
                connection.rollback()
                raw.execute("DETACH DATABASE side")
        return folded


    def _move_into(self, live: Engines) -> int:
        """PostgreSQL's swap: under the projection lock, so no catch-up runs between the
        side's last fold and the move, the live tables are dropped and the side's moved in."""
        with live.writer.begin() as db:
            hold_projection_lock(db)
            folded = self.projections.catch_up()  # what came in meanwhile
            db.execute(text("DROP VIEW IF EXISTS public.current_figures"))
            db.execute(text(f"DROP VIEW IF EXISTS {SIDE_SCHEMA}.current_figures"))
            for table in reversed(schema.metadata.sorted_tables):
                db.execute(text(f"DROP TABLE IF EXISTS public.{table.name}"))
            for table in schema.metadata.sorted_tables:
                db.execute(text(f"ALTER TABLE {SIDE_SCHEMA}.{table.name} SET SCHEMA public"))
            db.execute(text("SET LOCAL search_path TO public"))
            db.execute(text(schema.CURRENT_VIEW))
        return folded


# What verify compares of PostgreSQL's views and triggers, per schema.
PG_VIEWS = (
    "SELECT viewname, definition FROM pg_views WHERE schemaname = :schema ORDER BY viewname"
)
PG_TRIGGERS = (
    "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT t.tgisinternal AND n.nspname = :schema ORDER BY t.tgname"
)


def _search_side_first(engine) -> None:
    @event.listens_for(engine, "connect")
    def search_side_first(dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {SIDE_SCHEMA}, public")
        dbapi_connection.commit()


def _tables() -> Iterator[Table]:
    yield from schema.metadata.sorted_tables


def _replace_tables(db: Connection) -> None:
    """Drop the live read models and copy the side's in; indexes are made after the rows."""
    db.execute(text("DROP VIEW IF EXISTS current_figures"))
    for table in reversed(schema.metadata.sorted_tables):
        db.execute(text(f"DROP TABLE IF EXISTS main.{table.name}"))
    for table in schema.metadata.sorted_tables:
        db.execute(CreateTable(table))
        db.execute(text(f"INSERT INTO main.{table.name} SELECT * FROM side.{table.name}"))
        index: Index
        for index in table.indexes:
            index.create(db)
    db.execute(text(schema.CURRENT_VIEW))


def _attach_live(engine, live: Path) -> None:
    @event.listens_for(engine, "connect")
    def attach(dbapi_connection, _record) -> None:
        dbapi_connection.execute("ATTACH DATABASE ? AS live", (f"file:{live}?mode=ro",))


def _side_folder(live: Path) -> str | None:
    """Beside the ledger when its folder can be written (same disk, room for a copy)."""
    return str(live.parent) if os.access(live.parent, os.W_OK) else None


def _remove_abandoned(folder: Path) -> None:
    """Remove side folders whose process has ended (killed before it cleaned up)."""
    for found in folder.glob(f"{SIDE_PREFIX}*-*"):
        pid = found.name[len(SIDE_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(found, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
