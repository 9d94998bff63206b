"""Column widths follow the terminal: natural widths while they fit, long text gives way first."""

from __future__ import annotations

from tui_support import pilot_test, screen_text, settle

from tui.app import build_app
from tui.widgets.column_widths import Fit, fit_widths


def test_columns_keep_their_natural_widths_while_they_fit():
    fits = [Fit(16), Fit(33, shrink=1), Fit(4)]
    assert fit_widths(fits, room=100, padding=2) == [16, 33, 4]


def test_the_first_tier_gives_way_before_the_second_widest_first():
    # 16 + 33 + 13 + 4 + 4 cells of padding = 70: ten too many for 60.
    fits = [Fit(16, shrink=2), Fit(33, shrink=1), Fit(13, shrink=1), Fit(4)]
    assert fit_widths(fits, room=60, padding=1) == [16, 23, 13, 4]


def test_a_tier_shrinks_its_widest_columns_together_down_to_their_least_width():
    fits = [Fit(20, shrink=1, least=8), Fit(18, shrink=1, least=8), Fit(10, shrink=2, least=6)]
    # 48 cells into 30: the first tier alone gives the 18, the two widest together.
    assert fit_widths(fits, room=30) == [10, 10, 10]
    # Into 24 the first tier goes down to 8 + 8 and the second gives the rest.
    assert fit_widths(fits, room=24) == [8, 8, 8]
    # Into 20 nothing can give more: the columns stay at their least and overflow.
    assert fit_widths(fits, room=20) == [8, 8, 6]


def test_columns_that_never_shrink_keep_their_width_whatever_the_room():
    fits = [Fit(10), Fit(12)]
    assert fit_widths(fits, room=5) == [10, 12]


def test_widths_never_go_below_least_nor_above_natural():
    fits = [Fit(n, shrink=1 + n % 3, least=3) for n in range(1, 30)]
    for room in range(0, 600, 7):
        widths = fit_widths(fits, room)
        assert all(min(f.natural, 3) <= w <= f.natural for f, w in zip(fits, widths, strict=True))
        if sum(f.natural for f in fits) <= room:
            assert widths == [f.natural for f in fits]


def header_line(app) -> str:
    return next(line for line in screen_text(app).splitlines() if "Code" in line)


@pilot_test
async def test_at_140_columns_no_name_is_cut(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Removals under Secure Communities" in text
        assert "USD bn (2005)" in text
        assert "…" not in text


@pilot_test
async def test_at_80_columns_the_key_columns_stay_and_the_names_give_way(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = header_line(app)
        for label in ("Code", "Name", "Unit", "Hard", "Soft", "Periods", "Figures", "Last pub."):
            assert label in header
        text = screen_text(app)
        assert "us.gdp.real" in text  # the short code whole ...
        assert "Removals under Secure Communities" not in text  # ... the long name cut
        assert "2011-06-01" in text  # the last column's dates are on screen


@pilot_test
async def test_resizing_the_terminal_lays_the_columns_out_again(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Removals under Secure Communities" not in screen_text(app)
        await pilot.resize_terminal(140, 45)
        await settle(pilot)
        assert "Removals under Secure Communities" in screen_text(app)
        assert "Last published" in header_line(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "Last pub." in header_line(app)


@pilot_test
async def test_the_sources_count_withdrawals_apart_from_vintage_drop_outs(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if "Revised" in line)
        assert "Retracted" in header and "Dropped by a vintage" in header
