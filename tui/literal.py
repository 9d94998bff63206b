"""Text that came from sources, shown as written and nothing more.

Names, quotes, notes, URLs and values are data: a ``[red]`` in them is text,
not Rich markup, and an escape sequence must not reach the terminal. Control
characters are therefore replaced by visible stand-ins (``␛`` for ESC, ``⁅U+202E⁆``
for a bidirectional override) before the text becomes a :class:`rich.text.Text`,
which never parses markup.
"""

from __future__ import annotations

import unicodedata

from rich.style import StyleType
from rich.text import Text

# Characters that reorder text on screen: shown, never obeyed.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


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


def clean(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string whose every character is safe to print."""
    text = "" if value is None else str(value)
    if text.isprintable() and not _BIDI.intersection(text):
        return text
    out = []
    for char in text:
        if char in _BIDI or (not char.isprintable() and unicodedata.category(char) in ("Cc", "Cf")):
            out.append(_stand_in(char, multiline))
        else:
            out.append(char)
    return "".join(out)


def literal(value: object, style: StyleType = "", *, width: int | None = None,
            multiline: bool = False) -> Text:
    """A :class:`Text` showing ``value`` literally, cut to ``width`` cells with an ellipsis."""
    text = Text(clean(value, multiline=multiline), style=style, no_wrap=not multiline)
    if width is not None and text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


def dash_if_none(value: object, style: StyleType = "", *, width: int | None = None) -> Text:
    """Like :func:`literal`, with a dim dash for a missing value."""
    if value is None or value == "":
        return Text("—", style="dim")
    return literal(value, style, width=width)
