"""The paged table: a long list shown a page at a time, turning pages at the edges."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from tui_support import pilot_test

from tui.widgets.paged_table import Column, PagedTable

ITEMS = [f"item-{n:02d}" for n in range(12)]


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield PagedTable([Column("name", "Name")], key_of=str, cells_of=lambda s: [Text(s)],
                         page_size=5, nouns=("item", "items"))

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()


def state(app: TableApp) -> tuple[int, str | None, int]:
    table = app.query_one(PagedTable)
    return table.page, table.current_item, table.row_count


@pilot_test
async def test_only_one_page_of_rows_is_in_the_table():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(PagedTable)
        table.show(ITEMS)
        await pilot.pause()
        assert state(app) == (0, "item-00", 5)
        assert table.border_subtitle == "1–5 of 12 items · pgup/pgdn"


@pilot_test
async def test_moving_past_the_last_row_turns_the_page_and_back():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.query_one(PagedTable).show(ITEMS)
        await pilot.press("down", "down", "down", "down")
        assert state(app) == (0, "item-04", 5)
        await pilot.press("down")
        assert state(app) == (1, "item-05", 5)
        await pilot.press("up")
        assert state(app) == (0, "item-04", 5)


@pilot_test
async def test_pagedown_on_the_last_row_and_ctrl_end_and_home():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(PagedTable)
        table.show(ITEMS)
        await pilot.press("pagedown")  # to the page's last row
        await pilot.press("pagedown")  # to the next page
        assert state(app)[:2] == (1, "item-05")
        await pilot.press("ctrl+end")
        assert state(app) == (2, "item-11", 2)
        assert table.border_subtitle == "11–12 of 12 items · pgup/pgdn"
        await pilot.press("pageup")  # to the page's first row
        await pilot.press("pageup")  # to the previous page
        assert state(app)[0] == 1
        await pilot.press("ctrl+home")
        assert state(app) == (0, "item-00", 5)


@pilot_test
async def test_show_keeps_the_cursor_on_the_same_item_or_goes_to_the_one_asked_for():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(PagedTable)
        table.show(ITEMS, select_key="item-07")
        await pilot.pause()
        assert state(app) == (1, "item-07", 5)
        # New items in another order: the cursor follows item-07.
        table.show(list(reversed(ITEMS)))
        await pilot.pause()
        assert state(app) == (0, "item-07", 5)
        # A short list: "N items".
        table.show(ITEMS[:3])
        await pilot.pause()
        assert table.border_subtitle == "3 items"
        assert table.current_item == "item-02"
        # Nothing at all.
        table.show([])
        await pilot.pause()
        assert table.current_item is None
        assert table.border_subtitle == "0 items"
