"""One whole-ledger read, in a process of its own so that its peak RSS is its own.

    python -m bench.reads project replay LEDGER OUT.json
    python -m bench.reads raw replay LEDGER OUT.json --query QUERY.json

``project`` runs the read through the ledger's Python API (``iter_replay`` /
``iter_discrepancies`` when the door has them, else ``replay()`` /
``discrepancies()``) and writes what the CLI writes: replay as ndjson (one
``jsonout.dumps`` a row), the register as one JSON array; both to /dev/null.
It also records the SQL the project ran (see :func:`_capturing`), so that
``raw`` can run that very statement with sqlite3 alone, ``json.dumps`` a row.
The raw process imports neither the ledger nor SQLAlchemy: its peak is the
floor of an interpreter that streams the same rows.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

READS = ("replay", "discrepancies")
LEDGER_CACHE_SIZE = -65536  # KiB, as ledger/storage.py's _tune_sqlite sets it


def peak_rss_bytes() -> int | None:
    """This process's high-water mark (VmHWM), read at the end of the measurement."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def current_rss_bytes() -> int | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


class _RecordingCursor:
    """A DBAPI cursor that notes each statement it runs; everything else is the cursor's."""

    __slots__ = ("_cursor", "_found")

    def __init__(self, cursor: Any, found: list[tuple[str, list]]) -> None:
        self._cursor = cursor
        self._found = found

    def execute(self, sql: str, params: Any = ()) -> _RecordingCursor:
        self._found.append((sql, list(params or ())))
        self._cursor.execute(sql, params)
        return self

    def __iter__(self):
        return iter(self._cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


@contextmanager
def _capturing(found: list[tuple[str, list]]):
    """Record every statement the project runs, whichever way it reaches the driver.

    Both SQLAlchemy's own execution and the ledger's raw-cursor reads take
    their cursor from the pool's connection proxy, so that is where the
    recording cursor goes in: one Python call per statement and per
    ``fetchmany``, nothing per row.
    """
    from sqlalchemy.pool.base import _ConnectionFairy

    cursor = _ConnectionFairy.cursor

    def recording_cursor(self, *args: Any, **kwargs: Any) -> _RecordingCursor:
        return _RecordingCursor(cursor(self, *args, **kwargs), found)

    _ConnectionFairy.cursor = recording_cursor
    try:
        yield
    finally:
        _ConnectionFairy.cursor = cursor


def project(read: str, ledger_path: Path) -> dict[str, Any]:
    from cli.render import STREAMED_JSON
    from ledger import jsonout
    from ledger.bootstrap import open_ledger

    # The CLI's own encoders (byte-equal to jsonout.dumps, property-tested).
    compact, indented = jsonout.encoder(None, STREAMED_JSON), jsonout.encoder(2, STREAMED_JSON)

    statements: list[tuple[str, list]] = []
    rows = 0
    with open_ledger(str(ledger_path), by="bench") as ledger, open("/dev/null", "w") as out:
        streaming = getattr(ledger, f"iter_{read}", None)
        rss_before = current_rss_bytes()
        started = time.perf_counter()
        with _capturing(statements):
            found = streaming() if streaming is not None else getattr(ledger, read)()
            if read == "replay":
                for row in found:
                    out.write(compact(row))
                    out.write("\n")
                    rows += 1
            else:
                out.write("[")
                for row in found:
                    out.write(",\n" if rows else "\n")
                    out.write(indented(row))
                    rows += 1
                out.write("\n]\n")
        seconds = time.perf_counter() - started
    table = "slots s CROSS JOIN versions" if read == "replay" else "discrepancies"
    query = next(
        ((sql, params) for sql, params in statements if f"FROM {table}" in sql), (None, None)
    )
    return {
        "seconds": seconds,
        "rows": rows,
        "streaming": streaming is not None,
        "rss_before": rss_before,
        "rss_peak": peak_rss_bytes(),
        "sql": query[0],
        "params": query[1],
    }


def raw(ledger_path: Path, sql: str, params: list) -> dict[str, Any]:
    db = sqlite3.connect(ledger_path, isolation_level=None)
    # The page cache the ledger's own connections keep (ledger/storage.py, 64 MB): a
    # whole-ledger read fills it on both sides, so the peaks differ by code, not a pragma.
    db.execute(f"PRAGMA cache_size={LEDGER_CACHE_SIZE}")
    rows = 0
    dumps = json.JSONEncoder(default=bytes.hex).encode  # a figure id is 16 bytes
    try:
        with open("/dev/null", "w") as out:
            rss_before = current_rss_bytes()
            started = time.perf_counter()
            for row in db.execute(sql, params):
                out.write(dumps(row))
                out.write("\n")
                rows += 1
            seconds = time.perf_counter() - started
    finally:
        db.close()
    return {
        "seconds": seconds,
        "rows": rows,
        "rss_before": rss_before,
        "rss_peak": peak_rss_bytes(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("project", "raw"))
    parser.add_argument("read", choices=READS)
    parser.add_argument("ledger", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--query", type=Path, help="raw: a JSON file holding [sql, params]")
    args = parser.parse_args(argv)
    if args.side == "project":
        result = project(args.read, args.ledger)
    else:
        sql, params = json.loads(args.query.read_text(encoding="utf-8"))
        result = raw(args.ledger, sql, params)
    args.out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
