"""Applying one page of the event log to every read model, in one transaction.

The page is folded in memory first, then written with one ``executemany`` per
table: the figures, slots and open revision rows it touches are fetched in a
few batched queries before the fold, so the cost per event is a dictionary
lookup, not a query. Incremental catch-up and rebuild both run this code;
they differ only in where they start.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, tuple_, update

from ledger.compare import find_discrepancy
from ledger.intervals import format_decimal
from ledger.projections import schema
from ledger.projections.figure_state import FigureState
from ledger.projections.interval_codec import decode_interval
from ledger.projections.log import LoggedEvent
from ledger.projections.readings import derived, period_bounds
from ledger.projections.timeline import Segment, slot_timeline

CHUNK = 400  # keys per IN (...) query: under SQLite's variable limit

REVISION_COLUMNS = [c.name for c in schema.revisions.columns if c.name != "row"]
CONTENT_COLUMNS = [c for c in REVISION_COLUMNS if c not in ("rec_from", "rec_to")]
CURRENT_COLUMNS = [c.name for c in schema.current.columns]


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Pending:
    """A revision row not yet written; closing it only sets its ``rec_to``."""

    __slots__ = ("row", "dropped")

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.dropped = False


class PageProjector:
    def __init__(self, connection: Connection) -> None:
        self.db = connection
        self.figures: dict[str, FigureState] = {}
        self.stored_figures: set[str] = set()
        self.changed_figures: set[str] = set()
        self.slot_members: dict[str, set[str]] = {}
        self.open_rows: dict[str, dict[tuple, _Pending | int]] = {}
        self.new_rows: list[_Pending] = []
        self.closed_rows: list[dict[str, Any]] = []
        self.touched_slots: set[str] = set()
        self.touched_pairs: set[tuple[str, str]] = set()
        self.changed_sources: set[str] = set()
        self.discrepancy_keys: dict[str, tuple[str, str]] = {}
        self.history: list[dict[str, Any]] = []

    # -- the page ----------------------------------------------------------

    def project(self, page: list[LoggedEvent]) -> None:
        self._prefetch(page)
        for logged in page:
            handler = self.HANDLERS.get(logged.kind)
            if handler is not None:
                handler(self, logged)
        self._flush()

    def _prefetch(self, page: list[LoggedEvent]) -> None:
        published = {}
        later = set()
        for logged in page:
            if logged.kind == "Figure.Published":
                data = logged.data
                published[logged.originator_id] = (
                    data["statistic"],
                    data["period"],
                    data["source"],
                )
            elif logged.kind.startswith("Figure."):
                later.add(logged.originator_id)
        self._load_figures(sorted(later - published.keys()))
        slots = {f"{s}\x1f{p}\x1f{o}" for s, p, o in published.values()}
        slots.update(self.figures[f].slot for f in later if f in self.figures)
        self._load_slots(sorted(slots))

    # -- figures -----------------------------------------------------------

    def on_figure_published(self, logged: LoggedEvent) -> None:
        state = FigureState.published_by(
            logged.originator_id, logged.position, logged.recorded, logged.data
        )
        derived(state.text, state.grain)  # an unreadable text stops the page here
        self.figures[state.figure] = state
        self.changed_figures.add(state.figure)
        self._load_slots([state.slot])
        earlier = [self.figures[f] for f in self.slot_members[state.slot]]
        superseded = max(earlier, key=lambda f: (f.published, f.seq), default=None)
        self.slot_members[state.slot].add(state.figure)
        self._recompute(state.slot, logged.recorded)
        self._log(
            logged,
            state,
            "revised" if superseded else "published",
            state.text,
            previous=None if superseded is None else superseded.versions()[-1].text,
            published=state.published,
        )

    def on_figure_changed(self, logged: LoggedEvent) -> None:
        figure = logged.originator_id
        if figure not in self.figures:
            self._load_figures([figure])
        state = self.figures[figure]
        before = state.slot
        previous = state.versions()[-1].text
        state.apply(logged.kind, logged.position, logged.recorded, logged.data)
        self._log_change(logged, state, previous)
        self.changed_figures.add(figure)
        after = state.slot
        self._load_slots([after])
        if after != before:
            self.slot_members[before].discard(figure)
            self.slot_members[after].add(figure)
            self._recompute(before, logged.recorded)
        self._recompute(after, logged.recorded)

    def _log_change(self, logged: LoggedEvent, state: FigureState, previous: str) -> None:
        data = logged.data
        if logged.kind == "Figure.Corrected":
            self._log(
                logged,
                state,
                "corrected",
                data["text"],
                previous=previous,
                published=data["published"],
                reason=data["reason"],
            )
        elif logged.kind == "Figure.Retracted":
            self._log(
                logged,
                state,
                "retracted",
                None,
                previous=previous,
                published=data["published"],
                reason=data["reason"],
            )
        else:
            changes = {k: data[k] for k in ("period", "source", "published") if data[k] is not None}
            self._log(
                logged,
                state,
                "amended",
                data["text"],
                previous=previous if data["text"] is not None else None,
                published=None,
                reason=data["reason"],
                detail=", ".join(f"{k} → {v}" for k, v in changes.items()) or None,
            )

    def _log(
        self,
        logged: LoggedEvent,
        state: FigureState,
        event: str,
        text: str | None,
        *,
        previous: str | None,
        published: str | None,
        reason: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.history.append(
            {
                "seq": logged.position,
                "statistic": state.statistic,
                "period": state.period,
                "source": state.source,
                "figure": state.figure,
                "event": event,
                "text": text,
                "previous": previous,
                "published": published,
                "recorded": logged.recorded,
                "recorded_by": logged.by,
                "reason": reason,
                "detail": detail,
            }
        )

    def _recompute(self, slot: str, recorded: str) -> None:
        members = [self.figures[f] for f in self.slot_members[slot]]
        wanted = {}
        for segment in slot_timeline(members):
            row = self._revision_row(slot, segment)
            wanted[tuple(row[c] for c in CONTENT_COLUMNS)] = row
        open_rows = self.open_rows[slot]
        for content in [c for c in open_rows if c not in wanted]:
            self._close(open_rows.pop(content), recorded)
        for content, row in wanted.items():
            if content not in open_rows:
                row["rec_from"] = recorded
                row["rec_to"] = None
                pending = _Pending(row)
                self.new_rows.append(pending)
                open_rows[content] = pending
        self.touched_slots.add(slot)
        statistic, period, _source = slot.split("\x1f")
        self.touched_pairs.add((statistic, period))

    def _close(self, ref: _Pending | int, recorded: str) -> None:
        if isinstance(ref, _Pending):
            if ref.row["rec_from"] == recorded:
                ref.dropped = True  # known for no time at all
            else:
                ref.row["rec_to"] = recorded
        else:
            self.closed_rows.append({"closed": recorded, "row_id": ref})

    @staticmethod
    def _revision_row(slot: str, segment: Segment) -> dict[str, Any]:
        figure, version = segment.figure, segment.version
        value, qualifier, grain, tight, wide = derived(version.text, version.grain)
        start, end = period_bounds(figure.period)
        return {
            "slot": slot,
            "statistic": figure.statistic,
            "period": figure.period,
            "period_start": start,
            "period_end": end,
            "source": figure.source,
            "figure": figure.figure,
            "kind": version.kind,
            "text": version.text,
            "value": value,
            "qualifier": qualifier,
            "grain": grain,
            "tight": tight,
            "wide": wide,
            "status": figure.status,
            "published": version.effective,
            "recorded": version.recorded,
            "recorded_by": version.recorded_by,
            "pub_from": segment.pub_from,
            "pub_to": segment.pub_to,
        }

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

    def on_statistic_described(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.db.execute(
            update(schema.statistics)
            .where(schema.statistics.c.aggregate_id == logged.originator_id)
            .values(name=d["name"], unit=d["unit"], definition=d["definition"], scope=d["scope"])
        )

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

    def on_release_published(self, logged: LoggedEvent) -> None:
        d = logged.data
        self.db.execute(
            insert(schema.releases).values(
                aggregate_id=logged.originator_id,
                source=d["source"],
                key=d["key"],
                title=d["title"],
                url=d["url"],
                published=d["published"],
            )
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
        table = schema.figures
        missing = [f for f in figure_ids if f not in self.figures]
        for chunk in chunks(missing):
            for row in self.db.execute(select(table).where(table.c.figure.in_(chunk))):
                state = FigureState.from_row(row)
                self.figures[state.figure] = state
                self.stored_figures.add(state.figure)

    def _load_slots(self, slots: Sequence[str]) -> None:
        missing = [s for s in slots if s not in self.slot_members]
        if not missing:
            return
        for slot in missing:
            self.slot_members[slot] = set()
            self.open_rows[slot] = {}
        figures, revisions = schema.figures, schema.revisions
        for chunk in chunks(missing):
            stored = {}
            for row in self.db.execute(select(figures).where(figures.c.slot.in_(chunk))):
                stored[row.figure] = row
            for figure, row in stored.items():
                if figure not in self.figures:
                    self.figures[figure] = FigureState.from_row(row)
                    self.stored_figures.add(figure)
            for figure in stored:
                state = self.figures[figure]
                if state.slot in self.slot_members and state.slot in chunk:
                    self.slot_members[state.slot].add(figure)
            query = select(revisions).where(
                revisions.c.slot.in_(chunk), revisions.c.rec_to.is_(None)
            )
            for row in self.db.execute(query):
                mapping = row._mapping
                content = tuple(mapping[c] for c in CONTENT_COLUMNS)
                self.open_rows[mapping["slot"]][content] = mapping["row"]
        # Figures changed earlier in this page belong to the slot they are in now.
        for figure in self.changed_figures:
            state = self.figures[figure]
            if state.slot in missing:
                self.slot_members[state.slot].add(figure)

    # -- writing -----------------------------------------------------------

    def _flush(self) -> None:
        db = self.db
        self._write_figures()
        if self.history:
            db.execute(insert(schema.figure_history), self.history)
        rows = [p.row for p in self.new_rows if not p.dropped]
        if rows:
            db.execute(insert(schema.revisions), rows)
        if self.closed_rows:
            table = schema.revisions
            from sqlalchemy import bindparam

            db.execute(
                update(table)
                .where(table.c.row == bindparam("row_id"))
                .values(rec_to=bindparam("closed")),
                self.closed_rows,
            )
        self._write_current()
        self._write_discrepancies()

    def _write_figures(self) -> None:
        table = schema.figures
        changed = sorted(self.changed_figures)
        stored = [f for f in changed if f in self.stored_figures]
        for chunk in chunks(stored):
            self.db.execute(delete(table).where(table.c.figure.in_(chunk)))
        if changed:
            self.db.execute(insert(table), [self.figures[f].to_row() for f in changed])

    def _write_current(self) -> None:
        table = schema.current
        slots = sorted(self.touched_slots)
        for chunk in chunks(slots):
            self.db.execute(delete(table).where(table.c.slot.in_(chunk)))
        rows = []
        for slot in slots:
            for content in self.open_rows[slot]:
                row = dict(zip(CONTENT_COLUMNS, content, strict=True))
                if row["pub_to"] is None:
                    rows.append({c: row[c] for c in CURRENT_COLUMNS})
        if rows:
            self.db.execute(insert(table), rows)

    def _write_discrepancies(self) -> None:
        pairs = set(self.touched_pairs)
        if self.changed_sources:
            table = schema.current
            for chunk in chunks(sorted(self.changed_sources)):
                query = select(table.c.statistic, table.c.period).where(table.c.source.in_(chunk))
                pairs.update(tuple(r) for r in self.db.execute(query))
        if not pairs:
            return
        ordered = sorted(pairs)
        current, table = schema.current, schema.discrepancies
        by_pair: dict[tuple[str, str], list[CurrentFigure]] = {}
        for chunk in chunks(ordered, CHUNK // 2):
            self.db.execute(
                delete(table).where(tuple_(table.c.statistic, table.c.period).in_(chunk))
            )
            query = select(
                current.c.statistic,
                current.c.period,
                current.c.figure,
                current.c.source,
                current.c.status,
                current.c.tight,
                current.c.wide,
            ).where(tuple_(current.c.statistic, current.c.period).in_(chunk))
            for row in self.db.execute(query):
                by_pair.setdefault((row.statistic, row.period), []).append(CurrentFigure(row))
        candidates = {pair: figs for pair, figs in by_pair.items() if len(figs) > 1}
        if not candidates:
            return
        organisations = self._organisations(
            {f.source for figs in candidates.values() for f in figs}
        )
        states = self._explanation_states(sorted(candidates))
        rows = []
        for (statistic, period), figs in sorted(candidates.items()):
            finding = find_discrepancy(figs, organisations.get)
            if finding is None:
                continue
            state, kind, note = states.get((statistic, period), ("open", None, None))
            start, end = period_bounds(period)
            rows.append(
                {
                    "statistic": statistic,
                    "period": period,
                    "period_start": start,
                    "period_end": end,
                    "severity": finding.severity,
                    "internal": int(finding.internal),
                    "gap": format_decimal(finding.gap),
                    "figures": json.dumps(finding.figures),
                    "sources": json.dumps(finding.sources),
                    "state": state,
                    "explanation_kind": kind,
                    "explanation_note": note,
                }
            )
        if rows:
            self.db.execute(insert(table), rows)

    def _organisations(self, sources: set[str]) -> dict[str, str | None]:
        table = schema.sources
        found = {}
        for chunk in chunks(sorted(sources)):
            query = select(table.c.source_id, table.c.organisation).where(
                table.c.source_id.in_(chunk)
            )
            found.update({r.source_id: r.organisation for r in self.db.execute(query)})
        return found

    def _explanation_states(self, pairs: list[tuple[str, str]]):
        table = schema.discrepancy_notes
        states: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}
        for chunk in chunks(pairs, CHUNK // 2):
            query = (
                select(
                    table.c.statistic, table.c.period, table.c.action, table.c.kind, table.c.note
                )
                .where(tuple_(table.c.statistic, table.c.period).in_(chunk))
                .order_by(table.c.seq)
            )
            for row in self.db.execute(query):
                folded = fold_explanation(states.get((row.statistic, row.period)), row)
                states[(row.statistic, row.period)] = folded
        return states


def fold_explanation(state, note) -> tuple[str, str | None, str | None]:
    """The state of a discrepancy after one more note (oldest first)."""
    current = state or ("open", None, None)
    if note.action == "explained":
        return ("explained", note.kind, note.note)
    if note.action == "resolved":
        return ("resolved", current[1], note.note)
    if note.action == "reopened":
        return ("open", current[1], note.note)
    return current


class CurrentFigure:
    """A current figure as the comparison needs it."""

    __slots__ = ("figure", "source", "status", "tight", "wide")

    def __init__(self, row) -> None:
        self.figure = row.figure
        self.source = row.source
        self.status = row.status
        self.tight = decode_interval(row.tight)
        self.wide = decode_interval(row.wide)
