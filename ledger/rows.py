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
    retracted: int  # withdrawn by the source
    dropped: int  # no longer in a later vintage (ledger.semantics.drop_outs)

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


# -- releases, revisions and comparisons (DESIGN.md, "Releases, revisions and diffs") --


@dataclass(frozen=True, slots=True)
class ReleaseRow:
    """The value one source gave a period in its k-th release (or its latest)."""

    statistic: str
    period: str
    source: str
    release: int  # which release of the period: 1 = the initial release
    released: str  # that release's date: a vintage's, or a publication's
    value: Decimal
    text: str
    published: str  # when the value itself was first published (at or before ``released``)
    releases: int  # how many releases the period had by as_of

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """How one source's value of a period moved between two releases: later − earlier."""

    statistic: str
    period: str
    source: str
    earlier_on: str  # the date the earlier value is read at
    earlier: Decimal
    later_on: str
    later: Decimal
    revision: Decimal

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class Regression:
    """An ordinary least-squares line, revision = intercept + slope × value."""

    slope: Decimal
    intercept: Decimal
    r_squared: Decimal | None  # None when every revision is the same

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class RevisionSummary:
    """The revisions of one source's periods between two releases, summed up.

    Measures that need more periods than there are (a standard deviation of
    one revision) are None. Exact where the arithmetic is: see
    :mod:`ledger.analysis.revision_stats`.
    """

    statistic: str
    source: str
    earlier: str  # the release asked for: first, 2, ...
    later: str  # latest, 3, after:1y, ...
    count: int  # periods with both values
    left_out: int  # periods of the source lacking one of them
    mean: Decimal | None
    t_statistic: Decimal | None  # mean / (standard deviation / √count)
    mean_absolute: Decimal | None
    root_mean_square: Decimal | None
    standard_deviation: Decimal | None  # the sample's (count − 1)
    minimum: Decimal | None
    maximum: Decimal | None
    sign_kept: Decimal | None  # share of periods whose value kept its sign
    direction_kept: Decimal | None  # share whose change from the previous period kept its sign
    direction_count: int  # periods that change is known for in both releases
    noise: Regression | None  # revision on the later value
    news: Regression | None  # revision on the earlier value

    def to_json(self) -> dict[str, Any]:
        data = _json(self)
        data["noise"] = None if self.noise is None else self.noise.to_json()
        data["news"] = None if self.news is None else self.news.to_json()
        return data


@dataclass(frozen=True, slots=True)
class Revisions:
    """What ``revisions`` answers: each period's revision, and one summary a source."""

    rows: tuple[RevisionRow, ...]
    summaries: tuple[RevisionSummary, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": [row.to_json() for row in self.rows],
            "summaries": [summary.to_json() for summary in self.summaries],
        }


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """Two sources' values of one period side by side: B − A, and whether they can agree.

    A side a source has no value for is None, and so are the measures.
    """

    statistic: str
    period: str
    source_a: str
    value_a: Decimal | None
    text_a: str | None
    released_a: str | None  # the date the value is read at
    source_b: str
    value_b: Decimal | None
    text_b: str | None
    released_b: str | None
    difference: Decimal | None  # value_b − value_a
    tight_overlap: bool | None  # the tight intervals share a number
    wide_overlap: bool | None
    agreement: str | None  # agree, soft, hard (as a discrepancy), or incomparable

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One thing that changed between two points (docs/semantics.md, "Diff between two
    points"): a slot's figure (``entry`` "figure") or a discrepancy ("discrepancy").

    A figure's ``change`` is added, revised, corrected, retracted (gone: withdrawn,
    or dropped by a vintage) or amended (an erratum alone); ``amended`` says an
    erratum recorded between the points touched it, whatever else did. A
    discrepancy's is opened, closed or changed (severity, gap, state, sources).
    ``old_*`` is at the first point, ``new_*`` at the second; None where absent.
    """

    statistic: str
    period: str
    source: str | None  # None for a discrepancy
    entry: str  # "figure" or "discrepancy"
    change: str
    amended: bool
    old_text: str | None
    new_text: str | None
    old_value: Decimal | None
    new_value: Decimal | None
    difference: Decimal | None  # new_value - old_value, where both are there
    old_status: str | None
    new_status: str | None
    old_published: str | None
    new_published: str | None
    old_figure: str | None
    new_figure: str | None
    reason: str | None  # the reason the latest correction, retraction or erratum gave
    old_severity: str | None
    new_severity: str | None
    old_gap: Decimal | None
    new_gap: Decimal | None
    old_state: str | None
    new_state: str | None
    sources: tuple[str, ...]  # a discrepancy's sources (at the second point, else the first)
    period_start: str
    period_end: str

    def to_json(self) -> dict[str, Any]:
        data = _json(self)
        data["sources"] = list(self.sources)
        return data
