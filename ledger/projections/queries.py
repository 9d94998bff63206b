"""Reads: every question the CLI, the UI and scripts ask, answered from the read models.

The fast path of replay lives here: as of (D, T) the value a slot held is the
one version row whose published-time and recorded-time validity both contain
the point: the statistic's slots in key order, then each slot's versions by
``(slot, pub_from)``. Dates and times go to SQL as the integers the tables
keep (:mod:`ledger.projections.codec`) and come back as the ledger's text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from decimal import Decimal
from itertools import count, groupby
from operator import attrgetter
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Connection, Table, and_, case, func, or_, select

from ledger.errors import InvalidInput, NotFound
from ledger.projections import register, schema
from ledger.projections.codec import (
    day,
    day_text,
    day_text_or_none,
    figure_hex,
    micros,
    moment_text,
)
from ledger.projections.log import LoggedEvent, events_of, published_positions
from ledger.projections.register import CurrentFigure
from ledger.projections.stored_figures import FIGURE_SELECT, figure_state
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
from ledger.semantics.figure_history import Entry, FigureEventIn, history_entries
from ledger.semantics.figure_states import FigureAt, FigureEvent, figures_at
from ledger.semantics.folded_figure import FigureState
from ledger.semantics.periods import period_bounds

V = schema.versions

# Replay's rows: a statistic's slots walked in the key's order (SQLite's CROSS JOIN keeps
# that order; elsewhere it is a plain join), each with its version valid at the point.
# Archivists are named from a dictionary read first: a few rows, where a join cost a
# lookup a row.
REPLAY_SELECT = (
    "SELECT s.statistic, s.period, s.source, r.value, r.text, r.qualifier, r.grain, r.tight, "
    "r.wide, v.status, v.published, v.recorded, v.recorded_by, v.figure, v.kind, "
    "s.period_start, s.period_end FROM slots s CROSS JOIN versions v "
    "JOIN readings r ON r.id = v.reading WHERE v.slot = s.id"
)


def replay(
    db: Connection,
    as_of: str,
    known_at: str,
    statistic: str | None = None,
    period: str | None = None,
    source: str | None = None,
) -> Iterator[ReplayRow]:
    """The one revisions row per slot valid at (as_of, known_at), in period order, as
    the database gives them, a batch at a time; only ``source``'s slots when given.

    Written as plain SQL for the driver: this is the hot read of scripts and
    the UI, and building the statement through the expression language cost
    more than running it. The ORDER BY is the ``revisions_as_of`` index, so
    even the whole ledger streams without a sort.
    """
    mark = _mark(db)
    where = [*_published_on(mark), *_known_at(mark)]
    params: list[Any] = [day(as_of), day(as_of), micros(known_at), micros(known_at)]
    if statistic is not None:
        where.insert(0, f"s.statistic = {mark}")
        params.insert(0, statistic)
    if period is not None:
        where.append(f"s.period_start = {mark} AND s.period_end = {mark} AND s.period = {mark}")
        params.extend((*period_bounds(period), period))
    if source is not None:
        where.append(f"s.source = {mark}")
        params.append(source)
    sql = (
        f"{REPLAY_SELECT} AND {' AND '.join(where)} "
        "ORDER BY s.statistic, s.period_start, s.period_end, s.period, s.source"
    )
    make = ReplayRow._make
    kinds = schema.KINDS
    names = dict(_fetch(db, "SELECT id, name FROM archivists", []))
    with closing(_batches(db, sql, params)) as batches:
        for batch in batches:
            for r in batch:
                yield make((
                    r[0], r[1], r[2], Decimal(r[3]), r[4], r[5], Decimal(r[6]), r[7], r[8], r[9],
                    day_text(r[10]), moment_text(r[11]), names[r[12]], figure_hex(r[13]),
                    kinds[r[14]], r[15], r[16],
                ))  # fmt: skip


# The conditions of replay. A version row gives its slot's value on the
# days [pub_from, pub_to) of published time, over the recorded times
# [rec_from, rec_to); NULL is open.


def _published_on(mark: str) -> list[str]:
    return [f"v.pub_from <= {mark}", f"(v.pub_to IS NULL OR v.pub_to > {mark})"]


def _known_at(mark: str) -> list[str]:
    return [f"v.rec_from <= {mark}", f"(v.rec_to IS NULL OR v.rec_to > {mark})"]


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
    where = [
        f"s.statistic = {mark}", f"s.source = {mark}", f"v.pub_from <= {mark}", *_known_at(mark)
    ]  # fmt: skip
    sql = (
        "SELECT s.period, r.text, r.value, v.pub_from, v.pub_to FROM slots s "
        "JOIN versions v ON v.slot = s.id JOIN readings r ON r.id = v.reading "
        f"WHERE {' AND '.join(where)}"
    )
    params = [statistic, source, day(published_by), micros(known_at), micros(known_at)]
    return [
        Span(period, text, value, day_text(pub_from), day_text_or_none(pub_to))
        for period, text, value, pub_from, pub_to in _fetch(db, sql, params)
    ]


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


# Names of the server-side cursors of PostgreSQL's streamed reads: unique while open,
# as two may be open at once on one connection (a past register beside its replay).
_cursor_names = count(1)


def _batches(db: Connection, sql: str, params: list[str]) -> Iterator[list[tuple]]:
    """The rows of ``sql``, a driver ``fetchmany`` at a time, the cursor open meanwhile.

    On PostgreSQL the cursor is the server's (a named one, in the reading
    connection's REPEATABLE READ transaction): a plain psycopg cursor takes the
    whole result to the client before its first row, so memory grew with the
    ledger there. SQLite's cursor steps through the rows as they are fetched.
    """
    if db.dialect.name == "postgresql":
        cursor = db.connection.cursor(name=f"recount_read_{next(_cursor_names)}")
    else:
        cursor = db.connection.cursor()
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH_BATCH):
            yield batch
    finally:
        cursor.close()


def history(
    db: Connection,
    events: Table,
    statistic: str,
    period: str | None,
    as_of: str,
    known_at: str,
) -> Iterator[HistoryEntry]:
    """A statistic's figure events published by ``as_of`` and recorded by ``known_at``,
    oldest first (of one period: the events of figures in it when they happened)."""
    for entry in _history(db, events, statistic, period):
        if entry.recorded > known_at or (entry.published is not None and entry.published > as_of):
            continue
        if period is None or entry.period == period:
            yield HistoryEntry(*entry)


def _history(
    db: Connection, events: Table, statistic: str, period: str | None = None
) -> list[Entry]:
    """Every entry of a statistic's history, told from its figures' events in the log;
    with ``period``, at least every entry of the figures that ever stood in it.

    A figure that stood in a period and left it was moved by an erratum, so the
    figures of a period are those in its slots now and those amended: every rival
    a slot had is among them, which is all the telling needs. Only as far as the
    read models have folded the log: an event they stopped at (a halt), or one a
    catch-up has not reached yet, is not history yet.
    """
    mark = _mark(db)
    sql = f"SELECT f.figure FROM slots s JOIN figures f ON f.slot = s.id WHERE s.statistic = {mark}"
    params = [statistic]
    if period is not None:
        sql += (
            f" AND ((s.period_start = {mark} AND s.period_end = {mark} AND s.period = {mark})"
            " OR f.amendments > 0)"
        )
        params.extend((*period_bounds(period), period))
    return _told(db, events, [figure_hex(row[0]) for row in _fetch(db, sql, params)])


def _told(db: Connection, events: Table, figures: list[str]) -> list[Entry]:
    """The history entries of ``figures``' events (a slot's rivals all among them)."""
    upto = min(db.execute(select(schema.positions.c.position)).scalars(), default=0)
    logged: list[LoggedEvent] = sorted(
        events_of(db, events, figures, upto), key=attrgetter("position")
    )
    return list(history_entries(
        FigureEventIn(e.position, e.kind, e.originator_id, e.recorded, e.data) for e in logged
    ))  # fmt: skip


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


# Asked before nearly every read: plain SQL, as building the statement through the
# expression language cost more than running it (0.7 of a 3 ms as-of web request).


def statistic_exists(db: Connection, code: str) -> bool:
    sql = f"SELECT 1 FROM catalogue_statistics WHERE code = {_mark(db)}"
    return bool(_fetch(db, sql, [code]))


def source_exists(db: Connection, source_id: str) -> bool:
    sql = f"SELECT 1 FROM catalogue_sources WHERE source_id = {_mark(db)}"
    return bool(_fetch(db, sql, [source_id]))


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
            dropped=r.dropped,
        )
        for r in db.execute(query)
    ]  # fmt: skip


def sources_counted(db: Connection) -> dict[str, tuple[int, int, int, int, int]]:
    """The same counts computed from every figure: the slow check of the kept ones
    (figures, revised, corrected, retracted, dropped).

    A figure was revised when its source published another for the same slot,
    so a source's revised count is its figures less its slots. A retraction is
    a drop-out when its figure's row says so (``schema.DROPPED_RETRACTION``),
    else a withdrawal.
    """
    f, s = schema.figures, schema.slots
    dropped = f.c.retraction.like(schema.DROPPED_RETRACTION)
    tally = (
        select(
            s.c.source,
            func.count(),
            func.count() - func.count(func.distinct(f.c.slot)),
            func.sum(case((f.c.corrections.is_not(None), 1), else_=0)),
            func.sum(case((and_(f.c.retraction.is_not(None), ~dropped), 1), else_=0)),
            func.sum(case((dropped, 1), else_=0)),
        )
        .select_from(f.join(s, s.c.id == f.c.slot))
        .group_by(s.c.source)
    )
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
    found = [figure_hex(figure) for figure in db.execute(query).scalars()]
    if not found:
        raise NotFound(f"no figure {shown(reference)}")
    if len(found) > 1:
        raise InvalidInput(f"figure id {shown(reference)} is ambiguous: give more characters")
    return found[0]


def figure_detail(
    db: Connection, events: Table, figure: str, as_of: str, known_at: str
) -> FigureDetail:
    """One figure as it stood at (as_of, known_at); refused if not published or recorded by then."""
    position = published_positions(db, events, [figure]).get(figure)
    statistic = None if position is None else db.execute(
        select(schema.slots.c.statistic)
        .select_from(schema.figures.join(schema.slots, schema.slots.c.id == schema.figures.c.slot))
        .where(schema.figures.c.seq == position)
    ).scalar()  # fmt: skip
    if statistic is None:
        raise NotFound(f"no figure {shown(figure)}")
    # Its own events say in which period it stood then; its rivals there say the rest.
    own = figures_at(_figure_events(_told(db, events, [figure]), known_at), as_of, known_at)
    standing = [] if not own else _standing(
        db, _history(db, events, statistic, own[0].period), own[0].period, as_of, known_at
    )
    for detail in standing:
        if detail.figure == figure:
            return detail
    raise NotFound(
        f"figure {figure[:8]} was not published by {as_of} or not recorded by {known_at}"
    )


def figures_of(
    db: Connection, events: Table, statistic: str, period: str | None, as_of: str, known_at: str
) -> list[FigureDetail]:
    """Every figure of a statistic (or of one of its periods) at (as_of, known_at).

    The states come from :func:`ledger.semantics.figure_states.figures_at`,
    folding the figures' history; the rest of each figure from its row.
    """
    return _standing(db, _history(db, events, statistic, period), period, as_of, known_at)


def _standing(
    db: Connection, told: list[Entry], period: str | None, as_of: str, known_at: str
) -> list[FigureDetail]:
    standing = [
        at
        for at in figures_at(_figure_events(told, known_at, period=period), as_of, known_at)
        if period is None or at.period == period
    ]
    rows = _figure_rows(db, [at.seq for at in standing])
    return [_detail(rows[at.seq], at) for at in standing]


def _figure_events(
    told: list[Entry], known_at: str, period: str | None = None, figure: str | None = None
) -> list[FigureEvent]:
    """The history entries of a statistic recorded by ``known_at`` (of one period, or one
    figure) as figure events.

    Of a period: of every figure that stood in it at some time by then, since
    an erratum may have moved a figure in or out since.
    """
    known = [e for e in told if e.recorded <= known_at]
    if period is not None:
        were_there = {e.figure for e in known if e.period == period}
        known = [e for e in known if e.figure in were_there]
    if figure is not None:
        known = [e for e in known if e.figure == figure]
    return [
        FigureEvent(e.seq, e.figure, e.event, e.recorded, e.period, e.source, e.text, e.published)
        for e in known
    ]


def _figure_rows(db: Connection, seqs: list[int]) -> dict[int, FigureState]:
    """The figures' folded states, by the log position of their publication."""
    rows: dict[int, FigureState] = {}
    cursor = db.connection.cursor()
    mark = _mark(db)
    try:
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            cursor.execute(
                f"{FIGURE_SELECT} WHERE f.seq IN ({', '.join([mark] * len(chunk))})", chunk
            )
            for row in cursor.fetchall():
                state, _slot = figure_state(row)
                rows[state.seq] = state
    finally:
        cursor.close()
    return rows


