"""Kill -9 a real ``recount`` process at a random moment, then check the ledger it leaves.

What the crash tests (tests/crash/test_kill_writes.py) and bench/kill_fuzz.py share.

A *scenario* prepares a template ledger (and its input files) once, then runs a
sequence of ``recount`` commands on a copy of it. Each kill runs the sequence
on a fresh copy and SIGKILLs the command in flight at a moment drawn uniformly
from [0, the duration of one uninterrupted run]. Then:

1. the next command works: ``statistic list --json`` and ``replay --format
   ndjson`` exit 0 and say nothing on stderr;
2. the ledger is whole (:func:`assert_whole`): ``recount verify`` where it
   exists, else a rebuilt copy reads the same and the hash chain recomputes;
3. re-running the interrupted command and the ones after it gives what one
   uninterrupted run gives (:func:`comparable`: everything but ids and
   recorded times). A ``record`` is not idempotent: the one in flight may or
   may not have committed, so the count of figures decides where to resume,
   and any other count is a failure (half a record, or one doubled).

Run as a script, this file is the in-process reader (one interpreter, many
CLI invocations, so the checks cost no process start each): ``serve`` answers
questions on stdin (:class:`Reader`); ``snapshot DB``, ``whole DB WORKDIR``,
``reads DB`` and ``readloop DB SECONDS`` answer one and exit.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "files" / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"
ARCHIVIST = "ann"

_installed = Path(sys.executable).with_name("recount")
RECOUNT = (
    [str(_installed)]
    if _installed.exists()
    else [sys.executable, "-c", "from cli.main import run; run()"]
)


def environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("RECOUNT_DB", "RECOUNT_DEBUG", "RECOUNT_NOW", "COLUMNS", "FORCE_COLOR")
    }
    env["RECOUNT_ARCHIVIST"] = ARCHIVIST
    return env


def recount(db: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RECOUNT, "--db", str(db), *map(str, args)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=timeout,
    )


def ok(db: Path, *args: str) -> str:
    done = recount(db, *args)
    if done.returncode != 0:
        raise AssertionError(
            f"recount {' '.join(map(str, args))}: exit {done.returncode}: {done.stderr.strip()}"
        )
    return done.stdout


def quick(db: Path, *args: str) -> str:
    """``ok`` through this thread's reader: for preparing ledgers, where no process
    is killed and a process start would cost more than the command."""
    code, out, err = helper("invoke", db, *args)
    if code != 0:
        raise AssertionError(f"recount {' '.join(map(str, args))}: exit {code}: {err.strip()}")
    return out


def helper(action: str, *args: str) -> Any:
    """Ask this thread's reader (this file run as a script, kept running) for an answer."""
    reader = getattr(_readers, "reader", None)
    if reader is None or reader.process.poll() is not None:
        reader = _readers.reader = Reader()
    return reader.ask(action, *args)


