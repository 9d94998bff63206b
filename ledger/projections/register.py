"""The discrepancy register: built here, whether it is kept or asked at a past point.

The register is wanted at two kinds of point. Now, it is a table that the
projector keeps in step as events arrive; at a past (as_of, known_at) the
queries work it out from the figures valid then. Both build their rows with
:func:`register_rows`, from the same three inputs: the current figures of each
statistic and period, their sources' organisations, and the explanation notes
recorded so far. So the register kept now and the register asked at the
present point are one answer, and a rule about it has one place to change.
Whether figures disagree is decided in :mod:`ledger.semantics.discrepancies`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from orjson import dumps, loads
from sqlalchemy import Connection, select

from ledger.projections import schema
from ledger.rows import DiscrepancyRow
from ledger.semantics.discrepancies import find_discrepancy
from ledger.semantics.interval_codec import decode_interval
from ledger.semantics.intervals import format_decimal
from ledger.semantics.periods import period_bounds

COLUMNS = [c.name for c in schema.discrepancies.columns]
CHUNK = 400  # keys per IN (...) query: under SQLite's variable limit

Pair = tuple[str, str]  # (statistic, period)


class CurrentFigure:
    """A figure standing at some point, as the comparison needs it."""

    __slots__ = ("figure", "source", "status", "tight", "wide")

    def __init__(self, figure: str, source: str, status: str, tight: str, wide: str) -> None:
        self.figure = figure
        self.source = source
        self.status = status
        self.tight = decode_interval(tight)
        self.wide = decode_interval(wide)

    @classmethod
    def of(cls, row: Any) -> CurrentFigure:
        """From any row with the five fields by name (a replay row, a table row)."""
        return cls(row.figure, row.source, row.status, row.tight, row.wide)


class Explanation(NamedTuple):
    """Where the archivists' notes on one discrepancy leave it.

    ``kind`` and ``note`` are the latest explanation's: a resolve or reopen
    note moves the state but is not an explanation, so it is never shown
    under an explanation's kind. Every note is kept, in order, in the
    ``discrepancy_notes`` table (issue 9).
    """

    state: str  # open, explained, resolved
    kind: str | None  # definition, scope, timing, rounding, error, unknown
    note: str | None

    def after(self, action: str, kind: str | None, note: str | None) -> Explanation:
        """The explanation after one more note; "tracked" changes nothing."""
        if action == "explained":
            return Explanation("explained", kind, note)
        if action == "resolved":
            return Explanation("resolved", self.kind, self.note)
        if action == "reopened":
            return Explanation("open", self.kind, self.note)
        return self


UNEXPLAINED = Explanation("open", None, None)


def register_rows(
    figures: Mapping[Pair, Sequence[CurrentFigure]],
    organisation_of: Callable[[str], str | None],
    explanations: Mapping[Pair, Explanation],
) -> list[DiscrepancyRow]:
    """The register's rows for these pairs' figures, in register order."""
    found = []
    for (statistic, period), standing in figures.items():
        row = register_row(statistic, period, standing, organisation_of,
                           explanations.get((statistic, period), UNEXPLAINED))  # fmt: skip
        if row is not None:
            found.append(row)
    found.sort(key=register_order)
    return found


def register_row(
    statistic: str,
    period: str,
    figures: Sequence[CurrentFigure],
    organisation_of: Callable[[str], str | None],
    explanation: Explanation = UNEXPLAINED,
) -> DiscrepancyRow | None:
    """The register's row for one statistic and period, or None when its figures agree."""
    finding = find_discrepancy(figures, organisation_of)
    if finding is None:
        return None
    return DiscrepancyRow(
        statistic=statistic,
        period=period,
        severity=finding.severity,
        internal=finding.internal,
        gap=finding.gap,
        figures=finding.figures,
        sources=finding.sources,
        state=explanation.state,
        explanation_kind=explanation.kind,
        explanation_note=explanation.note,
        period_start=period_bounds(period)[0],
    )


def register_order(row: DiscrepancyRow) -> tuple[str, str, str, str]:
    """By statistic, then period as periods sort (start, end), as the table is read."""
    start, end = period_bounds(row.period)
    return (row.statistic, start, end, row.period)


# -- the kept table --------------------------------------------------------


def stored(row: DiscrepancyRow) -> tuple:
    """The row as the discrepancies table keeps it, in COLUMNS order."""
    start, end = period_bounds(row.period)
    return (
        row.statistic, row.period, start, end, row.severity, int(row.internal),
        format_decimal(row.gap), dumps(row.figures).decode(), dumps(row.sources).decode(),
        row.state, row.explanation_kind, row.explanation_note,
    )  # fmt: skip


def from_stored(m: Mapping[str, Any]) -> DiscrepancyRow:
    """A row read back from the discrepancies table."""
    return DiscrepancyRow(
        statistic=m["statistic"],
        period=m["period"],
        severity=m["severity"],
        internal=bool(m["internal"]),
        gap=Decimal(m["gap"]),
        # orjson, as they were written: json.loads was half of a whole register's read.
        figures=tuple(loads(m["figures"])),
        sources=tuple(loads(m["sources"])),
        state=m["state"],
        explanation_kind=m["explanation_kind"],
        explanation_note=m["explanation_note"],
        period_start=m["period_start"],
    )


# -- the other inputs, read ------------------------------------------------


def organisations(db: Connection, sources: Iterable[str]) -> dict[str, str | None]:
    """Each of these sources' organisation (None when it names none)."""
    table = schema.sources
    found: dict[str, str | None] = {}
    for chunk in _chunks(sorted(set(sources))):
        query = select(table.c.source_id, table.c.organisation).where(
            table.c.source_id.in_(chunk)
        )
        found.update({r.source_id: r.organisation for r in db.execute(query)})
    return found


def explanations(
    db: Connection, statistics: Iterable[str], known_at: str | None = None
) -> dict[Pair, Explanation]:
    """How the notes known at ``known_at`` (all when None) leave each discrepancy
    of these statistics: folded oldest first."""
    table = schema.discrepancy_notes
    found: dict[Pair, Explanation] = {}
    for chunk in _chunks(sorted(set(statistics))):
        query = select(
            table.c.statistic, table.c.period, table.c.action, table.c.kind, table.c.note
        ).where(table.c.statistic.in_(chunk))
        if known_at is not None:
            query = query.where(table.c.recorded <= known_at)
        for row in db.execute(query.order_by(table.c.seq)):
            key = (row.statistic, row.period)
            found[key] = found.get(key, UNEXPLAINED).after(row.action, row.kind, row.note)
    return found


def _chunks(keys: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]
