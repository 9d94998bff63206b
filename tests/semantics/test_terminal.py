"""Recorded text on a terminal: every character visible, none obeyed."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ledger.semantics.terminal import for_terminal, hidden

OBEYED = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def test_c0_controls_become_control_pictures():
    assert for_terminal("\x1b[31mred") == "␛[31mred"
    assert for_terminal("\x1b]0;title\x07") == "␛]0;title␇"
    assert for_terminal("nul\x00 cr\r") == "nul␀ cr␍"
    assert for_terminal("bell\x07 delete\x7f") == "bell␇ delete␡"


def test_an_osc_8_hyperlink_is_shown_not_followed():
    link = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"
    assert for_terminal(link) == "␛]8;;http://evil␛\\click␛]8;;␛\\"


def test_c1_controls_bidi_and_format_characters_are_named_by_code_point():
    assert for_terminal("C1 \x9b31m") == "C1 ⁅U+009B⁆31m"
    assert for_terminal("abc\u202edef") == "abc⁅U+202E⁆def"
    assert for_terminal("\u2066isolate\u2069 \u200fmark") == "⁅U+2066⁆isolate⁅U+2069⁆ ⁅U+200F⁆mark"
    assert for_terminal("zero\u200bwidth\ufeff") == "zero⁅U+200B⁆width⁅U+FEFF⁆"
    assert for_terminal("line\u2028para\u2029") == "line⁅U+2028⁆para⁅U+2029⁆"


def test_lone_surrogates_become_stand_ins_and_never_raise():
    # b"\xff" read with surrogateescape, as Python reads a non-UTF-8 argument.
    typed = b"\xffab".decode("utf-8", "surrogateescape")
    assert for_terminal(typed) == "⁅U+DCFF⁆ab"
    assert for_terminal("\ud800") == "⁅U+D800⁆"
    for_terminal(typed).encode("utf-8")  # printable by any UTF-8 terminal


def test_newlines_are_kept_only_where_text_may_span_lines():
    assert for_terminal("two\nlines", multiline=True) == "two\nlines"
    assert for_terminal("two\nlines") == "two ↵ lines"
    assert for_terminal("a\tb") == "a b"
    assert for_terminal("a\r\nb", multiline=True) == "a␍\nb"


def test_ordinary_text_passes_untouched():
    for text in ("Dépenses ≈ €1,2 bn — “quoted”", "1\u00a0000 people", "[red]x[/red]",
                 "Ελληνικά, русский, 中文, العربية", ""):
        assert for_terminal(text) == text
    assert for_terminal(None) == ""
    assert for_terminal(12) == "12"


def test_hidden_is_the_rule_for_each_character():
    assert hidden("\x1b") and hidden("\x9b") and hidden("\u202e") and hidden("\udcff")
    assert not hidden("a") and not hidden("\u00a0") and not hidden("é")


def obeyed(text: str, multiline: bool) -> list[str]:
    return [c for c in text if unicodedata.category(c) in OBEYED
            and not (multiline and c == "\n")]


@given(st.text(), st.booleans())
def test_no_control_format_or_surrogate_character_survives(text, multiline):
    shown = for_terminal(text, multiline=multiline)
    assert obeyed(shown, multiline) == []
    shown.encode("utf-8")
    if not multiline:
        assert "\n" not in shown


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_text_with_nothing_to_hide_is_unchanged(text):
    assert for_terminal(text) == text


@given(st.characters())
def test_each_character_is_itself_or_a_stand_in_that_names_it(char):
    # Nothing is dropped silently: a hidden character leaves a visible trace.
    shown = for_terminal(char)
    if not hidden(char):
        assert shown == char
    elif char in "\t\n":
        assert shown in (" ", " ↵ ")
    elif ord(char) < 0x20:
        assert shown == chr(0x2400 + ord(char))
    elif char == "\x7f":
        assert shown == "␡"
    else:
        assert shown == f"⁅U+{ord(char):04X}⁆"