class Reader:
    """One interpreter running this file's ``serve``: each question a JSON line in, the
    answer a JSON line out. Every CLI invocation in it opens the ledger afresh, as a new
    command would; the interpreter's start (most of a command's cost) is paid once."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=environment(),
        )  # fmt: skip
        _started.append(self)

    def ask(self, action: str, *args: Any) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([action, *map(str, args)]) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"crash_support reader died on {action} {args}")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"crash_support {action}: {answer['error']}")
        return answer["answer"]

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)


_readers = threading.local()
_started: list[Reader] = []


@atexit.register
def _close_readers() -> None:
    for reader in _started:
        with contextlib.suppress(Exception):
            reader.close()


# -- copying a ledger ---------------------------------------------------------

SUFFIXES = ("", "-wal", "-shm", "-journal")


def copy_ledger(source: Path, target: Path) -> None:
    """The file and its side files, byte for byte: a killed ledger exactly as it was left."""
    for suffix in SUFFIXES:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the file, so that copying the file is enough."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def published_count(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute(
            "SELECT count(*) FROM recount_events WHERE topic LIKE '%:Figure.Published'"
        ).fetchone()[0]


# -- the hash chain, recomputed from DESIGN.md's formula (as tests/write/test_chain.py) --


# -- is the ledger whole? -----------------------------------------------------

def whole_problems(db: Path, workdir: Path, deep: bool = False) -> list[str]:
    """What is wrong with the ledger: ``recount verify``'s complaint, and (with ``deep``)
    where a copy rebuilt by ``recount rebuild`` reads differently."""
    problems = []
    code, out, err = helper("invoke", db, "verify")
    if code != 0:
        problems.append(f"verify exit {code}: {(err + out)[-600:]}")
    if deep:
        problems += helper("whole", db, workdir)
    return problems


def assert_whole(db: Path, workdir: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        problems = whole_problems(db, Path(workdir or scratch))
    assert not problems, problems


# -- what two runs of the same commands must agree on -------------------------

UNCOMPARABLE = ("recorded", "recorded_by", "figure", "figures", "seq")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in UNCOMPARABLE}


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def differences(got: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    found = []
    for key in expected:
        if got.get(key) != expected[key]:
            mine, theirs = got.get(key), expected[key]
            size = (
                len(mine) if isinstance(mine, list | dict) else mine,
                len(theirs) if isinstance(theirs, list | dict) else theirs,
            )
            found.append(f"{key} differs from the uninterrupted run (sizes {size[0]} vs {size[1]})")
    return found


# -- scenarios ----------------------------------------------------------------


@dataclass
class Scenario:
    """A template ledger and the commands run on a copy of it."""

    name: str
    prepare: Callable[[Path], list[list[str]]]  # builds folder/template.db; returns the steps
    idempotent: bool = True  # re-running a step that had committed adds nothing
    steps: list[list[str]] = field(default_factory=list)
    folder: Path | None = None
    duration: float = 0.0  # of one uninterrupted run of the steps
    reference: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> Path:
        assert self.folder is not None
        return self.folder / "template.db"

    def setup(self, folder: Path) -> Scenario:
        """Prepare the template, then run the steps once, uninterrupted: the reference."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.steps = self.prepare(folder)
        checkpoint(self.template)
        reference = folder / "reference.db"
        copy_ledger(self.template, reference)
        start = time.monotonic()
        for step in self.steps:
            ok(reference, *step)
        self.duration = time.monotonic() - start
        self.reference = helper("snapshot", reference)
        return self


def _init(db: Path) -> None:
    quick(db, "init")


