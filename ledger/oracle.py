"""Replay by folding the events themselves: slow, obvious, and the reference.

It reads the whole log through the library's own object path and answers the
point question directly: at (as_of, known_at), for each source's slot, which
figure is the latest published, has it been retracted, which of its values
holds. The revisions table must give the same answer for every point; the
property-based tests hold the two to that.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain import Figure
from ledger.semantics.clock import stamp
from ledger.write.application import Recount


@dataclass
class _Folded:
    figure: str
    seq: int
    statistic: str
    period: str
    source: str
    published: str
    text: str
    grain: str | None
    status: str
    corrections: list[tuple[str, int, str, str | None]]
    retracted: str | None = None


@dataclass(frozen=True)
class OracleRow:
    statistic: str
    period: str
    source: str
    figure: str
    text: str
    grain: str | None
    status: str
    published: str  # when the value shown was published
    kind: str


def read_log(app: Recount) -> list[tuple[int, object]]:
    """Every event with its log position, decoded by the library."""
    events, start = [], 1
    while True:
        page = app.recorder.select_notifications(start, 500)
        if not page:
            return events
        events.extend((n.id, app.mapper.to_domain_event(n)) for n in page)
        start = page[-1].id + 1


def replay_by_folding(log: list[tuple[int, object]], as_of: str, known_at: str) -> list[OracleRow]:
    figures: dict[str, _Folded] = {}
    for seq, event in log:
        if stamp(event.timestamp) > known_at:
            continue
        figure_id = event.originator_id.hex
        if isinstance(event, Figure.Published):
            figures[figure_id] = _Folded(
                figure_id,
                seq,
                event.statistic,
                event.period,
                event.source,
                event.published,
                event.text,
                event.grain,
                event.status,
                [],
            )
        elif isinstance(event, Figure.Corrected):
            figures[figure_id].corrections.append((event.published, seq, event.text, event.grain))
        elif isinstance(event, Figure.Retracted):
            figures[figure_id].retracted = event.published
        elif isinstance(event, Figure.Amended):
            folded = figures[figure_id]
            if event.text is not None:
                folded.text, folded.grain = event.text, event.grain
            folded.period = event.period or folded.period
            folded.source = event.source or folded.source
            folded.published = event.published or folded.published

    latest: dict[tuple[str, str, str], _Folded] = {}
    for folded in figures.values():
        if folded.published > as_of:
            continue
        slot = (folded.statistic, folded.period, folded.source)
        rival = latest.get(slot)
        if rival is None or (folded.published, folded.seq) > (rival.published, rival.seq):
            latest[slot] = folded

    rows = []
    for (statistic, period, source), folded in latest.items():
        if folded.retracted is not None and folded.retracted <= as_of:
            continue
        text, grain, published, kind, order = (
            folded.text,
            folded.grain,
            folded.published,
            "published",
            (folded.published, folded.seq),
        )
        for when, seq, c_text, c_grain in folded.corrections:
            effective = max(when, folded.published)
            if effective <= as_of and (effective, seq) > order:
                text, grain, published, kind, order = (
                    c_text,
                    c_grain,
                    effective,
                    "corrected",
                    (effective, seq),
                )
        rows.append(
            OracleRow(
                statistic,
                period,
                source,
                folded.figure,
                text,
                grain,
                folded.status,
                published,
                kind,
            )
        )
    rows.sort(key=lambda r: (r.statistic, r.period, r.source))
    return rows
