"""A figure's folded state as the ``figures`` table keeps it, and back.

The row refers to its slot, its reading and its archivist by number and keeps
dates and times as integers (:mod:`ledger.projections.codec`); loading joins
them back, so the projector and the reads see the same :class:`FigureState`.
"""

from __future__ import annotations

import json

from ledger.projections import schema
from ledger.projections.codec import day, day_text, figure_bytes, figure_hex, micros, moment_text
from ledger.semantics.folded_figure import FigureState

FIGURE_COLUMNS = [c.name for c in schema.figures.columns]

# The state of each figure with what its row refers to; a WHERE on ``f`` follows.
FIGURE_SELECT = (
    "SELECT f.seq, f.figure, s.statistic, s.period, s.source, f.published, f.recorded, "
    "a.name, r.text, r.given, f.status, f.release, f.url, f.quote, f.note, f.corrections, "
    "f.retraction, f.amendments, f.slot FROM figures f JOIN slots s ON s.id = f.slot "
    "JOIN readings r ON r.id = f.reading JOIN archivists a ON a.id = f.recorded_by"
)


def figure_row(state: FigureState, slot: int, reading: int, archivist: int) -> tuple:
    """The figures row of ``state``, in the table's column order."""
    return (
        state.seq, figure_bytes(state.figure), slot, day(state.published),
        micros(state.recorded), archivist, reading, state.status, state.release, state.url,
        state.quote, state.note,
        json.dumps(state.corrections) if state.corrections else None,
        None if state.retraction is None else json.dumps(state.retraction),
        state.amendments,
    )  # fmt: skip


def figure_state(row: tuple) -> tuple[FigureState, int]:
    """The state from a row of :data:`FIGURE_SELECT`, and its slot's number."""
    (seq, figure, statistic, period, source, published, recorded, by, text, given, status,
     release, url, quote, note, corrections, retraction, amendments, slot) = row
    state = FigureState(
        figure_hex(figure), statistic, period, source, day_text(published), seq,
        moment_text(recorded), by, text, given or None, status, release, url, quote, note,
        [] if corrections is None else json.loads(corrections),
        None if retraction is None else json.loads(retraction),
        amendments,
    )  # fmt: skip
    return state, slot
