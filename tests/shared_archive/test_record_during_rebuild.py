"""A record while `recount rebuild` rebuilds the read models: both succeed, nothing is lost.

The rebuild builds beside the live read models and swaps them in; a figure recorded
meanwhile must be in the swapped-in read models (or caught up right after), never dropped.
"""

from __future__ import annotations

import time
from pathlib import Path

import backends
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from ledger.bootstrap import open_ledger
from ledger.projections.side import SIDE_PREFIX, SIDE_SCHEMA
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

ROWS = 6000  # enough that the rebuild takes a moment on a small machine


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
    wait_for_side_build(db, rebuild)
    # In this process, so no start-up stands between the side build and the record.
    with open_ledger(db, "bob") as ledger:
        made = ledger.record(STAT, "2020", "7", "bls", "2021-01-10")
    assert rebuild.poll() is None, "the rebuild ended before the record: nothing was tested"
    code, _, err = finish(rebuild)
    assert code == 0, first_line(err)
    ids = figure_ids(db)
    assert made in ids
    assert len(ids) == ROWS + 1
    assert_nothing_lost(db)


def wait_for_side_build(db: str, rebuild, timeout: float = 60) -> None:
    """Return once the rebuild's side read models exist (a folder beside a SQLite file,
    a schema on PostgreSQL): the record then certainly comes during the rebuild."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert rebuild.poll() is None, "the rebuild ended before a record could meet it"
        if _side_exists(db):
            return
        time.sleep(0.02)
    raise AssertionError("the rebuild made no side read models in time")


def _side_exists(db: str) -> bool:
    if "://" not in db:
        return any(Path(db).parent.glob(f"{SIDE_PREFIX}*"))
    engine = create_engine(db, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": SIDE_SCHEMA}
            ).first() is not None
    finally:
        engine.dispose()
