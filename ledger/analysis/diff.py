"""What changed between two points, per slot and per discrepancy (DESIGN.md, "Releases,
revisions and diffs"; docs/semantics.md, "Diff between two points").

A slot is in the diff when its value, status, interval or presence differs
between the replays at the two points. What kind of change it was is read
from the ledger's facts, never from the text: which figure stands at each
point (its id), and the history entries of those figures that the second
point sees and the first does not.

* only at the second point: **added** (**amended** when no figure was
  published in between: an erratum moved a known figure in);
* only at the first: **retracted**, gone (withdrawn, superseded by a figure
  withdrawn since, or dropped by a vintage), or **amended** when an erratum
  moved the figure away and nothing was retracted;
* another figure stands: **revised**, or **amended** when no figure was
  published in between;
* the same figure with another value: **corrected**, or **amended** when it
  was not corrected in between.

``amended`` is set on every entry an erratum between the points touched, so
a slot both corrected and amended says both. Discrepancies are **opened**,
**closed** or **changed** (severity, gap, state, explanation or sources).

Pure: it takes the rows the reads give, one statistic at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ledger.analysis.points import Point
from ledger.rows import DiffRow, DiscrepancyRow, HistoryEntry, ReplayRow

#: The events of a figure that a source published (in published time).
_PUBLISHED = frozenset({"published", "revised"})


@dataclass
class _Facts:
    """What happened to one figure between the two points."""

    events: set[str] = field(default_factory=set)
    reason: str | None = None


@dataclass
class Between:
    """The facts between two points: by figure id, and the slots retracted in."""

    figures: dict[str, _Facts] = field(default_factory=lambda: defaultdict(_Facts))
    retracted: set[tuple[str, str]] = field(default_factory=set)  # (period, source)


def learned_between(history: Iterable[HistoryEntry], start: Point) -> Between:
    """The entries of the second point's ``history`` that ``start`` did not see:
    published or recorded after it. An erratum applies from when it was recorded,
    in all of published time, so only its recorded time counts."""
    between = Between()
    for entry in history:
        recorded_before = entry.recorded <= start.known_at
        if entry.event == "amended":
            seen = recorded_before
        else:
            seen = recorded_before and (entry.published is None or entry.published <= start.as_of)
        if seen:
            continue
        found = between.figures[entry.figure]
        found.events.add(entry.event)
        found.reason = entry.reason if entry.reason is not None else found.reason
        if entry.event == "retracted":
            between.retracted.add((entry.period, entry.source))
    return between


def diff_statistic(
    before: Iterable[ReplayRow],
    after: Iterable[ReplayRow],
    history: Iterable[HistoryEntry],
    start: Point,
    discrepancies_before: Iterable[DiscrepancyRow] = (),
    discrepancies_after: Iterable[DiscrepancyRow] = (),
    source: str | None = None,
) -> list[DiffRow]:
    """The diff of one statistic between ``start`` and a later point.

    ``before`` and ``after`` are the replays at the two points, ``history`` the
    statistic's history as the later point sees it, the discrepancies the
    register at each point. With ``source``, only that source's slots and the
    discrepancies it takes part in. In period order, a period's figures before
    its discrepancy.
    """
    before, after = list(before), list(after)
    old = {(r.period, r.source): r for r in before if source is None or r.source == source}
    new = {(r.period, r.source): r for r in after if source is None or r.source == source}
    between = learned_between(history, start)
    bounds = {r.period: (r.period_start, r.period_end) for r in (*before, *after)}
    entries: list[tuple[tuple, DiffRow]] = []
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and _same(a, b):
            continue
        row = _figure_change(a, b, between)
        entries.append(((row.period_start, row.period_end, row.period, 0, row.source), row))
    for row in _discrepancy_changes(discrepancies_before, discrepancies_after, source, bounds):
        entries.append(((row.period_start, row.period_end, row.period, 1, ""), row))
    entries.sort(key=lambda entry: entry[0])
    return [row for _, row in entries]


def _same(a: ReplayRow, b: ReplayRow) -> bool:
    """Whether a slot reads the same at both points: value, status and intervals."""
    return (a.value, a.status, a.tight, a.wide) == (b.value, b.status, b.tight, b.wide)


def _figure_change(a: ReplayRow | None, b: ReplayRow | None, between: Between) -> DiffRow:
    nothing = _Facts()
    of_a = between.figures.get(a.figure, nothing) if a is not None else nothing
    of_b = between.figures.get(b.figure, nothing) if b is not None else nothing
    amended = "amended" in of_a.events or "amended" in of_b.events
    if a is None:
        change = "added" if of_b.events & _PUBLISHED or not amended else "amended"
    elif b is None:
        # A newer figure that superseded a's and was withdrawn since empties the slot too.
        withdrawn = "retracted" in of_a.events or (a.period, a.source) in between.retracted
        change = "amended" if amended and not withdrawn else "retracted"
    elif a.figure != b.figure:
        change = "revised" if of_b.events & _PUBLISHED or not amended else "amended"
    else:
        change = "corrected" if "corrected" in of_b.events or not amended else "amended"
    reasons = [f.reason for f in (of_a, of_b) if f.reason is not None]
    shown = b if b is not None else a
    assert shown is not None
    return DiffRow(
        statistic=shown.statistic, period=shown.period, source=shown.source, entry="figure",
        change=change, amended=amended,
        old_text=_get(a, "text"), new_text=_get(b, "text"),
        old_value=_get(a, "value"), new_value=_get(b, "value"),
        difference=None if a is None or b is None else b.value - a.value,
        old_status=_get(a, "status"), new_status=_get(b, "status"),
        old_published=_get(a, "published"), new_published=_get(b, "published"),
        old_figure=_get(a, "figure"), new_figure=_get(b, "figure"),
        reason=reasons[-1] if reasons else None,
        old_severity=None, new_severity=None, old_gap=None, new_gap=None,
        old_state=None, new_state=None, sources=(),
        period_start=shown.period_start, period_end=shown.period_end,
    )  # fmt: skip


def _get(row: ReplayRow | None, name: str):
    return None if row is None else getattr(row, name)


def _discrepancy_changes(
    before: Iterable[DiscrepancyRow],
    after: Iterable[DiscrepancyRow],
    source: str | None,
    bounds: dict[str, tuple[str, str]],
) -> Iterator[DiffRow]:
    old = {d.period: d for d in before if source is None or source in d.sources}
    new = {d.period: d for d in after if source is None or source in d.sources}
    for period in old.keys() | new.keys():
        a, b = old.get(period), new.get(period)
        if a is None:
            change = "opened"
        elif b is None:
            change = "closed"
        elif _discrepancy_facts(a) == _discrepancy_facts(b):
            continue
        else:
            change = "changed"
        shown = b if b is not None else a
        assert shown is not None
        start, end = bounds.get(period, (shown.period_start, shown.period_start))
        yield DiffRow(
            statistic=shown.statistic, period=period, source=None, entry="discrepancy",
            change=change, amended=False,
            old_text=None, new_text=None, old_value=None, new_value=None,
            difference=None if a is None or b is None else b.gap - a.gap,
            old_status=None, new_status=None, old_published=None, new_published=None,
            old_figure=None, new_figure=None,
            reason=None if b is None else b.explanation_note,
            old_severity=_get(a, "severity"), new_severity=_get(b, "severity"),
            old_gap=_get(a, "gap"), new_gap=_get(b, "gap"),
            old_state=_get(a, "state"), new_state=_get(b, "state"),
            sources=shown.sources, period_start=start, period_end=end,
        )  # fmt: skip


def _discrepancy_facts(d: DiscrepancyRow) -> tuple:
    """What a reader of the register sees change: not which figures, when their
    values disagree just as before."""
    return (
        d.severity,
        d.gap,
        d.state,
        d.internal,
        d.sources,
        d.explanation_kind,
        d.explanation_note,
    )
