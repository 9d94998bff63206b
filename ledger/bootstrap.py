"""The composition root: the one place that wires storage, application and read models.

The CLI, the UI, the tests and the benchmarks all open a ledger here, so a
PostgreSQL URL or a different event store changes this file and no other.
"""

from __future__ import annotations

import getpass
import os
from contextlib import nullcontext

from ledger.errors import StorageError
from ledger.integrity.verify import Problem, Verification, parse_head
from ledger.projections import Projections
from ledger.service import Ledger
from ledger.storage import (
    FAILURES,
    LOG_TABLE,
    SCHEMA_LOCK,
    Location,
    locate,
    no_ledger,
    open_engines,
    remove_ledger_file,
    session_lock,
    storage_failure,
)
from ledger.write import chain
from ledger.write.application import Recount

# The faces say where a ledger is through the door, not by parsing URLs.
__all__ = [
    "Location", "Verification", "archivist_name", "locate", "open_ledger", "remove_new_ledger",
    "verify_ledger",
]  # fmt: skip


def archivist_name(by: str | None = None) -> str:
    """Who records: ``--by``, else ``RECOUNT_ARCHIVIST``, else the OS user."""
    name = by or os.environ.get("RECOUNT_ARCHIVIST")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return name.strip() or "unknown"


def open_ledger(
    db: str | None = None, by: str | None = None, *, create: bool = False,
    as_found: bool = False,
) -> Ledger:
    """Open the ledger at a path or SQLAlchemy URL; ``create=True`` makes a missing one.

    A SQLite file that cannot be written (the file, its folder or its
    filesystem read-only) is opened for reading: reads answer, and a command
    that would record is refused with one line saying why. ``as_found=True``
    opens it exactly as it is, for ``verify``: nothing is created, migrated,
    chained or caught up, and a SQLite file is opened read-only.
    """
    where = locate(db)
    missing = where.missing()  # on PostgreSQL a query of its own: asked once
    if missing and not create:
        raise no_ledger(where)
    read_only = where.read_only() or ("opened as found" if as_found else None)
    if read_only is not None and missing:
        raise StorageError(f"cannot create the ledger at {where.shown}: {read_only}")
    url = where.url if read_only is None or where.file is None else where.read_only_url()
    try:
        # Many processes may open an empty PostgreSQL database at once (four
        # `recount init`s raced on CREATE TABLE): one at a time makes the tables.
        with session_lock(url, SCHEMA_LOCK) if not as_found else nullcontext():
            app = Recount(url)
            engines = open_engines(url, read_only=read_only is not None)
            events = app.recorder.events_record_cls.__table__
            if read_only is None:
                chain.ensure_chain(engines, events)
            projections = Projections(engines, events, create=not as_found)
        # Only a ledger whose read models are behind its log waits for the
        # write lock: a read beside a long import answers at once.
        if not as_found and projections.position() < projections.log_position():
            projections.catch_up()
        ledger = Ledger(app, projections, engines, archivist_name(by), where=where)
        ledger.created = missing
    except (ImportError, *FAILURES) as error:
        raise storage_failure(error, where) from None
    return ledger


def remove_new_ledger(where: Location) -> None:
    """Take away a ledger the same command created and was then refused on, with
    nothing recorded: a refusal writes nothing, not even an empty ledger.

    A SQLite file goes with the files beside it. In a PostgreSQL database
    (the administrator's, which stays) the tables Recount made are dropped,
    and only those: nothing else someone keeps there is touched.
    """
    if where.file is not None:
        remove_ledger_file(where)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from ledger.projections import schema

    made = [*(t.name for t in reversed(schema.metadata.sorted_tables)), *schema.RETIRED,
            chain.chain.name, LOG_TABLE]  # fmt: skip
    engine = create_engine(where.url, poolclass=NullPool)
    try:
        with session_lock(where.url, SCHEMA_LOCK), engine.begin() as db:
            if db.execute(text(f"SELECT count(*) FROM {LOG_TABLE}")).scalar():
                return  # someone recorded meanwhile: the ledger is theirs now
            db.execute(text("DROP VIEW IF EXISTS current_figures"))
            for name in made:
                db.execute(text(f"DROP TABLE IF EXISTS {name} CASCADE"))
    finally:
        engine.dispose()


def verify_ledger(db: str | None = None, head: str | None = None) -> Verification:
    """``Ledger.verify`` of the ledger at ``db``; a file too damaged to open is a finding too.

    The ledger is opened as found: verifying a copy someone sent changes nothing
    in it, and a tampered read model is not repaired by the opening before it
    is looked at. A ``head`` that cannot be read is refused before anything is opened.
    """
    if head is not None:
        parse_head(head)
    try:
        ledger = open_ledger(db, as_found=True)
    except StorageError as error:
        if locate(db).missing():
            raise
        return Verification(problem=Problem("damaged", str(error)))
    with ledger:
        try:
            return ledger.verify(head)
        except StorageError as error:
            # The file opened, but a page a check reads is damaged (SQLite says the file
            # is "malformed"): where that page falls decides which check meets it first.
            return Verification(problem=Problem("damaged", str(error)))
