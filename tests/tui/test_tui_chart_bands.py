"""The chart draws a hedged value's interval: "more than 59,000" is a bar that runs on upward."""

from __future__ import annotations

from tui_support import pilot_test, screen_text, settle

from tui.app import build_app
from tui.statistic_view import plot_point
from tui.widgets.values_chart import Band, ChartData, Series, ValuesChart, ends_in_view


def replayed(ledger, statistic: str, source: str):
    return next(r for r in ledger.replay(statistic) if r.source == source)


def test_an_open_ended_value_has_a_band_with_no_upper_end(ledger):
    line = Series("ice.morton")
    plot_point(line, 1.0, replayed(ledger, "ice.sc.removals", "ice.morton"))  # more than 59,000
    assert line.ys == [59000.0]
    assert line.bands == [Band(1.0, 59000.0, None)]


def test_nearly_is_a_band_below_the_number(ledger):
    line = Series("ice.spokes")
    plot_point(line, 2.0, replayed(ledger, "ice.sc.removals", "ice.spokes"))  # nearly 51,000
    assert line.bands == [Band(2.0, 50000.0, 51000.0)]


def test_a_bare_value_is_a_point_alone(ledger):
    line = Series("ons")
    plot_point(line, 0.0, replayed(ledger, "uk.net.migration", "ons"))  # 252,000
    assert line.ys == [252000.0]
    assert line.bands == []


def test_the_axis_shows_the_bands_closed_ends_but_not_their_open_ones():
    series = [Series("a", [0.0], [59000.0], [Band(0.0, 59000.0, None)]),
              Series("b", [1.0], [51000.0], [Band(1.0, 50000.0, 51000.0)])]
    assert sorted(ends_in_view(series)) == [50000.0, 51000.0, 51000.0, 59000.0, 59000.0]


@pilot_test
async def test_the_chart_draws_the_open_end_as_an_arrow(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.open_statistic("ice.sc.removals")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        chart = app.screen.query_one("#by-publication", ValuesChart)
        assert chart.data.series[0].bands[0].high is None
        assert "▲" in screen_text(app)


@pilot_test
async def test_a_chart_of_bare_values_has_no_arrows(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "▲" not in screen_text(app)
        assert "▼" not in screen_text(app)
        assert isinstance(app.screen.query_one("#across-periods", ValuesChart).data, ChartData)
