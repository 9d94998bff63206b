"""Live: what another process records appears within two seconds, without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tui_support import NOW, pilot_test, settle, wait_for

from ledger.bootstrap import open_ledger
from tui.app import build_app

WITHIN_SECONDS = 2.0


def gdp_figures(app) -> int:
    return next(r.figures for r in app.screen.table.items if r.code == "us.gdp.real")


@pilot_test
async def test_a_figure_recorded_through_another_ledger_appears_on_the_home_screen(
        ledger, ledger_db: str):
    app = build_app(ledger)  # polls every second
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert gdp_figures(app) == 2
        # Another archivist records a figure on the same file.
        with open_ledger(ledger_db, "bob") as other:
            other.record("us.gdp.real", "2011-Q2", "13,500.1", "bea", "2011-07-29")
        started = time.monotonic()
        await wait_for(pilot, lambda: gdp_figures(app) == 3, timeout=WITHIN_SECONDS)
        assert time.monotonic() - started <= WITHIN_SECONDS


@pilot_test
async def test_the_statistic_screen_shows_a_new_figure_and_the_discrepancy_it_opens(
        ledger, ledger_db: str):
    app = build_app(ledger)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        screen = app.screen
        assert [line.verdict.word for line in screen.view.lines if line.first] == [
            "one source", "one source"]
        # A newspaper's 2011-Q1 figure far from the BEA's.
        with open_ledger(ledger_db, "bob") as other:
            other.record("us.gdp.real", "2011-Q1", "about 12,000", "daily", "2011-05-02")

        def hard_in_q1() -> bool:
            verdicts = {line.period: line.verdict.word for line in screen.view.lines if line.first}
            return verdicts.get("2011-Q1") == "hard"

        await wait_for(pilot, hard_in_q1, timeout=WITHIN_SECONDS)


@pilot_test
async def test_a_figure_recorded_by_another_process_appears(ledger, ledger_db: str):
    app = build_app(ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # A separate Python process records through the service, as the CLI would.
        script = (
            "import sys\n"
            "from ledger.bootstrap import open_ledger\n"
            "with open_ledger(sys.argv[1], 'carol') as ledger:\n"
            "    ledger.record('us.gdp.real', '2011-Q2', '13,500.1', 'bea', '2011-07-29')\n"
        )
        env = {**os.environ, "RECOUNT_NOW": NOW.isoformat()}
        subprocess.run([sys.executable, "-c", script, ledger_db], env=env, check=True,
                       timeout=60)
        started = time.monotonic()
        await wait_for(pilot, lambda: gdp_figures(app) == 3, timeout=WITHIN_SECONDS)
        assert time.monotonic() - started <= WITHIN_SECONDS
