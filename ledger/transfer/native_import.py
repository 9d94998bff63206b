"""Native import: a CSV or NDJSON file of figures, all or nothing.

Columns: ``statistic, period, value, source, published`` and optionally
``status, grain, url, quote, note, release``. The file is streamed (memory
stays flat in its size) and written through the batched fast path of
:mod:`ledger.write.event_writer` inside ONE transaction: a bad row stops the import with its
row number and the bad value, and the rollback leaves nothing of the file.

An NDJSON field is text, or null for "absent". A JSON number may give the
value or the grain, as the very text it was written as (``1.50`` stays
"1.50"); any other JSON type is refused rather than stored as Python would
print it.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from sqlalchemy import select

from ledger.domain import Release, Source, Statistic
from ledger.errors import InvalidInput, NotFound, RecountError
from ledger.files.textfiles import open_text
from ledger.projections import queries, schema
from ledger.projections.log import last_position
from ledger.semantics import clock
from ledger.semantics.checks import check_choice, check_code, check_grain, check_published, shown
from ledger.semantics.folded_figure import slot_key
from ledger.semantics.periods import parse_period
from ledger.semantics.readings import check_figure_value
from ledger.semantics.texts import unstorable_at, unstorable_name
from ledger.semantics.units import check_unit_fits, unit_signs
from ledger.semantics.vocabulary import STATUSES
from ledger.transfer.fit import describe_origin
from ledger.transfer.parts import LedgerParts
from ledger.transfer.planned import Plan, PlannedChange
from ledger.transfer.write_through import WriteThrough

REQUIRED = ("statistic", "period", "value", "source", "published")
OPTIONAL = ("status", "grain", "url", "quote", "note", "release")
BATCH = 5_000
# The NDJSON fields a JSON number may give: both are read as numbers anyway.
NUMBERS = ("value", "grain")

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    rows: int = 0  # figures written (in a dry run: that would be written)
    created_statistics: list[str] = field(default_factory=list)
    created_sources: list[str] = field(default_factory=list)
    releases: int = 0
    unchanged: int = 0  # rows the ledger already holds, skipped
    plan: Plan | None = None  # a dry run's: what it would write, nothing being written

    def to_json(self) -> dict[str, Any]:
        counts = self.plan.counts() if self.plan is not None else {}
        return {
            "dry_run": self.plan is not None,
            "rows": self.rows,
            "unchanged": self.unchanged,
            **counts,
            "created_statistics": self.created_statistics,
            "created_sources": self.created_sources,
            "releases": self.releases,
            **({"changes": [c.to_json() for c in self.plan.changes]} if self.plan else {}),
        }


def import_file(
    ledger: LedgerParts,
    path: Path,
    format: str,
    create_missing: bool = False,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a native file into a ledger the caller (the service) found writable.

    A row the ledger already holds (:func:`queries.already_recorded`) is skipped
    and counted unchanged, so importing a file again adds nothing. ``dry_run``
    runs the whole import and rolls it back: the report's plan says what it
    would have written.
    """
    if format not in ("csv", "ndjson"):
        raise InvalidInput(f"unknown import format '{format}' (choose from csv, ndjson)")
    path = Path(path)
    with open_text(path) as handle:
        total = path.stat().st_size
        counted = _CountingLines(handle)
        records = _csv_records(counted) if format == "csv" else _ndjson_records(counted)
        ledger.projections.catch_up()  # what the ledger holds is read from the read models
        report = _Importer(ledger, create_missing, dry_run).run(
            records, lambda: progress(counted.consumed, total) if progress else None
        )
    if progress:
        progress(total, total)
    ledger.projections.fold_saved()
    return report


