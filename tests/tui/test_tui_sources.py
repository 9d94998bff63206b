"""The sources screen: who said it, and how often their figures changed."""

from __future__ import annotations

from datetime import date

from tui_support import HOSTILE_NAME, pilot_test, settle

from tui.app import build_app
from tui.screens.sources import SourcesScreen
from tui.timepoint import TimePoint


@pilot_test
async def test_s_lists_sources_with_figures_revised_corrected_and_retracted(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        rows = {r.source_id: (r.organisation, r.kind, r.figures, r.revised, r.corrected,
                              r.retracted) for r in app.screen.table.items}
        assert rows == {
            "bea": ("BEA", "agency", 3, 1, 1, 0),
            "daily": ("Herald Group", "media", 3, 0, 0, 1),
            "ice.morton": ("ICE", "official", 2, 0, 0, 0),
            "ice.spokes": ("ICE", "official", 1, 0, 0, 0),
            "ons": ("ONS", "agency", 1, 0, 0, 0),
        }
        assert app.screen.table.items[1].name == HOSTILE_NAME
        # s again on the sources screen stays there.
        await pilot.press("s")
        assert len(app.screen_stack) == 2


@pilot_test
async def test_away_from_now_the_sources_screen_says_its_counts_are_todays(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2010, 12, 31)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.table.border_title == "counts as known now"
