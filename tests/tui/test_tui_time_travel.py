"""Time travel: t (as of), [ and ] (publication dates), k (known at), n (now).

Every screen re-reads at the chosen point: figures published later disappear,
a correction appears on its date, a discrepancy opens as the history did.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.widgets import Input
from tui_support import pilot_test, settle

from tui.app import build_app
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.modals import AsOfModal, KnownAtModal
from tui.timepoint import TimePoint


def header(app) -> str:
    return app.sub_title


def counts(app) -> dict[str, tuple[int, int, int]]:
    return {r.code: (r.figures, r.hard, r.soft) for r in app.screen.table.items}


async def type_into_form(pilot, text: str) -> None:
    form_input = pilot.app.screen.query_one(Input)
    form_input.value = ""
    form_input.focus()
    await pilot.press(*text, "enter")
    await settle(pilot)


@pilot_test
async def test_the_header_says_now_until_you_travel(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert header(app) == "now"
        assert "Statistics — " in str(app.format_title(app.screen.title, app.sub_title))


@pilot_test
async def test_t_travels_to_a_date_and_figures_published_later_disappear(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, AsOfModal)
        await type_into_form(pilot, "2010-12-31")
        assert app.point == TimePoint(date(2010, 12, 31))
        assert header(app) == "as of 2010-12-31 · known at now"
        # By the end of 2010 only the FY2010 figures and the misprint had been published.
        assert counts(app) == {
            "ice.sc.removals": (2, 0, 0),
            "uk.net.migration": (1, 0, 0),
            "us.gdp.real": (0, 0, 0),
        }


@pilot_test
async def test_t_refuses_a_bad_date_with_a_clear_message_and_stays_open(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await type_into_form(pilot, "2011-02-30")
        form = app.screen
        assert isinstance(form, AsOfModal)
        assert str(form.query_one("#error").render()) == "no such date '2011-02-30'"
        await type_into_form(pilot, "31/12/2010")
        assert "cannot read date '31/12/2010' (expected YYYY-MM-DD)" in str(
            form.query_one("#error").render())
        # Escape leaves the point as it was.
        await pilot.press("escape")
        assert app.point == TimePoint()
        assert header(app) == "now"


@pilot_test
async def test_t_with_nothing_typed_returns_to_today(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2010, 12, 31)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await type_into_form(pilot, "")
        assert app.point == TimePoint()


@pilot_test
async def test_brackets_step_through_publication_dates(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # From now, [ goes to the last publication date.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 6, 1)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 5, 26)
        # The soft discrepancy opened on 2011-06-01, when the newspaper published.
        assert counts(app)["uk.net.migration"] == (1, 0, 0)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 6, 1)
        assert counts(app)["uk.net.migration"] == (2, 0, 1)
        # No later date: a warning, and the point stays.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 6, 1)
        assert app._notifications and "No later publication date" in list(
            app._notifications)[-1].message


@pilot_test
async def test_left_bracket_stops_at_the_first_publication_date(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2010, 11, 1)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2010, 11, 1)
        assert "No earlier publication date" in list(app._notifications)[-1].message


@pilot_test
async def test_a_discrepancy_opens_on_the_day_the_second_figure_was_published(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2011, 1, 10)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.open_statistic("ice.sc.removals", "2008-10-27/2011-01-10")
        await settle(pilot)
        screen = app.screen
        # On 2011-01-10 only the director had spoken.
        first = screen.view.lines[0]
        assert (first.period, first.verdict.word) == ("2008-10-27/2011-01-10", "one source")
        # Next publication date: the spokesperson's, and the hard discrepancy.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 1, 20)
        assert screen.view.lines[0].verdict.describe() == "hard · internal"
        # The discrepancies screen agrees, and goes empty back in 2010.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert [d.severity for d in app.screen.table.items] == ["hard"]
        await pilot.press("t")
        await type_into_form(pilot, "2010-12-31")
        assert app.screen.table.items == []


@pilot_test
async def test_a_correction_appears_on_its_own_date(ledger):
    app = build_app(ledger, poll_interval=None, point=TimePoint(date(2011, 2, 28)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.open_statistic("us.gdp.real")
        await settle(pilot)
        assert [line.figure.text for line in app.screen.view.lines] == ["13,382.6"]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.point.as_of == date(2011, 3, 1)
        assert [line.figure.text for line in app.screen.view.lines] == ["13,383.1"]
        history = [(e.event, e.text) for e in app.screen.view.history]
        assert history[-1] == ("corrected", "13,383.1")


@pilot_test
async def test_k_sets_known_at_and_n_returns_to_now(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # The day before the archivist recorded anything, the ledger knew nothing.
        await pilot.press("k")
        assert isinstance(app.screen, KnownAtModal)
        await type_into_form(pilot, "2024-02-29")
        assert app.point.known_at == datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)
        assert header(app) == "as of today · known at 2024-02-29 (end of day UTC)"
        assert all(figures == 0 for figures, _, _ in counts(app).values())
        # A bad time is refused.
        await pilot.press("k")
        await type_into_form(pilot, "yesterday")
        assert "cannot read time 'yesterday'" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        # Known at 09:00 on the day: everything.
        await pilot.press("k")
        await type_into_form(pilot, "2024-03-01T09:00Z")
        assert header(app) == "as of today · known at 2024-03-01 09:00 UTC"
        assert counts(app)["ice.sc.removals"] == (4, 1, 0)
        # n: back to now.
        await pilot.press("n")
        await settle(pilot)
        assert app.point == TimePoint()
        assert header(app) == "now"


@pilot_test
async def test_screens_below_catch_up_with_the_point_when_shown_again(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("t")
        await type_into_form(pilot, "2010-12-31")
        await pilot.press("escape")
        await settle(pilot)
        # Home re-read as of 2010-12-31 when it came back on top.
        assert counts(app)["us.gdp.real"] == (0, 0, 0)


@pilot_test
async def test_at_a_past_point_the_list_sorted_by_code_is_paged_by_the_ledger(ledger):
    # Sorted by code, a past point costs a page's replays, not the whole
    # ledger's; sorted by a count, every statistic is replayed once, then sorted here.
    calls = []
    statistics = ledger.statistics
    ledger.statistics = lambda *args, **kwargs: calls.append(args or kwargs) or statistics(
        *args, **kwargs
    )
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await type_into_form(pilot, "2010-12-31")
        assert counts(app)["ice.sc.removals"] == (2, 0, 0)
        assert app.screen.table.paged and calls == []
        await pilot.press("o", "o", "o", "o")  # code → name → unit → periods → figures
        await settle(pilot)
        assert app.screen.sort_key == "figures" and not app.screen.table.paged
        assert len(calls) == 1
        assert counts(app)["ice.sc.removals"] == (2, 0, 0)
        await pilot.press("o", "o", "o", "o")  # → hard → soft → last published → code
        await settle(pilot)
        assert app.screen.sort_key == "code" and app.screen.table.paged
        assert len(calls) == 1  # the counts sorts shared one read
        assert counts(app)["us.gdp.real"] == (0, 0, 0)
