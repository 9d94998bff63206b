"""Reads: every question the CLI, the UI and scripts ask, answered from the read models.

The fast path of replay lives here: as of (D, T) the value a slot held is the
one revisions row whose published-time and recorded-time validity both
contain the point, found through the ``(statistic, pub_from)`` index.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Table, and_, case, func, or_, select

from ledger.errors import InvalidInput, NotFound
from ledger.projections import schema
from ledger.projections.log import published_positions
from ledger.projections.projector import CurrentFigure, fold_explanation
from ledger.rows import (
    DiscrepancyRow,
    FigureDetail,
    HistoryEntry,
    ReplayRow,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.discrepancies import find_discrepancy

R = schema.revisions


REPLAY_COLUMNS = (
    "statistic, period, source, value, text, qualifier, grain, tight, wide, status, "
    "published, recorded, recorded_by, figure, kind, period_start, period_end"
)


def replay(
    db: Connection,
    as_of: str,
    known_at: str,
    statistic: str | None = None,
    period: str | None = None,
) -> list[ReplayRow]:
    """The one revisions row per slot valid at (as_of, known_at), in period order.

    Written as plain SQL for the driver: this is the hot read of scripts and
    the UI, and building the statement through the expression language cost
    more than running it.
    """
    mark = "?" if db.dialect.paramstyle == "qmark" else "%s"
    where = [
        f"pub_from <= {mark}",
        f"(pub_to IS NULL OR pub_to > {mark})",
        f"rec_from <= {mark}",
        f"(rec_to IS NULL OR rec_to > {mark})",
    ]
    params: list[str] = [as_of, as_of, known_at, known_at]
    if statistic is not None:
        where.insert(0, f"statistic = {mark}")
        params.insert(0, statistic)
    if period is not None:
        where.append(f"period = {mark}")
        params.append(period)
    sql = (
        f"SELECT {REPLAY_COLUMNS} FROM revisions WHERE {' AND '.join(where)} "
        "ORDER BY statistic, period_start, period_end, period, source"
    )
    cursor = db.connection.cursor()
    try:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    finally:
        cursor.close()
    make = ReplayRow._make
    return [make((*r[:3], Decimal(r[3]), r[4], r[5], Decimal(r[6]), *r[7:])) for r in found]


def history(
    db: Connection, statistic: str, period: str | None, as_of: str, known_at: str
) -> list[HistoryEntry]:
    h = schema.figure_history
    conditions = [
        h.c.statistic == statistic,
        h.c.recorded <= known_at,
        or_(h.c.published.is_(None), h.c.published <= as_of),
    ]
    if period is not None:
        conditions.append(h.c.period == period)
    query = select(h).where(and_(*conditions)).order_by(h.c.seq)
    return [HistoryEntry(**r._mapping) for r in db.execute(query)]


def discrepancies(db: Connection, statistic: str | None = None) -> list[DiscrepancyRow]:
    """The register as it stands now, from its table."""
    d = schema.discrepancies
    query = select(d)
    if statistic is not None:
        query = query.where(d.c.statistic == statistic)
    query = query.order_by(d.c.statistic, d.c.period_start, d.c.period_end, d.c.period)
    return [_discrepancy(r._mapping) for r in db.execute(query)]


def discrepancies_page(
    db: Connection,
    statistic: str | None,
    severity: str | None,
    state: str | None,
    offset: int,
    limit: int,
) -> tuple[list[DiscrepancyRow], int]:
    """One page of the register as it stands now, filtered in SQL, and how many match."""
    d = schema.discrepancies
    conditions = []
    if statistic is not None:
        conditions.append(d.c.statistic == statistic)
    if severity is not None:
        conditions.append(d.c.severity == severity)
    if state is not None:
        conditions.append(d.c.state == state)
    query = select(d).where(*conditions).order_by(
        d.c.statistic, d.c.period_start, d.c.period_end, d.c.period
    )
    rows = [_discrepancy(r._mapping) for r in db.execute(query.offset(offset).limit(limit))]
    total = db.execute(select(func.count()).select_from(d).where(*conditions)).scalar_one()
    return rows, total


def discrepancies_as_of(
    db: Connection, rows: list[ReplayRow], known_at: str
) -> list[DiscrepancyRow]:
    by_pair: dict[tuple[str, str], list[ReplayRow]] = defaultdict(list)
    for row in rows:
        by_pair[(row.statistic, row.period)].append(row)
    candidates = {pair: figs for pair, figs in by_pair.items() if len(figs) > 1}
    if not candidates:
        return []
    organisations = dict(
        db.execute(select(schema.sources.c.source_id, schema.sources.c.organisation)).all()
    )
    n = schema.discrepancy_notes
    states: dict[tuple[str, str], tuple] = {}
    for note in db.execute(select(n).where(n.c.recorded <= known_at).order_by(n.c.seq)):
        key = (note.statistic, note.period)
        if key in candidates:
            states[key] = fold_explanation(states.get(key), note)
    found = []
    for (statistic, period), figs in candidates.items():
        finding = find_discrepancy([CurrentFigure.of(f) for f in figs], organisations.get)
        if finding is None:
            continue
        state, kind, note = states.get((statistic, period), ("open", None, None))
        found.append(
            DiscrepancyRow(
                statistic=statistic,
                period=period,
                severity=finding.severity,
                internal=finding.internal,
                gap=finding.gap,
                figures=finding.figures,
                sources=finding.sources,
                state=state,
                explanation_kind=kind,
                explanation_note=note,
                period_start=figs[0].period_start,
            )
        )
    found.sort(key=lambda d: (d.statistic, d.period_start, d.period))
    return found


def _discrepancy(m) -> DiscrepancyRow:
    return DiscrepancyRow(
        statistic=m["statistic"],
        period=m["period"],
        severity=m["severity"],
        internal=bool(m["internal"]),
        gap=Decimal(m["gap"]),
        figures=tuple(json.loads(m["figures"])),
        sources=tuple(json.loads(m["sources"])),
        state=m["state"],
        explanation_kind=m["explanation_kind"],
        explanation_note=m["explanation_note"],
        period_start=m["period_start"],
    )


def _statistic_row(r) -> StatisticRow:
    return StatisticRow(
        code=r.code, name=r.name, unit=r.unit, definition=r.definition, scope=r.scope,
        periods=r.periods, figures=r.figures, hard=r.hard, soft=r.soft,
        last_published=r.last_published,
    )


def statistics(
    db: Connection,
    rows: list[ReplayRow] | None = None,
    found: list[DiscrepancyRow] | None = None,
) -> list[StatisticRow]:
    """Every statistic with its counts: now (kept in the catalogue), or from an as-of replay."""
    s = schema.statistics
    catalogue = [_statistic_row(r) for r in db.execute(select(s).order_by(s.c.code))]
    if rows is None:
        return catalogue
    return counted_at(catalogue, rows, found or [])


def counted_at(
    catalogue: list[StatisticRow], rows: list[ReplayRow], found: list[DiscrepancyRow]
) -> list[StatisticRow]:
    """The catalogue's rows with the counts of a point: its replay rows and discrepancies."""
    counts: dict[str, list] = {}
    periods: dict[str, set] = defaultdict(set)
    for row in rows:
        entry = counts.setdefault(row.statistic, [0, 0, None])
        periods[row.statistic].add(row.period)
        entry[1] += 1
        entry[2] = max(entry[2] or "", row.published)
    for code, seen in periods.items():
        counts[code][0] = len(seen)
    open_counts: dict[tuple[str, str], int] = defaultdict(int)
    for item in found:
        if item.state == "open":
            open_counts[(item.statistic, item.severity)] += 1
    result = []
    for r in catalogue:
        periods_n, figures_n, last = counts.get(r.code, [0, 0, None])
        result.append(replace(
            r, periods=periods_n, figures=figures_n, hard=open_counts.get((r.code, "hard"), 0),
            soft=open_counts.get((r.code, "soft"), 0), last_published=last or None,
        ))  # fmt: skip
    return result


