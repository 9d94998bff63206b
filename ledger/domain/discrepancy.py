"""The archivist's notes on one discrepancy: explained, resolved, reopened.

Whether two figures disagree is computed by the projections; this aggregate
only holds what an archivist said about the disagreement.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, natural_id
from ledger.errors import Conflict


class Discrepancy(LedgerAggregate):
    @staticmethod
    def create_id(statistic: str, period: str) -> UUID:
        return natural_id("discrepancy", statistic, period)

    @event("Tracked")
    def __init__(self, statistic: str, period: str, by: str) -> None:
        self.statistic = statistic
        self.period = period
        self.state = "open"

    @event("Explained")
    def explain(self, kind: str, note: str, by: str) -> None:
        self.state = "explained"

    def resolve(self, note: str, by: str) -> None:
        if self.state == "resolved":
            raise Conflict(f"the discrepancy {self.statistic} {self.period} is already resolved")
        self._resolved(note=note, by=by)

    @event("Resolved")
    def _resolved(self, note: str, by: str) -> None:
        self.state = "resolved"

    def reopen(self, note: str, by: str) -> None:
        if self.state == "open":
            raise Conflict(f"the discrepancy {self.statistic} {self.period} is already open")
        self._reopened(note=note, by=by)

    @event("Reopened")
    def _reopened(self, note: str, by: str) -> None:
        self.state = "open"
