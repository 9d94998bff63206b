"""Vintage export: the vintage matrix rebuilt from the ledger, or the replay rows.

``alfred``, ``rtdsm`` and ``bls-ces`` write one vintage per release of the
statistic (the releases that vintage import records, keyed ``STATISTIC/LABEL``):
the vintage's values are the ledger's replay as of the release's date, so a
file imported and exported in its own format gives back the same value in
every cell. Periods empty in every vintage have no figure and no row.

``csv`` and ``ndjson`` write the replay rows at (as_of, known_at) with the
native import's columns, so that the output imports again as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import Any, TextIO
from uuid import UUID

from sqlalchemy import Connection, select

from ledger.errors import InvalidInput, NotFound
from ledger.files.vintages import Vintage, VintageFileError
from ledger.files.vintages.export import write_alfred, write_bls_ces, write_rtdsm
from ledger.files.vintages.model import clean_cell
from ledger.files.vintages.rtdsm import parse_rtdsm_vintage
from ledger.projections import queries, schema
from ledger.rows import ReplayRow
from ledger.semantics.checks import check_choice, when
from ledger.semantics.clock import stamp
from ledger.semantics.periods import MONTHLY, QUARTERLY, frequency_of_label
from ledger.transfer.native_import import OPTIONAL, REQUIRED
from ledger.transfer.parts import LedgerParts
from ledger.transfer.vintage_import import release_prefix

MATRIX_FORMATS = ("alfred", "rtdsm", "bls-ces")
ROW_FORMATS = ("csv", "ndjson")
FORMATS = MATRIX_FORMATS + ROW_FORMATS

#: The columns of ``csv`` and the keys of ``ndjson``: those of native import.
COLUMNS = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class VintageExportReport:
    vintages: int  # columns (ALFRED, RTDSM) or rows (CES); 0 for csv and ndjson
    periods: int  # distinct periods written
    values: int  # cells with a value, or replay rows


def export_vintages(
    ledger: LedgerParts,
    statistic: str,
    format: str,
    out: TextIO,
    as_of: str | date | None = None,
    known_at: str | datetime | None = None,
    series: str | None = None,
    source: str | None = None,
) -> VintageExportReport:
    """Write ``statistic`` to ``out`` in ``format``: a vintage matrix or the replay rows.

    A matrix has the vintages published by ``as_of`` and recorded by
    ``known_at``, each as the ledger replays it at its date (known at
    ``known_at``). ``series`` names the series or RTDSM prefix in the header
    (default: the one the vintages were imported with, else the statistic's
    code). ``source`` picks one source's vintages and figures; it is needed
    when the statistic has vintages from more than one.

    An export with nothing to write (no vintages, or no figures) is refused with
    :class:`NotFound` saying why, before anything is written.
    """
    format = check_choice(format.strip().lower(), FORMATS, "export format")
    day, moment = when(as_of, known_at)
    with ledger.engines.reader.connect() as db:
        if not queries.statistic_exists(db, statistic):
            raise NotFound(f"no statistic '{statistic}'")
        if source is not None and not queries.source_exists(db, source):
            raise NotFound(f"no source '{source}'")
        scope = _scope(source, as_of, known_at, day, moment)
        if format in ROW_FORMATS:
            return _write_rows(db, statistic, format, out, day, moment, source, scope)
        return _write_matrix(
            ledger, db, statistic, format, out, day, moment, series, source, scope
        )


def _scope(
    source: str | None, as_of: object, known_at: object, day: str, moment: str
) -> str:
    """What an export was asked for, as its refusal names it: the source and the times
    given ('' when none was)."""
    parts = [f" by source '{source}'" if source is not None else ""]
    if as_of is not None:
        parts.append(f" published by {day}")
    if known_at is not None:
        parts.append(f" known at {moment}")
    return "".join(parts)


# -- the vintage matrix ------------------------------------------------------


@dataclass(frozen=True)
class VintageRelease:
    """A release that is a vintage of a statistic (recorded by vintage import)."""

    label: str
    source: str
    title: str
    published: str
    aggregate_id: str


def vintage_releases(
    ledger: LedgerParts,
    db: Connection,
    statistic: str,
    as_of: str,
    known_at: str,
    source: str | None = None,
) -> list[VintageRelease]:
    """The vintages of ``statistic`` published by ``as_of`` and recorded by ``known_at``."""
    table = schema.releases
    prefix = release_prefix(statistic)
    query = select(
        table.c.key, table.c.source, table.c.title, table.c.published, table.c.aggregate_id
    ).where(table.c.key.startswith(prefix, autoescape=True), table.c.published <= as_of)
    if source is not None:
        query = query.where(table.c.source == source)
    found = [
        VintageRelease(key[len(prefix) :], found_source, title, published, aggregate_id)
        for key, found_source, title, published, aggregate_id in db.execute(query)
    ]
    recorded = _recorded(ledger, db, [release.aggregate_id for release in found])
    found = [release for release in found if recorded.get(release.aggregate_id, "") <= known_at]
    sources = sorted({release.source for release in found})
    if len(sources) > 1:
        raise InvalidInput(
            f"statistic '{statistic}' has vintages from the sources {', '.join(sources)}: "
            "choose one"
        )
    return sorted(found, key=lambda release: (release.published, release.label))


def _recorded(ledger: LedgerParts, db: Connection, aggregate_ids: list[str]) -> dict[str, str]:
    """When each release was recorded: its first event's timestamp, as the tables store it."""
    events = ledger.projections.events
    recorded: dict[str, str] = {}
    for start in range(0, len(aggregate_ids), 500):
        chunk = [UUID(hex=aggregate_id) for aggregate_id in aggregate_ids[start : start + 500]]
        query = select(events.c.originator_id, events.c.state).where(
            events.c.originator_id.in_(chunk), events.c.originator_version == 1
        )
        for originator_id, state in db.execute(query):
            recorded[originator_id.hex] = _timestamp(ledger, state)
    return recorded