SORTABLE = ("code", "name", "unit", "periods", "figures", "hard", "soft", "last_published")
# Sorting by these needs no counts: a page at another point is cut from the catalogue.
TIMELESS = ("code", "name", "unit")


def statistics_page(
    db: Connection,
    contains: str | None,
    order_by: str,
    descending: bool,
    offset: int,
    limit: int,
) -> tuple[list[StatisticRow], int]:
    """One page of the catalogue as known now: filtered, sorted and cut in SQL."""
    if order_by not in SORTABLE:
        raise InvalidInput(f"cannot sort statistics by '{order_by}'")
    s = schema.statistics
    query = select(s)
    counting = select(func.count()).select_from(s)
    if contains:
        pattern = "%" + contains.lower().replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        condition = or_(
            func.lower(s.c.code).like(pattern, escape="\\"),
            func.lower(s.c.name).like(pattern, escape="\\"),
            func.lower(s.c.unit).like(pattern, escape="\\"),
        )
        query = query.where(condition)
        counting = counting.where(condition)
    column = s.c[order_by]
    query = query.order_by(column.desc() if descending else column, s.c.code)
    rows = [_statistic_row(r) for r in db.execute(query.offset(offset).limit(limit))]
    return rows, db.execute(counting).scalar_one()


def statistic(db: Connection, code: str) -> StatisticRow:
    s = schema.statistics
    row = db.execute(select(s).where(s.c.code == code)).first()
    if row is None:
        raise NotFound(f"no statistic '{code}'")
    return _statistic_row(row)


def statistic_names(db: Connection) -> list[tuple[str, str, str]]:
    s = schema.statistics
    return [tuple(r) for r in db.execute(select(s.c.code, s.c.name, s.c.unit).order_by(s.c.code))]


def source_names(db: Connection) -> list[tuple[str, str, str | None]]:
    s = schema.sources
    query = select(s.c.source_id, s.c.name, s.c.organisation).order_by(s.c.source_id)
    return [tuple(r) for r in db.execute(query)]


def statistic_exists(db: Connection, code: str) -> bool:
    s = schema.statistics
    return db.execute(select(s.c.code).where(s.c.code == code)).first() is not None


