"""A source leads somewhere: enter shows what it stands by, enter on a figure its statistic."""

from __future__ import annotations

from tui_support import pilot_test, screen_text, settle

from tui.app import build_app
from tui.screens.source_figures import SourceFiguresScreen
from tui.screens.sources import SourcesScreen
from tui.screens.statistic import StatisticScreen


async def open_source(pilot, source_id: str) -> SourceFiguresScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SourcesScreen)
    pilot.app.screen.select_source(source_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SourceFiguresScreen)
    return pilot.app.screen


@pilot_test
async def test_enter_on_a_source_shows_its_current_figures(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_source(pilot, "daily")
        # The newspaper stands by two figures; its retracted misprint is not among them.
        assert [(r.statistic, r.period, r.text) for r in screen.table.items] == [
            ("ice.sc.removals", "FY2010", "40k"),
            ("uk.net.migration", "2010", "252,400"),
        ]
        text = screen_text(app)
        assert "Herald Group" in text
        assert "␛[31mHerald" in text  # its name shown literally, escape and all


@pilot_test
async def test_a_corrected_figure_shows_its_corrected_value(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_source(pilot, "bea")
        rows = {r.period: (r.text, r.kind) for r in screen.table.items}
        assert rows["2010-Q4"] == ("13,383.1", "corrected")


@pilot_test
async def test_enter_on_a_figure_opens_its_statistic_at_its_period(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_source(pilot, "daily")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)
        assert app.screen.code == "uk.net.migration"
        assert app.screen.selected_period == "2010"
        # Escape goes back to the source's figures.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SourceFiguresScreen)


@pilot_test
async def test_a_source_at_a_past_point_shows_what_it_stood_by_then(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t", "ctrl+u", *"2010-12-31", "enter")
        screen = await open_source(pilot, "daily")
        assert [(r.statistic, r.period) for r in screen.table.items] == [
            ("ice.sc.removals", "FY2010"),
            ("uk.net.migration", "2009"),  # not yet retracted
        ]
