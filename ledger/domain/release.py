"""A release: a document that published figures together."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, natural_id


class Release(LedgerAggregate):
    """A press release, report or data vintage; every imported vintage is one."""

    @staticmethod
    def create_id(source: str, key: str) -> UUID:
        return natural_id("release", source, key)

    @event("Published")
    def __init__(
        self,
        source: str,
        key: str,
        title: str,
        url: str | None,
        published: str,
        by: str,
    ) -> None:
        self.source = source
        self.key = key
        self.title = title
        self.url = url
        self.published = published
