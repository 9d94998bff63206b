"""The README's "Shared archive" section, run as written through the installed command.

Only the database's name changes (the suite's own, dropped afterwards); the desk's
SQLite ledger it moves in is the demo.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import backends
import pytest
from sqlalchemy.engine import make_url

from tests.shared_archive.archive_support import RECOUNT, ROOT, TIMEOUT

pytestmark = pytest.mark.postgres_only

README_URL = "postgresql+psycopg://postgres@127.0.0.1/archive"


def shared_archive_commands() -> list[str]:
    """The shell lines of the section's code blocks, comments and all."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Shared archive"):text.index("## Speed")]
    return [line[4:] for line in section.splitlines() if line.startswith("    ")]


def test_the_shared_archive_section_runs_as_written(tmp_path: Path) -> None:
    server = make_url(backends.SERVER)
    if (server.host, server.username) != ("127.0.0.1", "postgres"):
        pytest.skip("the README's commands name postgres@127.0.0.1; the suite's server differs")
    if shutil.which("createdb") is None:
        pytest.skip("PostgreSQL's createdb is not on PATH")
    name = backends.unmade_database()
    lines = shared_archive_commands()
    assert lines[0] == "createdb -h 127.0.0.1 -U postgres archive"
    script = "\n".join(["set -e", *lines]).replace(" archive\n", f" {name}\n", 1)
    script = script.replace(README_URL, README_URL.replace("/archive", f"/{name}"))
    desk = subprocess.run([RECOUNT, "--db", "desk.db", "demo", "--no-browse"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=TIMEOUT)  # fmt: skip
    assert desk.returncode == 0, desk.stderr
    environment = {**os.environ, "PATH": f"{Path(RECOUNT).parent}:{os.environ['PATH']}"}
    environment.pop("RECOUNT_DB", None)
    ran = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=environment,
                         capture_output=True, text=True, timeout=4 * TIMEOUT)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    heads = [line for line in ran.stdout.splitlines() if line[:1].isdigit()]
    assert len(heads) == 2 and heads[0] == heads[1], ran.stdout
    said = ran.stdout + ran.stderr
    assert f"created ledger at postgresql+psycopg://postgres@127.0.0.1/{name}" in said
    assert f"whole: head {heads[0]}" in said
