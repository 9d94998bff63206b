"""D on a statistic: what changed between the point shown and another, as the door says."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input
from tui_support import pilot_test, screen_text, settle

from tui.app import build_app
from tui.screens.diff import DiffPointModal, DiffScreen
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.statistic import StatisticScreen
from tui.timepoint import TimePoint


async def ask_diff(pilot, code: str, other: str) -> None:
    await settle(pilot)
    pilot.app.open_statistic(code)
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DiffPointModal)
    await pilot.press(*other, "enter")
    await settle(pilot)


def changes(screen: DiffScreen) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(r.change, r.period, r.source, r.old_text, r.new_text) for r in screen.table.items]


@pilot_test
async def test_an_earlier_date_diffs_from_it_to_the_point_shown(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "2011-02-01")
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        # From the earlier point (the one typed) to the later (now).
        assert (screen.result.start, screen.result.end) == ("2011-02-01", "now")
        assert changes(screen) == [
            ("revised", "2010-Q4", "bea", "13,380.7", "13,383.1"),
            ("added", "2011-Q1", "bea", None, "13,438.8"),
        ]
        text = screen_text(app)
        assert "from 2011-02-01  to  now" in text
        assert "13,380.7 → 13,383.1" in text
        assert "+2.4" in text
        assert "transcription error in table 3" in text
        for header in ("Kind", "Period", "Source", "Old → new", "Change"):
            assert header in text
        # Escape goes back to the statistic.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)


@pilot_test
async def test_a_later_date_diffs_from_the_point_shown_to_it(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2011, 2, 1)))
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "2011-03-31")
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.result.start == "as of 2011-02-01 · known at now"
        assert screen.result.end == "2011-03-31"
        assert changes(screen) == [("revised", "2010-Q4", "bea", "13,380.7", "13,383.1")]


@pilot_test
async def test_a_release_key_is_a_point(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "advance estimate")
        assert isinstance(app.screen, DiffScreen)
        assert [row.change for row in app.screen.table.items] == ["revised", "added"]


@pilot_test
async def test_a_discrepancy_opened_between_the_points_is_a_row(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "ice.sc.removals", "2010-12-31")
        rows = app.screen.table.items
        assert [(r.entry, r.change) for r in rows] == [
            ("figure", "added"),
            ("figure", "added"),
            ("discrepancy", "opened"),
        ]
        text = screen_text(app)
        assert "discrepancy opened" in text
        assert "— → hard, gap 8000, open" in text
        assert "ice.morton, ice.spokes" in text


@pilot_test
async def test_a_bad_point_is_named_in_the_form_which_stays_open(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "2011-02-30")
        assert isinstance(app.screen, DiffPointModal)
        assert "no such date '2011-02-30'" in screen_text(app)
        # A release the ledger does not hold is refused the same way, by its key.
        field = app.screen.query_one("#other-point", Input)
        field.value = ""
        await pilot.press(*"final estimate", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffPointModal)
        assert "'final estimate'" in screen_text(app)
        # Typed again, right, the form gives way to the diff.
        field.value = ""
        await pilot.press(*"2011-02-01", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)


@pilot_test
async def test_an_empty_point_is_asked_for_again_and_escape_cancels(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "")
        assert isinstance(app.screen, DiffPointModal)
        assert "Give the other point" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)


@pilot_test
async def test_the_same_point_changes_nothing(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2011, 2, 1)))
    async with app.run_test(size=(140, 45)) as pilot:
        await ask_diff(pilot, "us.gdp.real", "2011-02-01")
        assert isinstance(app.screen, DiffScreen)
        assert app.screen.table.items == []
        assert "Nothing changed between the two points." in screen_text(app)


@pilot_test
async def test_d_on_a_statistic_is_still_the_discrepancies(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