class _CountingLines:
    """Iterates a text file by lines and counts the characters read, for progress."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.consumed = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:
            self.consumed += len(line)
            yield line


def _csv_records(lines: _CountingLines) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(lines)
    try:
        # The header is csv too: a malformed one (a cell over csv's field limit,
        # a NUL) is refused like a malformed row.
        _check_columns(reader.fieldnames or [])
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise InvalidInput(f"row {number}: more cells than the header has columns")
            yield number, row
    except csv.Error as error:
        # The inner reader's count: DictReader's own is not updated by the header,
        # nor by the row that failed.
        raise InvalidInput(f"line {reader.reader.line_num}: {error}") from None


def _ndjson_records(lines: _CountingLines) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        record = _decoded(line, number)
        if not isinstance(record, dict):
            raise InvalidInput(f"row {number}: not a JSON object")
        missing = [c for c in REQUIRED if record.get(c) is None]
        if missing:
            raise InvalidInput(f"row {number}: missing {', '.join(missing)}")
        unknown = sorted(set(record) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise InvalidInput(f"row {number}: unknown field {shown(unknown[0])}")
        try:
            texts = {name: _text(name, value) for name, value in record.items()}
        except InvalidInput as error:
            raise InvalidInput(f"row {number}: {error}") from None
        yield number, texts


class _JSONNumber(str):
    """A JSON number kept as the text it was written as: exact (``1.50`` is not 1.5),
    and never put through ``int()``, which refuses a number of over 4,300 digits."""


def _decoded(line: str, number: int) -> Any:
    """One line's JSON; each way Python's json fails on a hostile line is a refusal."""
    try:
        return json.loads(
            line,
            parse_int=_JSONNumber,
            parse_float=_JSONNumber,
            parse_constant=_not_json,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as error:
        raise InvalidInput(f"row {number}: not a JSON object ({error.msg})") from None
    except RecursionError:
        raise InvalidInput(f"row {number}: not a JSON object (nested too deeply)") from None
    except InvalidInput as error:
        raise InvalidInput(f"row {number}: {error}") from None


def _not_json(constant: str) -> None:
    """Python's json reads NaN and Infinity, which JSON does not have."""
    raise InvalidInput(f"{constant} is not a JSON value")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a field given twice is refused, where Python would keep the last."""
    record = dict(pairs)
    if len(record) < len(pairs):
        twice = next(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise InvalidInput(f"field {shown(twice)} is given twice")
    return record


def _text(name: str, value: Any) -> str | None:
    """A field's text, None when null; refuses what is not text where text is expected."""
    if value is None:
        return None
    if isinstance(value, _JSONNumber) and name in NUMBERS:
        return str(value)
    if type(value) is not str:
        expected = "text or a number" if name in NUMBERS else "text"
        raise InvalidInput(f"field '{name}' must be {expected}, not a JSON {_json_type(value)}")
    at = unstorable_at(value)
    if at is not None:
        # "\ud800" and "\u0000" are valid JSON but cannot be stored: refused now, not
        # when the read models meet them.
        raise InvalidInput(f"field '{name}' holds {unstorable_name(value[at])}: {shown(value)}")
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, _JSONNumber):
        return "number"
    return "array" if isinstance(value, list) else "object"


def _check_columns(header: list[str]) -> None:
    twice = [column for column, count in Counter(header).items() if count > 1]
    if twice:
        # csv.DictReader would silently keep the last cell of the column.
        raise InvalidInput(f"the header has the column {shown(twice[0])} twice")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"the header lacks the column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in REQUIRED and c not in OPTIONAL]
    if unknown:
        raise InvalidInput(f"unknown column {shown(unknown[0])}")


