"""Reaching a period in a long series: go to a typed period, first and last rows, its history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import backends
import pytest
from tui_support import NOW, build_fixture, pilot_test, screen_text, settle

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger
from tui.app import build_app
from tui.screens.modals import PeriodModal
from tui.screens.statistic import StatisticScreen

MONTHS = [f"{year}-{month:02d}" for year in range(2000, 2021) for month in range(1, 13)]
SKIPPED = "2010-06"  # a month the series lacks


def tell_a_long_series(ledger: Ledger) -> None:
    """252 months of payrolls less one, and a revision of 2005-03."""
    ledger.add_statistic("us.payrolls", "Total nonfarm payrolls", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    for number, month in enumerate(MONTHS):
        if month != SKIPPED:
            ledger.record("us.payrolls", month, f"{130_000 + number:,}", "bls", "2021-01-08")
    ledger.record("us.payrolls", "2005-03", "130,999", "bls", "2021-02-05")


@pytest.fixture(scope="module")
def long_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("long")
    return build_fixture(backends.new_db(folder, "long.db", lasting=True), tell_a_long_series)


@pytest.fixture
def long_ledger(long_template: str, tmp_path: Path) -> Iterator[Ledger]:
    db = backends.copy_db(long_template, tmp_path, "long.db")
    with clock.frozen(NOW):
        opened = open_ledger(db, "ann")
    try:
        yield opened
    finally:
        opened.close()


async def open_series(pilot) -> StatisticScreen:
    await settle(pilot)
    pilot.app.open_statistic("us.payrolls")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StatisticScreen)
    return pilot.app.screen


async def go_to(pilot, typed: str) -> None:
    await pilot.press("g")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeriodModal)
    await pilot.press(*typed, "enter")
    await settle(pilot)


@pilot_test
async def test_end_and_home_go_to_the_last_and_first_period(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_series(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert screen.selected_period == "2020-12"  # on the last of three pages
        await pilot.press("home")
        await settle(pilot)
        assert screen.selected_period == "2000-01"


@pilot_test
async def test_typing_a_period_in_any_spelling_goes_to_it(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_series(pilot)
        await go_to(pilot, "2019:07")
        assert app.screen is screen
        assert screen.selected_period == "2019-07"
        assert "2019-07" in screen_text(app)


@pilot_test
async def test_a_period_without_figures_goes_to_the_next_one_and_says_so(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_series(pilot)
        await go_to(pilot, SKIPPED)
        assert screen.selected_period == "2010-07"
        assert any("No current figures for 2010-06" in n.message for n in app._notifications)
        # Past the series' end: its last period.
        await go_to(pilot, "2030")
        assert screen.selected_period == "2020-12"


@pilot_test
async def test_a_period_that_cannot_be_read_is_named_and_the_form_stays(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_series(pilot)
        await go_to(pilot, "2011-13")
        assert isinstance(app.screen, PeriodModal)
        assert "2011-13" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.selected_period == "2000-01"


@pilot_test
async def test_the_history_narrows_to_the_selected_period_and_back(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_series(pilot)
        history = screen.query_one("#history-table")
        assert history.total == len(MONTHS)  # every period's events: 251 and a revision
        await go_to(pilot, "2005-03")
        await pilot.press("p")
        await settle(pilot)
        assert [e.event for e in history.items] == ["published", "revised"]
        assert {e.period for e in history.items} == {"2005-03"}
        assert "Events of 2005-03" in screen_text(app)
        # It follows the cursor.
        await pilot.press("down")
        await settle(pilot)
        assert {e.period for e in history.items} == {"2005-04"}
        # And p shows every period again.
        await pilot.press("p")
        await settle(pilot)
        assert history.total == len(MONTHS)


@pilot_test
async def test_the_go_to_key_is_in_the_footer(long_ledger):
    app = build_app(long_ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_series(pilot)
        assert "g Go to period" in screen_text(app)
