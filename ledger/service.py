"""The application service: the one door for the CLI, the UI and scripts.

Commands take what a person typed, refuse bad input with one line that names
the bad value (before anything is written), record the events through
:class:`~ledger.write.application.Recount`, and bring the read models up to date.
Reads answer from the read models at any (as_of, known_at). Imports and
exports of files go through here too, and a database that fails leaves every
method as a one-line :class:`~ledger.errors.StorageError`.
"""

from __future__ import annotations

import functools
import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from datetime import date, datetime
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar
from uuid import UUID

from sqlalchemy import Connection

from ledger.analysis.compare import Side, compared, two_sources
from ledger.analysis.diff import diff_statistic
from ledger.analysis.points import check_in_order, read_point
from ledger.analysis.releases import (
    LATEST,
    SourceReleases,
    as_release,
    endpoint_label,
    parse_endpoint,
    period_order,
    release_dates,
    release_rows,
)
from ledger.analysis.revision_stats import moves_between, parse_periods, summarise
from ledger.analysis.vintage_views import (
    END_OF_TIME,
    Observed,
    SeriesFacts,
    SeriesVintages,
    held_on_day,
    series_facts,
)
from ledger.domain import Release
from ledger.errors import InvalidInput, NeedsAttention, NotFound, RecountError, StorageError
from ledger.integrity.verify import Problem, Verification, parse_head, verify
from ledger.projections import Projections, queries, series_queries
from ledger.projections.follow import LogFollower, follow_log
from ledger.rows import (
    CatalogueEntry,
    ComparisonRow,
    DiffRow,
    DiscrepancyNote,
    DiscrepancyRow,
    FigureDetail,
    HistoryEntry,
    ReleaseRow,
    ReplayRow,
    Revisions,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.checks import (
    check_choice,
    check_code,
    check_grain,
    check_published,
    optional,
    required,
    shown,
    when,
)
from ledger.semantics.periods import parse_period
from ledger.semantics.readings import check_figure_value
from ledger.semantics.texts import check_storable, unstorable_at
from ledger.semantics.units import check_unit_fits, unit_signs
from ledger.semantics.vocabulary import EXPLANATION_KINDS, SOURCE_KINDS, STATUSES
from ledger.storage import FAILURES, Engines, Location, locate, storage_failure
from ledger.transfer import dump as backup
from ledger.transfer import native_import, vintage_export, vintage_import
from ledger.transfer.dump import DumpReport
from ledger.transfer.native_import import ImportReport, Progress
from ledger.transfer.parts import LedgerParts
from ledger.transfer.vintage_export import VintageExportReport
from ledger.transfer.vintage_import import VintageImportReport
from ledger.write import chain
from ledger.write.application import Recount

T = TypeVar("T")


def _storage_failures_refused(cls: type[T]) -> type[T]:
    """Wrap each public method so that a failing database leaves the door as a
    :class:`~ledger.errors.StorageError`: the faces catch only the ledger's errors.

    One ``try`` a call, free until something raises; the hot loops (imports,
    catch-up) run inside a single call.
    """
    for name, member in list(vars(cls).items()):
        if inspect.isfunction(member) and not name.startswith("_"):
            setattr(cls, name, _refusing_storage_failures(member))
    return cls


def _refusing_storage_failures(method: Callable) -> Callable:
    signature = inspect.signature(method)
    if inspect.isgeneratorfunction(method):
        return _refusing_while_iterated(method, signature)

    @functools.wraps(method)
    def refusing(self: Ledger, *args, **kwargs):
        _refuse_unstorable(signature, self, args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except (*FAILURES, RecountError) as error:
            refusal = _refusal(self, error)
            if refusal is None:
                raise
            raise refusal from None

    return refusing


def _refusing_while_iterated(method: Callable, signature: inspect.Signature) -> Callable:
    """The same for an ``iter_`` read: its body runs while the caller iterates, so the
    failures are turned into refusals around each step, not around the call."""

    @functools.wraps(method)
    def refusing(self: Ledger, *args, **kwargs):
        _refuse_unstorable(signature, self, args, kwargs)
        try:
            yield from method(self, *args, **kwargs)
        except (*FAILURES, RecountError) as error:
            refusal = _refusal(self, error)
            if refusal is None:
                raise
            raise refusal from None

    return refusing


def _refusal(self: Ledger, error: BaseException) -> BaseException | None:
    """What a failure leaves the door as; None when it leaves as it is."""
    if isinstance(error, FAILURES):
        return storage_failure(error, self.where)
    if isinstance(error, StorageError):
        # The write side gives up on a database that stays busy; what it
        # gave up on (locked, full, read-only) says more than "busy".
        if isinstance(error.__context__, FAILURES):
            return storage_failure(error.__context__, self.where)
        return None
    # A refusal is one line (ledger.errors), even when a layer below
    # quoted a typed value raw: its line breaks are shown escaped.
    message = str(error)
    if "\n" not in message and "\r" not in message:
        return None
    return _refusal_like(error, message.replace("\r", "\\r").replace("\n", "\\n"))


def _refuse_unstorable(signature: inspect.Signature, self, args: tuple, kwargs: dict) -> None:
    """Refuse a text argument with a lone surrogate, naming the parameter: it could
    not be stored (:mod:`ledger.semantics.texts`), nor looked up meaningfully."""
    if all(unstorable_at(v) is None for v in (*args, *kwargs.values()) if isinstance(v, str)):
        return
    for name, value in signature.bind(self, *args, **kwargs).arguments.items():
        if isinstance(value, str):
            check_storable(value, name.replace("_", " "))


def _refusal_like(error: RecountError, message: str) -> RecountError:
    """The same kind of refusal with another message (its class may take other arguments)."""
    try:
        return type(error)(message)
    except TypeError:
        return InvalidInput(message)


class Recorded(str):
    """The id ``record`` returns; ``already_recorded`` when the ledger held that very
    publication, so that nothing was written."""

    already_recorded: bool

    def __new__(cls, figure: str, already_recorded: bool = False) -> Recorded:
        recorded = super().__new__(cls, figure)
        recorded.already_recorded = already_recorded
        return recorded


@_storage_failures_refused
class Ledger:
    """One ledger, opened by :func:`ledger.bootstrap.open_ledger`."""

    def __init__(
        self,
        app: Recount,
        projections: Projections,
        engines: Engines,
        archivist: str,
        where: Location | None = None,
    ) -> None:
        self.app = app
        self.projections = projections
        self.engines = engines
        self.archivist = archivist
        self.where = where or locate(engines.url)
        #: Whether opening made this ledger (there was none): a refused first command
        #: takes it away again (``bootstrap.remove_new_ledger``).
        self.created = False

    def close(self) -> None:
        self.app.close()
        # The library keeps its own engine; dispose it so the file is let go
        # (and SQLite folds its write-ahead log back in).
        engine = getattr(self.app.factory, "datastore", None)
        if engine is not None and engine.engine is not None:
            engine.engine.dispose()
        self.engines.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- commands: statistics and sources ----------------------------------

    def add_statistic(
        self,
        code: str,
        name: str,
        unit: str,
        definition: str | None = None,
        scope: str | None = None,
    ) -> None:
        self.require_writable()
        self.app.define_statistic(
            code=check_code(code, "statistic code"),
            name=required(name, "name"),
            unit=required(unit, "unit"),
            definition=optional(definition),
            scope=optional(scope),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def describe_statistic(
        self,
        code: str,
        name: str | None = None,
        unit: str | None = None,
        definition: str | None = None,
        scope: str | None = None,
    ) -> None:
        """Say anew what a statistic is called, counts, means or covers.

        What is not given stays; an empty definition or scope clears it. An
        edit that gives nothing, or only what the statistic already says, is
        refused: the catalogue's history holds changes, not repeats.
        """
        self.require_writable()
        if (name, unit, definition, scope) == (None, None, None, None):
            raise InvalidInput(
                f"nothing to change for statistic {shown(code)}: "
                "give a name, unit, definition or scope"
            )
        name = required(name, "name") if name is not None else None
        unit = required(unit, "unit") if unit is not None else None
        known = self.app.statistic(code)
        after = (
            name if name is not None else known.name,
            unit if unit is not None else known.unit,
            optional(definition) if definition is not None else known.definition,
            optional(scope) if scope is not None else known.scope,
        )
        if after == (known.name, known.unit, known.definition, known.scope):
            raise InvalidInput(f"statistic {shown(code)} already reads so: nothing to change")
        self.app.describe_statistic(code, *after, by=self.archivist)
        self.projections.fold_saved()

    def add_source(
        self, source_id: str, name: str, organisation: str | None = None, kind: str = "official"
    ) -> None:
        self.require_writable()
        self.app.register_source(
            source_id=check_code(source_id, "source id"),
            name=required(name, "name"),
            organisation=optional(organisation),
            kind=check_choice(kind, SOURCE_KINDS, "kind"),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def update_source(
        self,
        source_id: str,
        name: str | None = None,
        organisation: str | None = None,
        kind: str | None = None,
    ) -> None:
        """Say anew who a source is: its name, organisation or kind.

        What is not given stays; an empty organisation clears it. As for a
        statistic, an edit that changes nothing is refused.
        """
        self.require_writable()
        if (name, organisation, kind) == (None, None, None):
            raise InvalidInput(
                f"nothing to change for source {shown(source_id)}: "
                "give a name, organisation or kind"
            )
        name = required(name, "name") if name is not None else None
        kind = check_choice(kind, SOURCE_KINDS, "kind") if kind is not None else None
        known = self.app.source(source_id)
        after = (
            name if name is not None else known.name,
            optional(organisation) if organisation is not None else known.organisation,
            kind if kind is not None else known.kind,
        )
        if after == (known.name, known.organisation, known.kind):
            raise InvalidInput(f"source {shown(source_id)} already reads so: nothing to change")
        self.app.update_source(source_id, *after, by=self.archivist)
        self.projections.fold_saved()

    # -- commands: figures -------------------------------------------------

    def record(
        self,
        statistic: str,
        period: str,
        value: str,
        source: str,
        published: str,
        status: str = "normal",
        grain: str | None = None,
        url: str | None = None,
        quote: str | None = None,
        note: str | None = None,
        release: str | None = None,
    ) -> Recorded:
        """Record a published figure; returns its id.

        A publication the ledger already holds (:func:`queries.already_recorded`)
        is not recorded again: its id comes back with ``already_recorded`` set.
        """
        self.require_writable()
        fields = self.check_figure(statistic, period, value, source, published, status, grain)
        self._require_statistic(fields["statistic"])
        self._require_source(fields["source"])
        self.catch_up()  # another process may have recorded it a moment ago
        with self._read() as db:
            existing = queries.already_recorded(db, fields)
        if existing is not None:
            return Recorded(UUID(existing).hex, already_recorded=True)
        figure = self.app.publish_figure(
            **fields,
            release=optional(release),
            url=optional(url),
            quote=optional(quote),
            note=optional(note),
            by=self.archivist,
        )
        self.projections.fold_saved()
        return Recorded(figure.hex)

    def check_figure(
        self,
        statistic: str,
        period: str,
        value: str,
        source: str,
        published: str,
        status: str = "normal",
        grain: str | None = None,
    ) -> dict:
        """Validate one figure's fields; returns them in their stored form."""
        grain = check_grain(grain)
        self._check_value(statistic, value, grain)
        return {
            "statistic": statistic,
            "period": parse_period(period).label,
            "source": source,
            "text": value.strip(),
            "grain": grain,
            "status": check_choice(status, STATUSES, "status"),
            "published": check_published(published),
        }

    def _check_value(self, statistic: str, value: str, grain: str | None) -> None:
        """Refuse a value that cannot be read, or whose sign ('%', '$', ...) does not fit
        the statistic's unit (:mod:`ledger.semantics.units`)."""
        text = value.strip()
        check_figure_value(text, grain)
        if unit_signs(text):
            check_unit_fits(text, statistic, self.statistic(statistic).unit)

    def correct(
        self, figure: str, value: str, published: str, reason: str, grain: str | None = None
    ) -> None:
        self.require_writable()
        figure_id = self.resolve_figure(figure)
        grain = check_grain(grain)
        self._check_value(self.app.figure(figure_id).statistic, value, grain)
        self.app.correct_figure(
            figure_id,
            text=value.strip(),
            grain=grain,
            published=check_published(published),
            reason=required(reason, "reason"),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def retract(self, figure: str, published: str, reason: str) -> None:
        self.require_writable()
        figure_id = self.resolve_figure(figure)
        self.app.retract_figure(
            figure_id,
            published=check_published(published),
            reason=required(reason, "reason"),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def amend(
        self,
        figure: str,
        reason: str,
        value: str | None = None,
        period: str | None = None,
        source: str | None = None,
        published: str | None = None,
        grain: str | None = None,
    ) -> None:
        self.require_writable()
        figure_id = self.resolve_figure(figure)
        if value is None and period is None and source is None and published is None:
            raise InvalidInput("nothing to amend: give --value, --period, --source or --published")
        grain = check_grain(grain)
        if value is not None:
            self._check_value(self.app.figure(figure_id).statistic, value, grain)
        if source is not None:
            self._require_source(source)
        self.app.amend_figure(
            figure_id,
            text=None if value is None else value.strip(),
            grain=grain,
            period=None if period is None else parse_period(period).label,
            source=source,
            published=None if published is None else check_published(published),
            reason=required(reason, "reason"),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def resolve_figure(self, reference: str) -> UUID:
        self.catch_up()
        with self.engines.reader.connect() as db:
            return UUID(queries.resolve_figure(db, self.projections.events, reference))

    # -- commands: discrepancies -------------------------------------------

    def explain(self, statistic: str, period: str, kind: str, note: str) -> None:
        self.require_writable()
        period = self._require_discrepancy(statistic, period)
        self.app.explain_discrepancy(
            statistic,
            period,
            kind=check_choice(kind, EXPLANATION_KINDS, "kind"),
            note=required(note, "note"),
            by=self.archivist,
        )
        self.projections.fold_saved()

    def resolve(self, statistic: str, period: str, note: str) -> None:
        self.require_writable()
        period = self._require_discrepancy(statistic, period)
        self.app.resolve_discrepancy(
            statistic, period, note=required(note, "note"), by=self.archivist
        )
        self.projections.fold_saved()

    def reopen(self, statistic: str, period: str, note: str) -> None:
        self.require_writable()
        period = self._require_discrepancy(statistic, period)
        self.app.reopen_discrepancy(
            statistic, period, note=required(note, "note"), by=self.archivist
        )
        self.projections.fold_saved()

    def _require_discrepancy(self, statistic: str, period: str) -> str:
        label = parse_period(period).label
        self._require_statistic(statistic)
        if not any(d.period == label for d in self.discrepancies(statistic=statistic)):
            raise NotFound(f"no discrepancy for {shown(statistic)} in period '{label}'")
        return label

    # -- files in and out --------------------------------------------------

    def import_file(
        self,
        path: Path,
        format: str,
        create_missing: bool = False,
        progress: Progress | None = None,
        dry_run: bool = False,
    ) -> ImportReport:
        """Import a native file of figures (``csv``, ``ndjson``), all or nothing; rows the
        ledger already holds are skipped. ``dry_run`` writes nothing and reports what
        the import would write (``report.plan``)."""
        self.require_writable()
        return native_import.import_file(
            self._parts(), path, format, create_missing, progress, dry_run
        )

    def import_vintages(
        self,
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
        """Import a vintage file of one statistic (``alfred``, ``rtdsm``, ``bls-ces``),
        all or nothing: see :func:`ledger.transfer.vintage_import.import_vintages`.
        ``into_existing`` lets the file revise figures that are not from its series;
        ``dry_run`` writes nothing and reports what it would write (``report.plan``)."""
        self.require_writable()
        return vintage_import.import_vintages(
            self._parts(), path, format, statistic, source,
            release_dates, progress, catch_up_progress, into_existing=into_existing,
            dry_run=dry_run,
        )  # fmt: skip

    def export(
        self,
        statistic: str,
        format: str,
        out: TextIO,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        series: str | None = None,
        source: str | None = None,
    ) -> VintageExportReport:
        """Write a statistic to ``out``: its vintage matrix, or its replay rows at a point
        (see :func:`ledger.transfer.vintage_export.export_vintages`)."""
        return vintage_export.export_vintages(
            self._parts(), statistic, format, out, as_of, known_at, series, source
        )

    def _parts(self) -> LedgerParts:
        """What the transfers work with: they sit below this door and never import it."""
        return LedgerParts(self.app, self.projections, self.engines, self.archivist)

    # -- read models -------------------------------------------------------

    def catch_up(self, progress=None) -> int:
        return self.projections.catch_up(progress)

    def rebuild(self, progress=None) -> int:
        return self.projections.rebuild(progress)

    # -- the chain and its verification -------------------------------------

    def head(self) -> tuple[int, str]:
        """(position, hash in hex) of the latest event on the chain: publish it, and
        ``verify --head`` shows later that the history up to it is unchanged."""
        with self._read() as db:
            position, latest = chain.tail(db)
        return position, latest.hex()

    def verify(self, head: str | None = None) -> Verification:
        """Check the file, the chain, every event and the read models; see
        :mod:`ledger.integrity.verify`. ``head`` is a published ``POSITION:HASH``."""
        published = None if head is None else parse_head(head)
        try:
            return verify(self._parts(), published)
        except StorageError as error:
            return Verification(problem=Problem("damaged", str(error)))

    @property
    def behind(self) -> str | None:
        """Why the read models could not fold what this ledger's last command saved (the
        save stands; the next command or open folds it), or None."""
        reason = self.projections.behind
        if reason is None:
            return None
        return (
            f"saved, but the read models could not follow yet ({reason}); "
            "the next command catches up"
        )

    def attention(self) -> str | None:
        """Why the ledger needs its archivist, in one line; None while all is well.

        Set while the read models are halted at an event they cannot fold:
        reads then answer from the events before it, and the faces show this.
        """
        halt = self.projections.halt()
        return None if halt is None else halt.message()

    def require_writable(self) -> None:
        """Refuse to record while the read models are halted: an event recorded
        after the bad one could not be folded either, and would bury it.
        A ledger opened for reading only is refused at once, before any wait."""
        read_only = self.where.read_only()
        if read_only is not None:
            raise StorageError(
                f"cannot write to the ledger at {self.where.shown}: {read_only} (reads still work)"
            )
        message = self.attention()
        if message is not None:
            raise NeedsAttention(message)

    def _read(self) -> Connection:
        return self.engines.reader.connect()

    def _require_statistic(self, code: str) -> None:
        with self._read() as db:
            if not queries.statistic_exists(db, code):
                raise NotFound(f"no statistic {shown(code)}")

    def _require_source(self, source_id: str) -> None:
        with self._read() as db:
            if not queries.source_exists(db, source_id):
                raise NotFound(f"no source {shown(source_id)}")

    # -- reads -------------------------------------------------------------

    def replay(
        self,
        statistic: str | None = None,
        period: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        *,
        source: str | None = None,
    ) -> list[ReplayRow]:
        """The figures each source (or only ``source``) stood by, as published by ``as_of``
        and known at ``known_at``."""
        return list(self.iter_replay(statistic, period, as_of, known_at, source=source))

    def iter_replay(
        self,
        statistic: str | None = None,
        period: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        *,
        source: str | None = None,
    ) -> Iterator[ReplayRow]:
        """:meth:`replay`'s rows as they are read: memory stays flat however many there
        are. The read connection is held until the iteration ends (or is closed)."""
        day, moment = when(as_of, known_at)
        label = None if period is None else parse_period(period).label
        # Each query's cursor is closed before its connection, however the caller stops.
        with (
            self._read() as db,
            closing(queries.replay(db, day, moment, statistic, label, source)) as rows,
        ):
            any_rows = False
            for row in rows:
                any_rows = True
                yield row
            if any_rows:
                return
            # Nothing to show: say so if what was asked for does not exist.
            if statistic is not None and not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            if source is not None and not queries.source_exists(db, source):
                raise NotFound(f"no source {shown(source)}")

    def history(
        self,
        statistic: str,
        period: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> list[HistoryEntry]:
        return list(self.iter_history(statistic, period, as_of, known_at))

    def iter_history(
        self,
        statistic: str,
        period: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> Iterator[HistoryEntry]:
        """:meth:`history`'s entries as they are read, the read connection held meanwhile."""
        day, moment = when(as_of, known_at)
        label = None if period is None else parse_period(period).label
        with self._read() as db:
            if not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            yield from queries.history(
                db, self.projections.events, statistic, label, day, moment
            )

    def discrepancies(
        self,
        statistic: str | None = None,
        severity: str | None = None,
        state: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> list[DiscrepancyRow]:
        return list(self.iter_discrepancies(statistic, severity, state, as_of, known_at))

    def iter_discrepancies(
        self,
        statistic: str | None = None,
        severity: str | None = None,
        state: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> Iterator[DiscrepancyRow]:
        """:meth:`discrepancies`' rows as they are read, the read connection held
        meanwhile: at a past point worked out a statistic at a time."""
        if severity is not None:
            check_choice(severity, ("hard", "soft"), "severity")
        if state is not None:
            check_choice(state, ("open", "explained", "resolved"), "state")
        with self._read() as db:
            if statistic is not None and not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            if as_of is None and known_at is None:
                yield from queries.discrepancies(db, statistic, severity, state)
                return
            day, moment = when(as_of, known_at)
            rows = queries.replay(db, day, moment, statistic)
            found = queries.iter_discrepancies_as_of(db, rows, moment)
            with closing(rows), closing(found):
                for d in found:
                    if (severity is None or d.severity == severity) and (
                        state is None or d.state == state
                    ):
                        yield d

    def iter_discrepancies_with_notes(
        self,
        statistic: str | None = None,
        severity: str | None = None,
        state: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> Iterator[tuple[DiscrepancyRow, list[DiscrepancyNote]]]:
        """Each of :meth:`iter_discrepancies`' rows with its :meth:`discrepancy_notes`
        (as known at ``known_at``), the notes read once a statistic."""
        moment = None if known_at is None else when(None, known_at)[1]
        rows = self.iter_discrepancies(statistic, severity, state, as_of, known_at)
        with closing(rows), self._read() as db:
            for code, group in groupby(rows, key=attrgetter("statistic")):
                notes = queries.discrepancy_notes_by_period(db, code, moment)
                for row in group:
                    yield row, notes.get(row.period, [])

    def diff(
        self,
        start: str | date | datetime | tuple,
        end: str | date | datetime | tuple,
        statistic: str | None = None,
        source: str | None = None,
    ) -> list[DiffRow]:
        """What changed between two points: see :meth:`iter_diff`."""
        return list(self.iter_diff(start, end, statistic, source))

    def iter_diff(
        self,
        start: str | date | datetime | tuple,
        end: str | date | datetime | tuple,
        statistic: str | None = None,
        source: str | None = None,
    ) -> Iterator[DiffRow]:
        """What changed from ``start`` to ``end``, each a date (published time, known
        now), a time (what the ledger said then) or a release key (its publication
        date), or an (as_of, known_at) pair: per slot added, revised, corrected,
        retracted or amended, and the discrepancies opened, closed or changed
        (:mod:`ledger.analysis.diff`).

        Read a statistic at a time: memory is bounded by the largest statistic.
        The first point may not be later than the second in either time.
        """
        with self._read() as db:
            if statistic is not None and not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            if source is not None and not queries.source_exists(db, source):
                raise NotFound(f"no source {shown(source)}")
            sources = [source] if source is not None else [
                s for s, _, _ in queries.source_names(db)
            ]
            codes = [statistic] if statistic is not None else [
                code for code, _, _ in queries.statistic_names(db)
            ]
        published = functools.partial(self._release_published, sources)
        a = read_point(start, published, "--from")
        b = read_point(end, published, "--to")
        check_in_order(a, b, start, end)
        if a == b:
            return
        with self._read() as db:
            for code in codes:
                before = list(queries.replay(db, a.as_of, a.known_at, code))
                after = list(queries.replay(db, b.as_of, b.known_at, code))
                if not before and not after:
                    continue
                with closing(queries.history(
                    db, self.projections.events, code, None, b.as_of, b.known_at
                )) as history:
                    yield from diff_statistic(
                        before, after, history, a,
                        queries.discrepancies_as_of(db, before, a.known_at),
                        queries.discrepancies_as_of(db, after, b.known_at),
                        source,
                    )  # fmt: skip

    def _release_published(self, sources: list[str], key: str) -> str | None:
        """The publication date of the release ``key`` of one of ``sources``; None when
        the ledger holds none. A key two sources gave on other dates is refused."""
        dates = set()
        for source in sources:
            release = Release.create_id(source, key)
            if self.app.has_aggregate(release):
                dates.add(self.app.repository.get(release).published)
        if len(dates) > 1:
            raise InvalidInput(
                f"release {shown(key)} was published by several sources on other dates: "
                "give --source"
            )
        return next(iter(dates), None)

    def discrepancy_notes(
        self, statistic: str, period: str, known_at: str | datetime | None = None
    ) -> list[DiscrepancyNote]:
        """Every explain, resolve and reopen of one discrepancy, oldest first, as
        known at ``known_at`` (now by default): kind, note, who and when."""
        label = parse_period(period).label
        moment = None if known_at is None else when(None, known_at)[1]
        with self._read() as db:
            if not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            return queries.discrepancy_notes(db, statistic, label, moment)

    def discrepancies_page(
        self,
        statistic: str | None = None,
        severity: str | None = None,
        state: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[list[DiscrepancyRow], int]:
        """One page of discrepancies and how many match: in SQL now, from a replay otherwise."""
        if as_of is not None or known_at is not None:
            found = self.discrepancies(statistic, severity, state, as_of, known_at)
            return found[offset : offset + limit], len(found)
        if severity is not None:
            check_choice(severity, ("hard", "soft"), "severity")
        if state is not None:
            check_choice(state, ("open", "explained", "resolved"), "state")
        with self._read() as db:
            if statistic is not None and not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            # Past SQLite's largest integer a page is what it is at that integer: none left.
            offset, limit = min(offset, 2**63 - 1), min(limit, 2**63 - 1)
            return queries.discrepancies_page(db, statistic, severity, state, offset, limit)

    def statistics(
        self, as_of: str | date | None = None, known_at: str | datetime | None = None
    ) -> list[StatisticRow]:
        with self._read() as db:
            if as_of is None and known_at is None:
                return queries.statistics(db)
            day, moment = when(as_of, known_at)
            rows = list(queries.replay(db, day, moment))
            return queries.statistics(db, rows, queries.discrepancies_as_of(db, rows, moment))

    def statistics_page(
        self,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        *,
        contains: str | None = None,
        order_by: str = "code",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[list[StatisticRow], int]:
        """One page of statistics (filtered by code, name or unit) and how many match.

        Now, the filter, sort and page run in SQL on the catalogue's counts. At
        another point, sorted by code, name or unit, the page is cut the same
        way and only its statistics are replayed for their counts; sorted by a
        count, every statistic is (seconds on a ledger of 10^6 figures).
        """
        # Past SQLite's largest integer a page is what it is at that integer: none left.
        offset, limit = min(offset, 2**63 - 1), min(limit, 2**63 - 1)
        if as_of is None and known_at is None:
            with self._read() as db:
                return queries.statistics_page(db, contains, order_by, descending, offset, limit)
        if order_by not in queries.SORTABLE:
            raise InvalidInput(f"cannot sort statistics by {shown(order_by)}")
        if order_by in queries.TIMELESS:
            day, moment = when(as_of, known_at)
            with self._read() as db:
                page, total = queries.statistics_page(
                    db, contains, order_by, descending, offset, limit
                )
                rows = [
                    row
                    for statistic in page
                    for row in queries.replay(db, day, moment, statistic.code)
                ]
                found = queries.discrepancies_as_of(db, rows, moment)
                return queries.counted_at(page, rows, found), total
        rows = self.statistics(as_of, known_at)
        if contains:
            needle = contains.lower()
            rows = [r for r in rows if needle in f"{r.code}\n{r.name}\n{r.unit}".lower()]
        rows.sort(key=lambda r: (getattr(r, order_by) is None, getattr(r, order_by) or 0),
                  reverse=descending)
        return rows[offset : offset + limit], len(rows)

    # -- releases, revisions and comparisons (DESIGN.md, "Releases, revisions and diffs")

    def releases(
        self,
        statistic: str,
        release: str | int = "first",
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        source: str | None = None,
    ) -> list[ReleaseRow]:
        """Each period's k-th release (``first``, ``2``, ... or ``latest``) from each source
        (or ``source`` alone), as published by ``as_of`` and known at ``known_at``."""
        return list(self.iter_releases(statistic, release, as_of, known_at, source))

    def iter_releases(
        self,
        statistic: str,
        release: str | int = "first",
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
        source: str | None = None,
    ) -> Iterator[ReleaseRow]:
        """:meth:`releases`' rows, in period order, then by source."""
        wanted = as_release(release)
        day, moment = when(as_of, known_at)
        with self._read() as db:
            by_source = self._source_releases(db, statistic, source, day, moment)
        yield from release_rows(statistic, by_source, wanted)

    def revisions(
        self,
        statistic: str,
        earlier: str | int = "first",
        later: str | int = "latest",
        source: str | None = None,
        periods: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> Revisions:
        """Each period's revision from release ``earlier`` (``first`` or a number) to
        ``later`` (``latest``, a number, or ``after:DURATION`` past the first release),
        and their statistics, one summary a source. ``periods`` is ``FROM..TO``."""
        start = as_release(earlier)
        if start == LATEST:
            raise InvalidInput("cannot measure revisions from release 'latest': "
                               "give first or a release number")
        end = as_release(later) if isinstance(later, int) else parse_endpoint(later, "later value")
        if isinstance(end, int) and end <= start:
            raise InvalidInput(f"release {end} does not come after release {start}: "
                               "revisions go from an earlier release to a later one")
        chosen = None if periods is None else parse_periods(periods)
        day, moment = when(as_of, known_at)
        with self._read() as db:
            by_source = self._source_releases(db, statistic, source, day, moment)
        rows, summaries = [], []
        for name, slots in by_source.items():
            moves = moves_between(statistic, name, slots, start, end, chosen)
            rows.extend(moves.rows)
            summaries.append(summarise(
                statistic, name, endpoint_label(start), endpoint_label(end), moves
            ))  # fmt: skip
        rows.sort(key=lambda row: (period_order(row.period), row.source))
        return Revisions(tuple(rows), tuple(summaries))

    def compare(
        self,
        statistic: str,
        sources: str | Sequence[str],
        release: str | int = "latest",
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> list[ComparisonRow]:
        """Two sources' values of each period side by side (``sources`` is ``A,B``):
        their latest or k-th release, B − A, and whether their intervals overlap."""
        return list(self.iter_compare(statistic, sources, release, as_of, known_at))

    def iter_compare(
        self,
        statistic: str,
        sources: str | Sequence[str],
        release: str | int = "latest",
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> Iterator[ComparisonRow]:
        """:meth:`compare`'s rows, in period order."""
        pair = two_sources(sources)
        wanted = as_release(release)
        day, moment = when(as_of, known_at)
        with self._read() as db:
            for name in pair:
                self._check_source(db, name)
            by_source = {
                name: self._source_releases(db, statistic, name, day, moment)[name]
                for name in pair
            }
            chosen = release_rows(statistic, by_source, wanted)
            # The intervals come from replay as of each row's release: a span
            # holds the value's text, not the grain an archivist may have stated.
            on_day: dict[str, set[tuple[str, str]]] = defaultdict(set)
            for row in chosen:
                on_day[row.released].add((row.period, row.source))
            sides: dict[str, dict[str, Side]] = {name: {} for name in pair}
            for released, slots in sorted(on_day.items()):
                with closing(queries.replay(db, released, moment, statistic)) as replayed:
                    for found in replayed:
                        if (found.period, found.source) in slots:
                            sides[found.source][found.period] = Side.of(found, released)
        yield from compared(statistic, pair[0], sides[pair[0]], pair[1], sides[pair[1]])

    def _source_releases(
        self, db: Connection, statistic: str, source: str | None, day: str, moment: str
    ) -> dict[str, SourceReleases]:
        """Each source's (or ``source``'s) slots of ``statistic`` as known at ``moment``,
        with its release dates by ``day``."""
        if not queries.statistic_exists(db, statistic):
            raise NotFound(f"no statistic {shown(statistic)}")
        if source is not None:
            self._check_source(db, source)
            names = [source]
        else:
            names = sorted({group.source for group in queries.figure_release_groups(db, statistic)})
        found = {}
        for name in names:
            spans = queries.spans_known_at(db, statistic, name, moment, day)
            vintages = vintage_export.vintage_releases(
                self._parts(), db, statistic, day, moment, name
            )
            dates = release_dates([vintage.published for vintage in vintages], spans, day)
            found[name] = SourceReleases(spans, dates, day)
        return found

    @staticmethod
    def _check_source(db: Connection, source: str) -> None:
        if not queries.source_exists(db, source):
            raise NotFound(f"no source {shown(source)}")

    def statistic_names(self) -> list[tuple[str, str, str]]:
        """(code, name, unit) of every statistic, cheaply: for pickers and palettes."""
        with self._read() as db:
            return queries.statistic_names(db)

    def source_names(self) -> list[tuple[str, str, str | None]]:
        """(id, name, organisation) of every source."""
        with self._read() as db:
            return queries.source_names(db)

    def log_position(self) -> int:
        """How many events the log holds: grows when anyone records anything."""
        return self.projections.log_position()

    def statistic(self, code: str) -> StatisticRow:
        with self._read() as db:
            return queries.statistic(db, code)

    def statistic_history(self, code: str) -> list[CatalogueEntry]:
        """Every definition the statistic has had, oldest first, with who and when."""
        with self._read() as db:
            entries = queries.catalogue_history(db, "statistic", code)
        if not entries:
            raise NotFound(f"no statistic {shown(code)}")
        return entries

    def source_history(self, source_id: str) -> list[CatalogueEntry]:
        """Every registration of the source, oldest first, with who and when."""
        with self._read() as db:
            entries = queries.catalogue_history(db, "source", source_id)
        if not entries:
            raise NotFound(f"no source {shown(source_id)}")
        return entries

    def sources(self) -> list[SourceRow]:
        with self._read() as db:
            return queries.sources(db)

    def source(self, source_id: str) -> SourceRow:
        with self._read() as db:
            return queries.source(db, source_id)

    def figure(
        self,
        reference: str,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> FigureDetail:
        """One figure and its states, as it stood at (as_of, known_at): now by default."""
        day, moment = when(as_of, known_at)
        with self._read() as db:
            events = self.projections.events
            figure = queries.resolve_figure(db, events, reference)
            return queries.figure_detail(db, events, figure, day, moment)

    def figures(
        self,
        statistic: str,
        period: str | None = None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> list[FigureDetail]:
        """Every figure of a statistic (or one period) published by ``as_of`` and recorded
        by ``known_at``, with its states then, in the order they were recorded."""
        day, moment = when(as_of, known_at)
        label = None if period is None else parse_period(period).label
        with self._read() as db:
            return queries.figures_of(db, self.projections.events, statistic, label, day, moment)

    def publication_dates(self) -> list[str]:
        with self._read() as db:
            return queries.publication_dates(db)

    # -- reads: FRED/ALFRED (DESIGN.md, "ALFRED's real-time periods") ---------

    def series_sources(self, statistic: str) -> list[str]:
        """The sources with figures of ``statistic``: each is a series of it."""
        with self._read() as db:
            sources = series_queries.statistic_sources(db, statistic)
        if sources is None:
            raise NotFound(f"no statistic {shown(statistic)}")
        return sources

    def series_source(self, statistic: str, source: str | None = None) -> str | None:
        """The source whose figures are the series of ``statistic``: ``source`` if given;
        else the statistic's only source, or, among several, the one it has vintages
        from; None when it has no figures. Several and none chosen are refused."""
        names = self.series_sources(statistic)
        if source is not None:
            if source not in names:
                raise NotFound(
                    f"no figures of statistic {shown(statistic)} from source {shown(source)}"
                )
            return source
        if len(names) <= 1:
            return names[0] if names else None
        _, moment = when(None, None)
        with self._read() as db:
            with_vintages = [
                name for name in names
                if vintage_export.vintage_releases(
                    self._parts(), db, statistic, END_OF_TIME, moment, name
                )
            ]  # fmt: skip
        if len(with_vintages) == 1:
            return with_vintages[0]
        raise InvalidInput(
            f"statistic {shown(statistic)} has figures from the sources "
            f"{', '.join(shown(name) for name in names)}: choose one"
        )

    def series_vintages(
        self, statistic: str, source: str | None, known_at: str | datetime | None = None
    ) -> SeriesVintages:
        """One source's slots of ``statistic`` over all of published time, as known at
        ``known_at``, with its release dates: the views of
        :mod:`ledger.analysis.vintage_views` are taken from it."""
        _, moment = when(None, known_at)
        with self._read() as db:
            if not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            if source is None:
                return SeriesVintages([], [])
            spans = queries.spans_known_at(db, statistic, source, moment, END_OF_TIME)
            vintages = vintage_export.vintage_releases(
                self._parts(), db, statistic, END_OF_TIME, moment, source
            )
        dates = release_dates([vintage.published for vintage in vintages], spans, END_OF_TIME)
        return SeriesVintages(spans, dates)

    def series_as_of(
        self, statistic: str, source: str | None, day: str, known_at: str | datetime | None = None
    ) -> list[Observed]:
        """What ``series_vintages`` gives by real-time period for the one-day window
        [day, day] (output type 1), in period order, without folding every vintage:
        the values held on ``day``, each over its whole (unclipped) real-time period."""
        _, moment = when(None, known_at)
        with self._read() as db:
            if not queries.statistic_exists(db, statistic):
                raise NotFound(f"no statistic {shown(statistic)}")
            if source is None:
                return []
            spans = queries.spans_known_at(db, statistic, source, moment, END_OF_TIME)
        return list(held_on_day(spans, day))

    def series_facts(
        self,
        statistic: str,
        source: str | None,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> SeriesFacts:
        """What FRED's ``series`` tells of one source's series of ``statistic``, from the
        values it shows as of ``as_of``, known at ``known_at``."""
        day, moment = when(as_of, known_at)
        with self._read() as db:
            found = queries.statistic(db, statistic)
            shown_rows: list[tuple[str, str]] = []
            if source is not None:
                with closing(queries.replay(db, day, moment, statistic, None, source)) as rows:
                    shown_rows = [(row.period, row.recorded) for row in rows]
        notes = "\n".join(text for text in (found.definition, found.scope) if text)
        return series_facts(statistic, found.name, found.unit, notes, source, shown_rows)

    def catalogue_releases(
        self, as_of: str | date | None = None
    ) -> list[queries.CatalogueRelease]:
        """Every release in the catalogue published by ``as_of`` (key, source, title,
        url, published), by publication date."""
        day, _ = when(as_of, None)
        with self._read() as db:
            return [found for found in queries.catalogue_releases(db) if found.published <= day]

    # -- backup: dump and restore --------------------------------------------

    def dump(self, out: IO[Any], progress: Progress | None = None) -> DumpReport:
        """Write the whole log and its chain to ``out`` (a text or binary stream): the
        ledger's full-fidelity backup (docs/dump-format.md), which ``restore`` turns
        back into this very log. Reads only; the read models are not in it."""
        return backup.dump(self._parts(), out, progress)

    def restore(
        self,
        dump: Path | str | Iterable[bytes | str],
        progress: Progress | None = None,
        catch_up_progress: Progress | None = None,
    ) -> DumpReport:
        """Write a dump (a file, or its lines) into this ledger, which must hold no
        events; then let the read models catch up. All or nothing: a dump refused at
        any line, its last included, writes nothing (:func:`ledger.transfer.dump.restore`).
        """
        self.require_writable()
        parts, where = self._parts(), self.where.shown
        if isinstance(dump, str | Path):
            path = Path(dump)
            try:
                size = path.stat().st_size
                handle = path.open("rb")
            except OSError as error:
                raise InvalidInput(f"cannot read dump '{path}': "
                                   f"{error.strerror or error}") from None
            with handle:
                report = backup.restore(parts, _read_lines(handle, path), progress, size, where)
        else:
            report = backup.restore(parts, dump, progress, None, where)
        self.projections.fold_saved(catch_up_progress)
        return report

    # -- live: what other processes record ------------------------------------

    def follow(self, on_change: Callable[[], None]) -> LogFollower | None:
        """Call ``on_change``, in a thread of its own, whenever someone may have recorded
        something (PostgreSQL's LISTEN/NOTIFY); close what this returns to stop.

        None on SQLite, whose saves notify nobody: poll :meth:`log_position` there.
        ``on_change`` that raises is called again a second later.
        """
        return follow_log(self.engines, self.projections.events, on_change)


def _read_lines(handle: IO[bytes], path: Path) -> Iterator[bytes]:
    """The lines of an open file; a read that fails midway is one line too."""
    try:
        yield from handle
    except OSError as error:
        raise InvalidInput(f"cannot read dump '{path}': {error.strerror or error}") from None
