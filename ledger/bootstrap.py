"""The composition root: the one place that wires storage, application and read models.

The CLI, the UI, the tests and the benchmarks all open a ledger here, so a
PostgreSQL URL or a different event store changes this file and no other.
"""

from __future__ import annotations

import getpass
import os

from ledger.errors import StorageError
from ledger.projections import Projections
from ledger.service import Ledger
from ledger.storage import FAILURES, Location, failure_reason, locate, open_engines, resolve_url
from ledger.write.application import Recount

# The faces say where a ledger is through the door, not by parsing URLs.
__all__ = ["Location", "archivist_name", "locate", "open_ledger"]


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
        projections.catch_up()
        ledger = Ledger(app, projections, engines, archivist_name(by))
    except ImportError as error:
        raise StorageError(
            f"cannot open ledger at '{db or url}': its database driver is not installed "
            f"({error.name}); for PostgreSQL install recount[postgres] and use a "
            "postgresql+psycopg:// URL"
        ) from None
    except FAILURES as error:
        reason = failure_reason(error)
        raise StorageError(f"cannot open ledger at '{db or url}': {reason}") from None
    return ledger