def _timestamp(ledger: LedgerParts, state: bytes) -> str:
    mapper = ledger.app.mapper
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    return stamp(datetime.fromisoformat(json.loads(state)["timestamp"]["_data_"]))


def _write_matrix(
    ledger: LedgerParts,
    db: Connection,
    statistic: str,
    format: str,
    out: TextIO,
    as_of: str,
    known_at: str,
    series: str | None,
    source: str | None,
    scope: str = "",
) -> VintageExportReport:
    releases = vintage_releases(ledger, db, statistic, as_of, known_at, source)
    if not releases:
        raise NotFound(
            f"statistic '{statistic}' has no vintages from a vintage import{scope}: "
            f"nothing to export as {format}; use --format csv for its figures"
        )
    if source is None and releases:
        source = releases[0].source
    series = series or _series_of(releases) or statistic
    vintages = [
        Vintage(release.label, date.fromisoformat(release.published)) for release in releases
    ]
    matrix, values = vintage_matrix(db, statistic, source, vintages, known_at)
    if not matrix:
        raise NotFound(
            f"statistic '{statistic}' has {len(vintages)} vintage(s){scope} but no figures "
            f"in them: nothing to export as {format}"
        )
    # Written whole or not at all: a writer may refuse a label half way.
    buffer = io.StringIO()
    try:
        if format == "alfred":
            write_alfred(series, vintages, matrix, buffer)
        elif format == "rtdsm":
            vintages = _rtdsm_vintages(series, vintages)
            write_rtdsm(series, vintages, matrix, buffer, _rtdsm_frequency(matrix))
        else:
            write_bls_ces(vintages, matrix, buffer)
    except InvalidInput as error:
        raise InvalidInput(f"cannot export '{statistic}' as {format}: {error}") from None
    out.write(buffer.getvalue())
    return VintageExportReport(len(vintages), len(matrix), values)


def vintage_matrix(
    db: Connection,
    statistic: str,
    source: str | None,
    vintages: list[Vintage],
    known_at: str,
) -> tuple[dict[str, dict[str, str]], int]:
    """{period: {vintage label: value}}: each vintage's replay at its date, known at ``known_at``.

    Replaying every vintage (one indexed query each) reads the statistic's
    revisions once per vintage; this reads them once, through the replay
    conditions of :mod:`ledger.projections.queries`: the spans known at
    ``known_at``, each in the vintages dated on the days replay gives it.
    Returns the matrix and how many cells hold a value.
    """
    matrix: dict[str, dict[str, str]] = {}
    if not vintages or source is None:
        return matrix, 0
    dates = [vintage.published.isoformat() for vintage in vintages]
    labels = [vintage.label for vintage in vintages]
    values = 0
    for span in queries.spans_known_at(db, statistic, source, known_at, dates[-1]):
        held = queries.days_held(dates, span.pub_from, span.pub_to)
        if not held:
            continue
        cell = _cell(span.text, span.value)
        row = matrix.setdefault(span.period, {})
        for index in held:
            row[labels[index]] = cell
        values += len(held)
    return matrix, values


