"""Text the ledger can store: Python strings that are real Unicode text.

A Python ``str`` may hold a lone surrogate (U+D800..U+DFFF): a JSON escape
such as ``"\\ud800"``, or a command-line argument the OS could not decode,
makes one. No UTF-8 encoding of it exists, so the event store would fail on
it half-way through a command; it is refused up front instead, by name.

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

from ledger.errors import InvalidInput
from ledger.semantics.checks import shown


def unstorable_at(text: str) -> int | None:
    """Where the first lone surrogate of ``text`` is; None when it is all text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def check_storable(text: str, what: str) -> str:
    """``text`` itself, or a refusal naming ``what`` and the surrogate."""
    at = unstorable_at(text)
    if at is not None:
        raise InvalidInput(
            f"{what} {shown(text)} holds a lone surrogate (U+{ord(text[at]):04X}), "
            "which is not text"
        )
    return text
