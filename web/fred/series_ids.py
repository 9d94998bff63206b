"""FRED series ids for Recount's statistics.

A series is one source's figures of one statistic. Its id is the statistic's
code, ``CODE``, when the statistic has one source, or when it has several and
exactly one of them is the source of its vintages (a vintage import): that is
the series a FRED client means. Every series also answers to ``CODE@SOURCE``,
the only id of the others. Codes and source ids never hold ``@``, so the id
reads one way only. Ids are matched exactly: codes are case-sensitive.
"""

from __future__ import annotations

import re
from typing import NamedTuple

SEPARATOR = "@"


class SeriesId(NamedTuple):
    statistic: str
    source: str | None  # None: the statistic's only or chosen source


def parse_series_id(text: str) -> SeriesId:
    statistic, separator, source = text.partition(SEPARATOR)
    return SeriesId(statistic, source if separator else None)


def series_id(statistic: str, source: str | None) -> str:
    return statistic if source is None else f"{statistic}{SEPARATOR}{source}"


def ids_of(statistic: str, sources: list[str], chosen: str | None) -> list[tuple[str, str]]:
    """(id, source) of each series of a statistic: ``CODE`` for the chosen source,
    ``CODE@SOURCE`` for every other."""
    return [
        (statistic if source == chosen else series_id(statistic, source), source)
        for source in sources
    ]


_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]")


def column_name(series: str, day: str) -> str:
    """The name of a vintage's column in output types 2 and 3, ``SERIES_YYYYMMDD`` as
    ALFRED writes it: every character of the id other than a letter, a digit,
    ``.``, ``_`` or ``-`` written ``_`` (``@`` cannot be in an XML attribute's name),
    and ``_`` before an id that starts with a digit."""
    name = _NOT_NAME.sub("_", series)
    if not name[:1].isalpha():
        name = "_" + name
    return f"{name}_{day.replace('-', '')}"
