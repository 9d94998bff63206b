"""Shared fixtures: every test gets its own temporary SQLite ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

FIXED_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def fixed_clock() -> Iterator[datetime]:
    with clock.frozen(FIXED_NOW):
        yield FIXED_NOW


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(str(tmp_path / "ledger.db"), by="tester", create=True) as opened:
        yield opened


def shared_data(relative: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path
