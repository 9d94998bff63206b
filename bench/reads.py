"""One whole-ledger read, in a process of its own so that its peak RSS is its own.

    python -m bench.reads project replay LEDGER OUT.json
    python -m bench.reads raw replay LEDGER OUT.json --query QUERY.json
    python -m bench.reads cli replay LEDGER OUT.json
    python -m bench.reads compare LEDGER [--times 2] [--reads replay,discrepancies]

LEDGER is a SQLite file or a PostgreSQL URL (``postgresql+psycopg://…/db``).

``project`` runs the read through the ledger's Python API (``iter_replay`` /
``iter_discrepancies`` when the door has them, else ``replay()`` /
``discrepancies()``) and writes what the CLI writes: replay as ndjson (one
``jsonout.dumps`` a row), the register as one JSON array; both to /dev/null.
It also records the SQL the project ran (see :func:`_capturing`), so that
``raw`` can run that very statement with sqlite3 alone, ``json.dumps`` a row.
The raw process imports neither the ledger nor SQLAlchemy: its peak is the
floor of an interpreter that streams the same rows (on PostgreSQL through a
psycopg server-side cursor, as the ledger reads there). ``cli`` runs the real
``recount replay --format ndjson`` / ``recount discrepancies --json`` to
/dev/null and takes its peak from the kernel (``wait4``): interpreter start,
imports and opening the ledger included. ``compare`` runs all three on an
existing ledger, alternating, each run in a fresh process, and prints one
JSON line a read: a ledger built once is measured as often as wanted.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

READS = ("replay", "discrepancies")
# KiB: the page cache of the ledger's reading connection (ledger/storage.py's
# READER_CACHE_KIB; SQLite's default), so that the peaks differ by code, not a pragma.
LEDGER_CACHE_SIZE = -2000
# The whole-ledger commands of the CLI, as the issue measures them.
CLI_ARGS = {
    "replay": ["replay", "--format", "ndjson"],
    "discrepancies": ["discrepancies", "--json"],
}
# Rows a raw server-side cursor takes at once: the ledger's own FETCH_BATCH.
PG_BATCH = 2000


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


def on_postgres(ledger: str) -> bool:
    return ledger.startswith("postgresql")


def project(read: str, ledger_path: str) -> dict[str, Any]:
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


def raw(ledger_path: str, sql: str, params: list) -> dict[str, Any]:
    if on_postgres(ledger_path):
        return raw_postgres(ledger_path, sql, params)
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


def _encodable(value: Any) -> Any:
    """What psycopg gives that json cannot write: a figure id's bytes, a Decimal."""
    return bytes(value).hex() if isinstance(value, bytes | memoryview) else str(value)


