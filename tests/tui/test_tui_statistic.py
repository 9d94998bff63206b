"""The statistic screen: periods and verdicts, figure details, the chart and the history."""

from __future__ import annotations

from textual.widgets import TabbedContent
from tui_support import HOSTILE_QUOTE, pilot_test, screen_text, settle

from tui.app import build_app
from tui.screens.statistic import StatisticScreen
from tui.widgets.values_chart import ValuesChart


async def open_statistic(app, pilot, code: str, period: str | None = None) -> StatisticScreen:
    await settle(pilot)
    app.open_statistic(code, period)
    await settle(pilot)
    assert isinstance(app.screen, StatisticScreen)
    return app.screen


def verdicts(screen: StatisticScreen) -> dict[str, str]:
    return {line.period: line.verdict.describe() for line in screen.view.lines if line.first}


@pilot_test
async def test_periods_show_current_figures_per_source_and_a_verdict(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistic(app, pilot, "ice.sc.removals")
        # Two periods: the programme's life (a hard discrepancy inside ICE) and FY2010.
        assert verdicts(screen) == {
            "2008-10-27/2011-01-10": "hard · internal",
            "FY2010": "consistent",
        }
        # Each current figure with its verbatim text, wide interval and status.
        rows = [(line.figure.source, line.figure.text, line.figure.wide, line.figure.status)
                for line in screen.view.lines]
        assert rows[:2] == [
            ("ice.morton", "more than 59,000", "(59000,)", "normal"),
            ("ice.spokes", "nearly 51,000", "[50000,51000)", "normal"),
        ]
        text = screen_text(app)
        assert "hard · internal" in text
        assert "more than 59,000" in text and "(59000,)" in text


@pilot_test
async def test_the_selected_periods_figures_are_shown_in_detail(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistic(app, pilot, "ice.sc.removals")
        # The first period is selected: both officials' figures, with source,
        # organisation, URL, quote, note, dates and archivist.
        text = screen_text(app)
        assert "2008-10-27/2011-01-10: 2 figures" in text
        assert "ice.morton · John Morton · ICE · official" in text
        assert "url        https://example.org/morton?a=[b]" in text
        assert f"quote      “{HOSTILE_QUOTE}”" in text
        assert "published  2011-01-10" in text
        assert "recorded   2024-03-01 09:00 UTC by ann" in text
        assert "note       Emailed statement ␛[2J to the press" in text
        # Moving down past the period's second figure selects FY2010.
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen.selected_period == "FY2010"
        assert "FY2010: 2 figures" in screen_text(app)


@pilot_test
async def test_a_revision_and_a_correction_show_as_superseded_and_corrected(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistic(app, pilot, "us.gdp.real", "2010-Q4")
        assert screen.selected_period == "2010-Q4"
        text = screen_text(app)
        # The advance estimate was revised; the revision was corrected and is current.
        assert " superseded " in text
        assert " corrected ×1 " in text
        assert "figure     13,383.1  normal" in text
        assert "figure     13,380.7  provisional" in text
        assert "release    advance estimate" in text


@pilot_test
async def test_f_c_h_switch_between_figures_chart_and_history(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_statistic(app, pilot, "us.gdp.real")
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "figures"
        await pilot.press("c")
        assert tabs.active == "chart"
        await pilot.press("h")
        assert tabs.active == "history"
        await pilot.press("f")
        assert tabs.active == "figures"


@pilot_test
async def test_the_history_lists_events_oldest_first_with_old_and_new_values(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistic(app, pilot, "us.gdp.real")
        await pilot.press("h")
        await settle(pilot)
        events = [(e.event, e.previous, e.text) for e in screen.view.history]
        assert events == [
            ("published", None, "13,380.7"),
            ("revised", "13,380.7", "13,382.6"),
            ("corrected", "13,382.6", "13,383.1"),
            ("published", None, "13,438.8"),
        ]
        text = screen_text(app)
        assert "13,380.7 → 13,382.6" in text
        assert "13,382.6 → 13,383.1" in text
        assert "transcription error in table 3" in text


@pilot_test
async def test_a_retraction_shows_in_the_history_as_old_to_retracted(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_statistic(app, pilot, "uk.net.migration")
        # The misprinted 2009 figure was retracted: no current figure for 2009 ...
        assert screen.view.periods == ["2010"]
        # ... but the history keeps it.
        await pilot.press("h")
        await settle(pilot)
        assert "196,000 → retracted" in screen_text(app)
        assert "misprint" in screen_text(app)


@pilot_test
async def test_the_chart_plots_the_period_by_publication_date_and_values_across_periods(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistic(app, pilot, "ice.sc.removals")
        await pilot.press("c")
        await settle(pilot)
        by_date = screen.query_one("#by-publication", ValuesChart).data
        # One line per source: the director from 2011-01-10, the spokesperson from 2011-01-20.
        assert [(s.label, s.ys) for s in by_date.series] == [
            ("ice.morton", [59000.0, 59000.0]),
            ("ice.spokes", [51000.0]),
        ]
        assert by_date.tick_labels == ["2011-01-10", "2011-01-20"]
        across = screen.query_one("#across-periods", ValuesChart).data
        assert {s.label: s.ys for s in across.series} == {
            "ice.morton": [59000.0, 40000.0],
            "ice.spokes": [51000.0],
            "daily": [40000.0],
        }
        assert "2008-10-27/2011-01-10 by publication date" in screen_text(app)


@pilot_test
async def test_an_unknown_statistic_is_reported_not_crashed_on(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_statistic("no.such.code")
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["no statistic 'no.such.code'"]
