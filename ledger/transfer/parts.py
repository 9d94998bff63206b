"""What a transfer works with: the parts of one ledger, handed over by the door.

The imports and the export sit below :class:`ledger.service.Ledger`: the
service checks that the ledger may be written, then hands a use case these
parts, so no transfer imports the service and the dependencies point one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.projections import Projections
from ledger.storage import Engines
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
