"""The read models and how they follow the event log.

:class:`Projections` catches every read model up with the log after each
command, a page at a time, each page in one transaction that also moves the
tracking positions; :meth:`Projections.rebuild` drops the tables and replays
the whole log through the same code.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, inspect, select, text, update

from ledger.projections import schema
from ledger.projections.log import last_position, read_page
from ledger.projections.page import PageProjector
from ledger.storage import Engines

PAGE_SIZE = 10_000


class Projections:
    def __init__(self, engines: Engines, events: Table) -> None:
        self.engines = engines
        self.events = events
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
            return min(db.execute(select(schema.positions.c.position)).scalars(), default=0)

    def log_position(self) -> int:
        with self.engines.reader.connect() as db:
            return last_position(db, self.events)

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Apply every event not yet projected; returns how many were applied."""
        applied = 0
        total = None
        while True:
            with self.engines.writer.begin() as db:
                # Inside the write transaction: a second process catching up
                # waits here, then starts where this one stopped.
                after = min(db.execute(select(schema.positions.c.position)).scalars())
                if total is None and progress is not None:
                    total = last_position(db, self.events) - after
                page = read_page(db, self.events, after, PAGE_SIZE)
                if not page:
                    return applied
                PageProjector(db, self.events).project(page)
                db.execute(update(schema.positions).values(position=page[-1].position))
            applied += len(page)
            if progress is not None:
                progress(applied, max(total or 0, applied))

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Drop every read model and replay the whole log into fresh tables."""
        self._drop()
        self._create()
        return self.catch_up(progress)
