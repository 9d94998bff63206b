"""The raw sqlite3 baselines each project measurement is set against.

They do the least work that answers the same question with the standard
library alone: no event envelope, no validation, no read models. Connections
are tuned as the ledger's own are (WAL, ``synchronous=NORMAL``) so the ratio
measures the project's code, not a pragma.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from bench.synthetic import COLUMNS

EVENTS_TABLE = "recount_events"

AS_OF_SQL = """
SELECT period, source, value, published FROM (
    SELECT period, source, value, published,
           ROW_NUMBER() OVER (
               PARTITION BY period, source ORDER BY published DESC, rowid DESC
           ) AS newest
    FROM figures
    WHERE statistic = ? AND published <= ?
)
WHERE newest = 1
ORDER BY period, source
"""


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _csv_rows(csv_path: Path) -> Iterator[tuple[str, ...]]:
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        where = [header.index(c) for c in COLUMNS]
        for row in reader:
            yield tuple(row[i] for i in where)


def raw_import(csv_path: Path, db_path: Path) -> tuple[int, float]:
    """Stream the CSV's 5 columns into a plain table with one ``executemany``, one transaction.

    Returns (rows, seconds). The CSV is parsed inside the timing, as the
    project's import must parse it too. The as-of index is built afterwards,
    outside the timing (see :func:`index_for_as_of`).
    """
    db = connect(db_path)
    try:
        db.execute(f"CREATE TABLE figures ({', '.join(f'{c} TEXT' for c in COLUMNS)})")
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(
            f"INSERT INTO figures VALUES ({', '.join('?' * len(COLUMNS))})", _csv_rows(csv_path)
        )
        db.execute("COMMIT")
        seconds = time.perf_counter() - started
        rows = db.execute("SELECT count(*) FROM figures").fetchone()[0]
    finally:
        db.close()
    return rows, seconds


def index_for_as_of(db_path: Path) -> None:
    db = connect(db_path)
    try:
        db.execute("CREATE INDEX IF NOT EXISTS figures_as_of ON figures (statistic, published)")
        db.execute("ANALYZE")
    finally:
        db.close()


def raw_as_of(db: sqlite3.Connection, statistic: str, as_of: str) -> list[tuple[str, ...]]:
    """Per (period, source) the newest row published on or before ``as_of``."""
    return db.execute(AS_OF_SQL, (statistic, as_of)).fetchall()


def statistic_spans(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Each statistic's first and last publication date (to draw as-of dates from)."""
    query = "SELECT statistic, min(published), max(published) FROM figures GROUP BY statistic"
    return {code: (first, last) for code, first, last in db.execute(query)}


def raw_copy_events(ledger_path: Path, target_path: Path) -> tuple[int, float]:
    """Read every row of the ledger's event table and ``executemany`` it into a fresh table.

    The baseline of a rebuild: the same bytes read and written once, with no
    decoding and no read-model logic. Returns (rows, seconds).
    """
    target_path.unlink(missing_ok=True)
    source = sqlite3.connect(ledger_path)
    target = connect(target_path)
    try:
        columns = [r[1] for r in source.execute(f"PRAGMA table_info({EVENTS_TABLE})")]
        target.execute(f"CREATE TABLE copied ({', '.join(columns)})")
        started = time.perf_counter()
        target.execute("BEGIN")
        target.executemany(
            f"INSERT INTO copied VALUES ({', '.join('?' * len(columns))})",
            source.execute(f"SELECT {', '.join(columns)} FROM {EVENTS_TABLE} ORDER BY rowid"),
        )
        target.execute("COMMIT")
        seconds = time.perf_counter() - started
        rows = target.execute("SELECT count(*) FROM copied").fetchone()[0]
    finally:
        source.close()
        target.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target_path}{suffix}").unlink(missing_ok=True)
    return rows, seconds


