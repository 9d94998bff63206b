"""The history of a statistic: one entry per figure event, told from the log.

Folding a statistic's figure events in log order says of each event what an
archivist reads in ``recount history``: a publication into an empty slot was
*published*, one into a slot its source had filled was *revised* (with the
text it superseded as ``previous``), and later events were *corrected*,
*retracted* or *amended*, each with the text that stood before it. The
entry's period and source are the figure's as that event left it (an
erratum may move a figure).

A drop-out (a value a later vintage lacks, :mod:`ledger.semantics.drop_outs`)
is told as *retracted* too, its reason ``not in vintage LABEL`` saying which:
the diff, the figure states at a date and the faces all read "retracted" as
"gone from then on", which a drop-out is; only the sources' counts tell the
two apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ledger.semantics.folded_figure import FigureState


class FigureEventIn(NamedTuple):
    """One stored figure event, as the fold needs it."""

    position: int
    kind: str  # "Figure.Published", "Figure.Corrected", ...
    figure: str  # hex id
    recorded: str
    data: dict[str, Any]


class Entry(NamedTuple):
    """One line of a statistic's history (the fields of ``ledger.rows.HistoryEntry``)."""

    seq: int
    statistic: str
    period: str
    source: str
    figure: str
    event: str  # published, revised, corrected, retracted, amended
    text: str | None
    previous: str | None
    published: str | None
    recorded: str
    recorded_by: str
    reason: str | None
    detail: str | None


def history_entries(events: Iterable[FigureEventIn]) -> Iterator[Entry]:
    """The entries of ``events``: every event of a statistic's figures, in log order."""
    figures: dict[str, FigureState] = {}
    members: dict[str, set[str]] = {}  # slot → the figures standing in it
    for position, kind, figure, recorded, data in events:
        if kind == "Figure.Published":
            state = FigureState.published_by(figure, position, recorded, data)
            figures[figure] = state
            standing = members.setdefault(state.slot, set())
            event, previous = "published", None
            if standing:
                superseded = max((figures[f] for f in standing), key=publication_order)
                event, previous = "revised", superseded.latest_text()
            standing.add(figure)
            yield Entry(
                position, state.statistic, state.period, state.source, figure, event,
                state.text, previous, state.published, recorded, state.recorded_by, None, None,
            )  # fmt: skip
            continue
        state = figures[figure]
        before = state.slot
        previous = state.latest_text()
        state.apply(kind, position, recorded, data)
        if state.slot != before:
            members[before].discard(figure)
            members.setdefault(state.slot, set()).add(figure)
        yield _changed(position, kind, state, recorded, data, previous)


def _changed(
    position: int, kind: str, state: FigureState, recorded: str, data: dict[str, Any],
    previous: str,
) -> Entry:
    def entry(event: str, text: str | None, previous: str | None, detail: str | None = None):
        return Entry(
            position, state.statistic, state.period, state.source, state.figure, event, text,
            previous, data["published"], recorded, data["by"], data["reason"], detail,
        )  # fmt: skip

    if kind == "Figure.Corrected":
        return entry("corrected", data["text"], previous)
    if kind == "Figure.Retracted":
        return entry("retracted", None, previous)
    # An erratum: ``published`` is the publication date it moved the figure to, else none.
    changes = {k: data[k] for k in ("period", "source", "published") if data[k] is not None}
    return entry(
        "amended", data["text"], previous if data["text"] is not None else None,
        ", ".join(f"{k} → {v}" for k, v in changes.items()) or None,
    )  # fmt: skip


def publication_order(figure: FigureState) -> tuple[str, int]:
    """Orders a slot's figures so that the latest publication comes last."""
    return (figure.published, figure.seq)
