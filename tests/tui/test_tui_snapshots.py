"""Snapshot tests: what each screen looks like, one class per screen.

The SVGs live in ``snapshots/test_tui_snapshots/`` (see conftest.py). Fixed
clock (tui_support.NOW), fixed aggregate ids, fixed terminal sizes, live
refresh off. Update with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.widgets import Input
from tui_support import settle

from tui.app import build_app

WIDE = (120, 40)
SMALL = (80, 24)
LARGE = (140, 45)  # the analysts' screens: a wide terminal and the smallest one


def after(*keys: str, statistic: str | None = None, period: str | None = None):
    """A run_before that waits for the first read, opens a statistic, presses keys."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        if statistic is not None:
            pilot.app.open_statistic(statistic, period)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    return run_before


class TestHome:
    def test_home(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after())

    def test_home_filtered(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE,
                            run_before=after("slash", *"people", "enter"))


class TestStatistic:
    def test_hard_discrepancy(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after(statistic="ice.sc.removals"))

    def test_chart(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE,
                            run_before=after("c", statistic="ice.sc.removals"))


class TestHistory:
    def test_revision_and_correction(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after("h", statistic="us.gdp.real"))


class TestDiscrepancies:
    def test_discrepancies(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after("d"))

    def test_explain_form(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after("d", "x"))


class TestSources:
    def test_sources(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after("s"))


class TestTimeTravel:
    def test_home_as_of_a_past_date(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        keys = ("t", "ctrl+u", *"2010-12-31", "enter")
        assert snap_compare(app, terminal_size=WIDE, run_before=after(*keys))

    def test_statistic_before_the_discrepancy(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        keys = ("t", "ctrl+u", *"2011-01-15", "enter")
        assert snap_compare(app, terminal_size=WIDE,
                            run_before=after(*keys, statistic="ice.sc.removals"))

    def test_bad_date(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        keys = ("t", *"2011-02-30", "enter")
        assert snap_compare(app, terminal_size=WIDE, run_before=after(*keys))


class TestEmptyLedger:
    def test_empty(self, snap_compare, empty_ledger):
        app = build_app(empty_ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=WIDE, run_before=after())


class TestSmallTerminal:
    def test_home(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL, run_before=after())

    def test_statistic(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after(statistic="ice.sc.removals"))

    def test_keys_panel(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL, run_before=after("question_mark"))


class TestAnalystWide:
    """Columns at their full widths, the period's history, a source's figures, bands."""

    def test_home(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE, run_before=after())

    def test_sources(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE, run_before=after("s"))

    def test_source_figures(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE, run_before=after("s", "down", "enter"))

    def test_chart_with_bands(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("c", statistic="ice.sc.removals"))

    def test_history_of_one_period(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("p", "h", statistic="us.gdp.real"))

    def test_go_to_period_form(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("g", *"2010Q4", statistic="us.gdp.real"))


class TestAnalystSmall:
    """At 80×24 the key columns stay; long text gives way with an ellipsis."""

    def test_discrepancies(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL, run_before=after("d"))

    def test_sources(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL, run_before=after("s"))

    def test_source_figures(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL, run_before=after("s", "down", "enter"))

    def test_chart_with_bands(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after("c", statistic="ice.sc.removals"))

    def test_history_of_one_period(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after("p", "h", statistic="us.gdp.real"))


class TestRevisions:
    """The revision triangle, coloured by the size of each revision, and a period's releases."""

    def test_triangle_wide(self, snap_compare, ledger):
        # The cursor off 2010-Q4, whose revisions' colours it would hide.
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("v", "down", statistic="us.gdp.real"))

    def test_triangle_small(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after("v", statistic="us.gdp.real"))

    def test_next_source_with_bands(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("v", "o", "up", statistic="ice.sc.removals"))


class TestDiff:
    """What changed between the point shown and another, and a point refused in the form."""

    def test_diff_wide(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("D", *"2010-12-31", "enter",
                                             statistic="ice.sc.removals"))

    def test_diff_small(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after("D", *"2011-02-01", "enter",
                                             statistic="us.gdp.real"))

    def test_bad_point(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=LARGE,
                            run_before=after("D", *"2011-02-30", "enter",
                                             statistic="us.gdp.real"))

    def test_bad_point_small(self, snap_compare, ledger):
        app = build_app(ledger, poll_interval=None)
        assert snap_compare(app, terminal_size=SMALL,
                            run_before=after("D", *"2011-02-30", "enter",
                                             statistic="us.gdp.real"))
