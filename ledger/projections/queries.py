"""Reads: every question the CLI, the UI and scripts ask, answered from the read models.

The fast path of replay lives here: as of (D, T) the value a slot held is the
one revisions row whose published-time and recorded-time validity both
contain the point, found through the ``(statistic, pub_from)`` index.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import fields, replace
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Connection, Table, and_, bindparam, case, func, or_, select

from ledger.errors import InvalidInput, NotFound
from ledger.projections import register, schema
from ledger.projections.log import published_positions
from ledger.projections.register import CurrentFigure
from ledger.rows import (
    CatalogueEntry,
    DiscrepancyNote,
    DiscrepancyRow,
    FigureDetail,
    HistoryEntry,
    ReplayRow,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.checks import shown
from ledger.semantics.figure_states import FigureAt, FigureEvent, figures_at
from ledger.semantics.folded_figure import slot_key

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
) -> Iterator[ReplayRow]:
    """The one revisions row per slot valid at (as_of, known_at), in period order, as
    the database gives them, a batch at a time.

    Written as plain SQL for the driver: this is the hot read of scripts and
    the UI, and building the statement through the expression language cost
    more than running it. The ORDER BY is the ``revisions_as_of`` index, so
    even the whole ledger streams without a sort.
    """
    mark = _mark(db)
    where = [*_published_on(mark), *_known_at(mark)]
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
    make = ReplayRow._make
    with closing(_batches(db, sql, params)) as batches:
        for batch in batches:
            for r in batch:
                yield make((*r[:3], Decimal(r[3]), r[4], r[5], Decimal(r[6]), *r[7:]))


# The conditions of replay. A revisions row gives its slot's value on the
# days [pub_from, pub_to) of published time, over the recorded times
# [rec_from, rec_to); NULL is open.


def _published_on(mark: str) -> list[str]:
    return [f"pub_from <= {mark}", f"(pub_to IS NULL OR pub_to > {mark})"]


def _known_at(mark: str) -> list[str]:
    return [f"rec_from <= {mark}", f"(rec_to IS NULL OR rec_to > {mark})"]


def days_held(days: list[str], pub_from: str, pub_to: str | None) -> range:
    """The indexes of the sorted ``days`` on which replay gives a row's value.

    Replay's published-time condition (``pub_from <= D < pub_to``), for many
    days at once.
    """
    stop = len(days) if pub_to is None else bisect_left(days, pub_to)
    return range(min(bisect_left(days, pub_from), stop), stop)


class Span(NamedTuple):
    """One value of a slot over published time, as a revisions row holds it."""

    period: str
    text: str
    value: str
    pub_from: str
    pub_to: str | None


def spans_known_at(
    db: Connection, statistic: str, source: str, known_at: str, published_by: str
) -> list[Span]:
    """The values of one source's slots of ``statistic`` as known at ``known_at``.

    Every row replay at (D, known_at) chooses from for D up to
    ``published_by``: replay on day D gives a span's value when D is in
    :func:`days_held`. One read where replaying each day would take one per day.
    """
    mark = _mark(db)
    where = [f"statistic = {mark}", f"source = {mark}", f"pub_from <= {mark}", *_known_at(mark)]
    sql = f"SELECT period, text, value, pub_from, pub_to FROM revisions WHERE {' AND '.join(where)}"
    found = _fetch(db, sql, [statistic, source, published_by, known_at, known_at])
    return [Span._make(row) for row in found]


def _mark(db: Connection) -> str:
    return "?" if db.dialect.paramstyle == "qmark" else "%s"


def _fetch(db: Connection, sql: str, params: list[str]) -> list[tuple]:
    cursor = db.connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


# Rows a streamed read takes from the driver at once: few enough that memory
# stays flat, enough that the per-call cost vanishes.
FETCH_BATCH = 2000


def _batches(db: Connection, sql: str, params: list[str]) -> Iterator[list[tuple]]:
    """The rows of ``sql``, a driver ``fetchmany`` at a time, the cursor open meanwhile."""
    cursor = db.connection.cursor()
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH_BATCH):
            yield batch
    finally:
        cursor.close()


HISTORY_COLUMNS = ", ".join(f.name for f in fields(HistoryEntry))


def history(
    db: Connection, statistic: str, period: str | None, as_of: str, known_at: str
) -> Iterator[HistoryEntry]:
    """A statistic's figure events published by ``as_of`` and recorded by ``known_at``,
    oldest first, streamed along the ``(statistic, seq)`` index."""
    mark = _mark(db)
    where = [
        f"statistic = {mark}", f"recorded <= {mark}", f"(published IS NULL OR published <= {mark})"
    ]  # fmt: skip
    params = [statistic, known_at, as_of]
    if period is not None:
        where.append(f"period = {mark}")
        params.append(period)
    sql = f"SELECT {HISTORY_COLUMNS} FROM figure_history WHERE {' AND '.join(where)} ORDER BY seq"
    with closing(_batches(db, sql, params)) as batches:
        for batch in batches:
            for r in batch:
                yield HistoryEntry(*r)


def discrepancies(
    db: Connection,
    statistic: str | None = None,
    severity: str | None = None,
    state: str | None = None,
) -> Iterator[DiscrepancyRow]:
    """The register as it stands now (of one statistic, severity or state), in register
    order, streamed from its table."""
    mark = _mark(db)
    where, params = [], []
    for column, wanted in (("statistic", statistic), ("severity", severity), ("state", state)):
        if wanted is not None:
            where.append(f"{column} = {mark}")
            params.append(wanted)
    sql = (
        f"SELECT {', '.join(register.COLUMNS)} FROM discrepancies"
        f"{' WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY statistic, period_start, period_end, period"
    )
    columns = register.COLUMNS
    from_stored = register.from_stored
    with closing(_batches(db, sql, params)) as batches:
        for batch in batches:
            for r in batch:
                yield from_stored(dict(zip(columns, r, strict=True)))


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
    page = query.offset(offset).limit(limit)
    rows = [register.from_stored(r._mapping) for r in db.execute(page)]
    total = db.execute(select(func.count()).select_from(d).where(*conditions)).scalar_one()
    return rows, total


def discrepancies_as_of(
    db: Connection, rows: list[ReplayRow], known_at: str
) -> list[DiscrepancyRow]:
    """The register at a past point, from its replay ``rows`` and the notes known at ``known_at``.

    Built by the same :func:`register.register_rows` that keeps the table, so
    at the present point it gives the rows :func:`discrepancies` reads.
    :func:`iter_discrepancies_as_of` gives the same a statistic at a time.
    """
    by_pair: dict[tuple[str, str], list[CurrentFigure]] = defaultdict(list)
    for row in rows:
        by_pair[(row.statistic, row.period)].append(CurrentFigure.of(row))
    candidates = {pair: figures for pair, figures in by_pair.items() if len(figures) > 1}
    if not candidates:
        return []
    sources = {f.source for figures in candidates.values() for f in figures}
    statistics = {statistic for statistic, _ in candidates}
    return register.register_rows(
        candidates,
        register.organisations(db, sources).get,
        register.explanations(db, statistics, known_at),
    )


def iter_discrepancies_as_of(
    db: Connection, rows: Iterable[ReplayRow], known_at: str
) -> Iterator[DiscrepancyRow]:
    """:func:`discrepancies_as_of` of replay ``rows`` given in replay order, a statistic
    at a time: memory is bounded by the largest statistic, not the ledger.

    Replay order keeps each statistic's rows together, so each statistic's
    register is :func:`discrepancies_as_of` of its own rows; its notes and its
    sources' organisations are read when it is done.
    """
    organisations: dict[str, str | None] = {}
    for statistic, group in groupby(rows, key=attrgetter("statistic")):
        by_pair: dict[tuple[str, str], list[CurrentFigure]] = defaultdict(list)
        for row in group:
            by_pair[(statistic, row.period)].append(CurrentFigure.of(row))
        candidates = {pair: figures for pair, figures in by_pair.items() if len(figures) > 1}
        if not candidates:
            continue
        sources = {f.source for figures in candidates.values() for f in figures}
        missing = sources - organisations.keys()
        if missing:
            found = register.organisations(db, missing)
            organisations.update((source, found.get(source)) for source in missing)
        yield from register.register_rows(
            candidates, organisations.get, register.explanations(db, [statistic], known_at)
        )


def discrepancy_notes(
    db: Connection, statistic: str, period: str, known_at: str | None = None
) -> list[DiscrepancyNote]:
    """What archivists said about one discrepancy, oldest first: each explain,
    resolve and reopen recorded at or before ``known_at`` (all when None)."""
    return _notes(db, statistic, period, known_at)


def discrepancy_notes_by_period(
    db: Connection, statistic: str, known_at: str | None = None
) -> dict[str, list[DiscrepancyNote]]:
    """:func:`discrepancy_notes` of every discrepancy of one statistic, by period: one
    read a statistic where one a discrepancy would take as many."""
    by_period: dict[str, list[DiscrepancyNote]] = defaultdict(list)
    for found in _notes(db, statistic, None, known_at):
        by_period[found.period].append(found)
    return by_period


def _notes(
    db: Connection, statistic: str, period: str | None, known_at: str | None
) -> list[DiscrepancyNote]:
    n = schema.discrepancy_notes
    query = select(n).where(n.c.statistic == statistic, n.c.action != "tracked")
    if period is not None:
        query = query.where(n.c.period == period)
    if known_at is not None:
        query = query.where(n.c.recorded <= known_at)
    return [
        DiscrepancyNote(
            statistic=r.statistic, period=r.period, action=r.action, kind=r.kind,
            note=r.note, by=r.recorded_by, recorded=r.recorded,
        )  # fmt: skip
        for r in db.execute(query.order_by(n.c.seq))
    ]


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
        raise InvalidInput(f"cannot sort statistics by {shown(order_by)}")
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
        raise NotFound(f"no statistic {shown(code)}")
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
        raise NotFound(f"no source {shown(source_id)}")
    return found[0]


def catalogue_history(db: Connection, entry: str, key: str) -> list[CatalogueEntry]:
    """Every definition of one statistic (``entry="statistic"``) or registration of
    one source (``"source"``), oldest first; empty when the catalogue has no such entry."""
    h = schema.catalogue_history
    query = select(h).where(h.c.entry == entry, h.c.key == key).order_by(h.c.seq)
    return [CatalogueEntry(**r._mapping) for r in db.execute(query)]


def resolve_figure(db: Connection, events: Table, reference: str) -> str:
    """A figure's full id from its id or an unambiguous prefix (at least 4 characters).

    The figures table keeps no index on ids: the prefix is a range of the
    log's index on (originator_id, version), kept to figures by a join.
    """
    wanted = reference.strip().lower().replace("-", "")
    if not 4 <= len(wanted) <= 32 or any(ch not in "0123456789abcdef" for ch in wanted):
        raise InvalidInput(f"cannot read figure id {shown(reference)}")
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
        raise NotFound(f"no figure {shown(reference)}")
    if len(found) > 1:
        raise InvalidInput(f"figure id {shown(reference)} is ambiguous: give more characters")
    return found[0]


def figure_detail(
    db: Connection, events: Table, figure: str, as_of: str, known_at: str
) -> FigureDetail:
    """One figure as it stood at (as_of, known_at); refused if not published or recorded by then."""
    f = schema.figures
    position = published_positions(db, events, [figure]).get(figure)
    statistic = None if position is None else db.execute(
        select(f.c.statistic).where(f.c.seq == position)
    ).scalar()
    if statistic is None:
        raise NotFound(f"no figure {shown(figure)}")
    # Its own events say in which period it stood then; its rivals there say the rest.
    own = figures_at(_figure_events(db, statistic, known_at, figure=figure), as_of, known_at)
    standing = [] if not own else figures_of(db, statistic, own[0].period, as_of, known_at)
    for detail in standing:
        if detail.figure == figure:
            return detail
    raise NotFound(
        f"figure {figure[:8]} was not published by {as_of} or not recorded by {known_at}"
    )


def figures_of(
    db: Connection, statistic: str, period: str | None, as_of: str, known_at: str
) -> list[FigureDetail]:
    """Every figure of a statistic (or of one of its periods) at (as_of, known_at).

    The states come from :func:`ledger.semantics.figure_states.figures_at`,
    folding the figures' history; the rest of each figure from its row.
    """
    events = _figure_events(db, statistic, known_at, period=period)
    standing = [
        at for at in figures_at(events, as_of, known_at) if period is None or at.period == period
    ]
    rows = _figure_rows(db, [at.seq for at in standing])
    return [_detail(rows[at.seq], at) for at in standing]


def _figure_events(
    db: Connection,
    statistic: str,
    known_at: str,
    period: str | None = None,
    figure: str | None = None,
) -> list[FigureEvent]:
    """The history of a statistic's figures recorded by ``known_at`` (of one period, or one).

    Of a period: of every figure that stood in it at some time by then, since
    an erratum may have moved a figure in or out since.
    """
    h = schema.figure_history
    conditions = [h.c.statistic == statistic, h.c.recorded <= known_at]
    if period is not None:
        were_there = select(h.c.figure).where(
            h.c.statistic == statistic, h.c.period == period, h.c.recorded <= known_at
        )
        conditions.append(h.c.figure.in_(were_there))
    if figure is not None:
        conditions.append(h.c.figure == figure)
    query = select(
        h.c.seq, h.c.figure, h.c.event, h.c.recorded, h.c.period, h.c.source, h.c.text,
        h.c.published,
    ).where(*conditions)  # fmt: skip
    return [FigureEvent(*row) for row in db.execute(query)]


def _figure_rows(db: Connection, seqs: list[int]) -> dict[int, Any]:
    """The figures' rows, by the log position of their publication."""
    f = schema.figures
    rows: dict[int, Any] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        rows.update((row.seq, row) for row in db.execute(select(f).where(f.c.seq.in_(chunk))))
    return rows


