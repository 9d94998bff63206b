"""The read models and how they follow the event log.

:class:`Projections` catches every read model up with the log after each
command, a page at a time, each page in one transaction that also moves the
tracking positions; :meth:`Projections.rebuild` drops the tables and replays
the whole log through the same code.

An event the read models cannot fold (a state that is not JSON, a change to a
figure never published, a value that cannot be read) never makes catch-up
raise: the events before it are folded, it is kept as the *halt*
(:meth:`Projections.halt`) and the read models stay there, so reads still
answer from what was folded and the faces say the ledger needs attention
(issue 15). Every later catch-up tries that one event again, in case the log
was repaired; :meth:`~Projections.rebuild` finds it afresh.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Table, bindparam, delete, insert, inspect, select, text, update
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from ledger.errors import RecountError, StorageError
from ledger.projections import schema, side
from ledger.projections.log import LoggedEvent, last_position, read_page, stored_after
from ledger.projections.projector import PageProjector, Unfoldable
from ledger.storage import FAILURES, Engines, hold_projection_lock

PAGE_SIZE = 10_000
REASON_LENGTH = 300  # characters of a halt's reason: it is shown on one line


@dataclass(frozen=True)
class Halt:
    """The event the read models stopped at, because they cannot fold it."""

    position: int
    kind: str  # "Figure.Corrected"
    originator_id: str  # hex
    reason: str
    folded: int  # the read models' position: the events up to it are folded

    def message(self) -> str:
        """The one line the faces show, and with which they refuse to record."""
        return (
            f"event {self.position} ({self.kind} of {self.originator_id[:8]}…) cannot be "
            f"folded: {self.reason}; reads show the ledger up to event {self.folded} and "
            "nothing new is recorded: `recount verify` says whether the log was altered; "
            "fix the log or restore a backup, then run `recount rebuild`"
        )


class Projections:
    def __init__(
        self, engines: Engines, events: Table, *, create: bool = True, shared: bool = True
    ) -> None:
        """``create=False`` takes the tables as they are (``verify`` looks, never mends);
        ``shared=False`` is for read models only one process writes (built on the side),
        whose catch-up takes no lock."""
        self.engines = engines
        self._serialise = hold_projection_lock if shared else _alone
        self.events = events
        #: Why the last :meth:`fold_saved` left events unfolded, or None.
        self.behind: str | None = None
        if create:
            self._create()

    def _create(self) -> None:
        if self._outdated():
            self._drop()
        schema.metadata.create_all(self.engines.writer, checkfirst=True)
        with self.engines.writer.begin() as db:
            if "current_figures" not in inspect(db).get_view_names():
                db.execute(text(schema.CURRENT_VIEW))
            if db.execute(select(schema.schema_version.c.version)).first() is None:
                db.execute(schema.schema_version.insert().values(version=schema.SCHEMA_VERSION))
        self._ensure_positions()

    def _outdated(self) -> bool:
        """Read models of an older shape: dropped, then rebuilt by the next catch-up."""
        with self.engines.reader.connect() as db:
            if not inspect(db).has_table("projection_positions"):
                return False
            if not inspect(db).has_table("projection_schema"):
                return True
            found = db.execute(select(schema.schema_version.c.version)).scalar()
            return found != schema.SCHEMA_VERSION

    def _drop(self) -> None:
        with self.engines.writer.begin() as db:
            db.execute(text("DROP VIEW IF EXISTS current_figures"))
            for retired in schema.RETIRED:
                db.execute(text(f"DROP TABLE IF EXISTS {retired}"))
        schema.metadata.drop_all(self.engines.writer)

    def _ensure_positions(self) -> None:
        with self.engines.writer.begin() as db:
            known = set(db.execute(select(schema.positions.c.projection)).scalars())
            missing = [
                {"projection": p, "position": 0} for p in schema.PROJECTIONS if p not in known
            ]
            if missing:
                db.execute(schema.positions.insert(), missing)

    def position(self) -> int:
        """How far the read models have read the log (all move together)."""
        with self.engines.reader.connect() as db:
            return _position(db)

    def log_position(self) -> int:
        with self.engines.reader.connect() as db:
            return last_position(db, self.events)

    def catch_up(
        self, progress: Callable[[int, int], None] | None = None, stop: int | None = None
    ) -> int:
        """Apply every event not yet projected (up to position ``stop``); returns how many.

        A page is one transaction. When one fails on an event, it is rolled
        back and folded again in halves, each half committed when it folds,
        until the event that fails alone is found: it becomes the halt, and
        catch-up stops before it. The good path pays one ``try`` per page.
        With ``RECOUNT_DEBUG=1`` the error is raised instead, for its traceback.
        """
        applied = 0
        total = 0 if progress is None else self._unfolded()
        suspect = 0  # how many of the next events are known not to fold together
        limit = PAGE_SIZE
        while True:
            try:
                with self.engines.writer.begin() as db:
                    # Inside the write transaction (and, on PostgreSQL, the
                    # projection lock): a second process catching up waits
                    # here, then starts where this one stopped.
                    self._serialise(db)
                    after = _position(db)
                    if not suspect and _halted_after(db, after):
                        suspect = 1  # the bad event is tried again alone, not in a page
                    limit = max(1, suspect // 2) if suspect else PAGE_SIZE
                    folded = self._fold(db, after, limit, stop)
            except Exception as error:
                if self._database_failed(error) or os.environ.get("RECOUNT_DEBUG") == "1":
                    raise
                if limit == 1:
                    self._record_halt(error)
                    return applied
                suspect = max(1, min(limit, self._unfolded()))
                continue
            if not folded:
                return applied
            applied += folded
            suspect = max(0, suspect - folded)
            if progress is not None:
                progress(applied, max(total, applied))

    def fold_saved(self, progress: Callable[[int, int], None] | None = None) -> int:
        """:meth:`catch_up` right after a command saved its events: the save stands.

        If the database fails while folding (the lock held by another process
        longer than the wait, the connection lost), the archivist is not told
        that their command failed, since it did not: the reason is kept in
        :attr:`behind` and the next command, or the next open, folds the events.
        """
        try:
            return self.catch_up(progress)
        except DATABASE_FAILURES as error:
            self.behind = describe(error)
            return 0

    def fold_within(self, db: Connection) -> int:
        """Fold what the log holds beyond the read models, in the caller's transaction.

        For a writer that holds the log's lock and then reads the read models to
        decide what to write (an import: which statistics exist, which rows it
        holds already): what another process wrote before the lock is folded
        first, so the writer decides from the whole log. Returns how many.
        """
        self._serialise(db)
        folded = 0
        while page := self._fold(db, _position(db), PAGE_SIZE, None):
            folded += page
        return folded

    def fold_written(self, db: Connection, page: list[LoggedEvent]) -> bool:
        """Fold events that the caller's transaction has just written, as it hands them
        over (write-through: an import's own rows, not read back from the log).

        Only a page that follows the read models' position in the log with
        nothing between is folded; it is folded under a savepoint, so an event
        that does not fold leaves the read models as they were and the caller's
        events standing: False tells the caller to stop handing pages over, and
        the catch-up after its commit folds the rest from the log, halting
        where it must. With ``RECOUNT_DEBUG=1`` the error is raised instead.
        """
        if not page:
            return True
        after = _position(db)
        following = stored_after(db, self.events, after)
        if following is None or following[0] != page[0].position:
            return False
        try:
            with db.begin_nested():
                PageProjector(db, self.events).project(page)
                db.execute(update(schema.positions).values(position=page[-1].position))
        except Exception as error:
            if self._database_failed(error) or os.environ.get("RECOUNT_DEBUG") == "1":
                raise
            return False
        return True

    def _fold(self, db: Connection, after: int, limit: int, stop: int | None) -> int:
        """Fold the next ``limit`` events after ``after``; returns how many there were."""
        page = read_page(db, self.events, after, limit, stop)
        if page:
            PageProjector(db, self.events).project(page)
            db.execute(update(schema.positions).values(position=page[-1].position))
        return len(page)

    def _unfolded(self) -> int:
        """How many events at most are not folded yet (positions may have gaps)."""
        return self.log_position() - self.position()

    def _database_failed(self, error: Exception) -> bool:
        """The database failed (locked, full, gone), not an event: raised, never a halt."""
        dbapi = self.engines.writer.dialect.loaded_dbapi
        return isinstance(error, (
            OperationalError, InterfaceError, DisconnectionError, MemoryError,
            dbapi.OperationalError, dbapi.InterfaceError,
        ))  # fmt: skip

    def _record_halt(self, error: Exception) -> None:
        """Keep the event after the read models' position as the halt, with what is wrong."""
        with self.engines.writer.begin() as db:
            self._serialise(db)
            found = stored_after(db, self.events, _position(db))
            if found is None:  # gone meanwhile: the next catch-up carries on
                return
            position, originator_id, kind = found
            db.execute(delete(schema.halt))
            db.execute(
                insert(schema.halt).values(
                    position=position, kind=kind, originator_id=originator_id,
                    reason=describe(error),
                )
            )  # fmt: skip

    def halt(self) -> Halt | None:
        """The event the read models stopped at, or None while they follow the log."""
        with self.engines.reader.connect() as db:
            folded = _position(db)
            row = db.execute(select(schema.halt).where(schema.halt.c.position > folded)).first()
        if row is None:
            return None
        return Halt(row.position, row.kind, row.originator_id, row.reason, folded)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Replay the whole log into fresh read models that replace the live ones.

        On SQLite they are built on the side and swapped in with one
        transaction (:mod:`ledger.projections.side`): readers see the old
        tables until then, and a rebuild that is killed changes nothing.
        """
        if not side.supported(self.engines):
            self._drop()
            self._create()
            return self.catch_up(progress)
        with side.SideBuild(self.engines, self.events) as beside:
            folded = beside.projections.catch_up(progress)
            return folded + beside.swap_into(self.engines)


# What catch-up raises when the database, not an event, fails.
DATABASE_FAILURES = (*FAILURES, StorageError)

# Built once: every command's catch-up asks both, and building a statement
# cost more than running it.
POSITIONS = select(schema.positions.c.position)
HALT_AFTER = (
    select(schema.halt.c.position).where(schema.halt.c.position > bindparam("after")).limit(1)
)


def _alone(_db: Connection) -> None:
    """No lock: nobody else writes these read models."""


def _position(db: Connection) -> int:
    return min(db.execute(POSITIONS).scalars(), default=0)


def _halted_after(db: Connection, after: int) -> bool:
    """Whether the read models, at ``after``, stand at a halt (a halt behind them is stale)."""
    return db.execute(HALT_AFTER, {"after": after}).first() is not None


def describe(error: Exception) -> str:
    """What is wrong with an event, on one line, from what folding it raised."""
    if isinstance(error, json.JSONDecodeError):  # orjson's error is one
        reason = f"its state is not valid JSON ({error})"
    elif isinstance(error, KeyError):
        reason = f"missing {error.args[0]!r}" if error.args else "KeyError"
    elif isinstance(error, Unfoldable | RecountError):
        reason = str(error)
    else:
        cause = getattr(error, "orig", None) or error  # a driver's error, without the SQL
        reason = f"{type(cause).__name__}: {cause}"
    reason = " ".join(reason.split())
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    return reason
