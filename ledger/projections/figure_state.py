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
        return cls(
            figure=figure,
            statistic=data["statistic"],
            period=data["period"],
            source=data["source"],
            published=data["published"],
            seq=seq,
            recorded=recorded,
            recorded_by=data["by"],
            text=data["text"],
            grain=data["grain"],
            status=data["status"],
            release=data["release"],
            url=data["url"],
            quote=data["quote"],
            note=data["note"],
        )

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

    def versions(self) -> list[Version]:
        """Its values in published time, in the order they took effect.

        A correction dated before the figure's publication (possible only
        after an erratum moved the publication later) holds from the
        publication on.
        """
        versions = [
            Version(
                "published",
                self.published,
                self.seq,
                self.text,
                self.grain,
                self.recorded,
                self.recorded_by,
            )
        ]
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
    def from_row(cls, row: Any) -> FigureState:
        m = row._mapping
        return cls(
            figure=m["figure"],
            statistic=m["statistic"],
            period=m["period"],
            source=m["source"],
            published=m["published"],
            seq=m["seq"],
            recorded=m["recorded"],
            recorded_by=m["recorded_by"],
            text=m["text"],
            grain=m["grain"],
            status=m["status"],
            release=m["release"],
            url=m["url"],
            quote=m["quote"],
            note=m["note"],
            corrections=[] if m["corrections"] == "[]" else json.loads(m["corrections"]),
            retraction=None if m["retraction"] is None else json.loads(m["retraction"]),
            amendments=m["amendments"],
        )


def slot_key(statistic: str, period: str, source: str) -> str:
    """Figures in one slot are revisions of each other."""
    return f"{statistic}\x1f{period}\x1f{source}"
