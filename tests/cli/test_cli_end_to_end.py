"""The installed ``recount`` command, run as a user or a script would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import backends
import pytest
from cli_support import NOW, UNSET

from ledger.bootstrap import open_ledger
from ledger.semantics import clock

RECOUNT = Path(sys.executable).parent / "recount"

pytestmark = pytest.mark.skipif(not RECOUNT.exists(), reason=f"{RECOUNT} is not installed")


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RECOUNT_") and k not in UNSET}
    env.update({"RECOUNT_NOW": NOW, "RECOUNT_ARCHIVIST": "e2e", **extra})
    return env


def recount(db: str, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RECOUNT), "--db", db, *args], capture_output=True, text=True,
        env=environment(**extra), timeout=60,
    )


def catalogue(db: str, statistic: str, *sources: str) -> None:
    """Set the scene in-process: starting the command costs about a second a run."""
    with (clock.frozen(datetime.fromisoformat(NOW)),
          open_ledger(db, "setup", create=True) as ledger):
        ledger.add_statistic(statistic, statistic.upper(), "units")
        for source in sources:
            ledger.add_source(source, source.upper())


def test_a_session_from_the_shell(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    catalogue(db, "gdp", "bea")
    recorded = recount(db, "record", "gdp", "--period", "1947:Q1", "--value", "1,056.50",
                       "--source", "bea", "--published", "1947-05-15")
    assert recorded.returncode == 0, recorded.stderr
    figure = recorded.stdout.strip()
    assert len(figure) == 32

    replayed = recount(db, "replay")
    assert replayed.returncode == 0 and replayed.stderr == ""
    assert '"value": 1056.50,' in replayed.stdout
    [row] = json.loads(replayed.stdout)
    assert (row["period"], row["figure"], row["recorded_by"]) == ("1947-Q1", figure, "e2e")

    # A refusal: exit 1, one line on stderr, nothing on stdout, no traceback.
    refused = recount(db, "record", "gdp", "--period", "1947-Q2", "--value", "lots",
                      "--source", "bea", "--published", "1947-08-15")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.startswith("error: cannot read value 'lots': write a number (")
    assert refused.stderr.count("\n") == 1

    # A usage error: exit 2.
    assert recount(db, "record", "gdp").returncode == 2


def test_a_clock_pinned_to_nonsense_is_refused_in_one_line(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    open_ledger(db, create=True).close()
    failed = recount(db, "replay", RECOUNT_NOW="not-a-time")
    assert failed.returncode == 1
    assert failed.stderr == "error: cannot read RECOUNT_NOW 'not-a-time' (expected ISO 8601)\n"


@pytest.mark.sqlite_only  # a file of text where the ledger's file should be
def test_a_file_that_is_not_a_ledger_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    db.write_bytes(b"this is not a database at all, just some text " * 20)
    failed = recount(str(db), "replay")
    assert failed.returncode == 1
    assert failed.stderr == f"error: {db} is not a Recount ledger: not a SQLite database\n"


# A writer process: waits until both writers are ready, then records 30 figures
# through the CLI's own entry point (one process, so no second of start-up each).
WRITER = """
import sys, time
from pathlib import Path
from typer.testing import CliRunner
from cli.main import app

db, source, gate = sys.argv[1], sys.argv[2], Path(sys.argv[3])
(gate / source).touch()
while len(list(gate.iterdir())) < 2:
    time.sleep(0.01)
runner = CliRunner()
for n in range(30):
    result = runner.invoke(app, ["--db", db, "record", "s", "--period", str(1900 + n),
                                 "--value", str(n), "--source", source,
                                 "--published", "2011-01-21", "--json"])
    if result.exit_code != 0:
        sys.stderr.write(result.output)
        sys.exit(result.exit_code)
    sys.stdout.write(result.stdout)
"""


def test_two_processes_record_into_one_file_and_nothing_is_lost(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    catalogue(db, "s", "a", "b")
    gate = tmp_path / "gate"
    gate.mkdir()

    # Two writers at once, each running the CLI's record command 30 times.
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, db, source, str(gate)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=environment())
        for source in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.count('"figure"') == 30

    with open_ledger(db, "checker") as ledger:
        rows = ledger.replay()
        assert len(rows) == 60
        assert {(r.source, r.period) for r in rows} == {
            (source, str(1900 + n)) for source in ("a", "b") for n in range(30)}
        assert len(ledger.history("s")) == 60
        # The read models both writers caught up equal the ones rebuilt from the log.
        assert ledger.rebuild() == 63
        assert ledger.replay() == rows