def _detail(row: FigureState, at: FigureAt) -> FigureDetail:
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
    starts = select(V.c.pub_from.label("day"))
    ends = select(V.c.pub_to.label("day")).where(V.c.pub_to.is_not(None))
    union = starts.union(ends).subquery()
    return [day_text(d) for d in db.execute(select(union.c.day).order_by(union.c.day)).scalars()]


# -- what a write would repeat ---------------------------------------------


# A slot's figures through the slots' key: a slot is found by its statistic, its period
# (with the period's bounds, which the key sorts by) and its source.
_IN_SLOT = (
    "FROM slots s JOIN figures f ON f.slot = s.id WHERE s.statistic = {0} "
    "AND s.period_start = {0} AND s.period_end = {0} AND s.period = {0} AND s.source = {0}"
)


def _slot_params(statistic: str, period: str, source: str) -> list[str]:
    return [statistic, *period_bounds(period), period, source]


def already_recorded(
    db: Connection, fields: dict[str, Any], upto: int | None = None
) -> str | None:
    """The figure that already is this publication, or None: the rule that makes
    ``record`` and every import idempotent.

    A figure is already recorded when its slot (statistic, period, source)
    holds one published the same day with the same text, grain and status:
    the same publication, recorded once, whatever corrections or retraction
    followed it. Compared with the slot's figures of that day, not only its
    latest, so that a file holding two figures of one day adds nothing again.
    ``upto`` leaves out figures published later in the log (an import's own,
    folded as it writes them). Plain SQL for the driver: an import asks this once a row.
    """
    mark = _mark(db)
    sql = (
        f"SELECT f.figure {_IN_SLOT.format(mark)} AND f.published = {mark} "
        f"AND f.status = {mark} AND f.reading IN "
        f"(SELECT id FROM readings WHERE text = {mark} AND given = {mark})"
        + ("" if upto is None else f" AND f.seq <= {mark}") + " LIMIT 1"
    )
    params = [
        *_slot_params(fields["statistic"], fields["period"], fields["source"]),
        day(fields["published"]), fields["status"], fields["text"], fields["grain"] or "",
        *(() if upto is None else (upto,)),
    ]  # fmt: skip
    found = _fetch(db, sql, params)
    return figure_hex(found[0][0]) if found else None


