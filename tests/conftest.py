"""Shared fixtures: every test gets its own temporary ledger, on the backend of the run.

See ``tests/backends.py``: ``RECOUNT_TEST_BACKEND=postgresql`` runs the suite on
PostgreSQL. Tests marked ``sqlite_only`` are about SQLite's files (copies, pages,
read-only folders) and are left out of that run, with the folders of tests that
never open a ledger (``BACKEND_FREE``); ``postgres_only`` ones run only in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import backends
import pytest

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

FIXED_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


# Folders whose tests never open a ledger: the PostgreSQL run leaves them out.
BACKEND_FREE = ("semantics", "domain", "files")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about SQLite files; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgres_only: run only on PostgreSQL")
    config.addinivalue_line("markers", "backend_free: opens no ledger; run on SQLite only")
    if not backends.ON_POSTGRES:
        return
    reason = backends.unreachable()
    config.stash[UNREACHABLE] = reason
    if reason is not None and backends.REQUIRED:
        pytest.exit(f"RECOUNT_REQUIRE_POSTGRES=1 but {reason}", returncode=3)
    if reason is None and not hasattr(config, "workerinput"):
        backends.drop_abandoned()


UNREACHABLE = pytest.StashKey[str | None]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests = Path(__file__).resolve().parent
    if not backends.ON_POSTGRES:
        skip = pytest.mark.skip(reason="runs only on PostgreSQL (RECOUNT_TEST_BACKEND=postgresql)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)
        return
    kept, left_out = [], []
    for item in items:
        folder = Path(item.path).resolve().relative_to(tests).parts[0]
        if "sqlite_only" in item.keywords or "backend_free" in item.keywords \
                or folder in BACKEND_FREE:
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
    reason = config.stash.get(UNREACHABLE, None)
    if reason is not None:
        skip = pytest.mark.skip(reason=f"{reason} (set RECOUNT_TEST_POSTGRES to a server URL)")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    if backends.ON_POSTGRES:
        backends.drop_made()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if backends.ON_POSTGRES and session.config.stash.get(UNREACHABLE, "unset") is None:
        backends.drop_made(lasting=True)


@pytest.fixture
def ledger_db(tmp_path: Path) -> str:
    """Where a new ledger goes on this run's backend (a file path or a database URL)."""
    return backends.new_db(tmp_path)


@pytest.fixture
def fixed_clock() -> Iterator[datetime]:
    with clock.frozen(FIXED_NOW):
        yield FIXED_NOW


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    with open_ledger(ledger_db, by="tester", create=True) as opened:
        yield opened


def shared_data(relative: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path