def source_exists(db: Connection, source_id: str) -> bool:
    s = schema.sources
    return db.execute(select(s.c.source_id).where(s.c.source_id == source_id)).first() is not None


def sources(db: Connection, source_id: str | None = None) -> list[SourceRow]:
    """Sources with the counts the catalogue keeps of their figures."""
    s = schema.sources
    query = select(s).order_by(s.c.source_id)
    if source_id is not None:
        query = query.where(s.c.source_id == source_id)
    return [
        SourceRow(
            source_id=r.source_id, name=r.name, organisation=r.organisation, kind=r.kind,
            figures=r.figures, revised=r.revised, corrected=r.corrected, retracted=r.retracted,
        )
        for r in db.execute(query)
    ]  # fmt: skip


def sources_counted(db: Connection) -> dict[str, tuple[int, int, int, int]]:
    """The same counts computed from every figure: the slow check of the kept ones.

    A figure was revised when its source published another for the same slot,
    so a source's revised count is its figures less its slots.
    """
    f = schema.figures
    tally = select(
        f.c.source,
        func.count(),
        func.count() - func.count(func.distinct(f.c.slot)),
        func.sum(case((f.c.corrections != "[]", 1), else_=0)),
        func.sum(case((f.c.retraction.is_not(None), 1), else_=0)),
    ).group_by(f.c.source)
    return {r[0]: tuple(r[1:]) for r in db.execute(tally)}


def source(db: Connection, source_id: str) -> SourceRow:
    found = sources(db, source_id)
    if not found:
        raise NotFound(f"no source '{source_id}'")
    return found[0]


def resolve_figure(db: Connection, events: Table, reference: str) -> str:
    """A figure's full id from its id or an unambiguous prefix (at least 4 characters).

    The figures table keeps no index on ids: the prefix is a range of the
    log's index on (originator_id, version), kept to figures by a join.
    """
    wanted = reference.strip().lower().replace("-", "")
    if not 4 <= len(wanted) <= 32 or any(ch not in "0123456789abcdef" for ch in wanted):
        raise InvalidInput(f"cannot read figure id '{reference}'")
    f = schema.figures
    conditions = [
        events.c.originator_id >= UUID(hex=wanted.ljust(32, "0")),
        events.c.originator_version == 1,
    ]
    following = int(wanted, 16) + 1
    if following < 16 ** len(wanted):
        upper = f"{following:0{len(wanted)}x}".ljust(32, "0")
        conditions.append(events.c.originator_id < UUID(hex=upper))
    query = (
        select(f.c.figure)
        .select_from(events.join(f, f.c.seq == events.c.id))
        .where(*conditions)
        .limit(2)
    )
    found = db.execute(query).scalars().all()
    if not found:
        raise NotFound(f"no figure '{reference}'")
    if len(found) > 1:
        raise InvalidInput(f"figure id '{reference}' is ambiguous: give more characters")
    return found[0]


def figure_detail(db: Connection, events: Table, figure: str) -> FigureDetail:
    f = schema.figures
    position = published_positions(db, events, [figure]).get(figure)
    row = None if position is None else db.execute(select(f).where(f.c.seq == position)).first()
    if row is None:
        raise NotFound(f"no figure '{figure}'")
    return _detail(db, row)


def figures_of(db: Connection, statistic: str, period: str | None = None) -> list[FigureDetail]:
    f = schema.figures
    # Slots begin "statistic␟period␟": a range of the slot index finds them.
    prefix = statistic + "\x1f" + ("" if period is None else period + "\x1f")
    query = select(f).where(f.c.slot >= prefix, f.c.slot < prefix[:-1] + "\x20")
    return [_detail(db, row) for row in db.execute(query.order_by(f.c.seq)).all()]


def _detail(db: Connection, row: Any) -> FigureDetail:
    f = schema.figures
    later = db.execute(
        select(func.count())
        .select_from(f)
        .where(
            f.c.slot == row.slot,
            or_(
                f.c.published > row.published,
                and_(f.c.published == row.published, f.c.seq > row.seq),
            ),
        )
    ).scalar_one()
    return FigureDetail(
        figure=row.figure,
        statistic=row.statistic,
        period=row.period,
        source=row.source,
        text=row.text,
        status=row.status,
        published=row.published,
        recorded=row.recorded,
        recorded_by=row.recorded_by,
        release=row.release,
        url=row.url,
        quote=row.quote,
        note=row.note,
        corrections=len(json.loads(row.corrections)),
        retracted=None if row.retraction is None else json.loads(row.retraction)["published"],
        amendments=row.amendments,
        superseded=later > 0,
    )


def publication_dates(db: Connection) -> list[str]:
    """Every distinct date on which the ledger's picture changed in published time.

    Publications and corrections start a revision row; a retraction or a
    supersession ends one, so both ends count.
    """
    starts = select(R.c.pub_from.label("day"))
    ends = select(R.c.pub_to.label("day")).where(R.c.pub_to.is_not(None))
    union = starts.union(ends).subquery()
    return list(db.execute(select(union.c.day).order_by(union.c.day)).scalars())
