"""What a transfer works with: the parts of one ledger, handed over by the door.

The imports and the export sit below :class:`ledger.service.Ledger`: the
service checks that the ledger may be written, then hands a use case these
parts, so no transfer imports the service and the dependencies point one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from ledger.projections import Projections
from ledger.storage import Engines
from ledger.write import chain
from ledger.write.application import Recount
from ledger.write.event_writer import EventWriter


@dataclass(frozen=True)
class LedgerParts:
    app: Recount  # the write side; its mapper encodes events as it would
    projections: Projections  # the read models, and the table of stored events
    engines: Engines  # a reader, and a writer whose transactions write
    archivist: str  # who records

    def event_writer(self) -> EventWriter:
        """The batched fast path, encoding each event as the application would."""
        return EventWriter(self.app.mapper, self.projections.events)

    def hold_log(self, db: Connection) -> None:
        """Make the writer's transaction ``db`` the only writer of the log from here on,
        with read models that have folded all of it.

        SQLite's ``BEGIN IMMEDIATE`` took its lock already; PostgreSQL takes the
        table lock of the library's save. Two imports at once then run one
        after the other, as on SQLite, and the second sees what the first wrote
        (measured before: both created the same statistic, and one failed).
        """
        chain.lock_log(db, self.projections.events)
        self.projections.fold_within(db)
