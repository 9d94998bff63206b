"""What each figure is at a point (as_of, known_at): the one rule every face asks.

DESIGN.md, "Three times" and "Vocabulary", for one figure:

- it is there once it was published by ``as_of`` and recorded by ``known_at``;
- an erratum applies from the time it was recorded, retroactively in
  published time: before it the figure shows the text, period, source and
  publication date as first recorded;
- a correction or a retraction applies from its own publication date;
- a later publication by the same source for the same statistic and period
  (a revision) supersedes it from the later one's publication date on.

The CLI's ``show``, the UI's figure cards and scripts read figure states
through :func:`figures_at`, so that they cannot disagree. It folds a
statistic's history entries as the read models keep them, and orders rivals
as the oracle does, by (publication date, log position).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

FIRST_EVENTS = ("published", "revised")


@dataclass(frozen=True, slots=True)
class FigureEvent:
    """One event of a figure's history: what the rule needs of it."""

    seq: int  # its log position
    figure: str
    event: str  # published, revised, corrected, retracted, amended
    recorded: str
    period: str  # the figure's period and source once the event happened
    source: str
    text: str | None  # the text published, corrected to or amended to
    # A figure's, correction's or retraction's publication date; the new
    # publication date an erratum gives, if it gives one.
    published: str | None


@dataclass(frozen=True, slots=True)
class FigureAt:
    """One figure as it stood at a point."""

    figure: str
    seq: int  # the log position of its publication
    period: str
    source: str
    published: str
    text: str  # its own text, with the errata known then
    standing_text: str  # the value it gave then: its latest correction, else its own text
    corrections: int
    retracted: str | None  # the retraction's date, once it is published
    amendments: int
    superseded: bool

    @property
    def current(self) -> bool:
        """What the source stood by then: the figure replay shows for its slot."""
        return not self.superseded and self.retracted is None

    @property
    def states(self) -> tuple[str, ...]:
        return states_of(self.current, self.superseded, self.corrections, self.retracted,
                         self.amendments)  # fmt: skip


def states_of(current: bool, superseded: bool, corrections: int, retracted: str | None,
              amendments: int) -> tuple[str, ...]:  # fmt: skip
    """The words the faces show for a figure's state, in this order."""
    states = []
    if current:
        states.append("current")
    if superseded:
        states.append("superseded")
    if corrections:
        states.append(f"corrected ×{corrections}")
    if retracted is not None:
        states.append(f"retracted {retracted}")
    if amendments:
        states.append(f"amended ×{amendments}")
    return tuple(states)


@dataclass(slots=True)
class _Known:
    """A figure folded from its events recorded by ``known_at``."""

    figure: str
    seq: int
    period: str
    source: str
    published: str
    text: str
    corrections: list[tuple[str, int, str]] = field(default_factory=list)  # (date, seq, text)
    retracted: str | None = None
    amendments: int = 0

    def apply(self, event: FigureEvent) -> None:
        if event.event == "corrected":
            self.corrections.append((event.published or self.published, event.seq,
                                     event.text or self.text))  # fmt: skip
        elif event.event == "retracted":
            self.retracted = event.published
        elif event.event == "amended":
            self.amendments += 1
            self.period, self.source = event.period, event.source
            self.text = event.text if event.text is not None else self.text
            self.published = event.published or self.published

    def at(self, as_of: str, superseded: bool) -> FigureAt:
        # A correction dated before the figure (possible once an erratum moved
        # the publication later) holds from the publication on.
        applied = sorted(
            (max(day, self.published), seq, text)
            for day, seq, text in self.corrections
            if max(day, self.published) <= as_of
        )
        retracted = self.retracted if self.retracted and self.retracted <= as_of else None
        return FigureAt(
            self.figure, self.seq, self.period, self.source, self.published, self.text,
            applied[-1][2] if applied else self.text, len(applied), retracted, self.amendments,
            superseded,
        )  # fmt: skip


def _fold(events: Iterable[FigureEvent], known_at: str) -> list[_Known]:
    """Every figure with its events recorded by ``known_at``, in log order."""
    known: dict[str, _Known] = {}
    for event in sorted((e for e in events if e.recorded <= known_at), key=lambda e: e.seq):
        if event.event in FIRST_EVENTS:
            known[event.figure] = _Known(event.figure, event.seq, event.period, event.source,
                                         event.published or "", event.text or "")  # fmt: skip
        elif event.figure in known:
            known[event.figure].apply(event)
    return sorted(known.values(), key=lambda k: k.seq)


def figures_at(events: Iterable[FigureEvent], as_of: str, known_at: str) -> list[FigureAt]:
    """The figures published by ``as_of`` and recorded by ``known_at``, as they stood then.

    ``events`` are of one statistic, and must hold every event of each
    figure asked about and of its rivals (the figures of its period and
    source); the result is in the order the figures were recorded.
    """
    there = [k for k in _fold(events, known_at) if k.published <= as_of]
    latest: dict[tuple[str, str], _Known] = {}
    for figure in there:
        slot = (figure.period, figure.source)
        rival = latest.get(slot)
        if rival is None or (figure.published, figure.seq) > (rival.published, rival.seq):
            latest[slot] = figure
    return [f.at(as_of, latest[(f.period, f.source)] is not f) for f in there]