def _detail(row: Any, at: FigureAt) -> FigureDetail:
    return FigureDetail(
        figure=row.figure,
        statistic=row.statistic,
        period=at.period,
        source=at.source,
        text=at.text,
        status=row.status,
        published=at.published,
        recorded=row.recorded,
        recorded_by=row.recorded_by,
        release=row.release,
        url=row.url,
        quote=row.quote,
        note=row.note,
        corrections=at.corrections,
        retracted=at.retracted,
        amendments=at.amendments,
        superseded=at.superseded,
        standing_text=at.standing_text,
        current=at.current,
        states=at.states,
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


# -- what a write would repeat ---------------------------------------------


def _already_recorded_query() -> Any:
    f = schema.figures
    # Built once: compiling a statement per row cost an import 1 ms a row.
    # No ORDER BY: ordered by seq, SQLite would walk the table, not the slot index.
    return (
        select(f.c.figure)
        .where(
            f.c.slot == bindparam("slot"),
            f.c.published == bindparam("published"),
            f.c.text == bindparam("text"),
            f.c.status == bindparam("status"),
            f.c.grain.is_not_distinct_from(bindparam("grain", type_=f.c.grain.type)),
        )
        .limit(1)
    )


_ALREADY_RECORDED = _already_recorded_query()


def already_recorded(db: Connection, fields: dict[str, Any]) -> str | None:
    """The figure that already is this publication, or None: the rule that makes
    ``record`` and every import idempotent.

    A figure is already recorded when its slot (statistic, period, source)
    holds one published the same day with the same text, grain and status:
    the same publication, recorded once, whatever corrections or retraction
    followed it. Compared with the slot's figures of that day, not only its
    latest, so that a file holding two figures of one day adds nothing again.
    """
    slot = slot_key(fields["statistic"], fields["period"], fields["source"])
    found = db.execute(_ALREADY_RECORDED, {
        "slot": slot, "published": fields["published"], "text": fields["text"],
        "status": fields["status"], "grain": fields["grain"],
    })  # fmt: skip
    return found.scalar()


def slot_has_figures(db: Connection, statistic: str, period: str, source: str) -> bool:
    """Whether a slot holds any figure: a new one there is a revision."""
    f = schema.figures
    slot = slot_key(statistic, period, source)
    return db.execute(select(f.c.seq).where(f.c.slot == slot).limit(1)).first() is not None


def statistic_has_figures(db: Connection, statistic: str) -> bool:
    """Whether any slot of a statistic holds a figure: the range of its slot keys
    (``statistic`` then the separator) on the slot index."""
    f = schema.figures
    first = slot_key(statistic, "", "")[: len(statistic) + 1]
    after = first[:-1] + chr(ord(first[-1]) + 1)
    query = select(f.c.seq).where(f.c.slot >= first, f.c.slot < after).limit(1)
    return db.execute(query).first() is not None


# -- where a statistic's figures came from (the fit checks of the vintage import) ----


class ReleaseGroup(NamedTuple):
    """A statistic's figures from one source and one release (or none)."""

    source: str
    release: str | None  # the figures' release key; None when recorded without one
    title: str | None  # that release's title in the catalogue; None when it has no entry
    figures: int
    first_period: str  # the earliest period label among them, to name one


class FigureOrigin(NamedTuple):
    """Where the figure standing in a slot came from."""

    figure: str
    text: str
    published: str
    release: str | None
    title: str | None  # the release's title in the catalogue, when it has an entry
    recorded_by: str


def _slots_of(statistic: str):
    """The figures of one statistic, through the slot index (slots start ``CODE\\x1f``)."""
    f = schema.figures
    return and_(f.c.slot >= statistic + "\x1f", f.c.slot < statistic + "\x20")


def _with_release():
    f, r = schema.figures, schema.releases
    return f.outerjoin(r, and_(r.c.source == f.c.source, r.c.key == f.c.release))


def figure_release_groups(db: Connection, statistic: str) -> list[ReleaseGroup]:
    """The statistic's figures (retracted ones too) grouped by source and release."""
    f, r = schema.figures, schema.releases
    query = (
        select(f.c.source, f.c.release, r.c.title, func.count(), func.min(f.c.period))
        .select_from(_with_release())
        .where(_slots_of(statistic))
        .group_by(f.c.source, f.c.release, r.c.title)
        .order_by(func.min(f.c.period), f.c.source, f.c.release)
    )
    return [ReleaseGroup(*row) for row in db.execute(query)]


def statistic_periods(db: Connection, statistic: str) -> list[str]:
    """Every period label the statistic holds a figure for, in label order."""
    f = schema.figures
    query = select(f.c.period).where(_slots_of(statistic)).distinct().order_by(f.c.period)
    return list(db.execute(query).scalars())


def slot_origin(db: Connection, statistic: str, period: str, source: str) -> FigureOrigin | None:
    """The figure standing in a slot now (its latest publication), and where it came
    from; None when the slot is empty or that figure is retracted."""
    f, r = schema.figures, schema.releases
    query = (
        select(f.c.figure, f.c.text, f.c.published, f.c.release, r.c.title, f.c.recorded_by,
               f.c.retraction)
        .select_from(_with_release())
        .where(f.c.slot == slot_key(statistic, period, source))
        .order_by(f.c.published.desc(), f.c.seq.desc())
        .limit(1)
    )  # fmt: skip
    found = db.execute(query).first()
    if found is None or found.retraction is not None:
        return None
    return FigureOrigin(*found[:6])
