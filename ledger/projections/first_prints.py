"""First prints into empty slots: the bulk of every import, written without the general fold.

A ``Figure.Published`` event whose slot holds nothing yet, and that no other
event of its page touches, ends as exactly two rows: its figure's row, and
one revision row holding its value from its publication on, known from its
recorded time on, never closed within the page. The page projector writes
those rows straight from the event's data (:meth:`PageProjector.on_first_print`)
instead of folding a :class:`~ledger.semantics.folded_figure.FigureState` and
recomputing the slot's timeline; every other event goes the general way.

Which events qualify is decided exactly, and cheaply, from the page alone
and the slots the page's prefetch found stored (:func:`first_prints`): an
event whose slot is stored, or named by a second publication of the page, or
whose figure another event of the page changes, is left to the general fold;
a page holding an erratum (which can move any figure into any slot) is left
to it whole.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from ledger.projections.codec import day, figure_bytes, micros
from ledger.projections.log import LoggedEvent
from ledger.semantics.folded_figure import slot_key

PUBLISHED = "Figure.Published"
AMENDED = "Figure.Amended"


def first_prints(page: list[LoggedEvent], stored_slots: Container[str]) -> set[int]:
    """The log positions of the page's events that are first prints into empty slots.

    ``stored_slots`` holds every slot of the page's publications that the
    read models hold already (numbered in an earlier page).
    """
    slots: dict[str, int | None] = {}  # slot -> the one publication naming it, None if more
    figures: dict[str, int | None] = {}  # figure -> its one publication, None if more
    changed: set[str] = set()  # figures a later kind of event of this page changes
    for logged in page:
        kind = logged.kind
        if kind == PUBLISHED:
            data = logged.data
            slot = slot_key(data["statistic"], data["period"], data["source"])
            slots[slot] = logged.position if slot not in slots else None
            figure = logged.originator_id
            figures[figure] = logged.position if figure not in figures else None
        elif kind == AMENDED:
            return set()
        elif kind.startswith("Figure."):
            changed.add(logged.originator_id)
    once = {figure for figure, position in figures.items() if position is not None}
    return {
        position
        for slot, position in slots.items()
        if position is not None and slot not in stored_slots
    } & {figures[f] for f in once - changed}


def figure_row(logged: LoggedEvent, slot: int, reading: int, archivist: int) -> tuple:
    """The figures row of a first print (as ``stored_figures.figure_row`` writes it)."""
    data: dict[str, Any] = logged.data
    return (
        logged.position, figure_bytes(logged.originator_id), slot, day(data["published"]),
        micros(logged.recorded), archivist, reading, data["status"], data["release"],
        data["url"], data["quote"], data["note"], None, None, 0,
    )  # fmt: skip


def version_row(figure_row: tuple) -> tuple:
    """Its one revision row, in ``CONTENT_COLUMNS + [rec_from, rec_to]`` order: the value
    as published, from its publication on, known from its recorded time, still open."""
    (_seq, figure, slot, published, recorded, archivist, reading, status, *_rest) = figure_row
    return (slot, figure, status, 0, reading, published, recorded, archivist, published, None,
            recorded, None)  # fmt: skip