def slot_has_figures(db: Connection, statistic: str, period: str, source: str) -> bool:
    """Whether a slot holds any figure: a new one there is a revision."""
    sql = f"SELECT f.seq {_IN_SLOT.format(_mark(db))} LIMIT 1"
    return bool(_fetch(db, sql, _slot_params(statistic, period, source)))


def statistic_has_figures(db: Connection, statistic: str, upto: int | None = None) -> bool:
    """Whether any slot of a statistic holds a figure (an erratum may have emptied a slot),
    published at log position ``upto`` or before when given."""
    mark = _mark(db)
    sql = f"SELECT f.seq FROM slots s JOIN figures f ON f.slot = s.id WHERE s.statistic = {mark}"
    if upto is None:
        return bool(_fetch(db, f"{sql} LIMIT 1", [statistic]))
    return bool(_fetch(db, f"{sql} AND f.seq <= {mark} LIMIT 1", [statistic, upto]))


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


def _of_statistic():
    """The figures with their slots and the catalogue's entries of their releases."""
    f, s, r = schema.figures, schema.slots, schema.releases
    return f.join(s, s.c.id == f.c.slot).outerjoin(
        r, and_(r.c.source == s.c.source, r.c.key == f.c.release)
    )


def figure_release_groups(db: Connection, statistic: str) -> list[ReleaseGroup]:
    """The statistic's figures (retracted ones too) grouped by source and release."""
    f, s, r = schema.figures, schema.slots, schema.releases
    query = (
        select(s.c.source, f.c.release, r.c.title, func.count(), func.min(s.c.period))
        .select_from(_of_statistic())
        .where(s.c.statistic == statistic)
        .group_by(s.c.source, f.c.release, r.c.title)
        .order_by(func.min(s.c.period), s.c.source, f.c.release)
    )
    return [ReleaseGroup(*row) for row in db.execute(query)]