class _Importer:
    def __init__(self, ledger: LedgerParts, create_missing: bool, dry_run: bool) -> None:
        self.ledger = ledger
        self.create_missing = create_missing
        self.dry_run = dry_run
        self.by = ledger.archivist
        self.writer = ledger.event_writer()
        self.timestamp = clock.now()
        self.report = ImportReport(plan=Plan() if dry_run else None)
        # Slots a dry run has met in this file: a second figure in one is a revision.
        self.planned_slots: set[str] = set()
        self.statistics: set[str] = set()  # read under the log's lock (run)
        self.sources: set[str] = set()
        self.releases: set[tuple[str, str]] = set()
        # Each distinct text is checked once, however many rows repeat it.
        self.period = lru_cache(maxsize=65536)(lambda text: parse_period(text).label)
        self.published = lru_cache(maxsize=65536)(check_published)
        self.grain = lru_cache(maxsize=1024)(check_grain)
        self.status = lru_cache(maxsize=64)(lambda text: check_choice(text, STATUSES, "status"))
        # A statistic without figures cannot hold a row already: no look-up per row.
        self.holds_figures: dict[str, bool] = {}
        self.units: dict[str, str] = {}  # statistic code -> unit, looked up for signed values
        self.before = 0  # the log's last position before this import's first row
        self.through: WriteThrough | None = None  # none in a dry run: nothing is kept

    def run(self, records, tick: Callable[[], None]) -> ImportReport:
        batch: list[dict[str, Any]] = []
        published: list[tuple[UUID, dict[str, Any]]] = []  # (figure, data) of the batch's rows
        with self.ledger.engines.writer.connect() as db, db.begin() as transaction:
            self.ledger.hold_log(db)
            # The read models hold the whole log now; what they fold from here is this file's.
            self.before = last_position(db, self.ledger.projections.events)
            if not self.dry_run:
                self.through = WriteThrough(self.ledger.projections, db)
            self.statistics = set(db.execute(select(schema.statistics.c.code)).scalars())
            self.sources = set(db.execute(select(schema.sources.c.source_id)).scalars())
            for number, record in records:
                try:
                    fields = self._fields(record, db)
                except RecountError as error:
                    raise type(error)(f"row {number}: {error}") from None
                if self._already_recorded(fields, db):
                    self.report.unchanged += 1
                    continue
                if self.report.plan is not None:
                    self._plan(fields, db)
                figure, row, data = self.writer.figure_published_with_data(
                    fields, self.by, self.timestamp
                )
                batch.append(row)
                published.append((figure, data))
                if len(batch) >= BATCH:
                    self._write_figures(db, batch, published)
                    batch, published = [], []
                    tick()
            self._write_figures(db, batch, published)
            if self.dry_run:
                transaction.rollback()
            elif self.through is not None:
                self.through.finish()
        return self.report

    def _write_figures(self, db, batch: list[dict[str, Any]], published: list) -> None:
        positions = self.writer.insert(db, batch)
        self.report.rows += len(batch)
        if self.through is not None:
            self.through.publications(positions, published, self.timestamp)

    def _write(self, db, rows: list[dict[str, Any]]) -> None:
        """Write the rows of a catalogue entry the file needs (and hand them over)."""
        positions = self.writer.insert(db, rows)
        if self.through is not None:
            self.through.stored(positions, rows)

    def _already_recorded(self, fields: dict[str, Any], db) -> bool:
        statistic = fields["statistic"]
        holds = self.holds_figures.get(statistic)
        if holds is None:
            holds = self.holds_figures[statistic] = queries.statistic_has_figures(
                db, statistic, upto=self.before
            )
        # Not this file's own rows, which the read models fold as it goes (write-through).
        return holds and queries.already_recorded(db, fields, upto=self.before) is not None

    def _plan(self, fields: dict[str, Any], db) -> None:
        """Count a figure the dry run would write: a revision when its slot has one."""
        statistic, period, source = fields["statistic"], fields["period"], fields["source"]
        slot = slot_key(statistic, period, source)
        revises = slot in self.planned_slots or (
            self.holds_figures[statistic]
            and queries.slot_has_figures(db, statistic, period, source)
        )
        other_origin = None
        if revises and slot not in self.planned_slots:
            other_origin = self._other_origin(db, fields)
        self.planned_slots.add(slot)
        self.report.plan.changes.append(PlannedChange(
            "revise" if revises else "add", statistic, period, source, fields["published"],
            fields["text"], other_origin=other_origin,
        ))  # fmt: skip

    def _other_origin(self, db, fields: dict[str, Any]) -> str | None:
        """Where the slot's standing figure came from, when that is not where this row
        comes from: a vintage series, or a release where the row has none (or none where
        it has one). Two figures without a release cannot be told apart: a hand-recorded
        figure and one a release-less file wrote look alike, so they are not flagged."""
        statistic = fields["statistic"]
        origin = queries.slot_origin(db, statistic, fields["period"], fields["source"])
        if origin is None:
            return None
        described = describe_origin(origin, statistic)
        from_series = described.startswith("from series")
        if from_series or (origin.release is None) != (fields["release"] is None):
            return described
        return None

    def _fields(self, record: dict[str, Any], db) -> dict[str, Any]:
        statistic = (record.get("statistic") or "").strip()
        source = (record.get("source") or "").strip()
        self._require(statistic, source, db)
        grain = (record.get("grain") or "").strip() or None
        text = (record.get("value") or "").strip()
        fields = {
            "statistic": statistic,
            "source": source,
            "period": self.period((record.get("period") or "").strip()),
            "text": text,
            "grain": self.grain(grain),
            "status": self.status((record.get("status") or "normal").strip()),
            "published": self.published((record.get("published") or "").strip()),
        }
        check_figure_value(text, fields["grain"])  # refuses an unreadable value, naming it
        if unit_signs(text):  # and a '%' or '$' that does not fit the statistic's unit
            check_unit_fits(text, statistic, self._unit(statistic, db))
        for name in ("url", "quote", "note", "release"):
            value = record.get(name)
            fields[name] = value.strip() if value and value.strip() else None
        if fields["release"] is not None:
            self._release(source, fields["release"], fields["published"], db)
        return fields

    def _unit(self, statistic: str, db) -> str:
        """The statistic's unit; one this import created is 'unstated', as it made it."""
        if statistic not in self.units:
            table = schema.statistics
            query = select(table.c.unit).where(table.c.code == statistic)
            self.units[statistic] = db.execute(query).scalar() or "unstated"
        return self.units[statistic]

    def _require(self, statistic: str, source: str, db) -> None:
        if statistic not in self.statistics:
            check_code(statistic, "statistic code")
            if not self.create_missing:
                raise NotFound(f"no statistic '{statistic}' (use --create-missing to create it)")
            created = Statistic(
                code=statistic,
                name=statistic,
                unit="unstated",
                definition=None,
                scope=None,
                by=self.by,
            )
            self._write(db, self.writer.aggregate_rows(created))
            self.statistics.add(statistic)
            self.report.created_statistics.append(statistic)
        if source not in self.sources:
            check_code(source, "source id")
            if not self.create_missing:
                raise NotFound(f"no source '{source}' (use --create-missing to create it)")
            created = Source(
                source_id=source, name=source, organisation=None, kind="unattributed", by=self.by
            )
            self._write(db, self.writer.aggregate_rows(created))
            self.sources.add(source)
            self.report.created_sources.append(source)

    def _release(self, source: str, key: str, published: str, db) -> None:
        if (source, key) in self.releases:
            return
        self.releases.add((source, key))
        if self.ledger.app.has_aggregate(Release.create_id(source, key)):
            return
        release = Release(
            source=source, key=key, title=key, url=None, published=published, by=self.by
        )
        self._write(db, self.writer.aggregate_rows(release))
        self.report.releases += 1
