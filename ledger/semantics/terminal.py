"""Recorded text as a terminal may show it: every character visible, none obeyed.

Names, values, quotes, notes, URLs and reasons are data from sources and
archivists. Printed raw, ``\\x1b]0;title\\x07`` would retitle the window, an OSC 8
sequence would hide a link, a C1 ``\\x9b`` would start a control sequence on
terminals that read 8-bit controls, and U+202E would reorder what follows it on
screen. :func:`for_terminal` is the one rule both faces use (the CLI for every
table cell and message, the terminal UI through ``tui.literal``): each such
character becomes a visible stand-in.

- C0 controls become the Unicode control pictures (``␛`` for ESC, ``␇`` for BEL, …);
- DEL becomes ``␡``;
- a tab becomes a space; a newline stays only where the text may span lines,
  else it is shown as `` ↵ ``;
- every other control or format character (C1 controls, bidirectional overrides,
  isolates and marks, zero-width characters), the line and paragraph
  separators U+2028 and U+2029, and lone surrogates (what Python makes of bytes
  that are not UTF-8) become ``⁅U+XXXX⁆``.

Other characters, accents, symbols and no-break spaces included, pass untouched.
Stdlib only: the rule is pure and the tests run it on any string.
"""

from __future__ import annotations

import unicodedata

# Categories that are never shown as themselves: controls (Cc), format characters
# such as U+202E (Cf), lone surrogates (Cs), and the line and paragraph separators
# (Zl, Zp), which some renderers take as line breaks.
HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _stand_in(char: str, multiline: bool) -> str:
    code = ord(char)
    if char == "\n":
        return "\n" if multiline else " ↵ "
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛, ␇, …
    if code == 0x7F:
        return "␡"
    return f"⁅U+{code:04X}⁆"


def hidden(char: str) -> bool:
    """Whether a terminal must not be given ``char`` as it is (see the module's list)."""
    return not char.isprintable() and unicodedata.category(char) in HIDDEN


def for_terminal(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string whose every character is safe to print on a terminal.

    ``None`` is the empty string. With ``multiline``, newlines are kept; without,
    the result is one line. Never raises, whatever the string holds.
    """
    text = "" if value is None else str(value)
    # The fast path: printable text (every Cc, Cf, Cs, Zl and Zp character is
    # not printable for Python) is returned as it is.
    if text.isprintable():
        return text
    return "".join(_stand_in(char, multiline) if hidden(char) else char for char in text)