def statistic_periods(db: Connection, statistic: str) -> list[str]:
    """Every period label the statistic holds a figure for, in label order."""
    f, s = schema.figures, schema.slots
    query = (
        select(s.c.period).select_from(f.join(s, s.c.id == f.c.slot))
        .where(s.c.statistic == statistic).distinct().order_by(s.c.period)
    )  # fmt: skip
    return list(db.execute(query).scalars())


def slot_origin(db: Connection, statistic: str, period: str, source: str) -> FigureOrigin | None:
    """The figure standing in a slot now (its latest publication), and where it came
    from; None when the slot is empty or that figure is retracted."""
    f, s, r = schema.figures, schema.slots, schema.releases
    start, end = period_bounds(period)
    query = (
        select(f.c.figure, schema.readings.c.text, f.c.published, f.c.release, r.c.title,
               schema.archivists.c.name, f.c.retraction)
        .select_from(
            _of_statistic()
            .join(schema.readings, schema.readings.c.id == f.c.reading)
            .join(schema.archivists, schema.archivists.c.id == f.c.recorded_by)
        )
        .where(s.c.statistic == statistic, s.c.period_start == start, s.c.period_end == end,
               s.c.period == period, s.c.source == source)
        .order_by(f.c.published.desc(), f.c.seq.desc())
        .limit(1)
    )  # fmt: skip
    found = db.execute(query).first()
    if found is None or found.retraction is not None:
        return None
    figure, text_, published, release, title, by, _retraction = found
    return FigureOrigin(figure_hex(figure), text_, day_text(published), release, title, by)


