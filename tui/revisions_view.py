"""What the revisions screen shows, composed from the door's releases and revisions.

Runs in a worker thread. A statistic's periods × releases (the revision
triangle) are read one release at a time, ``releases(k)`` for k = 1 … the
depth that fits the screen, then ``latest``; each cell's revision from the
release before it is the one ``revisions(k − 1, k)`` gives, never a
difference worked out here.

How large a revision is, is judged against its own step: a revision from
release k − 1 to k is *large* when its size is above the mean absolute
revision (MAR) that ``revisions(k − 1, k)`` reports for the source over every
period, *small* when it is not, and *none* when it is zero. A step-wise MAR
rather than one for the whole series because early steps of a series revise
more than late ones: a cutoff from first → latest would paint every late
revision small and every early one large.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.rows import ReleaseRow, RevisionRow, RevisionSummary, StatisticRow
from ledger.service import Ledger
from tui.catalogue import Catalogue
from tui.statistic_view import plot_point, when
from tui.timepoint import TimePoint
from tui.widgets.values_chart import ChartData, Series, thin_ticks

# Each release shown costs two reads of the statistic (its values, its revisions).
MOST_RELEASES_SHOWN = 24

NO_CHANGE, SMALL, LARGE = "none", "small", "large"


@dataclass(frozen=True, slots=True)
class Cell:
    """One source's value of a period in one release, and its move from the release before."""

    release: ReleaseRow
    revision: Decimal | None  # None for the first release, or where the door gives none
    size: str | None  # none, small, large; None where there is no revision


@dataclass(frozen=True, slots=True)
class TriangleLine:
    """One row of the triangle: a period of one source, release by release."""

    period: str
    source: str
    cells: tuple[Cell | None, ...]  # releases 1 … depth; None where the period has none
    latest: Cell | None
    releases: int  # how many releases the period had by the point

    @property
    def key(self) -> str:
        return f"{self.period}\x1f{self.source}"


@dataclass(frozen=True, slots=True)
class RevisionsView:
    statistic: StatisticRow
    depth: int  # how many numbered releases are shown before the latest
    sources: tuple[str, ...]  # by id, the order ``o`` cycles them in
    lines: dict[str, list[TriangleLine]]  # by source, in period order
    summaries: dict[str, RevisionSummary]  # first → latest, by source
    step_mar: dict[tuple[str, int], Decimal | None]  # (source, k): MAR of k − 1 → k


def read_revisions(
    ledger: Ledger,
    catalogue: Catalogue,
    code: str,
    point: TimePoint,
    room: int | Callable[[list[ReleaseRow]], int],
) -> RevisionsView:
    """The triangle of ``code`` at ``point``, at most ``room`` numbered releases deep:
    a number, or what the screen finds fits once it sees the first releases."""
    first = ledger.releases(code, "first", **when(point))  # says so if there is no such code
    statistic = catalogue.statistic(code)
    deepest = max((row.releases for row in first), default=1)
    fits = room if isinstance(room, int) else room(first)
    depth = max(1, min(fits, deepest, MOST_RELEASES_SHOWN))
    by_release: list[list[ReleaseRow]] = [first]
    for k in range(2, depth + 1):
        by_release.append(ledger.releases(code, k, **when(point)))
    latest = ledger.releases(code, "latest", **when(point))
    steps = [ledger.revisions(code, k - 1, k, **when(point)) for k in range(2, depth + 1)]
    to_latest = ledger.revisions(code, depth, "latest", **when(point)) if depth > 1 else None
    overall = ledger.revisions(code, "first", "latest", **when(point))

    step_mar: dict[tuple[str, int], Decimal | None] = {}
    moves: dict[tuple[str, str, int], Decimal] = {}  # (period, source, k) → revision into k
    for k, answer in enumerate(steps, start=2):
        step_mar.update({(s.source, k): s.mean_absolute for s in answer.summaries})
        moves.update(revised_into(answer.rows, k))
    latest_key = depth + 1  # the latest is judged against the last release shown
    if to_latest is not None:
        step_mar.update({(s.source, latest_key): s.mean_absolute for s in to_latest.summaries})
        moves.update(revised_into(to_latest.rows, latest_key))

    def cell(row: ReleaseRow | None, k: int) -> Cell | None:
        if row is None:
            return None
        revision = moves.get((row.period, row.source, k))
        return Cell(row, revision, revision_size(revision, step_mar.get((row.source, k))))

    held = [{(r.period, r.source): r for r in rows} for rows in by_release]
    newest = {(r.period, r.source): r for r in latest}
    lines: dict[str, list[TriangleLine]] = {}
    for row in first:  # in period order, then by source
        slot = (row.period, row.source)
        last = newest.get(slot)
        if last is not None and last.release <= depth:
            # The latest is a release shown already: the same value, no move of its own.
            latest_cell: Cell | None = Cell(last, None, None)
        else:
            latest_cell = cell(last, latest_key)
        lines.setdefault(row.source, []).append(TriangleLine(
            row.period, row.source,
            tuple(cell(rows.get(slot), k) for k, rows in enumerate(held, start=1)),
            latest_cell, row.releases if last is None else last.releases,
        ))  # fmt: skip
    return RevisionsView(
        statistic,
        depth,
        tuple(sorted(lines)),
        lines,
        {s.source: s for s in overall.summaries},
        step_mar,
    )


def ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def revised_into(rows: tuple[RevisionRow, ...], k: int) -> dict[tuple[str, str, int], Decimal]:
    return {(row.period, row.source, k): row.revision for row in rows}


def revision_size(revision: Decimal | None, mar: Decimal | None) -> str | None:
    """none, small or large against the step's mean absolute revision (see the module)."""
    if revision is None:
        return None
    if revision == 0:
        return NO_CHANGE
    if mar is None or abs(revision) <= mar:
        return SMALL
    return LARGE


def releases_chart(
    ledger: Ledger, code: str, period: str, point: TimePoint, lines: list[TriangleLine], unit: str
) -> ChartData:
    """The period's releases shown, by their dates, one line per source, with their
    intervals: each from a replay of the period as of the release's date, where the
    release's value stands with the interval the ledger gives it."""
    series: dict[str, Series] = {}
    dates: set[str] = set()
    for line in lines:
        releases = [c.release for c in (*line.cells, line.latest) if c is not None]
        days = sorted({r.released for r in releases})
        line_of = series.setdefault(line.source, Series(line.source))
        for day in days:
            standing = [
                row
                for row in ledger.replay(code, period, as_of=day, known_at=point.known_at)
                if row.source == line.source
            ]
            if standing:
                plot_point(line_of, float(date.fromisoformat(day).toordinal()), standing[0])
                dates.add(day)
    shown = sorted(dates)
    positions = [float(date.fromisoformat(d).toordinal()) for d in shown]
    ticks, labels = thin_ticks(positions, shown, most=3)  # release dates bunch: fewer labels
    # Between the last release shown and the latest some may be left out: say so.
    skipped = any(line.releases > len(line.cells) + 1 for line in lines)
    depth = max((len(line.cells) for line in lines), default=0)
    title = f"{period}: its releases by date"
    if skipped:
        title += f" (1st–{ordinal(depth)} and latest)"
    return ChartData(title, list(series.values()), ticks, labels, unit, "no releases")
