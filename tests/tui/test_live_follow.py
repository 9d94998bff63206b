"""Live across machines: on PostgreSQL the UI follows LISTEN/NOTIFY and shows another
machine's record within a second; on SQLite, whose saves notify nobody, it keeps polling.

The ledgers are made here with ``backends.new_db`` (the fixture story told into a
database of the run's backend), not with the SQLite-only ``ledger_path`` fixture.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import backends
import pytest
from tui_support import NOW, build_fixture, pilot_test, settle, wait_for

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger
from tui.app import build_app

WITHIN_SECONDS = 1.0


@pytest.fixture
def story_db(tmp_path: Path) -> str:
    db = backends.new_db(tmp_path)
    build_fixture(db)  # a path or a URL: build_fixture only hands it to open_ledger
    return db


@pytest.fixture
def story_ledger(story_db: str) -> Iterator[Ledger]:
    with clock.frozen(NOW):
        opened = open_ledger(story_db, "ann")
    try:
        yield opened
    finally:
        opened.close()


def gdp_figures(app) -> int:
    return next(r.figures for r in app.screen.table.items if r.code == "us.gdp.real")


@pytest.mark.postgres_only
@pilot_test
async def test_a_figure_another_ledger_records_shows_within_a_second(story_ledger, story_db):
    app = build_app(story_ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.follower is not None  # listening, not polling
        assert gdp_figures(app) == 2
        with open_ledger(story_db, "bob") as other:
            other.record("us.gdp.real", "2011-Q2", "13,500.1", "bea", "2011-07-29")
        started = time.monotonic()
        await wait_for(pilot, lambda: gdp_figures(app) == 3, timeout=WITHIN_SECONDS + 1)
        assert time.monotonic() - started <= WITHIN_SECONDS


@pytest.mark.postgres_only
@pilot_test
async def test_a_figure_another_process_records_shows_within_a_second(story_ledger, story_db):
    app = build_app(story_ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        script = (
            "import sys\n"
            "from ledger.bootstrap import open_ledger\n"
            "with open_ledger(sys.argv[1], 'carol') as ledger:\n"
            "    ledger.record('us.gdp.real', '2011-Q2', '13,500.1', 'bea', '2011-07-29')\n"
        )
        env = {**os.environ, "RECOUNT_NOW": NOW.isoformat()}
        subprocess.run([sys.executable, "-c", script, story_db], env=env, check=True,
                       timeout=60)
        started = time.monotonic()
        await wait_for(pilot, lambda: gdp_figures(app) == 3, timeout=WITHIN_SECONDS + 1)
        assert time.monotonic() - started <= WITHIN_SECONDS


@pytest.mark.postgres_only
@pilot_test
async def test_quitting_stops_the_listening(story_ledger):
    app = build_app(story_ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        follower = app.follower
        assert follower is not None and follower._thread.is_alive()
    assert not follower._thread.is_alive()


# About SQLite itself: its saves notify nobody, so the app must keep asking.
@pytest.mark.sqlite_only
@pilot_test
async def test_sqlite_keeps_polling(story_ledger, story_db):
    assert story_ledger.follow(lambda: None) is None
    app = build_app(story_ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.follower is None
        with open_ledger(story_db, "bob") as other:
            other.record("us.gdp.real", "2011-Q2", "13,500.1", "bea", "2011-07-29")
        # The poll runs every second: within two the figure is there.
        await wait_for(pilot, lambda: gdp_figures(app) == 3, timeout=2.0)
