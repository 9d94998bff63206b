"""Two bulk CSV imports into one ledger at once: both succeed, every row's figure is there."""

from __future__ import annotations

import json

import backends

from tests.shared_archive.archive_support import (
    STAT,
    assert_nothing_lost,
    finish,
    first_line,
    prepare,
    recount,
    start_recount,
)  # fmt: skip

ROWS = 400


def write_csv(path, source: str) -> None:
    lines = ["statistic,period,value,source,published"]
    lines += [f"{STAT},{1001 + n},{200 + n},{source},2021-03-01" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_imports_at_once_both_land(tmp_path):
    db = backends.new_db(tmp_path)
    prepare(db)
    files = {source: tmp_path / f"{source}.csv" for source in ("bls", "press")}
    for source, path in files.items():
        write_csv(path, source)
    imports = [start_recount(db, "import", str(path), "--format", "csv") for path in files.values()]
    for code, _, err in (finish(process) for process in imports):
        assert code == 0, first_line(err)
    replayed = recount(db, "replay", "--json", "--statistic", STAT)
    assert replayed.returncode == 0, first_line(replayed.stderr)
    rows = {(r["source"], r["period"], r["text"]) for r in json.loads(replayed.stdout)}
    expected = {(s, str(1001 + n), str(200 + n)) for s in files for n in range(ROWS)}
    assert rows == expected
    assert_nothing_lost(db)
