"""The discrepancies screen: every disagreement, filters, jumping to it, explaining it."""

from __future__ import annotations

from textual.widgets import Input, Select
from tui_support import pilot_test, screen_text, settle, shows

from tui.app import build_app
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.modals import ExplainModal
from tui.screens.statistic import StatisticScreen


def shown(app) -> list[tuple[str, str, str, str]]:
    return [(d.statistic, d.period, d.severity, d.state) for d in app.screen.table.items]


async def open_discrepancies(app, pilot) -> DiscrepanciesScreen:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, DiscrepanciesScreen)
    return app.screen


@pilot_test
async def test_d_lists_every_discrepancy_with_severity_gap_sources_and_state(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_discrepancies(app, pilot)
        assert shown(app) == [
            ("ice.sc.removals", "2008-10-27/2011-01-10", "hard", "open"),
            ("uk.net.migration", "2010", "soft", "open"),
        ]
        text = screen_text(app)
        assert "ice.morton, ice.spokes" in text
        assert "8,000" in text  # "more than 59,000" vs "nearly 51,000"
        assert "internal" in text


@pilot_test
async def test_filters_by_severity_and_state(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_discrepancies(app, pilot)
        # Only the hard one.
        screen.query_one("#severity", Select).value = "hard"
        await settle(pilot)
        assert [d[2] for d in shown(app)] == ["hard"]
        # None is explained yet.
        screen.query_one("#state", Select).value = "explained"
        await settle(pilot)
        assert shown(app) == []
        # The keys cycle the filters too: v for severity, a for state.
        screen.query_one("#severity", Select).value = "any"
        screen.query_one("#state", Select).value = "any"
        await settle(pilot)
        screen.table.focus()
        await pilot.press("v", "v")  # any → hard → soft
        await settle(pilot)
        assert [d[2] for d in shown(app)] == ["soft"]
        await pilot.press("a")  # any → open
        await settle(pilot)
        assert [d[3] for d in shown(app)] == ["open"]


@pilot_test
async def test_enter_jumps_to_the_statistic_and_period(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_discrepancies(app, pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)
        assert app.screen.code == "uk.net.migration"
        assert app.screen.selected_period == "2010"
        # Escape comes back to the list.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)


@pilot_test
async def test_x_explains_a_discrepancy_through_a_form_and_records_the_event(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 30)) as pilot:
        await open_discrepancies(app, pilot)
        await pilot.press("x")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExplainModal)
        assert form.discrepancy.period == "2008-10-27/2011-01-10"
        # Fail to submit: no kind chosen.
        await pilot.click("#ok")
        assert "Choose a kind" in str(form.query_one("#error").render())
        # Fail to submit: no note.
        form.query_one("#kind", Select).value = "definition"
        form.query_one("#note", Input).focus()
        await pilot.press("enter")
        assert "Write a note" in str(form.query_one("#error").render())
        # Explain it.
        await pilot.press(*"removals vs. returns")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
        # The event is recorded and the list shows the new state.
        found = ledger.discrepancies(statistic="ice.sc.removals")
        assert (found[0].state, found[0].explanation_kind, found[0].explanation_note) == (
            "explained", "definition", "removals vs. returns")
        assert shown(app)[0][3] == "explained"
        assert await shows(pilot, "definition: removals vs. returns"), screen_text(app)


@pilot_test
async def test_escape_cancels_the_explain_form_without_recording(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_discrepancies(app, pilot)
        position = ledger.projections.log_position()
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert ledger.projections.log_position() == position


@pilot_test
async def test_x_with_nothing_to_explain_says_so(empty_ledger):
    app = build_app(empty_ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_discrepancies(app, pilot)
        await pilot.press("x")
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert [n.message for n in app._notifications] == ["No discrepancy selected."]
