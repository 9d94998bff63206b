"""The write side: use cases that load aggregates, change them and save.

Arguments arrive already validated (see :mod:`ledger.service`); this module
enforces what only the stored history can tell: whether a code is taken,
whether a figure exists, whether it was retracted. Saves that meet another
writer (a stale version, or SQLite's lock held too long) are retried a
bounded number of times with the command re-applied to fresh state.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, OperationalError

from ledger.domain import Discrepancy, Figure, Release, Source, Statistic
from ledger.domain.base import natural_id
from ledger.errors import Conflict, NotFound, StorageError

T = TypeVar("T")

RETRY_SECONDS = 30.0


class Recount(Application):
    """The event-sourced application: its event log is the ledger."""

    name = "Recount"
    env = {
        # eventsourcing-sqlalchemy, with a recorder that also writes the hash chain.
        "PERSISTENCE_MODULE": "ledger.write.chain:ChainedFactory",
        "CREATE_TABLE": "y",
        # Every state written is compressed; plain JSON states of older ledgers
        # still read (ledger.compression). COMPRESSOR_TOPIC="" in the
        # environment writes plain JSON again, for comparisons and tests; the
        # library then reads no compressed state (the projections still do).
        "COMPRESSOR_TOPIC": "ledger.compression:StateCompressor",
    }

    def __init__(self, url: str) -> None:
        super().__init__(env={"SQLALCHEMY_URL": url})

    # -- statistics and sources -------------------------------------------

    def define_statistic(self, code, name, unit, definition, scope, by) -> UUID:
        def attempt() -> UUID:
            if self.has_aggregate(Statistic.create_id(code)):
                raise Conflict(f"statistic '{code}' already exists")
            statistic = Statistic(
                code=code, name=name, unit=unit, definition=definition, scope=scope, by=by
            )
            self.save(statistic)
            return statistic.id

        return self._retrying(attempt, taken=f"statistic '{code}' already exists")

    def describe_statistic(self, code, name, unit, definition, scope, by) -> None:
        def attempt() -> None:
            statistic = self.statistic(code)
            statistic.describe(name=name, unit=unit, definition=definition, scope=scope, by=by)
            self.save(statistic)

        self._retrying(attempt)

    def statistic(self, code: str) -> Statistic:
        return self._get(Statistic.create_id(code), f"no statistic '{code}'")

    def register_source(self, source_id, name, organisation, kind, by) -> UUID:
        def attempt() -> UUID:
            if self.has_aggregate(Source.create_id(source_id)):
                raise Conflict(f"source '{source_id}' already exists")
            source = Source(
                source_id=source_id, name=name, organisation=organisation, kind=kind, by=by
            )
            self.save(source)
            return source.id

        return self._retrying(attempt, taken=f"source '{source_id}' already exists")

    def update_source(self, source_id, name, organisation, kind, by) -> None:
        def attempt() -> None:
            source = self.source(source_id)
            source.update(name=name, organisation=organisation, kind=kind, by=by)
            self.save(source)

        self._retrying(attempt)

    def source(self, source_id: str) -> Source:
        return self._get(Source.create_id(source_id), f"no source '{source_id}'")

    # -- figures -----------------------------------------------------------

    def publish_figure(self, **fields) -> UUID:
        """Publish a figure; a release it names that the ledger lacks is recorded with
        it, in the same save, titled by its key as the CSV import does."""
        figure = Figure(**fields)
        # A new figure has a fresh id, so only the lock can stand in its way;
        # keep its events so that a retried save still has them.
        events = figure.collect_events()

        def attempt() -> None:
            release = self._missing_release(fields)
            self.save(*events, *(release.collect_events() if release is not None else ()))

        self._retrying(attempt)
        return figure.id

    def _missing_release(self, fields: dict) -> Release | None:
        """The release a figure names, when the ledger does not hold it yet."""
        source, key = fields["source"], fields.get("release")
        if key is None or self.has_aggregate(Release.create_id(source, key)):
            return None
        return Release(
            source=source, key=key, title=key, url=None, published=fields["published"],
            by=fields["by"],
        )

    def correct_figure(self, figure_id: UUID, **fields) -> None:
        self._change_figure(figure_id, lambda figure: figure.correct(**fields))

    def retract_figure(self, figure_id: UUID, **fields) -> None:
        self._change_figure(figure_id, lambda figure: figure.retract(**fields))

    def amend_figure(self, figure_id: UUID, **fields) -> None:
        self._change_figure(figure_id, lambda figure: figure.amend(**fields))

    def figure(self, figure_id: UUID) -> Figure:
        return self._get(figure_id, f"no figure '{figure_id}'")

    def _change_figure(self, figure_id: UUID, change: Callable[[Figure], None]) -> None:
        def attempt() -> None:
            figure = self.figure(figure_id)
            change(figure)
            self.save(figure)

        self._retrying(attempt)

    # -- discrepancies -----------------------------------------------------

    def explain_discrepancy(self, statistic, period, kind, note, by) -> None:
        self._change_discrepancy(
            statistic, period, by, lambda d: d.explain(kind=kind, note=note, by=by)
        )

    def resolve_discrepancy(self, statistic, period, note, by) -> None:
        self._change_discrepancy(statistic, period, by, lambda d: d.resolve(note=note, by=by))

    def reopen_discrepancy(self, statistic, period, note, by) -> None:
        self._change_discrepancy(statistic, period, by, lambda d: d.reopen(note=note, by=by))

    def _change_discrepancy(self, statistic, period, by, change) -> None:
        def attempt() -> None:
            discrepancy_id = natural_id("discrepancy", statistic, period)
            try:
                discrepancy = self.repository.get(discrepancy_id)
            except AggregateNotFoundError:
                discrepancy = Discrepancy(statistic=statistic, period=period, by=by)
            change(discrepancy)
            self.save(discrepancy)

        self._retrying(attempt)

    # -- plumbing ----------------------------------------------------------

    def has_aggregate(self, aggregate_id: UUID) -> bool:
        """Whether any event was recorded for this aggregate id."""
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def _get(self, aggregate_id: UUID, missing: str):
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(missing) from None

    def _retrying(self, attempt: Callable[[], T], taken: str | None = None) -> T:
        """Run ``attempt`` again when another writer got there first.

        A stale version means someone changed the aggregate meanwhile: the
        attempt reloads it and applies the command to what is there now. A
        natural key that was free when checked but taken at save time is a
        conflict with the other writer, reported as ``taken``.
        """
        deadline = time.monotonic() + RETRY_SECONDS
        pause = 0.01
        while True:
            try:
                return attempt()
            except IntegrityError:
                if taken is not None:
                    raise Conflict(taken) from None
                if time.monotonic() > deadline:
                    raise Conflict(
                        "another archivist kept changing the same record; try again"
                    ) from None
            except OperationalError as error:
                if not _is_busy(error):
                    raise  # read-only, disk full, not a database: waiting cannot help
                if time.monotonic() > deadline:
                    raise StorageError(f"the database stayed busy: {error}") from None
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.5)


# What a database says when another writer holds the lock (SQLite, PostgreSQL).
_BUSY_WORDS = ("locked", "busy", "deadlock", "could not serialize", "lock timeout")


def _is_busy(error: Exception) -> bool:
    """Whether ``error`` is another writer in the way, which a retry may get past."""
    text = f"{error} {error.__cause__ or ''}".lower()
    return any(word in text for word in _BUSY_WORDS)
