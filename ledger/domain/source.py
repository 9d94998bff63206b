"""A source: who said it."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, natural_id


class Source(LedgerAggregate):
    """Two officials of one agency are two sources of one organisation."""

    @staticmethod
    def create_id(source_id: str) -> UUID:
        return natural_id("source", source_id)

    @event("Registered")
    def __init__(
        self,
        source_id: str,
        name: str,
        organisation: str | None,
        kind: str,
        by: str,
    ) -> None:
        self.source_id = source_id
        self.name = name
        self.organisation = organisation
        self.kind = kind

    @event("Updated")
    def update(self, name: str, organisation: str | None, kind: str, by: str) -> None:
        self.name = name
        self.organisation = organisation
        self.kind = kind
