"""Opening the text files people import: UTF-8, with or without a byte-order mark.

A file in another encoding is refused by name, in one line, wherever in the
file its first undecodable byte lies; the import's transaction then rolls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ledger.errors import InvalidInput


@contextmanager
def open_text(path: Path, what: str = "file") -> Iterator[TextIO]:
    try:
        # utf-8-sig: spreadsheets often start a CSV with a byte-order mark.
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InvalidInput(f"cannot read {what} '{path}': {error.strerror}") from None
    with handle:
        try:
            yield handle
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"{what} '{path}' is not UTF-8 text (it holds the byte "
                f"0x{error.object[error.start]:02x}); save it as UTF-8"
            ) from None
