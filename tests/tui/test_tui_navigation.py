"""Getting around: escape, q, ?, d and s from anywhere, and the command palette."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import HelpPanel, Select
from tui_support import pilot_test, settle, wait_for

from tui.app import build_app
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.modals import ExplainModal
from tui.screens.sources import SourcesScreen
from tui.screens.statistic import StatisticScreen
from tui.screens.statistics import StatisticsScreen


@pilot_test
async def test_escape_goes_back_and_does_nothing_at_home(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [StatisticScreen, DiscrepanciesScreen]
        await pilot.press("escape")
        assert isinstance(app.screen, StatisticScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, StatisticsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, StatisticsScreen)


@pilot_test
async def test_d_and_s_work_from_any_screen_without_stacking_duplicates(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("d", "d")
        await settle(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [
            StatisticScreen, SourcesScreen, DiscrepanciesScreen]


@pilot_test
async def test_q_quits(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_the_app_keys_are_off_while_a_form_is_open(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.focused, Select)
        # q, d, s, t, n and ? do nothing over the form.
        await pilot.press("q", "s", "t", "n", "question_mark", "left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ExplainModal)
        assert app.is_running


@pilot_test
async def test_question_mark_toggles_the_keys_panel(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
        # Escape hides it too, before it would go back.
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


@pilot_test
async def test_every_binding_has_a_description(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screens = [app, app.screen, StatisticScreen("x"), DiscrepanciesScreen(), SourcesScreen()]
        for owner in screens:
            for binding in owner.BINDINGS:
                assert binding.description, binding


async def palette_choose(pilot, query: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*query)
    palette = app.screen

    def first_hit() -> str:
        options = palette.query_one("CommandList").options
        return str(options[0].prompt) if options else ""

    await wait_for(pilot, lambda: query.split()[0] in first_hit())
    await pilot.press("down", "enter")
    await settle(pilot)


@pilot_test
async def test_the_command_palette_jumps_to_a_statistic_by_name(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await palette_choose(pilot, "Net migration")
        assert isinstance(app.screen, StatisticScreen)
        assert app.screen.code == "uk.net.migration"


@pilot_test
async def test_the_command_palette_jumps_to_a_source(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await palette_choose(pilot, "ice.spokes")
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.table.current_item.source_id == "ice.spokes"