def synthetic_csv(path: Path, rows: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.synthetic import write_csv
    finally:
        sys.path.remove(str(ROOT))
    write_csv(path, rows, seed=seed)
    return path


def native(rows: int) -> Scenario:
    """Two native imports: the second revises some slots and repeats rows the first wrote."""

    def prepare(folder: Path) -> list[list[str]]:
        _init(folder / "template.db")
        first = synthetic_csv(folder / "first.csv", rows, seed=1)
        other = synthetic_csv(folder / "other.csv", rows // 2, seed=2)
        with first.open() as a, other.open() as b:
            kept = list(csv.reader(a))
            header, old = kept[0], kept[1 + rows // 2 :]
            new = list(csv.reader(b))[1:]
        with (folder / "second.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows([header, *old, *new])
        return [
            ["import", str(folder / name), "--format", "csv", "--create-missing"]
            for name in ("first.csv", "second.csv")
        ]

    return Scenario("native-import", prepare)


def synthetic_rtdsm(
    path: Path, periods: int, vintages: int, seed: int = 3, prefix: str = "SYN"
) -> Path:
    """A monthly RTDSM matrix with quarterly vintages from 1995Q1: each holds the months
    before it; about one value in eight is revised in each later vintage."""
    rng = random.Random(seed)
    labels = []
    for n in range(vintages):
        year, quarter = 1995 + n // 4, n % 4 + 1
        labels.append((f"{prefix}{year % 100:02d}Q{quarter}", year * 12 + 3 * quarter - 2))
    first_month = 1995 * 12 - periods + 40  # the first vintage already holds ~40 months
    level = {m: 1000 + rng.random() * 100 for m in range(first_month, first_month + periods)}
    lines = ["DATE," + ",".join(label for label, _ in labels)]
    table = {m: [] for m in level}
    for _label, vintage_month in labels:
        for month in level:
            if month >= vintage_month - 1:
                table[month].append("#N/A")
                continue
            if rng.random() < 0.125:
                level[month] += rng.choice((-1, 1)) * rng.randint(1, 30) / 10
            table[month].append(f'"{level[month]:,.1f} "')
    for month, cells in table.items():
        if month < 1947 * 12 or month > 2024 * 12:
            continue
        lines.append(f"{month // 12}:{month % 12 + 1:02d}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path


def cut_rtdsm(source: Path, target: Path, columns: int) -> Path:
    """An earlier, shorter download: the first ``columns`` vintages."""
    with source.open(newline="") as handle:
        rows = [row[: columns + 1] for row in csv.reader(handle)]
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def vintage(periods: int, vintages: int, every: bool = True, real: bool = False) -> Scenario:
    """Vintage imports of the three formats: fixtures, a synthetic RTDSM matrix imported
    short then long (the long one adds only its new vintages), then imported again; with
    ``every`` False, only the CES fixture and the short and long matrix; with ``real``,
    the big files of ../shared/data too."""

    def prepare(folder: Path) -> list[list[str]]:
        _init(folder / "template.db")
        big = synthetic_rtdsm(folder / "syn.csv", periods, vintages)
        short = cut_rtdsm(big, folder / "syn_short.csv", vintages // 2)
        steps = [
            [
                "import",
                FIXTURES / "alfred_dropouts.csv",
                "--format",
                "alfred",
                "--statistic",
                "gdpx",
                "--source",
                "bea",
            ],
            [
                "import",
                FIXTURES / "rtdsm_century.csv",
                "--format",
                "rtdsm",
                "--statistic",
                "century",
                "--source",
                "phil",
            ],
            [
                "import",
                FIXTURES / "ces_century.csv",
                "--format",
                "bls-ces",
                "--statistic",
                "ces",
                "--source",
                "bls",
                "--release-dates",
                FIXTURES / "ces_release_dates.csv",
            ],
            ["import", short, "--format", "rtdsm", "--statistic", "syn", "--source", "phil"],
            ["import", big, "--format", "rtdsm", "--statistic", "syn", "--source", "phil"],
            ["import", big, "--format", "rtdsm", "--statistic", "syn", "--source", "phil"],
        ]
        if not every:
            steps = steps[2:5]
        if real:
            steps += [
                [
                    "import",
                    SHARED_DATA / "rtdsm/RUC_QvMd.csv",
                    "--format",
                    "rtdsm",
                    "--statistic",
                    "ruc",
                    "--source",
                    "phil",
                ],
                [
                    "import",
                    SHARED_DATA / "bls-ces/tri_000000_SA.csv",
                    "--format",
                    "bls-ces",
                    "--statistic",
                    "payems",
                    "--source",
                    "bls",
                ],
                [
                    "import",
                    SHARED_DATA / "alfred/GDPC1.csv",
                    "--format",
                    "alfred",
                    "--statistic",
                    "gdpc1",
                    "--source",
                    "bea",
                ],
            ]
        return [[str(part) for part in step] for step in steps]

    return Scenario("vintage-import-real" if real else "vintage-import", prepare)


def records(count: int) -> Scenario:
    """A loop of ``record`` calls by two sources that sometimes disagree."""

    def prepare(folder: Path) -> list[list[str]]:
        db = folder / "template.db"
        _init(db)
        quick(db, "statistic", "add", "jobs", "--name", "Payroll jobs", "--unit", "thousands")
        quick(db, "source", "add", "bls", "--name", "Bureau of Labor Statistics")
        quick(db, "source", "add", "adp", "--name", "ADP")
        steps = []
        for n in range(count):
            source = ("bls", "adp")[n % 2]
            value = f"{130000 + (n // 2) * 100 + (n % 2) * (5 if n % 4 == 1 else 900)}"
            steps.append(
                [
                    "record",
                    "jobs",
                    "--period",
                    f"2020-{n // 2 % 12 + 1:02d}",
                    "--value",
                    value,
                    "--source",
                    source,
                    "--published",
                    f"2021-{n % 12 + 1:02d}-{n // 12 + 1:02d}",
                    "--release",
                    f"R{n // 3}",
                ]
            )
        return steps

    return Scenario("record-loop", prepare, idempotent=False)


def catch_up(rows: int) -> Scenario:
    """A ledger whose log is ahead of its read models: its events were written (here:
    copied from another ledger) while no projection followed. Any command catches up."""

    def prepare(folder: Path) -> list[list[str]]:
        full = folder / "full.db"
        _init(full)
        quick(
            full,
            "import",
            synthetic_csv(folder / "rows.csv", rows, seed=4),
            "--format",
            "csv",
            "--create-missing",
        )
        checkpoint(full)
        template = folder / "template.db"
        _init(template)
        with contextlib.closing(sqlite3.connect(template)) as db:
            db.execute("ATTACH DATABASE ? AS full", (str(full),))
            db.execute("INSERT INTO recount_events SELECT * FROM full.recount_events")
            db.execute("INSERT INTO recount_chain SELECT * FROM full.recount_chain")
            db.commit()
        return [["statistic", "list", "--json"]]

    return Scenario("catch-up", prepare)


def rebuild(rows: int) -> Scenario:
    def prepare(folder: Path) -> list[list[str]]:
        db = folder / "template.db"
        _init(db)
        quick(
            db,
            "import",
            synthetic_csv(folder / "rows.csv", rows, seed=5),
            "--format",
            "csv",
            "--create-missing",
        )
        return [["rebuild"]]

    return Scenario("rebuild", prepare)


# -- one kill -----------------------------------------------------------------


@dataclass
class Kill:
    scenario: str
    seed: int
    at: float  # seconds after the first step started
    step: int | None = None  # the step killed; None when the run ended first
    problems: list[str] = field(default_factory=list)
    kept: Path | None = None

    def line(self) -> str:
        where = "finished before the kill" if self.step is None else f"step {self.step}"
        return f"{self.scenario} seed {self.seed} kill at {self.at:.3f}s ({where})"


def run_steps(db: Path, steps: list[list[str]], kill_at: float | None) -> int | None:
    """Run the steps; SIGKILL the one in flight ``kill_at`` seconds in. Returns the index
    of the step killed, or None when all finished (each must exit 0)."""
    start = time.monotonic()
    for index, step in enumerate(steps):
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [*RECOUNT, "--db", str(db), *step],
                env=environment(),
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            try:
                timeout = (
                    None if kill_at is None else max(0.0, kill_at - (time.monotonic() - start))
                )
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                return index
            if code != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise AssertionError(f"step {index} {step}: exit {code}: {message}")
    return None


def kill_once(
    scenario: Scenario, seed: int, workdir: Path, keep: Path | None, deep: bool = False
) -> Kill:
    """One kill of ``scenario`` at a moment drawn from Random(seed); returns what failed."""
    rng = random.Random(f"{scenario.name}/{seed}")
    kill = Kill(scenario.name, seed, rng.uniform(0, scenario.duration))
    workdir.mkdir(parents=True, exist_ok=True)
    db, left = workdir / "ledger.db", workdir / "as-killed.db"
    copy_ledger(scenario.template, db)
    kill.step = run_steps(db, scenario.steps, kill.at)
    copy_ledger(db, left)
    problems = kill.problems
    try:
        # The next command, a new process; then more reads, each opening the ledger anew.
        done = recount(db, "statistic", "list", "--json")
        answers = [(["statistic", "list", "--json"], done.returncode, done.stderr)]
        args = ["replay", "--format", "ndjson"]
        answers.append((args, *helper("invoke", db, *args)[::2]))
        for args, code, err in answers:
            if code != 0 or err.strip():
                problems.append(f"next command {' '.join(args)}: exit {code}: {err[-400:]}")
        problems += whole_problems(db, workdir, deep)
        resume = kill.step if kill.step is not None else len(scenario.steps)
        if not scenario.idempotent:
            # One step writes one figure: the count says whether the step in flight committed.
            base = published_count(scenario.template)
            found = published_count(db) - base
            if found in (resume, resume + 1):
                resume = found
            else:
                problems.append(
                    f"{found} figures after {resume} reported records "
                    f"(expected {resume} or {resume + 1})"
                )
        if not problems:
            run_steps(db, scenario.steps[resume:], None)
            problems += differences(helper("snapshot", db), scenario.reference)
    except (AssertionError, subprocess.TimeoutExpired) as error:
        problems.append(str(error))
    if problems and keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        kill.kept = keep / f"{scenario.name}-seed{seed}.db"
        copy_ledger(left, kill.kept)
    for suffix in SUFFIXES:
        Path(f"{db}{suffix}").unlink(missing_ok=True)
        Path(f"{left}{suffix}").unlink(missing_ok=True)
    return kill


# -- the in-process reader (this file run as a script) -------------------------


def _invoke(db: str, *args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["--db", db, "--by", ARCHIVIST, *args])
    return result.exit_code, result.stdout, result.stderr


def _read(db: str, *args: str) -> str:
    code, out, err = _invoke(db, *args)
    if code != 0:
        raise SystemExit(f"recount {' '.join(args)}: exit {code}: {err}")
    return out


def _snapshot(db: str) -> dict[str, Any]:
    replay = [json.loads(line) for line in _read(db, "replay", "--format", "ndjson").splitlines()]
    statistics = json.loads(_read(db, "statistic", "list", "--json"))
    history = {}
    for statistic in statistics:
        rows = json.loads(_read(db, "history", statistic["code"], "--json"))
        history[statistic["code"]] = _sorted([_plain(row) for row in rows])
    discrepancies = json.loads(_read(db, "discrepancies", "--json"))
    return {
        "replay": _sorted([_plain(row) for row in replay]),
        "statistics": statistics,
        "history": history,
        "discrepancies": _sorted([_plain(row) for row in discrepancies]),
        "published": published_count(Path(db)),
    }


def _whole(db: str, workdir: str) -> list[str]:
    problems = []
    original = (_read(db, "replay", "--format", "ndjson"), _read(db, "discrepancies", "--json"))
    copy = Path(workdir) / "rebuilt.db"
    checkpoint(Path(db))
    copy_ledger(Path(db), copy)
    code, _out, err = _invoke(str(copy), "rebuild")
    if code != 0:
        problems.append(f"rebuild of a copy: exit {code}: {err.strip()}")
    else:
        rebuilt = (
            _read(str(copy), "replay", "--format", "ndjson"),
            _read(str(copy), "discrepancies", "--json"),
        )
        for name, mine, theirs in zip(("replay", "discrepancies"), original, rebuilt, strict=True):
            if mine != theirs:
                problems.append(f"{name} differs from a rebuilt copy's")
    for suffix in SUFFIXES:
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return problems


READS = (("replay", "--format", "ndjson"), ("statistic", "list", "--json"))


def _reads(db: str) -> list[dict[str, Any]]:
    """Each of READS once: exit, stderr, a digest of stdout, and when it ran (monotonic
    time, which every process of the machine shares)."""
    answers = []
    for args in READS:
        start = time.monotonic()
        code, out, err = _invoke(db, *args)
        answers.append(
            {
                "read": " ".join(args),
                "exit": code,
                "stderr": err.strip()[-300:],
                "sha": hashlib.sha256(out.encode()).hexdigest(),
                "size": len(out),
                "start": start,
                "end": time.monotonic(),
            }
        )
    return answers


def _serve() -> None:
    """Answer questions from stdin until it closes; the CLI's own output never reaches
    the answers (fd 1 goes to stderr)."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for line in sys.stdin:
        action, *args = json.loads(line)
        try:
            answer = {"answer": _answer(action, *args)}
        except BaseException as error:  # noqa: BLE001 - a SystemExit from _read too
            answer = {"error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _answer(action: str, db: str, *rest: str) -> Any:
    if action == "invoke":
        return list(_invoke(db, *rest))
    if action == "snapshot":
        return _snapshot(db)
    if action == "whole":
        return _whole(db, rest[0])
    if action == "reads":
        return _reads(db)
    raise ValueError(f"unknown action {action}")


def _main(argv: list[str]) -> None:
    action, *args = argv
    if action == "serve":
        return _serve()
    db, *rest = args
    if action == "snapshot":
        print(json.dumps(_snapshot(db)))
    elif action == "whole":
        print(json.dumps(_whole(db, rest[0])))
    elif action == "reads":
        print(json.dumps(_reads(db)))
    elif action == "readloop":  # read until told how long, then print every answer
        stop, answers = time.monotonic() + float(rest[0]), []
        while time.monotonic() < stop:
            answers += _reads(db)
        print(json.dumps(answers))
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _main(sys.argv[1:])
