"""A slot's values over published time, computed from its figures.

Within one slot (statistic, period, source) a later publication supersedes
an earlier one from its publication date; a correction changes the value from
its own date; a retraction ends the slot's value until a later figure comes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.semantics.folded_figure import FigureState, Version


@dataclass(frozen=True, slots=True)
class Segment:
    pub_from: str
    pub_to: str | None  # None: still holds
    figure: FigureState
    version: Version


def slot_timeline(figures: list[FigureState]) -> list[Segment]:
    if len(figures) == 1:
        only = figures[0]
        if only.plain():
            # The common case, first prints: one value from its publication on.
            return [Segment(only.published, None, only, only.first_version())]
    ordered = sorted(figures, key=lambda f: (f.published, f.seq))
    segments: list[Segment] = []
    for index, figure in enumerate(ordered):
        end = ordered[index + 1].published if index + 1 < len(ordered) else None
        retracted = figure.retracted
        if retracted is not None and (end is None or retracted < end):
            end = retracted
        versions = figure.versions()
        for number, version in enumerate(versions):
            start = version.effective
            stop = versions[number + 1].effective if number + 1 < len(versions) else None
            if stop is None or (end is not None and end < stop):
                stop = end
            if stop is not None and stop <= start:
                continue
            segments.append(Segment(start, stop, figure, version))
    return segments
