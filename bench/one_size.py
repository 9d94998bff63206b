"""Every measurement at one size N, run in its own process (``python -m bench.one_size``).

A fresh process per N makes the memory high-water mark belong to that N's
import alone: the project import runs before anything that could hold more
memory, and the mark is read right after it. Each project measurement is
interleaved with its raw sqlite3 baseline in this same process, so both see
the same machine load; cheap ones take the best (or the median) of repeats.
The whole-ledger reads (``bench.reads``) and the eventsourcing peer
(``bench.library_peer``) run in child processes of their own, so that each
peak RSS belongs to one measurement.
All files live in the work directory the caller gives and is expected to
remove.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import baselines, reads
from bench.measure import (
    PhaseClock,
    current_rss_bytes,
    median,
    peak_rss_bytes,
    sqlite_heap_highwater,
    timed,
)
from bench.synthetic import write_csv

AS_OF_CALLS = 50


def repeats(n: int) -> int:
    """How many times a measurement is worth repeating at size ``n``."""
    return 3 if n <= 10_000 else 2 if n <= 100_000 else 1


def measure(
    n: int,
    workdir: Path,
    seed: int = 1,
    as_of_calls: int = AS_OF_CALLS,
    times: int | None = None,
    peer: bool = False,
) -> dict[str, Any]:
    """Every measurement at size ``n``; ``times`` overrides :func:`repeats`; ``peer``
    adds the eventsourcing library's documented path (``bench.library_peer``)."""
    from ledger.bootstrap import open_ledger

    workdir = Path(workdir)
    times = times or repeats(n)
    result: dict[str, Any] = {"n": n}
    csv_path = workdir / f"figures-{n}.csv"
    synthetic, result["generate_s"] = timed(write_csv, csv_path, n, seed)
    result["statistics"] = len(synthetic.statistics)
    raw_db = workdir / "raw.db"

    # 1. import, with the peak memory of the (first) project import.
    raw_times = []
    import_runs = []
    rss_before = current_rss_bytes()
    sqlite_heap_highwater(reset=True)
    for attempt in range(times):
        _remove_db(raw_db)
        (raw_rows, raw_s) = baselines.raw_import(csv_path, raw_db)
        raw_times.append(raw_s)
        ledger_path = workdir / f"ledger-{attempt}.db"
        with open_ledger(str(ledger_path), by="bench", create=True) as ledger:
            # The import catches up through the read models themselves, not the door.
            catch_up = PhaseClock()
            ledger.projections.catch_up = catch_up.wrap(ledger.projections.catch_up)
            report, total_s = timed(ledger.import_file, csv_path, "csv", create_missing=True)
        if attempt == 0:
            result["rss_before_import"] = rss_before
            result["rss_peak_import"] = peak_rss_bytes()
            result["sqlite_heap_peak_import"] = sqlite_heap_highwater()
        import_runs.append((total_s, catch_up.seconds, report.rows, ledger_path))
        if raw_rows != n or report.rows != n:
            raise RuntimeError(f"imported {report.rows} rows, raw {raw_rows}, expected {n}")
    total_s, catch_up_s, _rows, ledger_path = min(import_runs)
    for *_, other in import_runs:
        if other != ledger_path:
            _remove_db(other)
    result.update(
        import_s=total_s,
        import_write_s=total_s - catch_up_s,
        import_catch_up_s=catch_up_s,
        import_rate=n / total_s,
        raw_import_s=min(raw_times),
        raw_import_rate=n / min(raw_times),
    )
    result["import_ratio"] = result["import_rate"] / result["raw_import_rate"]
    result["ledger_bytes"] = ledger_path.stat().st_size
    result["raw_bytes"] = raw_db.stat().st_size
    result.update(disk_use(ledger_path, n))
    result["raw_bytes_per_figure"] = _file_bytes(raw_db) / n
    if peer:
        result.update(_run_peer(csv_path, workdir))
        result["peer_ratio"] = result["import_rate"] / result["peer_rate"]
    csv_path.unlink()

    # 2. as-of replay of one statistic, project and baseline alternating on the same draws.
    baselines.index_for_as_of(raw_db)
    raw = sqlite3.connect(raw_db)
    spans = baselines.statistic_spans(raw)
    rng = random.Random(seed + n)
    draws = []
    for _ in range(as_of_calls):
        code = rng.choice(synthetic.statistics)
        first, last = spans[code]
        day = rng.randint(_ordinal(first), _ordinal(last))
        draws.append((code, _iso(day)))
    project_times, raw_times, rows_seen, disagreements = [], [], [], 0
    with open_ledger(str(ledger_path), by="bench") as ledger:
        ledger.replay(statistic=draws[0][0], as_of=draws[0][1])  # warm up both
        baselines.raw_as_of(raw, *draws[0])
        for code, day in draws:
            rows, seconds = timed(ledger.replay, statistic=code, as_of=day)
            project_times.append(seconds)
            expected, seconds = timed(baselines.raw_as_of, raw, code, day)
            raw_times.append(seconds)
            rows_seen.append(len(rows))
            got = sorted((r.period, r.source, r.text, r.published) for r in rows)
            disagreements += got != sorted(expected)
    raw.close()
    result.update(
        as_of_s=median(project_times),
        raw_as_of_s=median(raw_times),
        as_of_rows=median(rows_seen),
        as_of_calls=as_of_calls,
        as_of_disagreements=disagreements,
    )
    result["as_of_ratio"] = result["as_of_s"] / result["raw_as_of_s"]

    # 3. whole-ledger reads, each side in a process of its own (its peak RSS is its own).
    # Two runs at most: each costs an interpreter's start, and a read of the whole
    # ledger is long enough not to need a third.
    for read in reads.READS:
        result.update(whole_read(read, ledger_path, workdir, min(times, 2)))

    # 4. full rebuild of the read models, against reading and re-inserting the event table.
    # Besides copying the log (the strict baseline), raw sqlite3 also writes the
    # very rows the project wrote: the floor of the design, for import and rebuild.
    rebuild_times, copy_times, rebuild_floor_times, import_floor_times = [], [], [], []
    copy_db = workdir / "copy.db"
    with open_ledger(str(ledger_path), by="bench") as ledger:
        for _ in range(times):
            events, seconds = timed(ledger.rebuild)
            rebuild_times.append(seconds)
            copied, seconds = timed(baselines.raw_copy_events, ledger_path, copy_db)
            copy_times.append(seconds)
            if copied[0] != events:
                raise RuntimeError(f"rebuild applied {events} events, the log has {copied[0]}")
            rows, seconds = baselines.raw_same_rows(
                ledger_path, copy_db, True, baselines.READ_MODELS
            )
            rebuild_floor_times.append(seconds)
            rows, seconds = baselines.raw_same_rows(
                ledger_path, copy_db, False, (baselines.EVENTS_TABLE, *baselines.READ_MODELS)
            )
            import_floor_times.append(seconds)
    result.update(
        import_floor_s=min(import_floor_times),
        import_floor_ratio=min(import_floor_times) / result["import_s"],
        rebuild_floor_s=min(rebuild_floor_times),
        rebuild_floor_ratio=min(rebuild_floor_times) / min(rebuild_times),
    )
    result.update(
        events=events,
        rebuild_s=min(rebuild_times),
        rebuild_rate=events / min(rebuild_times),
        raw_copy_s=min(copy_times),
        raw_copy_rate=events / min(copy_times),
    )
    result["rebuild_ratio"] = result["rebuild_rate"] / result["raw_copy_rate"]
    _remove_db(ledger_path)
    _remove_db(raw_db)
    return result