def raw_postgres(url: str, sql: str, params: list) -> dict[str, Any]:
    """``sql`` through a psycopg server-side cursor, ``PG_BATCH`` rows a fetch."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    rows = 0
    dumps = json.JSONEncoder(default=_encodable).encode
    with psycopg.connect(dsn) as db, open("/dev/null", "w") as out:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        rss_before = current_rss_bytes()
        started = time.perf_counter()
        with db.cursor(name="raw_read") as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(PG_BATCH):
                for row in batch:
                    out.write(dumps(row))
                    out.write("\n")
                    rows += 1
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": rows, "rss_before": rss_before,
            "rss_peak": peak_rss_bytes()}  # fmt: skip


def cli(read: str, ledger: str, recount: list[str] | None = None) -> dict[str, Any]:
    """The real ``recount`` command of ``read`` on ``ledger``, its output to /dev/null:
    its wall time and its peak RSS as the kernel counted it. ``recount`` is how to run
    it (default: the ``recount`` beside this interpreter)."""
    recount = recount or [str(Path(sys.executable).with_name("recount"))]
    command = [*recount, "--db", ledger, "--by", "bench", *CLI_ARGS[read]]
    with open("/dev/null", "w") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}): {stderr.strip()}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return {"seconds": seconds, "rows": None, "rss_peak": peak, "command": command}


def _in_child(args: list[str]) -> dict[str, Any]:
    """One side of a read in a fresh interpreter; its result read back from a file."""
    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="recount-reads-") as folder:
        out = Path(folder) / "read.json"
        done = subprocess.run([sys.executable, "-m", "bench.reads", *args[:3], str(out),
                               *args[3:]], env=env, capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"bench.reads {' '.join(args[:2])} failed:\n{done.stderr.strip()}")
        return json.loads(out.read_text(encoding="utf-8"))


def compare(ledger: str, read: str, times: int, recount: str | None = None) -> dict[str, Any]:
    """``read`` of the whole ``ledger`` through the API, the CLI and raw, ``times`` each,
    alternating: the best time and the highest peak of each side."""
    runs: dict[str, list[dict[str, Any]]] = {"project": [], "cli": [], "raw": []}
    with tempfile.TemporaryDirectory(prefix="recount-reads-query-") as folder:
        query = Path(folder) / "query.json"
        for _ in range(times):
            found = _in_child(["project", read, ledger])
            runs["project"].append(found)
            if not query.exists():
                if found["sql"] is None:
                    raise RuntimeError(f"{read}: the project's statement was not seen")
                query.write_text(json.dumps([found["sql"], found["params"]]), encoding="utf-8")
            runs["cli"].append(_in_child(["cli", read, ledger, *(["--recount", recount] if recount
                                                                  else [])]))  # fmt: skip
            runs["raw"].append(_in_child(["raw", read, ledger, "--query", str(query)]))
    rows = {r["rows"] for r in runs["project"] + runs["raw"]}
    if len(rows) != 1:
        raise RuntimeError(f"{read}: project and raw gave {sorted(rows)} rows")
    best = {side: min(r["seconds"] for r in found) for side, found in runs.items()}
    peak = {side: max(r["rss_peak"] or 0 for r in found) for side, found in runs.items()}
    return {
        "ledger": ledger, "read": read, "rows": rows.pop(), "times": times,
        "streaming": runs["project"][0]["streaming"],
        "project_s": best["project"], "cli_s": best["cli"], "raw_s": best["raw"],
        "ratio": best["raw"] / best["project"], "cli_ratio": best["raw"] / best["cli"],
        "project_rss_peak_mib": peak["project"] / 2**20, "cli_rss_peak_mib": peak["cli"] / 2**20,
        "raw_rss_peak_mib": peak["raw"] / 2**20,
        "project_rss_before_mib": max(r["rss_before"] or 0 for r in runs["project"]) / 2**20,
        "cli_command": runs["cli"][0]["command"],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=("project", "raw", "cli", "compare"))
    parser.add_argument("read", nargs="?", choices=READS,
                        help="the read (not with compare: see --reads)")  # fmt: skip
    parser.add_argument("ledger", help="a SQLite file or a PostgreSQL URL")
    parser.add_argument("out", type=Path, nargs="?", help="where the result goes (JSON)")
    parser.add_argument("--query", type=Path, help="raw: a JSON file holding [sql, params]")
    parser.add_argument("--times", type=int, default=2, help="compare: runs of each side")
    parser.add_argument("--reads", default=",".join(READS), help="compare: which reads")
    parser.add_argument("--recount", help="cli, compare: the command that runs recount "
                        "(default: the recount beside this interpreter)")  # fmt: skip
    # Intermixed: bench.one_size puts OUT after --query, and OUT and READ are optional.
    args = parser.parse_intermixed_args(argv)
    if args.side == "compare":
        for read in args.reads.split(","):
            found = compare(args.ledger, read, args.times, args.recount)
            sys.stdout.write(json.dumps(found) + "\n")
            sys.stdout.flush()
        return
    if args.read is None or args.out is None:
        parser.error(f"{args.side} needs READ LEDGER OUT")
    if args.side == "project":
        result = project(args.read, args.ledger)
    elif args.side == "cli":
        result = cli(args.read, args.ledger, shlex.split(args.recount) if args.recount else None)
    else:
        sql, params = json.loads(args.query.read_text(encoding="utf-8"))
        result = raw(args.ledger, sql, params)
    args.out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
