"""The composition root: the one place that wires storage, application and read models.

The CLI, the UI, the tests and the benchmarks all open a ledger here, so a
PostgreSQL URL or a different event store changes this file and no other.
"""

from __future__ import annotations

import getpass
import os

from eventsourcing.persistence import PersistenceError
from sqlalchemy.exc import SQLAlchemyError

from ledger.errors import StorageError
from ledger.projections import Projections
from ledger.service import Ledger
from ledger.storage import open_engines, resolve_url
from ledger.write.application import Recount


def archivist_name(by: str | None = None) -> str:
    """Who records: ``--by``, else ``RECOUNT_ARCHIVIST``, else the OS user."""
    name = by or os.environ.get("RECOUNT_ARCHIVIST")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return name.strip() or "unknown"


def open_ledger(db: str | None = None, by: str | None = None) -> Ledger:
    """Open (creating if needed) the ledger at a path or SQLAlchemy URL."""
    url = resolve_url(db)
    try:
        app = Recount(url)
        engines = open_engines(url)
        events = app.recorder.events_record_cls.__table__
        projections = Projections(engines, events)
        ledger = Ledger(app, projections, engines, archivist_name(by))
        ledger.catch_up()
    except ImportError as error:
        raise StorageError(
            f"cannot open ledger at '{db or url}': its database driver is not installed "
            f"({error.name}); for PostgreSQL install recount[postgres] and use a "
            "postgresql+psycopg:// URL"
        ) from None
    except (PersistenceError, SQLAlchemyError) as error:
        cause = getattr(error, "orig", None) or error.__cause__ or error
        reason = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        raise StorageError(f"cannot open ledger at '{db or url}': {reason}") from None
    return ledger
