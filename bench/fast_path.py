"""Import and rebuild with the first-print fast path on and off, against raw sqlite3, in one run.

    .venv/bin/python -m bench.fast_path N [--repeats 2]

Each round runs, interleaved so that both see the same machine load: the raw
csv→sqlite ``executemany`` (``baselines.raw_import``), an import with the
fast path off, one with it on; then on one ledger the raw read+insert of
the log (``baselines.raw_copy_events``) and a rebuild each way. The best of
the rounds is kept; the ratios are the project's rate over raw sqlite3's, by
wall clock and by this process's CPU time (on a machine others load, the CPU
time is the steadier: both sides run in this one process, SQLite included).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench import baselines
from bench.measure import PhaseClock
from bench.synthetic import write_csv

MODES = {"general": False, "fast": True}


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def measure(n: int, workdir: Path, repeats: int) -> dict:
    from ledger.bootstrap import open_ledger
    from ledger.projections.projector import PageProjector

    csv_path = workdir / "figures.csv"
    write_csv(csv_path, n, 1)
    raw_db, copy_db = workdir / "raw.db", workdir / "copy.db"
    best: dict[str, float] = {}

    def keep(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        found = fn(*args, **kwargs)
        for key, seconds in ((name, time.perf_counter() - started),
                             (f"{name}_cpu", time.process_time() - cpu)):  # fmt: skip
            best[key] = min(seconds, best.get(key, seconds))
        return found

    ledger_path = workdir / "ledger.db"
    for _ in range(repeats):
        _remove(raw_db)
        keep("raw_import", baselines.raw_import, csv_path, raw_db)
        for mode, on in MODES.items():
            _remove(ledger_path)
            with (
                patch.object(PageProjector, "FAST_PATH", on),
                open_ledger(str(ledger_path), by="bench", create=True) as ledger,
            ):
                clock = PhaseClock()
                ledger.projections.catch_up = clock.wrap(ledger.projections.catch_up)
                report = keep(f"import_{mode}", ledger.import_file, csv_path, "csv",
                              create_missing=True)  # fmt: skip
            if report.rows != n:
                raise RuntimeError(f"imported {report.rows} rows, expected {n}")
            best[f"catch_up_{mode}"] = min(clock.seconds, best.get(f"catch_up_{mode}", 1e9))
    for _ in range(repeats):
        copied, _seconds = keep("raw_copy", baselines.raw_copy_events, ledger_path, copy_db)
        for mode, on in MODES.items():
            with (
                patch.object(PageProjector, "FAST_PATH", on),
                open_ledger(str(ledger_path), by="bench") as ledger,
            ):
                events = keep(f"rebuild_{mode}", ledger.rebuild)
            if events != copied:
                raise RuntimeError(f"rebuild applied {events} events, the log has {copied}")
    result: dict = {"n": n, **best}
    for mode in MODES:
        for clock_name in ("", "_cpu"):
            for what, raw in (("import", "raw_import"), ("rebuild", "raw_copy")):
                result[f"{what}_ratio_{mode}{clock_name}"] = (
                    best[f"{raw}{clock_name}"] / best[f"{what}_{mode}{clock_name}"]
                )
    return result


def table(result: dict) -> str:
    lines = [
        f"N = {result['n']:,}",
        "| | general fold | fast path | raw sqlite3 |",
        "|---|---|---|---|",
    ]
    for what, raw in (("import", "raw_import"), ("catch_up", None), ("rebuild", "raw_copy")):
        general, fast = result[f"{what}_general"], result[f"{what}_fast"]
        lines.append(
            f"| {what} s | {general:.1f} | {fast:.1f} ({general / fast:.2f}×) | "
            + (f"{result[raw]:.2f} |" if raw else "– |")
        )
    for what, raw in (("import", "raw_import"), ("rebuild", "raw_copy")):
        general, fast = result[f"{what}_general_cpu"], result[f"{what}_fast_cpu"]
        lines.append(
            f"| {what} CPU s | {general:.1f} | {fast:.1f} ({general / fast:.2f}×) | "
            f"{result[f'{raw}_cpu']:.2f} |"
        )
    for what in ("import", "rebuild"):
        for clock_name, label in (("", "wall"), ("_cpu", "CPU")):
            lines.append(
                f"| {what} ratio to raw ({label}) | "
                f"{result[f'{what}_ratio_general{clock_name}']:.3f} | "
                f"{result[f'{what}_ratio_fast{clock_name}']:.3f} | 1 |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="recount-fast-path-") as folder:
        result = measure(args.n, Path(folder), args.repeats)
    sys.stdout.write(json.dumps(result) + "\n" + table(result) + "\n")


if __name__ == "__main__":
    main()
