"""What every aggregate of the ledger shares: the clock and stable ids."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from ledger.semantics import clock

# Ids derived from natural keys make "define twice" a storage conflict,
# even between two processes: the second save finds version 1 taken.
NAMESPACE = UUID("6f1c1b52-3c1e-4f55-9a52-6a4f1d0c2e11")


def natural_id(kind: str, *parts: str) -> UUID:
    """A deterministic aggregate id for a natural key such as a statistic code."""
    return uuid5(NAMESPACE, kind + ":" + "\x1f".join(parts))


class LedgerAggregate(Aggregate):
    """Base of the ledger's aggregates: events are stamped by the ledger's clock."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        pass
