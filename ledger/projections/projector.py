"""Applying one page of the event log to every read model, in one transaction.

The page is folded in memory first, then written with one ``executemany`` per
table: the figures, slots and open revision rows it touches are fetched in a
few batched queries before the fold, so the cost per event is a dictionary
lookup, not a query. Incremental catch-up and rebuild both run this code;
they differ only in where they start. Where a page ends does not show in the
tables either, even inside one recorded instant: a revision row is never
written for no recorded time (``_close``, ``_closed_at``), and the register's
rows are built by :mod:`ledger.projections.register` from the figures alone.
A first print into an empty slot that nothing else in its page touches is
written straight from its event (:mod:`ledger.projections.first_prints`);
``PageProjector.FAST_PATH`` turns that off, for the tests that hold the two
ways equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from ledger.projections import first_prints, register, schema
from ledger.projections.codec import (
    day,
    day_or_none,
    day_text_or_none,
    figure_bytes,
    figure_hex,
    micros,
    moment_text,
)
from ledger.projections.fast_sql import insert_rows, update_rows
from ledger.projections.log import LoggedEvent, published_positions
from ledger.projections.register import CurrentFigure
from ledger.projections.stored_figures import (
    FIGURE_COLUMNS,
    FIGURE_SELECT,
    figure_row,
    figure_state,
)
from ledger.semantics.drop_outs import is_drop_out
from ledger.semantics.folded_figure import FigureState, Version, slot_key
from ledger.semantics.periods import period_bounds
from ledger.semantics.readings import read_figure_value
from ledger.semantics.timeline import slot_timeline

CHUNK = 400  # keys per IN (...) query: under SQLite's variable limit

VERSION_COLUMNS = [c.name for c in schema.versions.columns if c.name != "id"]
CONTENT_COLUMNS = [c for c in VERSION_COLUMNS if c not in ("rec_from", "rec_to")]
OPEN_COLUMNS = ["id", "rec_from", *CONTENT_COLUMNS]
VERSION_RECORDED = CONTENT_COLUMNS.index("recorded")  # when the row's value was recorded
READING_COLUMNS = [c.name for c in schema.readings.columns]
SLOT_COLUMNS = [c.name for c in schema.slots.columns]
RELEASE_COLUMNS = ["aggregate_id", "source", "key", "title", "url", "published"]
# A page touching this many periods of one statistic reads all its current figures at once.
WHOLE_STATISTIC = 32
# Below this many versions the planner's guesses cost little (and autovacuum analyzes).
ANALYZE_FROM = 1000
ANALYZED = ("slots", "readings", "figures", "versions", "discrepancies")
# Each slot's current version: the one still open in both times.
STANDING = (
    "slots s JOIN versions v ON v.slot = s.id AND v.rec_to IS NULL AND v.pub_to IS NULL"
)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Unfoldable(ValueError):
    """An event the read models cannot fold; the message says why, in one line."""


class _Pending:
    """A revision row not yet written; closing it only sets its ``rec_to``."""

    __slots__ = ("content", "rec_from", "rec_to", "dropped")

    def __init__(self, content: tuple, rec_from: str) -> None:
        self.content = content
        self.rec_from = rec_from
        self.rec_to: str | None = None
        self.dropped = False


class _Stored(NamedTuple):
    """A version row already in the table, open when this page read it."""

    row: int
    rec_from: str  # recorded-time text, as the page compares it


class PageProjector:
    #: Whether first prints into empty slots skip the general fold (:mod:`.first_prints`);
    #: off only in tests, which hold both ways to the same tables.
    FAST_PATH = True

    def __init__(
        self, connection: Connection, events: Table, fast_path: bool | None = None
    ) -> None:
        self.db = connection
        self.fast_path = self.FAST_PATH if fast_path is None else fast_path
        # Figure rows of this page's first prints, in log order (their revision rows follow).
        self.first_print_rows: list[tuple] = []
        self.events = events  # the log's table, whose index finds a figure by id
        self.figures: dict[str, FigureState] = {}
        self.stored_figures: set[str] = set()
        self.changed_figures: set[str] = set()
        self.slot_members: dict[str, set[str]] = {}
        self.open_rows: dict[str, dict[tuple, _Pending | _Stored]] = {}
        self.new_rows: list[_Pending] = []
        # (closed at, revisions row), in order; None opens a row again
        self.closed_rows: list[tuple[str | None, int]] = []
        self.deleted_rows: list[tuple[int]] = []  # stored rows known for no time after all
        self.errata: set[tuple[str, str]] = set()  # (slot, recorded) an erratum touched
        # The numbers of slots, readings and archivists, known or given out by this page.
        # A new one is numbered when the event that names it is folded, so the numbers
        # follow the log whatever the pages are (a rebuild numbers them alike).
        self.slot_ids: dict[str, int] = {}
        self.reading_ids: dict[tuple[str, str], int] = {}
        self.archivist_ids: dict[str, int] = {}
        self.new_slots: list[tuple] = []
        self.new_readings: list[tuple] = []
        self.new_archivists: list[tuple] = []
        self._next: dict[str, int] = {}
        self.touched_pairs: set[tuple[str, str]] = set()
        self.changed_sources: set[str] = set()
        self.discrepancy_keys: dict[str, tuple[str, str]] = {}
        self.moved: set[str] = set()
        self.dirty: dict[str, str] = {}  # slot → recorded time of its pending recompute
        # source → [figures, revised, corrected, retracted, dropped] added by this page
        self.source_deltas: dict[str, list[int]] = {}
        self.recount_sources: set[str] = set()  # moved by errata: counted again in SQL
        self.releases: list[tuple] = []

    # -- the page ----------------------------------------------------------

    def project(self, page: list[LoggedEvent]) -> None:
        self._prefetch(page)
        handlers = self.HANDLERS
        # After the prefetch, ``slot_ids`` holds every stored slot the page publishes into.
        fast = first_prints.first_prints(page, self.slot_ids) if self.fast_path else ()
        for logged in page:
            if fast and logged.position in fast:
                self.on_first_print(logged)
                continue
            handler = handlers.get(logged.kind)
            if handler is not None:
                handler(self, logged)
        self._flush()
        if self.db.dialect.name == "postgresql":
            self._keep_statistics()

    def _keep_statistics(self) -> None:
        """ANALYZE the read models when they have more than doubled since the last one.

        A long catch-up (an import, a rebuild) fills tables that autovacuum
        has not looked at yet; without statistics the planner took the
        projector's lookups for scans of empty tables, and a rebuild at 10^5
        figures spent half its time in them (issue 12). Doubling keeps the
        ANALYZEs of a catch-up to a few (after its first page, then ever rarer);
        a ledger's versions are numbered densely, so their highest number is
        their count, read through the primary key.
        """
        counted, rows = self.db.exec_driver_sql(
            "SELECT c.reltuples, (SELECT max(id) FROM versions) FROM pg_class c "
            "WHERE c.oid = 'versions'::regclass"
        ).one()
        if rows is not None and rows >= ANALYZE_FROM and rows > 2 * max(counted, 0):
            for table in ANALYZED:
                self.db.exec_driver_sql(f"ANALYZE {table}")

    def _prefetch(self, page: list[LoggedEvent]) -> None:
        published = {}
        later = set()
        texts = set()
        for logged in page:
            if logged.kind == "Figure.Published":
                data = logged.data
                published[logged.originator_id] = (
                    data["statistic"],
                    data["period"],
                    data["source"],
                )
                texts.add((data["text"], data["grain"] or ""))
            elif logged.kind.startswith("Figure."):
                later.add(logged.originator_id)
                if logged.data.get("text") is not None:
                    texts.add((logged.data["text"], logged.data["grain"] or ""))
        self._load_archivists()
        self._load_figures(sorted(later - published.keys()))
        slots = {f"{s}\x1f{p}\x1f{o}" for s, p, o in published.values()}
        slots.update(self.figures[f].slot for f in later if f in self.figures)
        self._load_slots(sorted(slots))
        self._load_readings(texts)

    # -- figures -----------------------------------------------------------

    def on_figure_published(self, logged: LoggedEvent) -> None:
        # The bulk of every log: written out rather than through the helpers below.
        recorded = logged.recorded
        state = FigureState.published_by(logged.originator_id, logged.position, recorded,
                                         logged.data)  # fmt: skip
        figure, slot = state.figure, state.slot
        self.figures[figure] = state
        self.changed_figures.add(figure)
        members = self.slot_members.get(slot)
        if members is None:
            self._load_slots([slot])
            members = self.slot_members[slot]
        if slot not in self.slot_ids:
            self._new_slot(state)
        self._reading(state.text, state.grain)
        self._archivist(state.recorded_by)
        pending = self.dirty.get(slot)
        if pending is not None and pending != recorded:
            self._recompute(slot, pending)
        delta = self.source_deltas.get(state.source)
        if delta is None:
            delta = self.source_deltas[state.source] = [0, 0, 0, 0, 0]
        delta[0] += 1
        if members:
            delta[1] += 1  # a revision: the source published the slot before
        members.add(figure)
        self.dirty[slot] = recorded

    def on_first_print(self, logged: LoggedEvent) -> None:
        """A publication into a slot nothing else of the page touches: its rows, as
        folding it would write them, numbering its slot, reading and archivist alike."""
        data = logged.data
        statistic, period, source = data["statistic"], data["period"], data["source"]
        number = self._next_id(schema.slots)
        start, end = period_bounds(period)
        self.new_slots.append((number, statistic, period, start, end, source))
        reading = self._reading(data["text"], data["grain"])
        archivist = self._archivist(data["by"])
        self.first_print_rows.append(first_prints.figure_row(logged, number, reading, archivist))
        self.touched_pairs.add((statistic, period))
        delta = self.source_deltas.get(source)
        if delta is None:
            delta = self.source_deltas[source] = [0, 0, 0, 0, 0]
        delta[0] += 1

    def on_figure_changed(self, logged: LoggedEvent) -> None:
        figure = logged.originator_id
        if figure not in self.figures:
            self._load_figures([figure])
            if figure not in self.figures:
                # Its Published event was lost, or stands later in the log.
                raise Unfoldable(f"figure {figure[:8]}… was not published before it")
        state = self.figures[figure]
        before = state.slot
        data = logged.data
        after = before
        if logged.kind == "Figure.Amended" and (data["period"] or data["source"]):
            after = slot_key(state.statistic, data["period"] or state.period,
                             data["source"] or state.source)
        self._load_slots([after])
        self._before_change(before, logged.recorded)
        self._before_change(after, logged.recorded)
        if logged.kind == "Figure.Amended":
            self.errata.update(((before, logged.recorded), (after, logged.recorded)))
        drop_out = False
        if logged.kind == "Figure.Corrected" and not state.corrections:
            self._source_delta(state.source)[2] += 1
        elif logged.kind == "Figure.Retracted" and state.retraction is None:
            # A withdrawal counts as retracted, a drop-out out of a vintage as dropped.
            drop_out = is_drop_out(data)
            self._source_delta(state.source)[4 if drop_out else 3] += 1
        elif after != before:
            self.recount_sources.update((state.source, data["source"] or state.source))
        state.apply(logged.kind, logged.position, logged.recorded, data)
        if drop_out:
            # Kept in the figure's row, first, for the counts in SQL (schema.DROPPED_RETRACTION).
            state.retraction = {"dropped": True, **state.retraction}
        if data.get("text") is not None:
            self._reading(data["text"], data["grain"])
        self._archivist(logged.by)
        if after not in self.slot_ids:
            self._new_slot(state)
        self.changed_figures.add(figure)
        if after != before:
            self.moved.add(figure)
            self.slot_members[before].discard(figure)
            self.slot_members[after].add(figure)
            self.dirty[before] = logged.recorded
        self.dirty[after] = logged.recorded

    def _source_delta(self, source: str) -> list[int]:
        delta = self.source_deltas.get(source)
        if delta is None:
            delta = self.source_deltas[source] = [0, 0, 0, 0, 0]
        return delta

    def _before_change(self, slot: str, recorded: str) -> None:
        """Settle a slot's pending recompute if it was due at another recorded time.

        A slot's revisions are recomputed once per recorded instant, not once
        per event: rows that several events at one instant would create and
        close again were known for no time and are never written anyway.
        """
        pending = self.dirty.get(slot)
        if pending is not None and pending != recorded:
            self._recompute(slot, pending)
            del self.dirty[slot]

    def _recompute(self, slot: str, recorded: str) -> None:
        members = [self.figures[f] for f in self.slot_members[slot]]
        open_rows = self.open_rows[slot]
        plain = len(members) == 1 and members[0].plain()
        if plain and not open_rows and (slot, recorded) not in self.errata:
            # A first print in a slot of its own, the bulk of every import:
            # one row from its publication on, nothing to close.
            only = members[0]
            content = self._revision_content(slot, only, only.first_version(), only.published)
            pending = _Pending(content, recorded)
            self.new_rows.append(pending)
            open_rows[content] = pending
            self.touched_pairs.add((only.statistic, only.period))
            return
        wanted = [
            self._revision_content(slot, s.figure, s.version, s.pub_from, s.pub_to)
            for s in slot_timeline(members)
        ]
        closed_now = self._closed_at(slot, recorded, wanted)
        keep = set(wanted)
        for content in [c for c in open_rows if c not in keep]:
            self._close(open_rows.pop(content), recorded)
        for content in wanted:
            if content in open_rows:
                continue
            stored = closed_now.get(content)
            if stored is not None:
                self.closed_rows.append((None, stored.row))  # open again: never closed
                open_rows[content] = stored
                continue
            pending = _Pending(content, recorded)
            self.new_rows.append(pending)
            open_rows[content] = pending
        statistic, period, _source = slot.split("\x1f")
        self.touched_pairs.add((statistic, period))

    def _close(self, ref: _Pending | _Stored, recorded: str) -> None:
        if isinstance(ref, _Pending):
            if ref.rec_from == recorded:
                ref.dropped = True  # known for no time at all
            else:
                ref.rec_to = recorded
        elif ref.rec_from == recorded:
            # An earlier page ended inside this recorded instant: known for no time.
            self.deleted_rows.append((ref.row,))
        else:
            self.closed_rows.append((recorded, ref.row))

    def _closed_at(self, slot: str, recorded: str, wanted: list[tuple]) -> dict[tuple, _Stored]:
        """The rows of ``slot`` that an earlier page closed at ``recorded``, by content.

        A page may end inside one recorded instant (an import's events share
        one, and commands share one under a pinned clock). The slot's rows
        are then recomputed at that instant once per page, not once: rows an
        earlier page closed that this one wants are opened again, so the
        table is the one a single page writes. Publications, corrections and
        retractions only cut a slot's values short, so a closed value comes
        back only through an erratum, or in a slot whose rows an earlier page
        wrote at this instant (seen in its open rows): other slots, the bulk
        of an import, are not looked up.
        """
        open_rows = self.open_rows[slot]
        written_now = any(
            type(ref) is _Stored and ref.rec_from == recorded for ref in open_rows.values()
        )
        if not written_now and (slot, recorded) not in self.errata:
            return {}
        # A row closed at ``recorded`` was written before it, with a value recorded before it.
        at = micros(recorded)
        if all(c in open_rows or c[VERSION_RECORDED] == at for c in wanted):
            return {}
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        cursor = self.db.connection.cursor()
        try:
            cursor.execute(
                f"SELECT {', '.join(OPEN_COLUMNS)} FROM versions "
                f"WHERE slot = {mark} AND rec_to = {mark}",
                (self.slot_ids[slot], at),
            )
            return {
                tuple(row[2:]): _Stored(row[0], moment_text(row[1])) for row in cursor.fetchall()
            }
        finally:
            cursor.close()

    def _revision_content(
        self, slot: str, figure: FigureState, version: Version, pub_from: str,
        pub_to: str | None = None,
    ) -> tuple:
        """The row's columns in CONTENT_COLUMNS order (everything but recorded validity)."""
        return (
            self.slot_ids[slot],
            figure_bytes(figure.figure),
            figure.status,
            0 if version.kind == "published" else 1,
            self.reading_ids[(version.text, version.grain or "")],
            day(version.effective),
            micros(version.recorded),
            self.archivist_ids[version.recorded_by],
            day(pub_from),
            day_or_none(pub_to),
        )  # fmt: skip

    # -- numbering ---------------------------------------------------------

    def _next_id(self, table: Table) -> int:
        """The next free number of ``table`` (read once a page: one projector writes at once)."""
        name = table.name
        if name not in self._next:
            found = self.db.execute(select(func.max(table.c.id))).scalar()
            self._next[name] = (found or 0) + 1
        number = self._next[name]
        self._next[name] = number + 1
        return number

    def _new_slot(self, state: FigureState) -> None:
        number = self._next_id(schema.slots)
        self.slot_ids[state.slot] = number
        start, end = period_bounds(state.period)
        self.new_slots.append(
            (number, state.statistic, state.period, start, end, state.source)
        )

    def _reading(self, text: str, grain: str | None) -> int:
        key = (text, grain or "")
        number = self.reading_ids.get(key)
        if number is None:
            number = self.reading_ids[key] = self._next_id(schema.readings)
            self.new_readings.append((number, *key, *read_figure_value(text, grain)))
        return number

    def _archivist(self, name: str) -> int:
        number = self.archivist_ids.get(name)
        if number is None:
            number = self.archivist_ids[name] = self._next_id(schema.archivists)
            self.new_archivists.append((number, name))
        return number

    # -- catalogue ---------------------------------------------------------

    def on_statistic_defined(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.db.execute(
            insert(schema.statistics).values(
                code=d["code"],
                aggregate_id=logged.originator_id,
                name=d["name"],
                unit=d["unit"],
                definition=d["definition"],
                scope=d["scope"],
                defined=logged.recorded,
                defined_by=d["by"],
            )
        )
        self._catalogue_entry(logged, "statistic", d["code"], "defined")

    def on_statistic_described(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.db.execute(
            update(schema.statistics)
            .where(schema.statistics.c.aggregate_id == logged.originator_id)
            .values(name=d["name"], unit=d["unit"], definition=d["definition"], scope=d["scope"])
        )
        code = self.db.execute(
            select(schema.statistics.c.code).where(
                schema.statistics.c.aggregate_id == logged.originator_id
            )
        ).scalar_one()
        self._catalogue_entry(logged, "statistic", code, "described")

    def on_source_registered(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.db.execute(
            insert(schema.sources).values(
                source_id=d["source_id"],
                aggregate_id=logged.originator_id,
                name=d["name"],
                organisation=d["organisation"],
                kind=d["kind"],
                registered=logged.recorded,
                registered_by=d["by"],
            )
        )
        self.changed_sources.add(d["source_id"])
        self._catalogue_entry(logged, "source", d["source_id"], "registered")

    def on_source_updated(self, logged: LoggedEvent) -> None:
        d = logged.data
        table = schema.sources
        self.db.execute(
            update(table)
            .where(table.c.aggregate_id == logged.originator_id)
            .values(name=d["name"], organisation=d["organisation"], kind=d["kind"])
        )
        source_id = self.db.execute(
            select(table.c.source_id).where(table.c.aggregate_id == logged.originator_id)
        ).scalar_one()
        self.changed_sources.add(source_id)
        self._catalogue_entry(logged, "source", source_id, "updated")

    def _catalogue_entry(self, logged: LoggedEvent, entry: str, key: str, event: str) -> None:
        """One line of the catalogue's history: the entry as this event left it."""
        d = logged.data
        self.db.execute(
            insert(schema.catalogue_history).values(
                seq=logged.position, entry=entry, key=key, event=event, name=d["name"],
                unit=d.get("unit"), definition=d.get("definition"), scope=d.get("scope"),
                organisation=d.get("organisation"), kind=d.get("kind"),
                recorded=logged.recorded, recorded_by=logged.by,
            )
        )  # fmt: skip

    def on_release_published(self, logged: LoggedEvent) -> None:
        # A vintage import publishes hundreds: written with the page's other rows.
        d = logged.data
        self.releases.append(
            (logged.originator_id, d["source"], d["key"], d["title"], d["url"], d["published"])
        )

    # -- discrepancy notes -------------------------------------------------

    def on_discrepancy_tracked(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.discrepancy_keys[logged.originator_id] = (d["statistic"], d["period"])
        self._note(logged, "tracked", None, None)

    def on_discrepancy_noted(self, logged: LoggedEvent) -> None:
        action = logged.kind.rpartition(".")[2].lower()  # explained, resolved, reopened
        self._note(logged, action, logged.data.get("kind"), logged.data["note"])

    def _note(self, logged: LoggedEvent, action: str, kind: str | None, note: str | None) -> None:
        key = self.discrepancy_keys.get(logged.originator_id)
        if key is None:
            table = schema.discrepancy_notes
            key = tuple(
                self.db.execute(
                    select(table.c.statistic, table.c.period).where(
                        table.c.aggregate_id == logged.originator_id, table.c.action == "tracked"
                    )
                ).one()
            )
            self.discrepancy_keys[logged.originator_id] = key
        self.db.execute(
            insert(schema.discrepancy_notes).values(
                seq=logged.position,
                aggregate_id=logged.originator_id,
                statistic=key[0],
                period=key[1],
                action=action,
                kind=kind,
                note=note,
                recorded=logged.recorded,
                recorded_by=logged.by,
            )
        )
        self.touched_pairs.add(key)

    HANDLERS = {
        "Figure.Published": on_figure_published,
        "Figure.Corrected": on_figure_changed,
        "Figure.Retracted": on_figure_changed,
        "Figure.Amended": on_figure_changed,
        "Statistic.Defined": on_statistic_defined,
        "Statistic.Described": on_statistic_described,
        "Source.Registered": on_source_registered,
        "Source.Updated": on_source_updated,
        "Release.Published": on_release_published,
        "Discrepancy.Tracked": on_discrepancy_tracked,
        "Discrepancy.Explained": on_discrepancy_noted,
        "Discrepancy.Resolved": on_discrepancy_noted,
        "Discrepancy.Reopened": on_discrepancy_noted,
    }

    # -- loading -----------------------------------------------------------

    def _load_figures(self, figure_ids: Sequence[str]) -> None:
        missing = [f for f in figure_ids if f not in self.figures]
        rows = published_positions(self.db, self.events, missing)
        self._adopt(self._select_in(FIGURE_SELECT, "f.seq", sorted(rows.values())))

    def _adopt(self, rows: Iterable[tuple]) -> list[FigureState]:
        """Keep the stored figures of ``rows`` (and their slots' numbers); returns them."""
        found = []
        for row in rows:
            state, slot = figure_state(row)
            known = self.figures.get(state.figure)
            if known is None:
                self.figures[state.figure] = known = state
                self.stored_figures.add(state.figure)
                self._load_readings(self._texts(state))
            self.slot_ids.setdefault(state.slot, slot)
            found.append(known)
        return found

    @staticmethod
    def _texts(state: FigureState) -> set[tuple[str, str]]:
        texts = {(state.text, state.grain or "")}
        texts.update((c[2], c[3] or "") for c in state.corrections)
        return texts

    def _load_slots(self, slots: Sequence[str]) -> None:
        missing = [s for s in slots if s not in self.slot_members]
        if not missing:
            return
        for slot in missing:
            self.slot_members[slot] = set()
            self.open_rows[slot] = {}
        numbers = self._slot_numbers(missing)
        by_number = {number: slot for slot, number in numbers.items()}
        stored = sorted(by_number)
        for state in self._adopt(self._select_in(FIGURE_SELECT, "f.slot", stored)):
            if state.slot in numbers:
                self.slot_members[state.slot].add(state.figure)
        columns = ", ".join(OPEN_COLUMNS)
        for row in self._select_in(
            f"SELECT {columns} FROM versions", "slot", stored, "rec_to IS NULL"
        ):
            content = row[2:]
            self.open_rows[by_number[content[0]]][content] = _Stored(row[0], moment_text(row[1]))
        # Figures an erratum moved earlier in this page belong where they are now.
        for figure in self.moved:
            state = self.figures[figure]
            if state.slot in self.open_rows and state.slot in missing:
                self.slot_members[state.slot].add(figure)

    def _slot_numbers(self, slots: list[str]) -> dict[str, int]:
        """The stored numbers of ``slots`` (those the table has): a statistic at a time when
        many of its slots are asked for (an import), else through the key's index."""
        found: dict[str, int] = {}
        wanted: dict[str, list[list[str]]] = {}
        for slot in slots:
            if slot in self.slot_ids:
                found[slot] = self.slot_ids[slot]
                continue
            statistic, period, source = slot.split("\x1f")
            wanted.setdefault(statistic, []).append([statistic, period, source])
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        cursor = self.db.connection.cursor()
        few = []
        try:
            if self.db.dialect.name == "postgresql":
                # The whole statistics in one query, not one a statistic (round trips).
                whole = sorted(s for s, keys in wanted.items() if len(keys) >= WHOLE_STATISTIC)
                if whole:
                    cursor.execute(
                        "SELECT id, statistic, period, source FROM slots "
                        "WHERE statistic = ANY(%s)",
                        (whole,),
                    )
                    asked = {slot_key(*key) for s in whole for key in wanted[s]}
                    for number, statistic, period, source in cursor.fetchall():
                        slot = slot_key(statistic, period, source)
                        if slot in asked:
                            found[slot] = number
                wanted = {s: keys for s, keys in wanted.items() if s not in whole}
            for statistic, keys in wanted.items():
                if len(keys) < WHOLE_STATISTIC:
                    few.extend(keys)
                    continue
                cursor.execute(
                    f"SELECT id, period, source FROM slots WHERE statistic = {mark}", (statistic,)
                )
                asked = {slot_key(*key) for key in keys}
                for number, period, source in cursor.fetchall():
                    slot = slot_key(statistic, period, source)
                    if slot in asked:
                        found[slot] = number
            for chunk in chunks(few, CHUNK // 5):
                values = ", ".join([f"({', '.join([mark] * 5)})"] * len(chunk))
                cursor.execute(
                    f"""WITH wanted(statistic, period_start, period_end, period, source)
                    AS (VALUES {values})
                    SELECT s.id, s.statistic, s.period, s.source FROM wanted w JOIN slots s
                    ON s.statistic = w.statistic AND s.period_start = w.period_start
                    AND s.period_end = w.period_end AND s.period = w.period
                    AND s.source = w.source""",
                    [v for s, p, o in chunk for v in (s, *period_bounds(p), p, o)],
                )
                for number, statistic, period, source in cursor.fetchall():
                    found[slot_key(statistic, period, source)] = number
        finally:
            cursor.close()
        self.slot_ids.update(found)
        return found

    def _load_readings(self, texts: Iterable[tuple[str, str]]) -> None:
        """The numbers of the stored readings of ``texts`` ((text, given grain or ''))."""
        missing = {key for key in texts if key not in self.reading_ids}
        if not missing:
            return
        for row in self._select_in(
            "SELECT id, text, given FROM readings", "text", sorted({t for t, _ in missing})
        ):
            key = (row[1], row[2])
            if key in missing:
                self.reading_ids[key] = row[0]

    def _load_archivists(self) -> None:
        if not self.archivist_ids:  # a ledger has a few archivists: all of them, once
            self.archivist_ids.update(
                (name, number) for number, name in self.db.execute(
                    select(schema.archivists.c.id, schema.archivists.c.name)
                )
            )  # fmt: skip

    def _select_in(
        self, select_sql: str, key: str, keys: Sequence[Any], where: str = ""
    ) -> Iterable[tuple]:
        """Rows of ``select_sql`` whose ``key`` is one of ``keys``, a chunk per query.

        On PostgreSQL all of them in one query, as one array: its plans for
        a list of 400 parameters, on tables a catch-up had just filled, took
        more than half of a rebuild (issue 12).
        """
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        cursor = self.db.connection.cursor()
        if self.db.dialect.name == "postgresql":
            try:
                if keys:
                    cursor.execute(
                        f"{select_sql} WHERE {key} = ANY(%s)" + (f" AND {where}" if where else ""),
                        (list(keys),),
                    )
                    yield from cursor.fetchall()
            finally:
                cursor.close()
            return
        try:
            for chunk in chunks(keys):
                cursor.execute(
                    f"{select_sql} WHERE {key} IN ({', '.join([mark] * len(chunk))})"
                    + (f" AND {where}" if where else ""),
                    tuple(chunk),
                )
                yield from cursor.fetchall()
        finally:
            cursor.close()

    # -- writing -----------------------------------------------------------

    def _flush(self) -> None:
        db = self.db
        for slot, recorded in self.dirty.items():
            self._recompute(slot, recorded)
        self.dirty.clear()
        insert_rows(db, schema.slots, SLOT_COLUMNS, self.new_slots)
        insert_rows(db, schema.readings, READING_COLUMNS, self.new_readings)
        insert_rows(db, schema.archivists, ["id", "name"], self.new_archivists)
        self._write_figures()
        insert_rows(db, schema.releases, RELEASE_COLUMNS, self.releases)
        rows = [
            (*p.content, micros(p.rec_from), None if p.rec_to is None else micros(p.rec_to))
            for p in self.new_rows
            if not p.dropped
        ]
        rows += map(first_prints.version_row, self.first_print_rows)
        insert_rows(db, schema.versions, CONTENT_COLUMNS + ["rec_from", "rec_to"], rows)
        self._delete_versions(self.deleted_rows)
        closed = [(None if at is None else micros(at), row) for at, row in self.closed_rows]
        update_rows(db, schema.versions, "rec_to", "id", closed)
        self._write_discrepancies()
        self._write_counts()
        self._write_source_counts()

    def _delete_versions(self, rows: list[tuple[int]]) -> None:
        if not rows:
            return
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        cursor = self.db.connection.cursor()
        try:
            cursor.executemany(f"DELETE FROM versions WHERE id = {mark}", rows)
        finally:
            cursor.close()

    def _write_figures(self) -> None:
        table = schema.figures
        # In log order: new figures append to the table, keyed by their position.
        changed = sorted((self.figures[f] for f in self.changed_figures), key=_position)
        stored = [state.seq for state in changed if state.figure in self.stored_figures]
        if self.db.dialect.name == "postgresql" and stored:
            self.db.exec_driver_sql("DELETE FROM figures WHERE seq = ANY(%s)", (stored,))
            stored = []
        for chunk in chunks(stored):
            self.db.execute(delete(table).where(table.c.seq.in_(chunk)))
        rows = [
            figure_row(
                state, self.slot_ids[state.slot], self.reading_ids[(state.text, state.grain or "")],
                self.archivist_ids[state.recorded_by],
            )
            for state in changed
        ]  # fmt: skip
        if self.first_print_rows:
            rows = (
                sorted(rows + self.first_print_rows, key=_first) if rows
                else self.first_print_rows
            )  # fmt: skip
        insert_rows(self.db, table, FIGURE_COLUMNS, rows)

    def _write_discrepancies(self) -> None:
        pairs = set(self.touched_pairs)
        if self.changed_sources:
            pairs.update(
                (statistic, period) for statistic, period in self._select_in(
                    "SELECT statistic, period FROM current_figures", "source",
                    sorted(self.changed_sources),
                )
            )  # fmt: skip
            self.touched_pairs |= pairs  # their statistics' counts change too
        if not pairs:
            return
        cursor = self.db.connection.cursor()
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        shared, kept = self._pairs_in_question(cursor, mark, sorted(pairs))
        # Only a pair with a row has one to drop; only one with two sources or more can disagree
        # (as most pairs of a one-source import have not). A pair that had a row and now has
        # one source (a retraction, an erratum moving a figure away) loses its row, uncompared.
        cursor.executemany(
            f"DELETE FROM discrepancies WHERE statistic = {mark} AND period = {mark}", kept
        )
        by_pair = self._current_rows(cursor, mark, shared)
        cursor.close()
        candidates = {
            pair: [CurrentFigure(figure_hex(row[0]), *row[1:]) for row in rows]
            for pair, rows in by_pair.items()
            if len(rows) > 1
        }
        if not candidates:
            return
        sources = {f.source for figures in candidates.values() for f in figures}
        found = register.register_rows(
            candidates,
            register.organisations(self.db, sources).get,
            register.explanations(self.db, {statistic for statistic, _ in candidates}),
        )
        rows = [register.stored(row) for row in found]
        insert_rows(self.db, schema.discrepancies, register.COLUMNS, rows)

    def _write_counts(self) -> None:
        """Renew the catalogue's counts of every statistic this page touched."""
        statistics = sorted({statistic for statistic, _ in self.touched_pairs})
        if not statistics:
            return
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        cursor = self.db.connection.cursor()
        try:
            counted = []
            if self.db.dialect.name == "postgresql":
                # One query for them all: a round trip per statistic was most of the cost.
                cursor.execute(
                    """SELECT s.statistic, count(DISTINCT s.period), count(*), max(v.published)
                    FROM slots s JOIN versions v ON v.slot = s.id
                    WHERE s.statistic = ANY(%s) AND v.rec_to IS NULL AND v.pub_to IS NULL
                    GROUP BY s.statistic""",
                    (statistics,),
                )
                found = {code: rest for code, *rest in cursor.fetchall()}
                for code in statistics:
                    periods, figures, last = found.get(code, (0, 0, None))
                    counted.append((periods, figures, day_text_or_none(last), code, code, code))
                statistics = []
            for code in statistics:
                # Through the slots' key: the statistic's slots, then each one's open versions.
                cursor.execute(
                    f"""SELECT count(DISTINCT s.period), count(*), max(v.published)
                    FROM slots s JOIN versions v ON v.slot = s.id
                    WHERE s.statistic = {mark} AND v.rec_to IS NULL AND v.pub_to IS NULL""",
                    (code,),
                )
                periods, figures, last = cursor.fetchone()
                counted.append((periods, figures, day_text_or_none(last), code, code, code))
            cursor.executemany(
                f"""UPDATE catalogue_statistics SET periods = {mark}, figures = {mark},
                    last_published = {mark},
                    hard = (SELECT count(*) FROM discrepancies WHERE statistic = {mark}
                            AND severity = 'hard' AND state = 'open'),
                    soft = (SELECT count(*) FROM discrepancies WHERE statistic = {mark}
                            AND severity = 'soft' AND state = 'open')
                    WHERE code = {mark}""",
                counted,
            )
        finally:
            cursor.close()

    def _write_source_counts(self) -> None:
        """Add this page's deltas to the sources' counts; count errata-moved ones afresh."""
        mark = "?" if self.db.dialect.paramstyle == "qmark" else "%s"
        deltas = [
            (*delta, source)
            for source, delta in sorted(self.source_deltas.items())
            if source not in self.recount_sources
        ]
        cursor = self.db.connection.cursor()
        try:
            cursor.executemany(
                f"""UPDATE catalogue_sources SET figures = figures + {mark},
                    revised = revised + {mark}, corrected = corrected + {mark},
                    retracted = retracted + {mark}, dropped = dropped + {mark}
                    WHERE source_id = {mark}""",
                deltas,
            )
            # Rare (an erratum moved a figure to another source), and figures
            # has no index on source: one scan counts all five at once.
            for source in sorted(self.recount_sources):
                cursor.execute(
                    f"""SELECT count(*), count(*) - count(DISTINCT f.slot),
                        coalesce(sum(CASE WHEN f.corrections IS NOT NULL THEN 1 ELSE 0 END), 0),
                        coalesce(sum(CASE WHEN f.retraction IS NOT NULL
                                     AND f.retraction NOT LIKE {mark} THEN 1 ELSE 0 END), 0),
                        coalesce(sum(CASE WHEN f.retraction LIKE {mark} THEN 1 ELSE 0 END), 0)
                        FROM figures f JOIN slots s ON s.id = f.slot WHERE s.source = {mark}""",
                    (schema.DROPPED_RETRACTION, schema.DROPPED_RETRACTION, source),
                )
                counts = cursor.fetchone()
                cursor.execute(
                    f"""UPDATE catalogue_sources SET figures = {mark}, revised = {mark},
                        corrected = {mark}, retracted = {mark}, dropped = {mark}
                        WHERE source_id = {mark}""",
                    (*counts, source),
                )
        finally:
            cursor.close()

    def _pairs_in_question(
        self, cursor, mark: str, pairs: list[tuple[str, str]]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Of ``pairs``, those with current figures from two sources or more (only those can
        disagree), and those with a register row.

        Both are counted through the indexes (revisions_current, the register's key), so a
        pair with one source costs no read of its figures: a statistic at a time when a page
        touches many of its periods (an import), else a chunk of pairs per query.
        """
        wanted: dict[str, set[str]] = {}
        for statistic, period in pairs:
            wanted.setdefault(statistic, set()).add(period)
        shared, kept, few = [], [], []
        if self.db.dialect.name == "postgresql":
            # The whole statistics in two queries, not two a statistic (round trips).
            whole = sorted(s for s, periods in wanted.items() if len(periods) >= WHOLE_STATISTIC)
            if whole:
                cursor.execute(
                    f"SELECT s.statistic, s.period FROM {STANDING} WHERE s.statistic = ANY(%s) "
                    "GROUP BY s.statistic, s.period HAVING count(DISTINCT s.source) > 1",
                    (whole,),
                )
                shared += [(s, p) for s, p in cursor.fetchall() if p in wanted[s]]
                cursor.execute(
                    "SELECT statistic, period FROM discrepancies WHERE statistic = ANY(%s)",
                    (whole,),
                )
                kept += [(s, p) for s, p in cursor.fetchall() if p in wanted[s]]
            wanted = {s: periods for s, periods in wanted.items() if s not in whole}
        for statistic, periods in wanted.items():
            if len(periods) < WHOLE_STATISTIC:
                few.extend((statistic, period) for period in periods)
                continue
            cursor.execute(
                f"SELECT s.period FROM {STANDING} WHERE s.statistic = {mark} "
                "GROUP BY s.period HAVING count(DISTINCT s.source) > 1",
                (statistic,),
            )
            shared += [(statistic, p) for (p,) in cursor.fetchall() if p in periods]
            cursor.execute(
                f"SELECT period FROM discrepancies WHERE statistic = {mark}", (statistic,)
            )
            kept += [(statistic, p) for (p,) in cursor.fetchall() if p in periods]
        for chunk in chunks(sorted(few), CHUNK // 4):  # four values per pair
            values = ", ".join([f"({mark}, {mark}, {mark}, {mark})"] * len(chunk))
            cursor.execute(
                f"""WITH wanted(statistic, period_start, period_end, period) AS (VALUES {values})
                SELECT w.statistic, w.period,
                    (SELECT count(DISTINCT s.source) FROM {STANDING}
                     WHERE s.statistic = w.statistic AND s.period_start = w.period_start
                     AND s.period_end = w.period_end AND s.period = w.period),
                    (SELECT count(*) FROM discrepancies d
                     WHERE d.statistic = w.statistic AND d.period = w.period)
                FROM wanted w""",
                [v for statistic, period in chunk
                 for v in (statistic, *period_bounds(period), period)],
            )  # fmt: skip
            for statistic, period, standing, rows in cursor.fetchall():
                if standing > 1:
                    shared.append((statistic, period))
                if rows:
                    kept.append((statistic, period))
        return sorted(shared), sorted(kept)

    def _current_rows(self, cursor, mark: str, pairs: list[tuple[str, str]]):
        """The current figures of each pair (by statistic when many of its periods are touched)."""
        columns = (
            f"SELECT s.statistic, s.period, v.figure, s.source, v.status, r.tight, r.wide "
            f"FROM {STANDING} JOIN readings r ON r.id = v.reading WHERE s.statistic = "
        )
        wanted: dict[str, set[str]] = {}
        for statistic, period in pairs:
            wanted.setdefault(statistic, set()).add(period)
        by_pair: dict[tuple[str, str], list] = {}
        if self.db.dialect.name == "postgresql":
            # The whole statistics in one query, not one a statistic (round trips).
            whole = sorted(s for s, periods in wanted.items() if len(periods) >= WHOLE_STATISTIC)
            if whole:
                cursor.execute(f"{columns}ANY(%s)", (whole,))
                for row in cursor.fetchall():
                    if row[1] in wanted[row[0]]:
                        by_pair.setdefault((row[0], row[1]), []).append(row[2:])
            wanted = {s: periods for s, periods in wanted.items() if s not in whole}
        for statistic, periods in wanted.items():
            if len(periods) >= WHOLE_STATISTIC:
                cursor.execute(f"{columns}{mark}", (statistic,))
                found = [row for row in cursor.fetchall() if row[1] in periods]
            else:
                found = []
                for period in periods:
                    cursor.execute(
                        f"{columns}{mark} AND s.period_start = {mark} AND s.period_end = {mark} "
                        f"AND s.period = {mark}",
                        (statistic, *period_bounds(period), period),
                    )
                    found.extend(cursor.fetchall())
            for row in found:
                by_pair.setdefault((row[0], row[1]), []).append(row[2:])
        return by_pair


def _position(figure: FigureState) -> int:
    return figure.seq


def _first(row: tuple) -> Any:
    return row[0]
