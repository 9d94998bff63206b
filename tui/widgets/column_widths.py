"""How wide each column of a table is, given the room the terminal leaves.

Every column gets the width of its widest cell (or header) while that fits.
When it does not, the columns that may shrink give up room in tiers, tier 1
first: within a tier the widest column shrinks first, down to its least
width, so that long names lose a few letters before short ones lose any.
Columns that may not shrink (codes, counts, dates) keep their width; if they
alone do not fit, the table scrolls sideways rather than hide them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fit:
    """What the layout knows of one column."""

    natural: int  # the widest cell or header, in terminal cells
    shrink: int = 0  # 0: never shrinks; 1 shrinks first, then 2, …
    least: int = 1  # the narrowest it may become


def fit_widths(columns: Sequence[Fit], room: int, padding: int = 0) -> list[int]:
    """Each column's width so that, with ``padding`` cells per column, they fill ``room``.

    Columns are at their natural width whenever that fits; otherwise the
    shrinking tiers give up what is needed, never below their least width.
    """
    widths = [c.natural for c in columns]
    excess = sum(widths) + padding * len(widths) - room
    for tier in sorted({c.shrink for c in columns if c.shrink > 0}):
        if excess <= 0:
            break
        members = [i for i, c in enumerate(columns) if c.shrink == tier]
        excess = _water_down(widths, members, [columns[i].least for i in members], excess)
    return widths


def _water_down(widths: list[int], members: list[int], least: list[int], excess: int) -> int:
    """Take ``excess`` cells from the widest of ``members`` one at a time; the excess left."""
    floors = dict(zip(members, least, strict=True))
    while excess > 0:
        shrinkable = [i for i in members if widths[i] > floors[i]]
        if not shrinkable:
            break
        widest = max(widths[i] for i in shrinkable)
        tallest = [i for i in shrinkable if widths[i] == widest]
        # Down to the next widest (or the floor), all of the widest together.
        below = max([widths[i] for i in shrinkable if widths[i] < widest]
                    + [max(floors[i] for i in tallest)])
        step = min(widest - below, -(-excess // len(tallest))) or 1
        for i in tallest:
            if excess <= 0:
                break
            cut = min(step, widths[i] - floors[i], excess)
            widths[i] -= cut
            excess -= cut
    return excess
