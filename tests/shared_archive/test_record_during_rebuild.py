"""A record while `recount rebuild` rebuilds the read models: both succeed, nothing is lost.

The rebuild builds beside the live read models and swaps them in; a figure recorded
meanwhile must be in the swapped-in read models (or caught up right after), never dropped.
"""

from __future__ import annotations

import time

import backends

from tests.shared_archive.archive_support import (
    STAT,
    assert_nothing_lost,
    figure_ids,
    finish,
    first_line,
    prepare,
    recount,
    start_recount,
)  # fmt: skip

ROWS = 3000  # enough that the rebuild takes a moment on a small machine


def test_a_record_during_a_rebuild_is_kept(tmp_path):
    db = backends.new_db(tmp_path)
    prepare(db)
    csv = tmp_path / "many.csv"
    lines = ["statistic,period,value,source,published"]
    lines += [f"{STAT},{1001 + n},{n},census,2021-03-01" for n in range(ROWS)]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = recount(db, "import", str(csv), "--format", "csv")
    assert imported.returncode == 0, first_line(imported.stderr)
    rebuild = start_recount(db, "rebuild")
    time.sleep(0.8)  # past start-up: the rebuild is folding when the record comes
    made = recount(db, "record", STAT, "--period", "2020", "--value", "7", "--source", "bls",
                   "--published", "2021-01-10")  # fmt: skip
    code, _, err = finish(rebuild)
    assert code == 0, first_line(err)
    assert made.returncode == 0, first_line(made.stderr)
    ids = figure_ids(db)
    assert made.stdout.split()[0] in ids
    assert len(ids) == ROWS + 1
    assert_nothing_lost(db)
