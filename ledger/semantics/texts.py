"""Text the ledger can store: Python strings that are real Unicode text.

A Python ``str`` may hold a lone surrogate (U+D800..U+DFFF): a JSON escape
such as ``"\\ud800"``, or a command-line argument the OS could not decode,
makes one. No UTF-8 encoding of it exists, so the event store would fail on
it half-way through a command; it is refused up front instead, by name.
So is NUL (U+0000): PostgreSQL's text cannot hold it, and a ledger must read
the same on every backend (stored, it halted a PostgreSQL ledger's read models).

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

from ledger.errors import InvalidInput
from ledger.semantics.checks import shown


def unstorable_at(text: str) -> int | None:
    """Where the first lone surrogate or NUL of ``text`` is; None when it is all text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    at = text.find("\x00")
    return None if at < 0 else at


def check_storable(text: str, what: str) -> str:
    """``text`` itself, or a refusal naming ``what`` and the character that cannot be stored."""
    at = unstorable_at(text)
    if at is not None:
        raise InvalidInput(f"{what} {shown(text)} holds {unstorable_name(text[at])}")
    return text


def unstorable_name(char: str) -> str:
    """What is wrong with a character :func:`unstorable_at` found, for a refusal."""
    if char == "\x00":
        return "a NUL character (U+0000), which no ledger can store"
    return f"a lone surrogate (U+{ord(char):04X}), which is not text"
