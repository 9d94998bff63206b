"""A figure's history folded into one record: the input of its timeline.

Both the projections and the oracle fold the same four events; they differ in
what they ask of the result (a timeline of segments, or the value at a point).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Version:
    """One value of a figure: as first published, or as corrected."""

    kind: str  # "published" or "corrected"
    effective: str  # publication date from which this value holds
    seq: int  # log position of the event that recorded it
    text: str
    grain: str | None
    recorded: str
    recorded_by: str


@dataclass(slots=True)
class FigureState:
    figure: str
    statistic: str
    period: str
    source: str
    published: str
    seq: int
    recorded: str
    recorded_by: str
    text: str
    grain: str | None
    status: str
    release: str | None = None
    url: str | None = None
    quote: str | None = None
    note: str | None = None
    corrections: list[list[Any]] = field(default_factory=list)
    retraction: dict[str, Any] | None = None
    amendments: int = 0
    slot: str = field(init=False)

    def __post_init__(self) -> None:
        # Asked for several times per event: kept, and renewed when an erratum moves it.
        self.slot = slot_key(self.statistic, self.period, self.source)

    @property
    def retracted(self) -> str | None:
        return None if self.retraction is None else self.retraction["published"]

    @classmethod
    def published_by(
        cls, figure: str, seq: int, recorded: str, data: dict[str, Any]
    ) -> FigureState:
        # Positional: this runs once per published figure, the bulk of every log.
        return cls(
            figure, data["statistic"], data["period"], data["source"], data["published"], seq,
            recorded, data["by"], data["text"], data["grain"], data["status"], data["release"],
            data["url"], data["quote"], data["note"],
        )  # fmt: skip

    def apply(self, kind: str, seq: int, recorded: str, data: dict[str, Any]) -> None:
        """Fold one later event of this figure (corrected, retracted, amended)."""
        if kind == "Figure.Corrected":
            self.corrections.append(
                [
                    data["published"],
                    seq,
                    data["text"],
                    data["grain"],
                    recorded,
                    data["by"],
                    data["reason"],
                ]
            )
        elif kind == "Figure.Retracted":
            self.retraction = {
                "published": data["published"],
                "reason": data["reason"],
                "recorded": recorded,
                "by": data["by"],
            }
        elif kind == "Figure.Amended":
            self.amendments += 1
            if data["text"] is not None:
                self.text = data["text"]
                self.grain = data["grain"]
            for name in ("period", "source", "published"):
                if data[name] is not None:
                    setattr(self, name, data[name])
            self.slot = slot_key(self.statistic, self.period, self.source)

    def plain(self) -> bool:
        """Never corrected nor retracted: one value from its publication on."""
        return not self.corrections and self.retraction is None

    def first_version(self) -> Version:
        """The value as first published."""
        return Version(
            "published", self.published, self.seq, self.text, self.grain, self.recorded,
            self.recorded_by,
        )  # fmt: skip

    def latest_text(self) -> str:
        """The text of the value that took effect last (``versions()[-1].text``)."""
        return self.text if not self.corrections else self.versions()[-1].text

    def versions(self) -> list[Version]:
        """Its values in published time, in the order they took effect.

        A correction dated before the figure's publication (possible only
        after an erratum moved the publication later) holds from the
        publication on.
        """
        versions = [self.first_version()]
        if not self.corrections:
            return versions
        for published, seq, text, grain, recorded, by, _reason in self.corrections:
            versions.append(
                Version("corrected", max(published, self.published), seq, text, grain, recorded, by)
            )
        versions.sort(key=lambda v: (v.effective, v.seq))
        return versions

    # -- storage -----------------------------------------------------------

    def to_tuple(self) -> tuple:
        """The row in the figures table's column order."""
        return (
            self.figure, self.slot, self.statistic, self.period, self.source, self.published,
            self.seq, self.recorded, self.recorded_by, self.text, self.grain, self.status,
            self.release, self.url, self.quote, self.note,
            "[]" if not self.corrections else json.dumps(self.corrections),
            None if self.retraction is None else json.dumps(self.retraction),
            self.amendments,
        )

    @classmethod
    def from_tuple(cls, row: tuple) -> FigureState:
        """The state from a figures row in the table's column order (as ``to_tuple`` gives)."""
        (figure, _slot, statistic, period, source, published, seq, recorded, recorded_by, text,
         grain, status, release, url, quote, note, corrections, retraction, amendments) = row
        return cls(
            figure, statistic, period, source, published, seq, recorded, recorded_by, text,
            grain, status, release, url, quote, note,
            [] if corrections == "[]" else json.loads(corrections),
            None if retraction is None else json.loads(retraction),
            amendments,
        )  # fmt: skip


def slot_key(statistic: str, period: str, source: str) -> str:
    """Figures in one slot are revisions of each other."""
    return f"{statistic}\x1f{period}\x1f{source}"
