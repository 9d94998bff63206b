"""Kill -9 real ``recount`` writes at random moments, many times; report what broke.

    .venv/bin/python bench/kill_fuzz.py --kills 200 --seed 1 --db-dir /tmp/kills

Each kill runs one scenario's commands (a native import, vintage imports, a loop
of ``record``, a catch-up, a rebuild) on a fresh copy of its template ledger and
SIGKILLs the command in flight at a moment drawn uniformly from one
uninterrupted run's duration; then it checks that the next command works, the
ledger is whole and re-running the interrupted commands gives the uninterrupted
result (tests/crash/crash_support.py says how). The kills are spread evenly over
the scenarios. A failed kill keeps the ledger as the kill left it in
``DB_DIR/kept/``. With ../shared/data present, the vintage imports of its real
files are one more scenario (``--no-real`` leaves it out). Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "crash"))

import crash_support as cs  # noqa: E402


def scenarios(real: bool) -> list[cs.Scenario]:
    chosen = [
        cs.native(3000),
        cs.vintage(240, 48),
        cs.records(6),
        cs.catch_up(4000),
        cs.rebuild(4000),
    ]
    if real and cs.SHARED_DATA.exists():
        chosen.append(cs.vintage(60, 8, real=True))
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="kills in all (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seeds the kill moments")
    parser.add_argument(
        "--db-dir",
        type=Path,
        required=True,
        help="where the templates, the work ledgers and kept failures go",
    )
    parser.add_argument("--jobs", type=int, default=2, help="kills run at once (default 2)")
    parser.add_argument("--only", nargs="*", help="only these scenarios (by name)")
    parser.add_argument(
        "--deep",
        action="store_true",
        help="check a rebuilt copy and the chain even where verify exists",
    )
    parser.add_argument("--no-real", action="store_true", help="leave ../shared/data out")
    args = parser.parse_args()

    chosen = [s for s in scenarios(not args.no_real) if not args.only or s.name in args.only]
    started = time.monotonic()
    for scenario in chosen:
        scenario.setup(args.db_dir / scenario.name)
        print(
            f"{scenario.name}: {len(scenario.steps)} steps, one run {scenario.duration:.2f}s, "
            f"{scenario.reference['published']} figures",
            flush=True,
        )
    print(
        f"checks: recount verify{' + a rebuilt copy compared' if args.deep else ''}",
        flush=True,
    )

    jobs = [(chosen[n % len(chosen)], args.seed * 1_000_000 + n) for n in range(args.kills)]

    def one(job: tuple[cs.Scenario, int]) -> cs.Kill:
        scenario, seed = job
        workdir = args.db_dir / scenario.name / f"work-{seed}"
        kill = cs.kill_once(scenario, seed, workdir, args.db_dir / "kept", deep=args.deep)
        workdir.rmdir() if workdir.exists() and not any(workdir.iterdir()) else None
        print(("FAIL " if kill.problems else "ok   ") + kill.line(), flush=True)
        for problem in kill.problems:  # at once too: a run stopped early keeps them
            print(f"    {problem}", flush=True)
        return kill

    with ThreadPoolExecutor(args.jobs) as pool:
        kills = list(pool.map(one, jobs))

    tried, mid_step, failures = Counter(), defaultdict(Counter), []
    for kill in kills:
        tried[kill.scenario] += 1
        mid_step[kill.scenario]["finished first" if kill.step is None else f"step {kill.step}"] += 1
        if kill.problems:
            failures.append(kill)
    print(f"\n{len(kills)} kills in {time.monotonic() - started:.0f}s")
    for scenario in chosen:
        where = ", ".join(f"{k}: {v}" for k, v in sorted(mid_step[scenario.name].items()))
        failed = sum(1 for kill in failures if kill.scenario == scenario.name)
        print(f"  {scenario.name}: {tried[scenario.name]} kills ({where}); {failed} failed")
    for kill in failures:
        print(f"FAILED {kill.line()}; kept {kill.kept}")
        for problem in kill.problems:
            print(f"    {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
