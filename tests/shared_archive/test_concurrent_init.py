"""Four `recount init` at once on an empty database: all succeed, and there is one ledger.

On PostgreSQL the database exists but holds no tables: the four race to create them.
"""

from __future__ import annotations

import json

import backends

from tests.shared_archive.archive_support import (
    assert_nothing_lost,
    finish,
    first_line,
    recount,
    start_recount,
)  # fmt: skip


def test_four_inits_at_once_make_one_ledger(tmp_path):
    db = backends.new_db(tmp_path)
    inits = [start_recount(db, "init") for _ in range(4)]
    for code, _, err in (finish(process) for process in inits):
        assert code == 0, first_line(err)
    assert backends.exists(db)
    added = recount(db, "statistic", "add", "jobs", "--name", "Jobs", "--unit", "jobs")
    assert added.returncode == 0, first_line(added.stderr)
    listed = recount(db, "statistic", "list", "--json")
    assert listed.returncode == 0, first_line(listed.stderr)
    assert [row["code"] for row in json.loads(listed.stdout)] == ["jobs"]
    assert_nothing_lost(db)