def standing_figure(
    db: Connection, statistic: str, period: str, source: str, published: str
) -> str | None:
    """The figure a slot shows at publication date ``published`` (its latest publication by
    then), or None when it has none or that one is retracted."""
    mark = _mark(db)
    sql = (
        f"SELECT f.figure, f.retraction {_IN_SLOT.format(mark)} AND f.published <= {mark} "
        "ORDER BY f.published DESC, f.seq DESC LIMIT 1"
    )
    found = _fetch(db, sql, [*_slot_params(statistic, period, source), day(published)])
    if not found or found[0][1] is not None:
        return None
    return figure_hex(found[0][0])


class FigureNotes(NamedTuple):
    """What a figure was published with, beside its value."""

    grain: str | None  # as given
    url: str | None
    quote: str | None
    note: str | None
    release: str | None


def figure_notes(db: Connection, statistic: str) -> dict[str, FigureNotes]:
    """Every figure of a statistic (an erratum may have moved one to another of its
    slots), by id, with what it was published with."""
    mark = _mark(db)
    sql = (
        "SELECT f.figure, r.given, f.url, f.quote, f.note, f.release FROM slots s "
        "JOIN figures f ON f.slot = s.id JOIN readings r ON r.id = f.reading "
        f"WHERE s.statistic = {mark}"
    )
    return {
        figure_hex(figure): FigureNotes(given or None, url, quote, note, release)
        for figure, given, url, quote, note, release in _fetch(db, sql, [statistic])
    }


class CatalogueRelease(NamedTuple):
    """A release in the catalogue: a vintage, or a publication figures name."""

    key: str
    source: str
    title: str
    url: str | None
    published: str


def catalogue_releases(db: Connection) -> list[CatalogueRelease]:
    """Every release in the catalogue, by publication date, then key."""
    table = schema.releases
    query = select(
        table.c.key, table.c.source, table.c.title, table.c.url, table.c.published
    ).order_by(table.c.published, table.c.key)
    return [CatalogueRelease(*row) for row in db.execute(query)]
