"""Names of statistics and sources, kept between reads.

A statistic's name, unit and definition and a source's name and organisation
change rarely, but :meth:`Ledger.statistic` and :meth:`Ledger.sources` count
over the whole ledger to answer (seconds at 10^6 figures). The home screen's
list seeds the statistics; the sources are read once and refreshed in the
background when the ledger grows, so opening a statistic costs only the reads
of that statistic. Read from worker threads; replaced whole, never mutated.
"""

from __future__ import annotations

from ledger.rows import SourceRow, StatisticRow
from ledger.service import Ledger


class Catalogue:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._statistics: dict[str, StatisticRow] = {}
        self._complete = False
        self._sources: dict[str, SourceRow] | None = None

    # -- statistics ------------------------------------------------------------

    def remember_statistics(self, rows: list[StatisticRow]) -> None:
        """Every statistic, as the home screen just read them (at any time point)."""
        self._statistics = {row.code: row for row in rows}
        self._complete = True

    def statistic(self, code: str) -> StatisticRow:
        """A statistic's description (its counts may be from another time point)."""
        found = self._statistics.get(code)
        if found is None:
            found = self.ledger.statistic(code)
            self._statistics = {**self._statistics, code: found}
        return found

    def statistics(self) -> list[StatisticRow]:
        if not self._complete:
            self.remember_statistics(self.ledger.statistics())
        return sorted(self._statistics.values(), key=lambda row: row.code)

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

    def ledger_changed(self) -> None:
        """A statistic may have been defined: the full list is read again when next asked.

        The descriptions already known are kept meanwhile; the home screen's
        next read replaces them all.
        """
        self._complete = False
