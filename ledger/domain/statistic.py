"""A statistic: a measured quantity with a stable code."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, natural_id


class Statistic(LedgerAggregate):
    """Figures are compared only within one statistic."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return natural_id("statistic", code)

    @event("Defined")
    def __init__(
        self,
        code: str,
        name: str,
        unit: str,
        definition: str | None,
        scope: str | None,
        by: str,
    ) -> None:
        self.code = code
        self.name = name
        self.unit = unit
        self.definition = definition
        self.scope = scope

    @event("Described")
    def describe(
        self,
        name: str,
        unit: str,
        definition: str | None,
        scope: str | None,
        by: str,
    ) -> None:
        self.name = name
        self.unit = unit
        self.definition = definition
        self.scope = scope
