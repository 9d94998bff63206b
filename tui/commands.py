"""The command palette (ctrl+p): jump to any statistic or source by code or name."""

from __future__ import annotations

import asyncio
import heapq
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.literal import clean

if TYPE_CHECKING:
    from tui.app import PaletteNames, RecountApp

MOST_HITS = 40
# Fuzzy matching every name costs too much on a large ledger: above this many
# entries only those containing the query as typed are scored.
FUZZY_LIMIT = 5_000


class LedgerCommands(Provider):
    """Statistics and sources of the ledger, by code, id or name."""

    async def startup(self) -> None:
        app: RecountApp = self.app  # type: ignore[assignment]
        self.names: PaletteNames = await app.palette_names()

    def entries(self) -> list[tuple[str, str, object]]:
        """(text shown, help, command) for every statistic and source."""
        app: RecountApp = self.app  # type: ignore[assignment]
        entries: list[tuple[str, str, object]] = []
        for code, name, unit in self.names.statistics:
            entries.append((clean(f"{code} · {name}"), clean(f"open statistic ({unit})"),
                            partial(app.open_statistic, code)))
        for source_id, name, organisation in self.names.sources:
            where = f", {organisation}" if organisation else ""
            entries.append((clean(f"{source_id} · {name}"), clean(f"show source{where}"),
                            partial(app.open_source, source_id)))
        return entries

    async def discover(self) -> Hits:
        for text, help_text, command in self.entries()[:MOST_HITS]:
            yield DiscoveryHit(text, command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        wanted = query.lower()
        entries = self.entries()
        fuzzy = len(entries) <= FUZZY_LIMIT
        scored = []
        for number, (text, help_text, command) in enumerate(entries):
            if not fuzzy and wanted not in text.lower():
                continue
            score = matcher.match(text)
            if score > 0:
                scored.append((score, -number, text, help_text, command))
            if number % 2_000 == 1_999:
                await asyncio.sleep(0)  # let the palette stay responsive
        for score, _, text, help_text, command in heapq.nlargest(MOST_HITS, scored,
                                                                  key=lambda s: s[:2]):
            yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
