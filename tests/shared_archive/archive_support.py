"""What the shared-archive tests share: running `recount` and writers as processes, and the
check that nothing was lost.

Every test here starts real processes against one ledger (a SQLite file or a PostgreSQL
database, from ``backends.new_db``), waits for them with a timeout, and then holds the
read models to the oracle's fold of the log: concurrency must neither drop an event nor
leave a read model that disagrees with the events.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from ledger.bootstrap import open_ledger
from ledger.oracle import read_log, replay_by_folding
from ledger.semantics import clock

RECOUNT = str(Path(sys.executable).parent / "recount")
WRITER = str(Path(__file__).with_name("archive_writer.py"))
ROOT = Path(__file__).resolve().parents[2]
STAT = "jobs"
SOURCES = ("bls", "press", "census", "wire")
TIMEOUT = 90  # seconds any one process may take: a hang fails the test instead of the run
LATE = "2100-01-01"  # an as_of after every publication date the tests use


def recount(db: str, *args: str, timeout: float = TIMEOUT, **kwargs) -> subprocess.CompletedProcess:
    """Run the installed `recount` on ``db`` and wait for it."""
    return subprocess.run(
        [RECOUNT, "--db", db, "--by", "tester", *args], capture_output=True, text=True,
        timeout=timeout, cwd=ROOT, **kwargs,
    )  # fmt: skip


def start_recount(db: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [RECOUNT, "--db", db, "--by", "tester", *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip


def start_writer(db: str, *args: str) -> subprocess.Popen:
    """A process writing through the Python API (see archive_writer.py)."""
    return subprocess.Popen(
        [sys.executable, WRITER, db, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT,
    )  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = TIMEOUT) -> tuple[int, str, str]:
    """Wait for ``process`` (killed when it overruns); its exit code, stdout and stderr."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        return -9, out, f"timed out after {timeout}s\n{err}"
    return process.returncode, out, err


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def prepare(db: str) -> None:
    """A ledger with one statistic and the sources the writers name."""
    with open_ledger(db, by="tester", create=True) as ledger:
        ledger.add_statistic(STAT, "Jobs added", "jobs")
        for source in SOURCES:
            ledger.add_source(source, source.title(), organisation="Org")


def figure_ids(db: str) -> set[str]:
    """Every figure the read models list, through `recount replay --json`."""
    result = recount(db, "replay", "--json", "--as-of", LATE)
    assert result.returncode == 0, first_line(result.stderr)
    return {row["figure"] for row in json.loads(result.stdout)}


def assert_nothing_lost(db: str) -> None:
    """`recount verify` finds the ledger whole, and the replay equals the oracle's fold."""
    verified = recount(db, "verify", "--json")
    assert verified.returncode == 0, (verified.stdout, first_line(verified.stderr))
    assert json.loads(verified.stdout)["whole"] is True
    now = datetime.now(UTC)
    with open_ledger(db, by="tester") as ledger:
        fast = sorted(
            (r.statistic, r.period, r.source, r.figure, r.text, r.status, r.published, r.kind)
            for r in ledger.replay(as_of=LATE, known_at=now)
        )
        log = read_log(ledger.app)
    folded = sorted(
        (r.statistic, r.period, r.source, r.figure, r.text, r.status, r.published, r.kind)
        for r in replay_by_folding(log, LATE, clock.stamp(now))
    )
    assert fast == folded
