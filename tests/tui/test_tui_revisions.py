"""The revisions of a statistic: v opens the triangle, o cycles sources, the chart follows."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from tui_support import pilot_test, screen_text, settle

from tui.app import build_app
from tui.catalogue import Catalogue
from tui.revisions_view import (
    LARGE,
    NO_CHANGE,
    SMALL,
    ordinal,
    read_revisions,
    releases_chart,
    revision_size,
)
from tui.screens.diff import DiffPointModal, DiffScreen
from tui.screens.revisions import RevisionsScreen, columns_that_fit
from tui.screens.statistic import StatisticScreen
from tui.timepoint import TimePoint
from tui.widgets.values_chart import ValuesChart


async def open_revisions(pilot, code: str) -> RevisionsScreen:
    await settle(pilot)
    pilot.app.open_statistic(code)
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RevisionsScreen)
    return pilot.app.screen


def texts(line) -> list[str]:
    return [cell.release.text if cell is not None else "" for cell in line.cells]


# -- the cutoffs --------------------------------------------------------------


def test_a_revision_is_none_small_or_large_against_its_steps_mean_absolute_revision():
    mar = Decimal("0.5")
    assert revision_size(None, mar) is None  # the first release moved from nothing
    assert revision_size(Decimal("0"), mar) == NO_CHANGE
    assert revision_size(Decimal("-0.5"), mar) == SMALL  # as large as usual is small
    assert revision_size(Decimal("0.6"), mar) == LARGE
    assert revision_size(Decimal("-0.6"), mar) == LARGE
    # A step the door could not sum up: a revision is at least not nothing.
    assert revision_size(Decimal("3"), None) == SMALL


def test_release_columns_are_named_as_ordinals():
    assert [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_as_many_releases_are_read_as_their_columns_fit(ledger):
    gdp = ledger.releases("us.gdp.real", "first")  # "13,380.7": ten cells a column
    assert [columns_that_fit(gdp, width) for width in (140, 80, 60)] == [10, 4, 2]
    short = [replace(row, text="3.4") for row in gdp]  # "10th" is the widest: six cells
    assert columns_that_fit(short, 140) == 18


def test_a_shallow_triangle_judges_the_latest_against_the_last_release_shown(ledger):
    # 2010-Q4 had four releases (the last the date BEA published 2011-Q1); show two.
    view = read_revisions(ledger, Catalogue(ledger), "us.gdp.real", TimePoint(), room=2)
    assert view.depth == 2
    line = view.lines["bea"][0]
    assert texts(line) == ["13,380.7", "13,382.6"]
    assert line.cells[1].revision == Decimal("1.9")
    # The latest moved 0.5 from the 2nd release, the only such move: as large as usual.
    assert (line.latest.release.text, line.latest.revision, line.latest.size) == (
        "13,383.1",
        Decimal("0.5"),
        SMALL,
    )
    assert line.releases == 4


def test_a_chart_of_a_shallow_triangle_says_which_releases_it_leaves_out(ledger):
    view = read_revisions(ledger, Catalogue(ledger), "us.gdp.real", TimePoint(), room=2)
    chart = releases_chart(
        ledger, "us.gdp.real", "2010-Q4", TimePoint(), view.lines["bea"][:1], "USD bn"
    )
    assert chart.title == "2010-Q4: its releases by date (1st–2nd and latest)"
    # The 3rd release is left out; the 4th, the latest, has the corrected value too.
    assert chart.series[0].ys == [13380.7, 13382.6, 13383.1]


# -- the screen -----------------------------------------------------------------


@pilot_test
async def test_v_shows_each_period_release_by_release(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "us.gdp.real")
        assert screen.view.depth == 4
        q4, q1 = screen.triangle.items
        # Advance, revision, correction, and the unchanged value on BEA's next release date.
        assert (q4.period, texts(q4)) == (
            "2010-Q4",
            ["13,380.7", "13,382.6", "13,383.1", "13,383.1"],
        )
        assert [c.size for c in q4.cells] == [None, SMALL, SMALL, NO_CHANGE]
        assert (q4.latest.release.text, q4.latest.size) == ("13,383.1", None)  # shown already
        assert (q1.period, texts(q1), q1.releases) == ("2011-Q1", ["13,438.8", "", "", ""], 1)
        text = screen_text(app)
        for header in ("1st", "2nd", "3rd", "4th", "Latest", "Releases"):
            assert header in text
        # The door's summary from first to latest: two periods, 2.4 and 0.
        assert "revisions first → latest: 2 periods · mean 1.2 · MAR 1.2 · RMS 1.697" in text
        assert "v Revisions" not in text  # the footer is the revisions screen's now
        assert "o Next source" in text


@pilot_test
async def test_the_statistic_screen_offers_revisions_and_diff_in_its_footer(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        text = screen_text(app)
        assert "v Revisions" in text
        assert "D Diff" in text


@pilot_test
async def test_the_chart_shows_the_selected_periods_releases_by_date(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "us.gdp.real")
        chart = screen.query_one("#period-releases", ValuesChart).data
        assert chart.title == "2010-Q4: its releases by date"
        (bea,) = chart.series
        assert bea.label == "bea"
        assert bea.ys == [13380.7, 13382.6, 13383.1, 13383.1]
        assert chart.tick_labels[0] == "2011-01-28"
        # Down to 2011-Q1: one release.
        await pilot.press("down")
        await settle(pilot)
        chart = screen.query_one("#period-releases", ValuesChart).data
        assert chart.title.startswith("2011-Q1")
        assert chart.series[0].ys == [13438.8]


@pilot_test
async def test_o_shows_the_next_sources_triangle_and_its_summary(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "ice.sc.removals")
        assert screen.view.sources == ("daily", "ice.morton", "ice.spokes")
        assert screen.source == "daily"
        assert [line.period for line in screen.triangle.items] == ["FY2010"]
        assert "daily (o: next source) · revisions first → latest: 1 period" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert screen.source == "ice.morton"
        assert [line.period for line in screen.triangle.items] == [
            "2008-10-27/2011-01-10",
            "FY2010",
        ]
        await pilot.press("o", "o")
        await settle(pilot)
        assert screen.source == "daily"


@pilot_test
async def test_the_chart_draws_every_sources_release_with_its_interval(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "ice.sc.removals")
        # The director's triangle keeps the period shown (FY2010); up to the programme's.
        await pilot.press("o")
        await settle(pilot)
        assert screen.selected_period == "FY2010"
        await pilot.press("up")
        await settle(pilot)
        assert screen.selected_period == "2008-10-27/2011-01-10"
        chart = screen.query_one("#period-releases", ValuesChart).data
        by_source = {s.label: s for s in chart.series}
        assert set(by_source) == {"ice.morton", "ice.spokes"}
        # "more than 59,000" has no upper end; "nearly 51,000" ends at 51,000.
        (morton,) = {band for band in by_source["ice.morton"].bands}
        assert (morton.low, morton.high) == (59000.0, None)
        assert all(band.high == 51000.0 for band in by_source["ice.spokes"].bands)


@pilot_test
async def test_the_triangle_opens_at_the_statistics_selected_period(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real", "2011-Q1")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.selected_period == "2011-Q1"
        # Escape goes back to the statistic.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)


@pilot_test
async def test_a_statistic_without_figures_has_an_empty_triangle(ledger):
    ledger.add_statistic("uk.empty", "Nothing yet", "people")
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "uk.empty")
        assert screen.triangle.items == []
        assert "no releases" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["No other source of this statistic."]


@pilot_test
async def test_the_triangle_follows_the_time_point(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_revisions(pilot, "us.gdp.real")
        await pilot.press("t", "ctrl+u", *"2011-02-26", "enter")
        await settle(pilot)
        # Before the correction and 2011-Q1: two releases of one period.
        assert screen.view.depth == 2
        (q4,) = screen.triangle.items
        assert texts(q4) == ["13,380.7", "13,382.6"]


@pilot_test
async def test_a_narrow_terminal_shows_fewer_releases(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_revisions(pilot, "us.gdp.real")
        assert screen.view.depth == 2
        text = screen_text(app)
        assert "2nd" in text and "3rd" not in text and "Latest" in text


@pilot_test
async def test_an_unknown_statistic_is_refused_in_one_line(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.push_screen(RevisionsScreen("no.such.code"))
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["no statistic 'no.such.code'"]


@pilot_test
async def test_D_on_the_revisions_asks_for_the_diff_too(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_revisions(pilot, "us.gdp.real")
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DiffPointModal)
        await pilot.press(*"2011-02-01", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RevisionsScreen)
