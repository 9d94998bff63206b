"""Opening the text files people import: UTF-8, with or without a byte-order mark.

A file in another encoding is refused by name, in one line, wherever in the
file its first undecodable byte lies; the import's transaction then rolls back.
So is a file holding a NUL character, which no ledger can store
(:mod:`ledger.semantics.texts`), at the line that holds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

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
            yield _NulRefused(handle, path, what)
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"{what} '{path}' is not UTF-8 text (it holds the byte "
                f"0x{error.object[error.start]:02x}); save it as UTF-8"
            ) from None



class _NulRefused:
    """The open file, read by lines (or whole, by ``read``), refusing a NUL where it is met.

    A check per line costs an import nothing measurable; a pass of its own over
    the file would not work for a pipe. Anything else is the file's own.
    """

    def __init__(self, handle: TextIO, path: Path, what: str) -> None:
        self._handle = handle
        self._path = path
        self._what = what
        self._lines_read = 0  # by read(), which may come in pieces

    def __iter__(self) -> Iterator[str]:
        for number, line in enumerate(self._handle, start=1):
            if "\x00" in line:
                self._refuse(number)
            yield line

    def read(self, size: int = -1) -> str:
        text = self._handle.read(size)
        at = text.find("\x00")
        if at >= 0:
            self._refuse(self._lines_read + text.count("\n", 0, at) + 1)
        self._lines_read += text.count("\n")
        return text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def _refuse(self, line: int) -> None:
        raise InvalidInput(
            f"{self._what} '{self._path}' holds a NUL character on line {line}, "
            "which no ledger can store"
        )
