"""A ledger written by an older Recount opens, rebuilds its read models into today's
shape, and reads as it did.

``fixtures/ledger-schema-9.db`` was written by Recount at read-model schema 9
(commit 7ca488c: figures, revisions and figure_history as text tables), with a
revision, a correction, a retraction, an erratum and an explanation in it;
``ledger-schema-9.json`` holds what that version read from it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ledger.bootstrap import open_ledger, verify_ledger
from ledger.projections import schema

FIXTURES = Path(__file__).parent / "fixtures"

# Every test opens the SQLite file a schema-9 Recount wrote, and reads it with sqlite3.
pytestmark = pytest.mark.sqlite_only
KNOWN_AT = "2025-02-03T00:00:00"  # after everything in the old ledger


@pytest.fixture
def old_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "ledger-schema-9.db", path)
    return path


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_the_fixture_is_of_the_older_shape(old_ledger: Path) -> None:
    with closing(sqlite3.connect(old_ledger)) as db:
        assert db.execute("SELECT version FROM projection_schema").fetchone() == (9,)
    assert {"revisions", "figure_history"} <= tables(old_ledger)


def test_an_older_ledger_opens_into_the_new_shape_and_reads_as_before(old_ledger: Path) -> None:
    expected = json.loads((FIXTURES / "ledger-schema-9.json").read_text())
    with open_ledger(str(old_ledger), by="ann") as ledger:
        replayed = [r.to_json() for r in ledger.replay(known_at=KNOWN_AT)]
        history = [h.to_json() for h in ledger.history("jobs", known_at=KNOWN_AT)]
        discrepancies = [d.to_json() for d in ledger.discrepancies()]
        sources = [[s.source_id, s.figures, s.revised, s.corrected, s.retracted]
                   for s in ledger.sources()]  # fmt: skip
        statistics = [[s.code, s.periods, s.figures, s.last_published, s.hard, s.soft]
                      for s in ledger.statistics()]  # fmt: skip
    assert json.loads(json.dumps(replayed, default=str)) == expected["replay"]
    assert json.loads(json.dumps(history, default=str)) == expected["history"]
    assert json.loads(json.dumps(discrepancies, default=str)) == expected["discrepancies"]
    assert sources == expected["sources"]
    assert statistics == expected["statistics"]
    assert not {"revisions", "figure_history"} & tables(old_ledger)  # no dead weight left
    with closing(sqlite3.connect(old_ledger)) as db:
        assert db.execute("SELECT version FROM projection_schema").fetchone() == (
            schema.SCHEMA_VERSION,
        )


def test_an_opened_older_ledger_verifies_whole(old_ledger: Path) -> None:
    with open_ledger(str(old_ledger), by="ann"):
        pass
    verification = verify_ledger(str(old_ledger), None)
    assert verification.problem is None, verification.problem
