"""Moving a SQLite ledger into a shared PostgreSQL archive: `recount dump | recount restore`.

Every event arrives with its id and place in the chain, so the head, the dump and the
read models of the two ledgers are the same.
"""

from __future__ import annotations

import subprocess

import backends
import pytest

from tests.shared_archive.archive_support import (
    RECOUNT,
    ROOT,
    STAT,
    TIMEOUT,
    assert_nothing_lost,
    first_line,
    prepare,
    recount,
)  # fmt: skip

pytestmark = pytest.mark.postgres_only


def test_dump_piped_into_restore_moves_the_ledger_identically(tmp_path):
    sqlite_db = str(tmp_path / "desk.db")
    prepare(sqlite_db)
    made = recount(sqlite_db, "record", STAT, "--period", "2020", "--value", "about 100",
                   "--source", "bls", "--published", "2021-01-10")  # fmt: skip
    assert made.returncode == 0, first_line(made.stderr)
    figure = made.stdout.split()[0]
    for args in (("correct", figure, "--value", "104", "--published", "2021-02-01",
                  "--reason", "revised"),
                 ("record", STAT, "--period", "2020", "--value", "120", "--source", "press",
                  "--published", "2021-01-12"),
                 ("retract", figure, "--published", "2021-03-01", "--reason", "withdrawn")):
        assert recount(sqlite_db, *args).returncode == 0
    server_db = backends.new_db(tmp_path)
    dump = subprocess.Popen([RECOUNT, "--db", sqlite_db, "dump"], stdout=subprocess.PIPE,
                            cwd=ROOT)  # fmt: skip
    restored = subprocess.run(
        [RECOUNT, "restore", "/dev/stdin", "--db", server_db], stdin=dump.stdout,
        capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT,
    )  # fmt: skip
    dump.stdout.close()
    assert dump.wait(timeout=TIMEOUT) == 0
    assert restored.returncode == 0, first_line(restored.stderr)
    for command in (("head",), ("dump",), ("replay", "--json"), ("history", STAT, "--json")):
        before, after = recount(sqlite_db, *command), recount(server_db, *command)
        assert before.returncode == 0 and after.returncode == 0, command
        assert after.stdout == before.stdout, command
    assert_nothing_lost(server_db)
