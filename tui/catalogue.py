"""Sources kept between reads, and a statistic's description read on its own.

A source's name and organisation change rarely, but :meth:`Ledger.sources`
counts each source's figures to answer. The sources are read once and
refreshed in the background when the ledger grows, so opening a statistic
costs only the reads of that statistic. A statistic's description is one
indexed row (:meth:`Ledger.statistic`) and is read when wanted. Read from
worker threads; replaced whole, never mutated.
"""

from __future__ import annotations

from ledger.rows import SourceRow, StatisticRow
from ledger.service import Ledger


class Catalogue:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._sources: dict[str, SourceRow] | None = None

    # -- statistics ------------------------------------------------------------

    def statistic(self, code: str) -> StatisticRow:
        """A statistic's description, with its counts as known now."""
        return self.ledger.statistic(code)

    # -- sources -----------------------------------------------------------------

    @property
    def has_sources(self) -> bool:
        return self._sources is not None

    def sources(self) -> dict[str, SourceRow]:
        """Every source by id; possibly from before the latest change, until refreshed."""
        if self._sources is None:
            self.refresh_sources()
        assert self._sources is not None
        return self._sources

    def refresh_sources(self) -> None:
        self.remember_sources(self.ledger.sources())

    def remember_sources(self, rows: list[SourceRow]) -> None:
        self._sources = {row.source_id: row for row in rows}
