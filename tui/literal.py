"""Text that came from sources, shown as written and nothing more.

Names, quotes, notes, URLs and values are data: a ``[red]`` in them is text,
not Rich markup, and an escape sequence must not reach the terminal. Control
characters are therefore replaced by visible stand-ins (``␛`` for ESC, ``⁅U+202E⁆``
for a bidirectional override; the rule is :mod:`ledger.semantics.terminal`)
before the text becomes a :class:`rich.text.Text`, which never parses markup.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

# The one rule for showing recorded text on a terminal lives in the ledger, shared
# with the CLI; ``clean`` is its name here.
from ledger.semantics.terminal import for_terminal as clean

__all__ = ["clean", "dash_if_none", "literal"]


def literal(value: object, style: StyleType = "", *, width: int | None = None,
            multiline: bool = False) -> Text:
    """A :class:`Text` showing ``value`` literally, cut to ``width`` cells with an ellipsis.

    A single line also ends in an ellipsis wherever it is drawn narrower than it is
    (a table column that had to give way).
    """
    text = Text(clean(value, multiline=multiline), style=style, no_wrap=not multiline,
                overflow=None if multiline else "ellipsis")
    if width is not None and text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


def dash_if_none(value: object, style: StyleType = "", *, width: int | None = None) -> Text:
    """Like :func:`literal`, with a dim dash for a missing value."""
    if value is None or value == "":
        return Text("—", style="dim")
    return literal(value, style, width=width)
