"""Vintage import: ALFRED, RTDSM and BLS CES files into the ledger, all or nothing.

Each vintage of the file is one release (DESIGN.md, "Real-world formats"):
a value new or changed in a vintage becomes a figure published at the
vintage's date, a value the vintage no longer holds becomes a retraction of
the figure standing in that slot at that date, and a value that comes back is
a new figure. Unchanged values write nothing.

The file is streamed through the readers of :mod:`ledger.files.vintages` (memory
stays flat in its size) and written through the batched fast path of
:mod:`ledger.write.event_writer` inside ONE write transaction: a malformed cell stops the
import with its line and column, and the rollback leaves nothing of the file.
Every value is read by the rule of ``recount record`` before its event is
written (:func:`check_value`): the read models fold the events only after the
commit, so a value they cannot read would otherwise stay in the log for good
and stop every later command.

Vintages already in the ledger are skipped, so importing the same file again
adds nothing and a later, longer download of the same series adds only its
new vintages. A vintage is known by its release: the source's release whose
key is ``STATISTIC/LABEL`` (:func:`release_key`), so that two statistics of one
source may share vintage labels (every CES triangle has a vintage ``2003-05``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from ledger.domain import Release, Source, Statistic
from ledger.errors import Conflict, InvalidInput, StorageError
from ledger.files.textfiles import open_text
from ledger.files.vintages import (
    Change,
    Vintage,
    VintageFile,
    VintageFileError,
    read_release_dates,
    reader_for,
)
from ledger.projections import queries, schema
from ledger.projections.log import last_position
from ledger.semantics import clock
from ledger.semantics.checks import check_code
from ledger.semantics.drop_outs import drop_out_reason
from ledger.semantics.readings import check_figure_value
from ledger.transfer.fit import (
    check_fit,
    imported_definition,
    release_key,
    release_prefix,
    release_title,
)
from ledger.transfer.parts import LedgerParts
from ledger.transfer.planned import Plan, PlannedChange
from ledger.write.chain import lock_log

FORMATS = ("alfred", "rtdsm", "bls-ces")

#: Stored events per ``executemany``.
BATCH = 5_000

#: How many times to catch the read models up when another writer keeps
#: moving the log between the catch-up and the import's transaction.
ATTEMPTS = 5

Progress = Callable[[int, int], None]


@dataclass
class VintageImportReport:
    """What one vintage import wrote."""

    format: str
    series: str  # the series or prefix the file names (CES: the file's name)
    frequency: str | None  # of the periods; None for a file without any
    vintages_total: int = 0  # vintages in the file
    vintages_new: int = 0  # vintages not yet in the ledger: one release each
    figures: int = 0  # new and changed values, and values that came back
    retractions: int = 0  # values a vintage no longer holds
    created_statistic: bool = False
    created_source: bool = False
    plan: Plan | None = None  # a dry run's: what it would write, nothing being written

    def to_json(self) -> dict[str, Any]:
        counts = self.plan.counts() if self.plan is not None else {}
        return {
            "dry_run": self.plan is not None,
            "format": self.format,
            "series": self.series,
            "vintages_total": self.vintages_total,
            "vintages_new": self.vintages_new,
            "figures": self.figures,
            "retractions": self.retractions,
            **counts,
            "created_statistic": self.created_statistic,
            "created_source": self.created_source,
            **({"changes": [c.to_json() for c in self.plan.changes]} if self.plan else {}),
        }

    @property
    def events(self) -> int:
        """Stored events written: releases, figures, retractions and creations."""
        return (
            self.vintages_new
            + self.figures
            + self.retractions
            + self.created_statistic
            + self.created_source
        )


def import_vintages(
    ledger: LedgerParts,
    path: Path,
    format: str,
    statistic: str,
    source: str,
    release_dates: Path | None = None,
    progress: Progress | None = None,
    catch_up_progress: Progress | None = None,
    into_existing: bool = False,
    dry_run: bool = False,
) -> VintageImportReport:
    """Import a vintage file of ``format`` (``alfred``, ``rtdsm``, ``bls-ces``).

    ``statistic`` and ``source`` are created when missing. ``release_dates``
    is a ``vintage,date`` CSV whose dates replace the file's (or the nominal)
    ones. ``progress(done, total)`` is called as the file is read, in bytes;
    ``catch_up_progress(done, total)`` as the read models then catch up, in events.
    Raises :class:`~ledger.files.vintages.VintageFileError` (line and column) for a
    malformed file and :class:`~ledger.errors.Conflict` for vintages that
    cannot follow those already in the ledger, or for a file that does not fit
    the statistic (:func:`ledger.transfer.fit.check_fit`: its frequency, and
    figures not from this series, which ``into_existing`` lets it revise);
    either way nothing is written. The caller (the service) has found the
    ledger writable.
    """
    reader = reader_for(format)
    format = format.strip().lower()
    check_code(statistic, "statistic code")
    check_code(source, "source id")
    dates = None if release_dates is None else _read_release_dates(Path(release_dates))
    path = Path(path)
    with open_text(path, "vintage file") as handle:
        total = path.stat().st_size
        counted = _CountingFile(handle)
        vintage_file = reader(counted, dates)
        vintages = vintage_file.vintages  # a CES file reads its rows once for these
        _check_dates(vintages)
        importer = _VintageImporter(
            ledger, vintage_file, vintages, format, statistic, source, path.stem,
            into_existing=into_existing, dry_run=dry_run,
        )  # fmt: skip
        report = importer.run(lambda: progress(counted.consumed, total) if progress else None)
    if progress:
        progress(total, total)
    ledger.projections.fold_saved(catch_up_progress)
    return report


def check_value(change: Change) -> None:
    """Refuse a published value the ledger cannot read, naming its cell.

    The rule of ``recount record`` and the native import (including the
    limits of :mod:`ledger.semantics.qualifiers` on length and digits), through
    the one value reader, which the read models then use for the same text.
    """
    try:
        check_figure_value(change.text, None)
    except InvalidInput as error:
        raise VintageFileError(change.line, change.column, str(error)) from None


def _read_release_dates(path: Path) -> dict[str, date]:
    with open_text(path, "release dates") as lines:
        try:
            return read_release_dates(lines)
        except VintageFileError as error:
            raise VintageFileError(
                error.line, error.column, f"{error.reason} (release dates {path.name})"
            ) from None


def _check_dates(vintages: list[Vintage]) -> None:
    today = clock.today()
    for vintage in vintages:
        if vintage.published > today:
            raise InvalidInput(
                f"vintage '{vintage.label}' is dated {vintage.published}, in the future"
            )


class _CountingFile:
    """An open text file read by lines, counting the characters read for progress.

    Seekable like the file, so that a reader can take a second pass (a CES
    triangle reads its rows' vintages first); a pass restarts the count.
    """

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.consumed = 0

    def seekable(self) -> bool:
        return self.handle.seekable()

    def tell(self) -> int:
        return self.handle.tell()

    def seek(self, offset: int) -> int:
        self.consumed = 0
        return self.handle.seek(offset)

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:
            self.consumed += len(line)
            yield line


class _VintageImporter:
    def __init__(
        self,
        ledger: LedgerParts,
        vintage_file: VintageFile,
        vintages: list[Vintage],
        format: str,
        statistic: str,
        source: str,
        file_name: str,
        into_existing: bool = False,
        dry_run: bool = False,
    ) -> None:
        self.ledger = ledger
        self.file = vintage_file
        self.vintages = vintages
        self.statistic = statistic
        self.source = source
        self.series = vintage_file.series or file_name
        self.by = ledger.archivist
        self.events = ledger.projections.events
        self.writer = ledger.event_writer()
        # One recorded time for the whole import: it became known at once.
        self.timestamp = clock.now()
        # Rows are periods (ALFRED, RTDSM): a period's changes come together.
        self.period_major = format != "bls-ces"
        # Whether figures not from this series may be revised by it (fit.check_fit).
        self.into_existing = into_existing
        self.report = VintageImportReport(
            format=format,
            series=self.series,
            frequency=vintage_file.frequency,
            vintages_total=len(vintages),
            # A dry run writes in its transaction, noting each change, then rolls back.
            plan=Plan() if dry_run else None,
        )

    def run(self, tick: Callable[[], None]) -> VintageImportReport:
        for _ in range(ATTEMPTS):
            self.ledger.projections.catch_up()
            try:
                with self.ledger.engines.writer.connect() as db, db.begin() as transaction:
                    # The write lock is held from here (SQLite: BEGIN IMMEDIATE;
                    # PostgreSQL: the log's table lock, taken now). What is already
                    # imported is read from the read models, so they must have
                    # every event of the log.
                    lock_log(db, self.events)
                    if self._read_models_current(db):
                        self._check_fit(db)
                        self._write(db, tick)
                        if self.report.plan is not None:
                            transaction.rollback()
                        return self.report
            except (IntegrityError, sqlite3.IntegrityError):
                raise Conflict(
                    f"another writer recorded vintages or retractions of '{self.statistic}' "
                    "at the same time; nothing was imported: run the import again"
                ) from None
        raise StorageError("the ledger kept changing during the import; run it again")

    def _check_fit(self, db: Connection) -> None:
        """Refuse a file that does not fit the statistic, before anything is written."""
        check_fit(db, self.statistic, self.file.series, self.file.frequency, self.into_existing)

    def _read_models_current(self, db: Connection) -> bool:
        positions = db.execute(select(schema.positions.c.position)).scalars()
        return min(positions, default=0) >= last_position(db, self.events)

    # -- writing -----------------------------------------------------------

    def _write(self, db: Connection, tick: Callable[[], None]) -> None:
        existing = self._existing_vintages(db)
        new = [vintage for vintage in self.vintages if vintage.label not in existing]
        self._check_follows(existing, new)
        self.report.vintages_new = len(new)

        rows: list[dict[str, Any]] = []
        with clock.frozen(self.timestamp):
            rows += self._created(db)
            for vintage in new:
                release = Release(
                    source=self.source,
                    key=release_key(self.statistic, vintage.label),
                    title=release_title(self.series, vintage.label),
                    url=None,
                    published=vintage.published.isoformat(),
                    by=self.by,
                )
                rows += self.writer.aggregate_rows(release)

        # Per new vintage: its publication date, and how to publish a figure in it.
        targets = {
            vintage.label: (vintage.published.isoformat(), self._publisher(vintage))
            for vintage in new
        }
        # The figure this import left standing in each period's slot, with its version.
        standing: dict[str, tuple[UUID, int]] = {}
        last_period: str | None = None
        read = 0
        retract, by, timestamp = self.writer.figure_retracted, self.by, self.timestamp
        plan = self.report.plan
        for change in self.file.changes():
            read += 1
            if read % BATCH == 0:
                tick()
            if self.period_major and change.period != last_period:
                standing.clear()  # that period is done: keep memory flat
                last_period = change.period
            target = targets.get(change.vintage.label)
            if target is None:
                continue  # a vintage the ledger has
            published, publish = target
            if change.kind == "publish":
                check_value(change)
                if plan is not None:
                    revises = change.period in standing or (
                        self._standing_figure(db, change.period, published) is not None
                    )
                    plan.changes.append(PlannedChange(
                        "revise" if revises else "add", self.statistic, change.period,
                        self.source, published, change.text,
                    ))  # fmt: skip
                figure_id, row = publish(change.period, change.text)
                standing[change.period] = (figure_id, 1)
                self.report.figures += 1
            else:
                figure = standing.pop(change.period, None) or self._standing_figure(
                    db, change.period, published
                )
                if figure is None:
                    continue  # the ledger shows nothing there: nothing to withdraw
                reason = drop_out_reason(change.vintage.label)
                if plan is not None:
                    plan.changes.append(PlannedChange(
                        "retract", self.statistic, change.period, self.source, published,
                        None, reason,
                    ))  # fmt: skip
                # A drop-out, not a withdrawal: marked so that the counts tell them apart.
                row = retract(figure[0], figure[1] + 1, published, reason, by, timestamp, True)
                self.report.retractions += 1
            rows.append(row)
            if len(rows) >= BATCH:
                self.writer.insert(db, rows)
                rows = []
        self.writer.insert(db, rows)
        tick()

    def _publisher(self, vintage: Vintage):
        """Publishes a figure of this vintage, given its period and text (fast path)."""
        fields = {
            "statistic": self.statistic,
            "source": self.source,
            "grain": None,
            "status": "normal",
            "published": vintage.published.isoformat(),
            "release": release_key(self.statistic, vintage.label),
            "url": None,
            "quote": None,
            "note": None,
        }
        return self.writer.figure_publisher(fields, self.by, self.timestamp)

    def _created(self, db: Connection) -> list[dict[str, Any]]:
        """The events creating the statistic and the source, when missing."""
        rows: list[dict[str, Any]] = []
        known = db.execute(
            select(schema.statistics.c.code).where(schema.statistics.c.code == self.statistic)
        ).first()
        if known is None:
            statistic = Statistic(
                code=self.statistic,
                name=self.series,
                unit="unstated",
                definition=imported_definition(
                    self.series, self.file.frequency, self.report.format
                ),
                scope=None,
                by=self.by,
            )
            rows += self.writer.aggregate_rows(statistic)
            self.report.created_statistic = True
        known = db.execute(
            select(schema.sources.c.source_id).where(schema.sources.c.source_id == self.source)
        ).first()
        if known is None:
            source = Source(
                source_id=self.source,
                name=self.source,
                organisation=None,
                kind="agency",
                by=self.by,
            )
            rows += self.writer.aggregate_rows(source)
            self.report.created_source = True
        return rows

    # -- what the ledger already holds -------------------------------------

    def _existing_vintages(self, db: Connection) -> dict[str, str]:
        """{vintage label: publication date} of this statistic's vintages from this source."""
        table = schema.releases
        prefix = release_prefix(self.statistic)
        found = db.execute(
            select(table.c.key, table.c.published).where(
                table.c.source == self.source, table.c.key.startswith(prefix, autoescape=True)
            )
        )
        return {key[len(prefix) :]: published for key, published in found}

    def _check_follows(self, existing: dict[str, str], new: list[Vintage]) -> None:
        """Refuse new vintages that do not directly follow the ledger's latest one.

        A vintage's changes are relative to the vintage before it in the
        file, so that one must be the latest in the ledger: then the ledger
        shows exactly what the file's earlier vintage showed.
        """
        if not existing or not new:
            return
        latest = max(existing, key=lambda label: (existing[label], label))
        for vintage in new:
            if vintage.published.isoformat() <= existing[latest]:
                raise Conflict(
                    f"vintage '{vintage.label}' ({vintage.published}) is not after "
                    f"'{latest}' ({existing[latest]}), the latest vintage of "
                    f"'{self.statistic}' from '{self.source}' in the ledger; "
                    "new vintages can only follow it"
                )
        index = self.vintages.index(new[0])
        if index == 0 or self.vintages[index - 1].label != latest:
            raise Conflict(
                f"the file's first new vintage '{new[0].label}' does not follow "
                f"'{latest}', the latest vintage of '{self.statistic}' from "
                f"'{self.source}' in the ledger: import a download that holds it"
            )

    def _standing_figure(
        self, db: Connection, period: str, published: str
    ) -> tuple[UUID, int] | None:
        """The figure the ledger shows in this period's slot at ``published``, if any."""
        found = queries.standing_figure(db, self.statistic, period, self.source, published)
        if found is None:
            return None
        figure_id = UUID(found)
        version = db.execute(
            select(func.max(self.events.c.originator_version)).where(
                self.events.c.originator_id == figure_id
            )
        ).scalar_one()
        return figure_id, version
