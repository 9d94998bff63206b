"""The typed rows that reads return, to the CLI, the UI and scripts alike."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, NamedTuple

from ledger.semantics.interval_codec import decode_interval


def _json(row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in fields(row)}


class ReplayRow(NamedTuple):
    """The figure a source stands by for one statistic and period, at (as_of, known_at).

    A named tuple rather than a dataclass: replay builds many of them and a
    tuple is built in one step.
    """

    statistic: str
    period: str
    source: str
    value: Decimal
    text: str
    qualifier: str
    grain: Decimal
    tight: str  # bracket notation, e.g. "[59000,59000]"
    wide: str  # e.g. "(59000,)"
    status: str
    published: str  # when this value was published (a correction's own date)
    recorded: str  # when the ledger learned it
    recorded_by: str
    figure: str  # the figure's id
    kind: str  # "published" or "corrected"
    period_start: str
    period_end: str

    def to_json(self) -> dict[str, Any]:
        data = self._asdict()
        data["tight_text"], data["wide_text"] = self.tight, self.wide
        data["tight"] = list(decode_interval(self.tight).bounds())
        data["wide"] = list(decode_interval(self.wide).bounds())
        return data


@dataclass(frozen=True, slots=True)
class HistoryEntry:
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

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class DiscrepancyRow:
    statistic: str
    period: str
    severity: str
    internal: bool
    gap: Decimal
    figures: tuple[str, ...]
    sources: tuple[str, ...]
    state: str
    explanation_kind: str | None
    explanation_note: str | None
    period_start: str

    def to_json(self) -> dict[str, Any]:
        data = _json(self)
        data["figures"], data["sources"] = list(self.figures), list(self.sources)
        return data


@dataclass(frozen=True, slots=True)
class DiscrepancyNote:
    """One thing an archivist said about a discrepancy, in the order it was recorded."""

    statistic: str
    period: str
    action: str  # explained, resolved, reopened
    kind: str | None  # the explanation's kind; None for resolve and reopen
    note: str
    by: str
    recorded: str

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class StatisticRow:
    code: str
    name: str
    unit: str
    definition: str | None
    scope: str | None
    periods: int
    figures: int
    hard: int  # open hard discrepancies
    soft: int  # open soft discrepancies
    last_published: str | None

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class SourceRow:
    source_id: str
    name: str
    organisation: str | None
    kind: str
    figures: int
    revised: int  # figures later superseded by the same source
    corrected: int
    retracted: int

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A statistic or source as one catalogue event left it: defined, described,
    registered or updated, by whom and when. A statistic's entries carry unit,
    definition and scope; a source's organisation and kind."""

    seq: int
    entry: str  # "statistic" or "source"
    key: str  # the statistic's code, the source's id
    event: str  # defined, described (statistic); registered, updated (source)
    name: str
    unit: str | None
    definition: str | None
    scope: str | None
    organisation: str | None
    kind: str | None
    recorded: str
    recorded_by: str

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class FigureDetail:
    """Everything recorded about one figure, as it stood at one (as_of, known_at).

    Period, source, publication date and text are the figure's own with the
    errata recorded by known_at; the counts and states are those published by
    as_of (:mod:`ledger.semantics.figure_states` says how).
    """

    figure: str
    statistic: str
    period: str
    source: str
    text: str  # as the source published it (errata applied)
    status: str
    published: str
    recorded: str
    recorded_by: str
    release: str | None
    url: str | None
    quote: str | None
    note: str | None
    corrections: int
    retracted: str | None  # the retraction's publication date
    amendments: int
    superseded: bool
    standing_text: str  # the value it gave at the point: its latest correction, else text
    current: bool  # the one its source stood by: replay shows it
    states: tuple[str, ...]  # current, superseded, corrected ×n, retracted DATE, amended ×n

    def to_json(self) -> dict[str, Any]:
        data = _json(self)
        data["states"] = list(self.states)
        return data
