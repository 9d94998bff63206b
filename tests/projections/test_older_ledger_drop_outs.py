"""An older ledger's retractions carry no drop-out mark: its withdrawal stays a withdrawal.

``fixtures/ledger-schema-9.db`` (see test_older_ledgers.py) holds one
retraction, version 1 of the event, with the reason "withdrawn".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledger.bootstrap import open_ledger, verify_ledger

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.sqlite_only  # the fixture is a SQLite file a schema-9 Recount wrote
def test_an_older_ledger_s_withdrawal_counts_as_retracted_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "ledger-schema-9.db", path)
    with open_ledger(str(path), by="ann") as ledger:
        counted = {s.source_id: (s.retracted, s.dropped) for s in ledger.sources()}
    assert sorted(counted.values()) == [(0, 0)] * (len(counted) - 1) + [(1, 0)]
    # The old event reads back through the upcaster, as verify reads every event.
    assert verify_ledger(str(path), None).problem is None
