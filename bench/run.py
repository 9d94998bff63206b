"""Benchmark Recount against raw sqlite3 and print a Markdown table.

    .venv/bin/python bench/run.py [--sizes 10000,100000,1000000] [--quick]
                                  [--peer-max 100000] [--tui [--tui-figures 100000]]
                                  [--db postgresql+psycopg://postgres@127.0.0.1/postgres]

Each size N runs in a fresh subprocess (``bench.one_size``) in its own
temporary directory, removed afterwards; see ``bench/report.py`` for what
each line compares. The eventsourcing library's documented path
(``bench/library_peer.py``) runs as a peer of the import at sizes up to
``--peer-max`` (10^5; not with ``--quick``). ``--tui`` adds the UI's first paint and peak RSS on a
large ledger vs an empty one (``bench/tui_paint.py``); off by default.
``--db URL`` names a PostgreSQL server (and its maintenance database): import,
as-of and rebuild run there too (``bench/postgres.py``, in databases it makes
and drops), against psycopg on the same server, beside SQLite's times.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import machine, report  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000,)
# The eventsourcing library's path (bench/library_peer.py) writes a transaction
# a figure in its projection: it runs at sizes up to this one (10^5, the issue's).
PEER_MAX = 100_000


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"cannot read sizes '{text}'") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive integers, got '{text}'")
    return sorted(sizes)


def run_size(
    n: int,
    seed: int = 1,
    timeout: float | None = None,
    as_of_calls: int | None = None,
    repeats: int | None = None,
    peer: bool = False,
) -> dict[str, Any]:
    """Measure one size in a fresh Python process, in a temporary directory of its own."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix=f"recount-bench-{n}-") as workdir:
        command = [sys.executable, "-m", "bench.one_size", str(n), workdir, "--seed", str(seed)]
        if as_of_calls is not None:
            command += ["--as-of-calls", str(as_of_calls)]
        if repeats is not None:
            command += ["--repeats", str(repeats)]
        if peer:
            command.append("--peer")
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
        )
    if done.returncode != 0:
        raise RuntimeError(f"size {n} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_size_on_postgres(
    n: int, url: str, seed: int = 1, timeout: float | None = None
) -> dict[str, Any]:
    """Import, as-of and rebuild at size ``n`` on the server ``url``, in a fresh process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix=f"recount-bench-pg-{n}-") as workdir:
        command = [sys.executable, "-m", "bench.postgres", str(n), workdir, url, "--seed",
                   str(seed)]  # fmt: skip
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
        )
    if done.returncode != 0:
        raise RuntimeError(f"size {n} on PostgreSQL failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(
    sizes: list[int],
    seed: int = 1,
    timeout: float | None = None,
    as_of_calls: int | None = None,
    repeats: int | None = None,
    command: str | None = None,
    log=None,
    peer_max: int = PEER_MAX,
    db: str | None = None,
) -> str:
    """Measure every size and return the Markdown report (with ``db``, PostgreSQL's too)."""
    started = time.perf_counter()
    results, on_postgres = [], []
    for n in sizes:
        if log:
            log(f"measuring N={n:,} ...")
        results.append(run_size(n, seed, timeout, as_of_calls, repeats, peer=n <= peer_max))
        if db is not None:
            if log:
                log(f"  on PostgreSQL ({db.split('@')[-1]}) ...")
            on_postgres.append(run_size_on_postgres(n, db, seed, timeout))
        if log:
            log(f"  done in {time.perf_counter() - started:.0f} s so far")
    command = command or shlex.join([sys.executable, *sys.argv])
    text = report.render(command, machine.describe(), results, time.perf_counter() - started)
    if on_postgres:
        from bench import postgres

        text += "\n\nOn PostgreSQL (raw: psycopg COPY on the same server):\n\n"
        text += "\n".join(postgres.table(results, on_postgres))
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark Recount against raw sqlite3.")
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="comma-separated figure counts (default 10000,100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="N = 10^4 only")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic ledger")
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds allowed per size (default: no limit)"
    )
    parser.add_argument(
        "--peer-max",
        type=lambda t: int(t.replace("_", "")),
        default=None,
        help=f"largest size the eventsourcing peer runs at (default {PEER_MAX}, with --quick "
        "0: never, its projection alone would take half the minute --quick has)",
    )
    parser.add_argument(
        "--tui", action="store_true", help="also time the UI's first paint (bench/tui_paint.py)"
    )
    parser.add_argument(
        "--tui-figures",
        type=lambda t: int(t.replace("_", "")),
        default=None,
        help="figures in the UI bench's large ledger (default 100000)",
    )
    parser.add_argument(
        "--db",
        default=None,
        help="a PostgreSQL server's URL (its maintenance database), e.g. "
        "postgresql+psycopg://postgres@127.0.0.1/postgres: import, as-of and rebuild run "
        "there too, in databases the bench makes and drops",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    command = shlex.join([sys.executable, *(sys.argv if argv is None else ["bench/run.py", *argv])])
    print(f"$ {command}", flush=True)
    text = run(
        sizes,
        args.seed,
        args.timeout,
        command=command,
        log=lambda line: print(line, file=sys.stderr, flush=True),
        peer_max=args.peer_max if args.peer_max is not None else 0 if args.quick else PEER_MAX,
        db=args.db,
    )
    print(text)
    if args.tui:
        from bench import tui_paint

        result = tui_paint.measure(
            args.tui_figures or tui_paint.DEFAULT_FIGURES,
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
        print("\n" + "\n".join(report.tui_paint_table(result)))


if __name__ == "__main__":
    main()
