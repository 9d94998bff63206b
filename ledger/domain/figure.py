"""A figure: one published value of one statistic, period and source.

Each figure is its own short stream: published, then perhaps corrected,
retracted or amended. A revision is a new figure from the same source for the
same statistic and period; which one is current at a date is the projections'
business, so recording a figure never reads another.

Event attributes are plain JSON values (ISO dates as text, values as the
verbatim text) so that the projections can decode the log without the object
path; the log stores them deflated (``ledger.compression``), and
``recount dump`` gives every event back as text.
"""

from __future__ import annotations

import os
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate
from ledger.errors import Conflict, InvalidInput
from ledger.semantics.drop_outs import reads_as_drop_out

# Figure ids are random version-4 UUIDs, drawn from a pool that one
# os.urandom call fills: uuid4() makes a system call per id, and an import
# makes one id per figure. The bits are as uuid4's (122 random, then the
# version and RFC 4122 variant set), so prefixes stay as well spread.
ID_BLOCK = 4096  # ids per os.urandom call
_KEEP = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_V4 = (0x4000 << 64) | (0x8000 << 48)
_pool: list[UUID] = []
_stdlib_uuid4 = uuid4
# A forked child must not hand out the ids its parent will hand out too.
os.register_at_fork(after_in_child=_pool.clear)


def _refill() -> None:
    # UUID(int=…) with the bits set by hand is faster than UUID(bytes=…, version=4).
    data, from_bytes = os.urandom(16 * ID_BLOCK), int.from_bytes
    _pool.extend(
        [UUID(int=(from_bytes(data[i : i + 16]) & _KEEP) | _V4) for i in range(0, len(data), 16)]
    )


def new_figure_id() -> UUID:
    """A fresh figure id (one place, so bulk import and tests share it)."""
    if uuid4 is not _stdlib_uuid4:
        # A test fixed this module's uuid4 (tests/tui: fixed ids): it decides.
        return uuid4()
    try:
        return _pool.pop()
    except IndexError:
        _refill()
        return _pool.pop()


class Figure(LedgerAggregate):
    @staticmethod
    def create_id() -> UUID:
        return new_figure_id()

    @event("Published")
    def __init__(
        self,
        statistic: str,
        period: str,
        source: str,
        text: str,
        grain: str | None,
        status: str,
        published: str,
        release: str | None,
        url: str | None,
        quote: str | None,
        note: str | None,
        by: str,
    ) -> None:
        self.statistic = statistic
        self.period = period
        self.source = source
        self.text = text
        self.grain = grain
        self.status = status
        self.published = published
        self.retracted: str | None = None
        self.correction_dates: list[str] = []

    def correct(self, text: str, grain: str | None, published: str, reason: str, by: str) -> None:
        self.check_not_retracted("corrected")
        self.check_not_before_publication(published, "correction")
        self._corrected(text=text, grain=grain, published=published, reason=reason, by=by)

    @event("Corrected")
    def _corrected(
        self, text: str, grain: str | None, published: str, reason: str, by: str
    ) -> None:
        self.correction_dates.append(published)

    def retract(self, published: str, reason: str, by: str, dropped: bool = False) -> None:
        """Withdraw the figure (``dropped``: a vintage no longer holds its value)."""
        self.check_not_retracted("retracted again")
        self.check_not_before_publication(published, "retraction")
        self._retracted(published=published, reason=reason, by=by, dropped=dropped)

    class Retracted(LedgerAggregate.Event):
        """The figure ends without replacement: withdrawn by its source, or (``dropped``)
        a value a later vintage no longer holds (:mod:`ledger.semantics.drop_outs`).

        Version 2 added ``dropped``. A field on the one Retracted event, not an
        event of its own, because a drop-out *is* a retraction to every fold,
        replay, history and diff: only the counts tell the two apart. A class
        version with an upcaster, not a bare default, as DESIGN.md asks of a
        shape change: version 1 events (older logs) lack the field, and the
        upcaster, below, sets it by the one rule for old logs (so does the
        projector, which reads the stored JSON without event objects). Every
        new retraction writes the mark, false included, so that only an old
        event lacks it.
        """

        class_version = 2
        published: str
        reason: str
        by: str
        dropped: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["dropped"] = reads_as_drop_out(state["reason"])

    @event(Retracted)
    def _retracted(self, published: str, reason: str, by: str, dropped: bool) -> None:
        self.retracted = published

    def amend(
        self,
        text: str | None,
        grain: str | None,
        period: str | None,
        source: str | None,
        published: str | None,
        reason: str,
        by: str,
    ) -> None:
        """An archivist's erratum: fixes the figure as it was first recorded."""
        if published is not None:
            self.check_not_after_later_events(published)
        self._amended(
            text=text,
            grain=grain,
            period=period,
            source=source,
            published=published,
            reason=reason,
            by=by,
        )

    @event("Amended")
    def _amended(
        self,
        text: str | None,
        grain: str | None,
        period: str | None,
        source: str | None,
        published: str | None,
        reason: str,
        by: str,
    ) -> None:
        if text is not None:
            self.text = text
            self.grain = grain
        if period is not None:
            self.period = period
        if source is not None:
            self.source = source
        if published is not None:
            self.published = published

    def check_not_retracted(self, what: str) -> None:
        if self.retracted is not None:
            raise Conflict(
                f"figure {self.id.hex[:8]} was retracted on {self.retracted} and cannot be {what}"
            )

    def check_not_after_later_events(self, published: str) -> None:
        later = [*self.correction_dates, *([self.retracted] if self.retracted else [])]
        if later and published > min(later):
            raise InvalidInput(
                f"publication date '{published}' is after this figure's correction or "
                f"retraction of {min(later)}"
            )

    def check_not_before_publication(self, published: str, what: str) -> None:
        if published < self.published:
            raise InvalidInput(
                f"{what} date '{published}' is before the figure's publication "
                f"date {self.published}"
            )
