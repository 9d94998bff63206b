"""The home screen: every statistic with its counts, a filter, sorting, and opening one."""

from __future__ import annotations

from textual.widgets import Input
from tui_support import pilot_test, settle

from tui.app import build_app
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.statistic import StatisticScreen
from tui.screens.statistics import StatisticsScreen


def codes(app) -> list[str]:
    return [row.code for row in app.screen.table.items]


@pilot_test
async def test_home_lists_every_statistic_with_its_counts(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # The home screen shows the three statistics in code order.
        assert isinstance(app.screen, StatisticsScreen)
        assert codes(app) == ["ice.sc.removals", "uk.net.migration", "us.gdp.real"]
        removals = app.screen.table.items[0]
        # One open hard discrepancy, two periods, four current figures.
        assert (removals.periods, removals.figures, removals.hard, removals.soft) == (2, 4, 1, 0)
        assert app.screen.table.border_subtitle == "3 statistics"


@pilot_test
async def test_slash_filters_by_code_name_or_unit_as_you_type(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # "/" focuses the filter.
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        # Typing narrows the list: by name ...
        await pilot.press(*"domestic")
        await settle(pilot)
        assert codes(app) == ["us.gdp.real"]
        # ... by unit ...
        app.screen.filter_input.value = ""
        await pilot.press(*"people")
        await settle(pilot)
        assert codes(app) == ["ice.sc.removals", "uk.net.migration"]
        # ... and by code; the letters typed never trigger the app's keys (d, s, q).
        app.screen.filter_input.value = ""
        await pilot.press(*"uk.net")
        await settle(pilot)
        assert codes(app) == ["uk.net.migration"]
        await pilot.press("d", "s", "q")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen)
        assert app.screen.table.border_title.startswith("0 of 3 match")
        # Escape clears the filter and gives the table the focus back.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.filter_input.value == ""
        assert app.focused is app.screen.table
        assert len(codes(app)) == 3


@pilot_test
async def test_enter_in_the_filter_moves_to_the_table_and_enter_opens_the_statistic(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"gdp", "enter")
        await settle(pilot)
        assert app.focused is app.screen.table
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatisticScreen)
        assert app.screen.code == "us.gdp.real"


@pilot_test
async def test_o_cycles_the_sort_column_and_r_reverses_it(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # Sorted by code, then by name.
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.sort_key == "name"
        assert codes(app) == ["uk.net.migration", "us.gdp.real", "ice.sc.removals"]
        # Reversed.
        await pilot.press("r")
        await settle(pilot)
        assert codes(app) == ["ice.sc.removals", "us.gdp.real", "uk.net.migration"]
        # Counts sort largest first: by periods, then figures.
        await pilot.press("o", "o")
        await settle(pilot)
        assert app.screen.sort_key == "periods"
        assert codes(app)[-1] == "uk.net.migration"
        assert "sorted by periods ↓" in app.screen.table.border_title


@pilot_test
async def test_clicking_a_column_header_sorts_by_it(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # Click "Soft": the statistic with a soft discrepancy sorts last, twice reverses.
        table = app.screen.table
        keys = [column.key.value for column in table.ordered_columns]
        before = table.ordered_columns[: keys.index("soft")]
        x = sum(column.get_render_width(table) for column in before) + 2
        await pilot.click(table, offset=(x, 1))
        await settle(pilot)
        assert app.screen.sort_key == "soft"
        assert codes(app)[-1] == "uk.net.migration"
        await pilot.click(table, offset=(x, 1))
        await settle(pilot)
        assert codes(app)[0] == "uk.net.migration"


@pilot_test
async def test_the_empty_ledger_says_how_to_fill_it(empty_ledger):
    app = build_app(empty_ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#empty")
        assert empty.display
        assert "recount demo" in str(empty.render())
        assert codes(app) == []
        # Enter and the other screens work on nothing too.
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert app.screen.table.items == []


@pilot_test
async def test_a_long_list_is_read_a_page_at_a_time(empty_ledger):
    for n in range(130):
        empty_ledger.add_statistic(f"s{n:03d}", f"Statistic {n}", "people" if n % 2 else "EUR")
    read_whole = []
    empty_ledger.statistics = lambda *a, **k: read_whole.append(1) or []  # type: ignore[method-assign]
    app = build_app(empty_ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.table
        # Only the first page was read, and the whole list never was.
        assert (table.total, table.row_count, len(table.items)) == (130, 100, 100)
        assert table.border_subtitle == "1–100 of 130 statistics · pgup/pgdn"
        assert read_whole == []
        # ctrl+end reads the last page; moving up past its top reads the one before.
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.current_item.code == "s129"
        assert table.border_subtitle == "101–130 of 130 statistics · pgup/pgdn"
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert table.current_item.code == "s000"
        for _ in range(100):
            await pilot.press("down")
        await settle(pilot)
        assert (table.page, table.current_item.code) == (1, "s100")
        await pilot.press("up")
        await settle(pilot)
        assert (table.page, table.current_item.code) == (0, "s099")
        # The filter and the sort are the ledger's, in SQL.
        await pilot.press("slash", *"s12")
        await settle(pilot)
        assert codes(app) == [f"s12{n}" for n in range(10)]
        assert app.screen.table.border_title.startswith("10 of 130 match")
        await pilot.press("enter", "r")
        await settle(pilot)
        assert codes(app)[0] == "s129"
        assert read_whole == []
