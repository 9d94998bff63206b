"""An import's rows handed to the read models as it writes them (issue 11's write-through).

Catching up after an import read back every event it had just written,
inflated and decoded it: a tenth of the import's time. Here the importer
hands over what it inserts, in its own transaction, a page at a time: its
figures' ``Published`` events built from the data it encoded, and the rare
catalogue events it writes (a statistic or source it creates, a release)
decoded from their stored rows. The page projector folds them exactly as it
folds pages read from the log (the first-prints property test compares an
import's tables with the log folded afresh).

The read models then commit with the events, at the same position. Should a
page not fold, or the log hold something this import did not write, the
hand-over stops and the catch-up after the commit folds the rest from the
log, as before (:meth:`Projections.fold_written`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection

import ledger.projections as projections
from ledger.projections.log import LoggedEvent, decoded, written_publication


class WriteThrough:
    """Collects what one import's transaction writes and folds it a page at a time."""

    def __init__(self, read_models: projections.Projections, db: Connection) -> None:
        self.read_models = read_models
        self.db = db
        self.page: list[LoggedEvent] | None = []  # None once handing over has stopped

    def stored(self, positions: Sequence[int], rows: Sequence[dict[str, Any]]) -> None:
        """Rows as stored (``EventWriter.aggregate_rows``), decoded from their state."""
        if self.page is None:
            return
        self.page += decoded(
            (position, row["originator_id"], row["originator_version"], row["topic"],
             row["state"])
            for position, row in zip(positions, rows, strict=True)
        )  # fmt: skip
        self._fold_full()

    def publications(
        self, positions: Sequence[int], figures: Sequence[tuple[UUID, dict[str, Any]]],
        timestamp: datetime,
    ) -> None:
        """New figures' ``Published`` events: (figure id, its data) at ``positions``."""
        if self.page is None:
            return
        self.page += (
            written_publication(position, figure_id, data, timestamp)
            for position, (figure_id, data) in zip(positions, figures, strict=True)
        )
        self._fold_full()

    def finish(self) -> None:
        """Fold what is left; the import's transaction commits next."""
        if self.page:
            self._fold()

    def _fold_full(self) -> None:
        size = projections.PAGE_SIZE  # read at each call: the tests fold in pages of other sizes
        while self.page is not None and len(self.page) >= size:
            self._fold(size)

    def _fold(self, size: int | None = None) -> None:
        page, rest = (self.page, []) if size is None else (self.page[:size], self.page[size:])
        self.page = rest if self.read_models.fold_written(self.db, page) else None