# The read models a rebuild writes, as they are named in the ledger's file.
READ_MODELS = (
    "catalogue_statistics", "catalogue_sources", "catalogue_releases", "slots", "readings",
    "archivists", "figures", "versions", "discrepancies", "discrepancy_notes",
)  # fmt: skip


def raw_same_rows(
    ledger_path: Path, target_path: Path, read_log: bool, tables: tuple[str, ...]
) -> tuple[int, float]:
    """The project's own output written by raw sqlite3: the I/O floor of its design.

    Each of ``tables`` is created afresh with the ledger's own DDL (indexes
    included) and filled with one ``executemany`` streamed from the ledger's
    rows, one transaction; with ``read_log`` the whole event table is read
    first (fetched, not decoded), as a rebuild must. What is left between
    this and the project is its own work: decoding, folding, deciding.
    Returns (rows written, seconds).
    """
    target_path.unlink(missing_ok=True)
    source = sqlite3.connect(ledger_path)
    target = connect(target_path)
    written = 0
    try:
        ddl = {
            table: [
                sql
                for (sql,) in source.execute(
                    "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                    "ORDER BY type DESC",  # the table before its indexes
                    (table,),
                )
            ]
            for table in tables
        }
        for statements in ddl.values():
            for statement in statements:
                target.execute(statement)
        started = time.perf_counter()
        if read_log:
            cursor = source.execute(f"SELECT * FROM {EVENTS_TABLE} ORDER BY id")
            while cursor.fetchmany(10_000):
                pass
        target.execute("BEGIN")
        for table in tables:
            width = len(source.execute(f"SELECT * FROM {table} LIMIT 0").description)
            cursor = target.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' * width)})",
                source.execute(f"SELECT * FROM {table}"),
            )
            written += cursor.rowcount
        target.execute("COMMIT")
        seconds = time.perf_counter() - started
    finally:
        source.close()
        target.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target_path}{suffix}").unlink(missing_ok=True)
    return written, seconds


# The statements a whole-ledger replay and register read run, as the project
# was seen to run them (bench.reads records them at run time, and those are
# used; these copies are the fallback when a read went some way the recording
# does not see). Kept from ledger/projections/queries.py, replay() and
# discrepancies() with no filter; tests/test_bench_smoke.py checks they still match.
WHOLE_LEDGER_SQL = {
    "replay": (
        "SELECT s.statistic, s.period, s.source, r.value, r.text, r.qualifier, r.grain, r.tight, "
        "r.wide, v.status, v.published, v.recorded, v.recorded_by, v.figure, v.kind, "
        "s.period_start, s.period_end FROM slots s CROSS JOIN versions v "
        "JOIN readings r ON r.id = v.reading "
        "WHERE v.slot = s.id AND v.pub_from <= ? AND (v.pub_to IS NULL OR v.pub_to > ?) "
        "AND v.rec_from <= ? AND (v.rec_to IS NULL OR v.rec_to > ?) "
        "ORDER BY s.statistic, s.period_start, s.period_end, s.period, s.source"
    ),
    "discrepancies": (
        "SELECT statistic, period, period_start, period_end, severity, internal, gap, figures, "
        "sources, state, explanation_kind, explanation_note FROM discrepancies "
        "ORDER BY statistic, period_start, period_end, period"
    ),
}


def whole_ledger_query(
    read: str, seen_sql: str | None, seen_params: list | None
) -> tuple[str, list, str]:
    """(sql, params, origin) for the raw side of a whole-ledger ``read``: the statement
    the project ran when it was seen (origin ``"project"``), else the copy (``"copy"``)."""
    if seen_sql is not None:
        return seen_sql, list(seen_params or ()), "project"
    if read == "discrepancies":
        return WHOLE_LEDGER_SQL[read], [], "copy"
    from ledger.projections.codec import day, micros
    from ledger.semantics.checks import when

    today, moment = when(None, None)
    return WHOLE_LEDGER_SQL[read], [day(today), day(today), micros(moment), micros(moment)], "copy"
