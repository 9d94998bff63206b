"""Text from sources is shown as written: markup is text, escape sequences are harmless."""

from __future__ import annotations

from tui_support import HOSTILE_NAME, HOSTILE_QUOTE, pilot_test, screen_text, settle

from tui.app import build_app
from tui.literal import clean, literal


def test_markup_stays_text():
    shown = literal("[red]x[/red] and [bold]y[/]")
    assert shown.plain == "[red]x[/red] and [bold]y[/]"
    assert shown.spans == []


def test_control_characters_become_visible_stand_ins():
    assert clean("\x1b[31mred") == "␛[31mred"
    assert clean("bell\x07 delete\x7f") == "bell␇ delete␡"
    assert clean("C1 \x9b31m") == "C1 ⁅U+009B⁆31m"
    # A right-to-left override would reorder what follows it on screen.
    assert clean("abc\u202edef") == "abc⁅U+202E⁆def"
    # Newlines: kept where the text may wrap, shown as ↵ in a one-line cell.
    assert clean("two\nlines", multiline=True) == "two\nlines"
    assert clean("two\nlines") == "two ↵ lines"
    # Ordinary text, accents and symbols pass untouched.
    assert clean("Dépenses ≈ €1,2 bn — “quoted”") == "Dépenses ≈ €1,2 bn — “quoted”"


def test_long_values_are_cut_with_an_ellipsis():
    assert literal("x" * 50, width=10).plain == "x" * 9 + "…"


@pilot_test
async def test_a_source_name_with_markup_and_an_escape_sequence_is_shown_literally(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(app)
        assert "[red]x[/red] Daily ␛[31mHerald" in text
        assert "\x1b" not in text
        assert HOSTILE_NAME not in text  # the raw ESC never reaches the screen


@pilot_test
async def test_quotes_notes_and_urls_are_shown_literally(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_statistic("ice.sc.removals")
        await settle(pilot)
        text = screen_text(app)
        assert HOSTILE_QUOTE in text
        assert "https://example.org/morton?a=[b]" in text
        assert "Emailed statement ␛[2J to the press" in text
        assert "\x1b" not in text
        # The newspaper's card on FY2010 shows its name as written.
        await pilot.press("down", "down")
        await settle(pilot)
        assert "daily · [red]x[/red] Daily ␛[31mHerald · Herald Group · media" in screen_text(app)


@pilot_test
async def test_statistic_names_units_and_explanations_are_shown_literally(ledger):
    ledger.add_statistic("markup.test", "[b]Bold[/b] \x1b]0;pwned\x07", "[i]units[/i]")
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[b]Bold[/b] ␛]0;pwned␇" in text
        assert "[i]units[/i]" in text
        # An explanation's note written with markup comes back as written.
        ledger.explain("uk.net.migration", "2010", "timing", "[blink]later[/blink] \x1b[5m")
        await pilot.press("d")
        await settle(pilot)
        assert "timing: [blink]later[/blink] ␛[5m" in screen_text(app)
