"""Time to the home screen's first paint, and peak RSS, on a large ledger vs an empty one.

    .venv/bin/python bench/tui_paint.py [--figures 1000000] [--repeats 3]

Builds an empty ledger and a synthetic one of N figures (``bench/synthetic.py``
+ ``import_file``) once, in a temporary directory removed at the end, then
for each ledger starts the UI headless in a fresh process
(``build_app(ledger, poll_interval=None)``, ``app.run_test(size=(120, 40))``)
and measures the time from opening the ledger to the home table holding its
first rows (on the empty ledger: showing that it is empty), and the process's
peak RSS (``ru_maxrss``; the ledgers are built in a process of their own, as
Linux carries the peak over fork and exec). Prints a Markdown table with the
large/empty ratios (goal ≤ 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_FIGURES = 100_000
SIZE = (120, 40)
GOAL = 1.5
PAINT_TIMEOUT_S = 600.0


# -- inside the measuring process ----------------------------------------------------


async def first_paint(path: str) -> dict[str, Any]:
    from ledger.bootstrap import open_ledger
    from tui.app import build_app
    from tui.screens.statistics import StatisticsScreen

    started = time.perf_counter()
    ledger = open_ledger(path, "bench")
    try:
        app = build_app(ledger, poll_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            deadline = started + PAINT_TIMEOUT_S
            while True:
                screen = app.screen
                if isinstance(screen, StatisticsScreen) and screen.is_mounted:
                    table = screen.table
                    if table.row_count or screen.query_one("#empty").display:
                        break
                if time.perf_counter() > deadline:
                    raise TimeoutError("the home screen never showed its statistics")
                await pilot.pause()
            await pilot.pause()  # the repaint with the rows
            painted = time.perf_counter() - started
            rows, total = table.row_count, table.total
    finally:
        ledger.close()
    return {
        "paint_s": painted,
        "rows": rows,
        "statistics": total,
        # Linux reports KiB, macOS bytes.
        "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        * (1 if sys.platform == "darwin" else 1024),
    }


def in_subprocess(*args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run ``bench.tui_paint`` with ``args`` in a fresh Python process; its last JSON line."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bench.tui_paint", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.tui_paint {' '.join(args)} failed (exit {done.returncode}):"
                           f"\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_once(path: Path, timeout: float | None = None) -> dict[str, Any]:
    """One measurement in a fresh Python process."""
    return in_subprocess("--measure", str(path), timeout=timeout)


# -- building the ledgers --------------------------------------------------------------


def build_ledgers(workdir: Path, figures: int, seed: int = 1) -> tuple[Path, Path, float]:
    """An empty ledger and one of ``figures`` synthetic figures; the seconds the import took."""
    from bench.synthetic import write_csv
    from ledger.bootstrap import open_ledger

    empty = workdir / "empty.db"
    open_ledger(str(empty), "bench", create=True).close()
    large = workdir / f"large-{figures}.db"
    source = workdir / f"figures-{figures}.csv"
    write_csv(source, figures, seed=seed)
    started = time.perf_counter()
    ledger = open_ledger(str(large), "bench", create=True)
    try:
        ledger.import_file(source, "csv", create_missing=True)
    finally:
        ledger.close()
    source.unlink()
    return empty, large, time.perf_counter() - started


def measure(figures: int = DEFAULT_FIGURES, repeats: int = 3, seed: int = 1,
            timeout: float | None = None, log=None) -> dict[str, Any]:
    """Build both ledgers once (cached for every repeat), measure each ``repeats`` times."""
    with tempfile.TemporaryDirectory(prefix="recount-tui-paint-") as workdir:
        if log:
            log(f"building a ledger of {figures:,} figures ...")
        # Built in a process of its own: Linux carries a process's peak RSS over fork and
        # exec, so the measuring processes must be started by a parent that stayed small.
        built = in_subprocess("--build", workdir, "--figures", str(figures), "--seed", str(seed))
        empty, large, import_s = Path(built["empty"]), Path(built["large"]), built["import_s"]
        if log:
            log(f"  imported in {import_s:.0f} s")
        runs: dict[str, list[dict[str, Any]]] = {"empty": [], "large": []}
        for _ in range(repeats):
            # Alternate, so that a slow moment of the machine hits both alike.
            runs["empty"].append(measure_once(empty, timeout))
            runs["large"].append(measure_once(large, timeout))
    result: dict[str, Any] = {"figures": figures, "repeats": repeats, "import_s": import_s}
    for name, done in runs.items():
        result[name] = {
            "paint_s": statistics.median(r["paint_s"] for r in done),
            "rss_peak": statistics.median(r["rss_peak"] for r in done),
            "statistics": done[-1]["statistics"],
            "rows": done[-1]["rows"],
        }
    result["paint_ratio"] = result["large"]["paint_s"] / result["empty"]["paint_s"]
    result["rss_ratio"] = result["large"]["rss_peak"] / result["empty"]["rss_peak"]
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time the UI's first paint, large vs empty.")
    parser.add_argument("--figures", type=lambda t: int(t.replace("_", "")),
                        default=DEFAULT_FIGURES, help="figures in the large ledger (10^5)")
    parser.add_argument("--repeats", type=int, default=3, help="processes per ledger (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", metavar="LEDGER", help=argparse.SUPPRESS)
    parser.add_argument("--build", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(asyncio.run(first_paint(args.measure))))
        return
    if args.build:
        empty, large, import_s = build_ledgers(Path(args.build), args.figures, args.seed)
        print(json.dumps({"empty": str(empty), "large": str(large), "import_s": import_s}))
        return
    from bench import report

    command = shlex.join([sys.executable, *(sys.argv if argv is None else
                                            ["bench/tui_paint.py", *argv])])
    print(f"$ {command}", flush=True)
    result = measure(args.figures, args.repeats, args.seed,
                     log=lambda line: print(line, file=sys.stderr, flush=True))
    print("\n".join(report.tui_paint_table(result)))


if __name__ == "__main__":
    main()
