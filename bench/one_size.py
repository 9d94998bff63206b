"""Every measurement at one size N, run in its own process (``python -m bench.one_size``).

A fresh process per N makes the memory high-water mark belong to that N's
import alone: the project import runs before anything that could hold more
memory, and the mark is read right after it. Each project measurement is
interleaved with its raw sqlite3 baseline in this same process, so both see
the same machine load; cheap ones take the best (or the median) of repeats.
All files live in the work directory the caller gives and is expected to
remove.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path
from typing import Any

from bench import baselines
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
) -> dict[str, Any]:
    """Every measurement at size ``n``; ``times`` overrides :func:`repeats`."""
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

    # 3. full rebuild of the read models, against reading and re-inserting the event table.
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
    args = parser.parse_args(argv)
    result = measure(args.n, args.workdir, args.seed, args.as_of_calls, args.repeats)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