def _series_of(releases: list[VintageRelease]) -> str | None:
    """The series named in the vintage releases' titles (``GDPC1 vintage ...``)."""
    for release in releases:
        ending = f" vintage {release.label}"
        if release.title.endswith(ending) and len(release.title) > len(ending):
            return release.title[: -len(ending)]
    return None


def _cell(text: str, value: str) -> str:
    """A value as a vintage file writes it: the figure's number as written."""
    try:
        cleaned = clean_cell(text, 0, 0)
    except VintageFileError:
        cleaned = None
    return cleaned if cleaned is not None else value


def _rtdsm_vintages(prefix: str, vintages: list[Vintage]) -> list[Vintage]:
    """RTDSM labels: the vintage's own when it has that shape, else its month's."""
    labelled: list[Vintage] = []
    seen: dict[str, str] = {}
    for vintage in vintages:
        label = vintage.label
        try:
            own_prefix, _ = parse_rtdsm_vintage(label, 0, 0)
        except VintageFileError:
            own_prefix = None
        if own_prefix != prefix:
            label = f"{prefix}{vintage.published:%y}M{vintage.published:%m}"
        if label in seen:
            raise InvalidInput(
                f"vintages '{seen[label]}' and '{vintage.label}' would both be RTDSM "
                f"vintage {label}"
            )
        seen[label] = vintage.label
        labelled.append(Vintage(label, vintage.published))
    return labelled


def _rtdsm_frequency(matrix: dict[str, dict[str, str]]) -> str:
    frequencies = {frequency_of_label(period) for period in matrix}
    if len(frequencies) > 1 or not frequencies <= {MONTHLY, QUARTERLY}:
        raise InvalidInput(
            "an RTDSM file needs monthly or quarterly periods of one frequency, not "
            + ", ".join(sorted(frequencies))
        )
    return frequencies.pop() if frequencies else QUARTERLY


# -- replay rows -------------------------------------------------------------


def _write_rows(
    db: Connection,
    statistic: str,
    format: str,
    out: TextIO,
    as_of: str,
    known_at: str,
    source: str | None,
    scope: str = "",
) -> VintageExportReport:
    """Write the replay rows as they are read: memory is bounded by the statistic's
    figures (their details), not by what is written."""
    replayed = queries.replay(db, as_of, known_at, statistic)
    # Its cursor is closed here, before the connection, however the writing ends.
    with closing(replayed):
        rows = (row for row in replayed if source is None or row.source == source)
        first = next(rows, None)
        if first is None:
            raise NotFound(
                f"statistic '{statistic}' has no figures{scope}: nothing to export as {format}"
            )
        counted = _Counted()
        records = _records(db, statistic, counted.each(chain((first,), rows)))
        if format == "csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for record in records:
                writer.writerow(
                    {name: "" if value is None else value for name, value in record.items()}
                )
        else:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return VintageExportReport(0, counted.periods, counted.rows)


class _Counted:
    """The rows and distinct periods that went by: replay gives a period's rows together."""

    def __init__(self) -> None:
        self.rows = self.periods = 0
        self._period: str | None = None

    def each(self, rows: Iterable[ReplayRow]) -> Iterator[ReplayRow]:
        for row in rows:
            self.rows += 1
            if row.period != self._period:
                self.periods += 1
                self._period = row.period
            yield row


def _records(
    db: Connection, statistic: str, rows: Iterable[ReplayRow]
) -> Iterator[dict[str, Any]]:
    """Each replay row with the native import's fields, the figure's own included."""
    # The statistic's figures: an erratum may have moved a figure to another slot
    # of it since the point exported.
    details = queries.figure_notes(db, statistic)
    for row in rows:
        detail = details.get(row.figure)
        # A corrected value states its effective grain; a published one its own.
        grain = (
            format(row.grain, "f") if row.kind == "corrected" or detail is None else detail.grain
        )
        yield {
            "statistic": row.statistic,
            "period": row.period,
            "value": row.text,
            "source": row.source,
            "published": row.published,
            "status": row.status,
            "grain": grain,
            "url": detail.url if detail else None,
            "quote": detail.quote if detail else None,
            "note": detail.note if detail else None,
            "release": detail.release if detail else None,
        }
