"""Crash-safe writes: ``kill -9`` a real recount process at a random moment of each write.

After every kill the next command works, the ledger is whole, and re-running
the interrupted command gives what one uninterrupted run gives (nothing
doubled, nothing half there). crash_support.py says how each is checked;
bench/kill_fuzz.py runs the same kills by the hundred. The kill moments come
from seeded ``random.Random``: a failure names its seed, and the ledger as the
kill left it is kept in $RECOUNT_KILLS_DIR (default: the system's temp folder).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import crash_support as cs
import pytest

# The scenarios copy template ledger files, kill -9 the process writing one, and keep
# the file the kill left: they are about SQLite's files and its journal.
pytestmark = pytest.mark.sqlite_only

SEEDS = (1, 2)
KEPT = Path(os.environ.get("RECOUNT_KILLS_DIR") or Path(tempfile.gettempdir()) / "recount-kills")

# Small enough for the normal suite: each kill costs three or four process starts (the
# checks run in one long-lived reader, crash_support.Reader).
SCENARIOS = {
    "native-import": lambda: cs.native(1500),
    "vintage-import": lambda: cs.vintage(150, 24, every=False),
    "record-loop": lambda: cs.records(3),
    "catch-up": lambda: cs.catch_up(2500),
    "rebuild": lambda: cs.rebuild(2000),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_kill_at_any_moment_leaves_a_ledger_a_rerun_completes(name, tmp_path):
    scenario = SCENARIOS[name]().setup(tmp_path / "scenario")
    failed = []
    for seed in SEEDS:
        kill = cs.kill_once(scenario, seed, tmp_path / f"kill-{seed}", KEPT)
        if kill.problems:
            failed.append(f"{kill.line()}: {kill.problems}; ledger kept at {kill.kept}")
    assert not failed, "\n".join(failed)


def test_a_reader_never_sees_half_a_rebuild(tmp_path):
    """Readers run while rebuilds run: each answer is the whole ledger, never an error."""
    scenario = cs.rebuild(3000).setup(tmp_path / "scenario")
    db = scenario.folder / "reference.db"  # rebuilt once already: read models follow the log
    expected = {answer["read"]: answer["sha"] for answer in cs.helper("reads", db)}
    seconds = 2.5 * scenario.duration + 2
    reader = subprocess.Popen(
        [sys.executable, cs.__file__, "readloop", str(db), str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cs.environment(),
    )
    time.sleep(1.0)  # the reader's imports
    windows = []
    deadline = time.monotonic() + seconds - 1.0
    while time.monotonic() < deadline - scenario.duration or not windows:
        start = time.monotonic()
        cs.ok(db, "rebuild")
        windows.append((start, time.monotonic()))
    out, err = reader.communicate(timeout=seconds + 120)
    assert reader.returncode == 0, err
    answers = json.loads(out)
    during = [
        a for a in answers if any(a["start"] < end and a["end"] > start for start, end in windows)
    ]
    assert during, "no read overlapped a rebuild: the test proved nothing"
    wrong = [a for a in answers if a["exit"] != 0 or a["stderr"] or a["sha"] != expected[a["read"]]]
    assert not wrong, (
        f"{len(wrong)} of {len(answers)} answers ({len(during)} during a "
        f"rebuild) were errors or partial; first: {wrong[0]}"
    )