def _file_bytes(path: Path) -> int:
    return sum(
        Path(f"{path}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )


def disk_use(ledger_path: Path, n: int) -> dict[str, Any]:
    """Bytes per figure on disk after a checkpoint, and per table where SQLite has ``dbstat``.

    Indexes count with their table; pages on the free list are ``free``.
    """
    db = sqlite3.connect(ledger_path, isolation_level=None)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            pages = db.execute(
                "SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat AS s "
                "LEFT JOIN sqlite_master AS m ON m.name = s.name GROUP BY 1"
            ).fetchall()
        except sqlite3.OperationalError:  # built without SQLITE_ENABLE_DBSTAT_VTAB
            pages = None
    finally:
        db.close()
    total = _file_bytes(ledger_path)
    tables = None
    if pages is not None:
        tables = {name: size / n for name, size in pages}
        free = total - sum(size for _, size in pages)
        if free > 0:
            tables["free"] = free / n
    return {"disk_bytes": total, "bytes_per_figure": total / n, "bytes_per_table": tables}


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


def _child(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=_child_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed:\n{done.stderr.strip()}")
    return done.stdout


def _read_in_child(args: list[str], workdir: Path) -> dict[str, Any]:
    out = workdir / "read.json"
    _child(["bench.reads", *args, str(out)], workdir)
    found = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return found


def whole_read(read: str, ledger_path: Path, workdir: Path, times: int) -> dict[str, Any]:
    """The whole ledger's ``read`` through the project, and its own SQL through sqlite3.

    Alternating, ``times`` each, every run in a fresh process: the best time
    and the highest peak of each side. The raw side runs the statement the
    project was seen to run; when it was not seen (a door that reads some
    other way), the copy kept in ``bench.baselines``.
    """
    query_file = workdir / "query.json"
    project_runs, raw_runs = [], []
    for _ in range(times):
        found = _read_in_child(["project", read, str(ledger_path)], workdir)
        project_runs.append(found)
        if not raw_runs:
            sql, params, origin = baselines.whole_ledger_query(read, found["sql"], found["params"])
            query_file.write_text(json.dumps([sql, params]), encoding="utf-8")
        raw_runs.append(
            _read_in_child(["raw", read, str(ledger_path), "--query", str(query_file)], workdir)
        )
    query_file.unlink()
    rows = {r["rows"] for r in project_runs + raw_runs}
    if len(rows) != 1:
        raise RuntimeError(f"{read}: project and raw sqlite3 gave {sorted(rows)} rows")
    best, best_raw = min(r["seconds"] for r in project_runs), min(r["seconds"] for r in raw_runs)
    return {
        f"{read}_rows": rows.pop(),
        f"{read}_s": best,
        f"raw_{read}_s": best_raw,
        f"{read}_ratio": best_raw / best,  # project rate over raw rate
        f"{read}_rss_before": max(r["rss_before"] or 0 for r in project_runs),
        f"{read}_rss_peak": max(r["rss_peak"] or 0 for r in project_runs),
        f"raw_{read}_rss_peak": max(r["rss_peak"] or 0 for r in raw_runs),
        f"{read}_streaming": project_runs[0]["streaming"],
        f"{read}_sql_origin": origin,
    }


def _run_peer(csv_path: Path, workdir: Path) -> dict[str, Any]:
    """The eventsourcing library's documented path on the same CSV, in a process of its own."""
    peer_dir = workdir / "peer"
    peer_dir.mkdir()
    found = json.loads(
        _child(["bench.library_peer", str(csv_path), str(peer_dir)], workdir).splitlines()[-1]
    )
    for path in peer_dir.iterdir():
        path.unlink()
    peer_dir.rmdir()
    return found


def _ordinal(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


def _iso(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of-calls", type=int, default=AS_OF_CALLS)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--peer", action="store_true", help="also run bench.library_peer")
    args = parser.parse_args(argv)
    result = measure(
        args.n, args.workdir, args.seed, args.as_of_calls, args.repeats, peer=args.peer
    )
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
