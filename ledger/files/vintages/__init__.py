"""Streaming readers that turn vintage files into the ledger's changes.

Three formats (DESIGN.md, "Real-world formats"): ALFRED, RTDSM and the BLS CES
vintage triangle. Each reader opens a file (any iterable of lines), reads its
header, and streams :class:`Change` objects: a value new or changed in a
vintage is published at the vintage's date, a value a vintage no longer holds
is retracted at that date, and an unchanged value yields nothing. Values stay
exact: the cleaned cell text, read as :class:`decimal.Decimal`, never float.

    with open(path, newline="") as lines:
        vintage_file = read_alfred(lines)
        for change in vintage_file.changes():
            ...
"""

from collections.abc import Callable

from ledger.errors import InvalidInput
from ledger.files.vintages.alfred import AlfredFile, read_alfred
from ledger.files.vintages.bls_ces import BlsCesFile, read_bls_ces
from ledger.files.vintages.model import (
    MISSING_MARKERS,
    Change,
    Vintage,
    VintageFile,
    VintageFileError,
)
from ledger.files.vintages.release_dates import read_release_dates
from ledger.files.vintages.rtdsm import RtdsmFile, read_rtdsm

#: Reader of each format, by the format's name.
READERS: dict[str, Callable[..., VintageFile]] = {
    "alfred": read_alfred,
    "rtdsm": read_rtdsm,
    "bls-ces": read_bls_ces,
}


def reader_for(format_name: str) -> Callable[..., VintageFile]:
    """The reader of a format named ``alfred``, ``rtdsm`` or ``bls-ces``."""
    try:
        return READERS[format_name.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"unknown vintage format {format_name!r}; known: {', '.join(READERS)}"
        ) from None


def detect_format(header_line: str) -> str:
    """The format whose header this first line of a file looks like."""
    first_cells = header_line.lstrip("\ufeff").lower().replace('"', "").split(",")
    if first_cells[0].strip() in ("observation_date", "date") and len(first_cells) > 1:
        second = first_cells[1].strip()
        # ALFRED vintages end in _YYYYMMDD; RTDSM ones in yyQq or yyMmm.
        return "alfred" if "_" in second and second[-8:].isdigit() else "rtdsm"
    if [cell.strip() for cell in first_cells[:2]] == ["year", "month"]:
        return "bls-ces"
    raise InvalidInput(
        f"line 1: cannot tell the vintage format of header {header_line[:40].strip()!r}"
    )


__all__ = [
    "MISSING_MARKERS",
    "READERS",
    "AlfredFile",
    "BlsCesFile",
    "Change",
    "RtdsmFile",
    "Vintage",
    "VintageFile",
    "VintageFileError",
    "detect_format",
    "read_alfred",
    "read_bls_ces",
    "read_release_dates",
    "read_rtdsm",
    "reader_for",
]
