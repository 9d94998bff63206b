"""Fit checks: whether a vintage file may be poured into a statistic.

A vintage file is one series of one frequency. Poured into a statistic that
already holds figures of another kind, its vintages would "revise" them:
a GDP series imported into a count of removals turned the hand-recorded
2010 figure "more than 59,000" into a revision to 13382.6 (issue 9). So,
before anything is written:

* the periods the statistic holds must be of the file's frequency: a
  statistic of annual periods takes no quarterly vintages, whatever is said
  (its vintage matrix and its comparisons would mix grains);
* every figure the statistic holds must come from a vintage release of this
  statistic imported from the same series (a release keyed ``STATISTIC/LABEL``
  and titled ``SERIES vintage LABEL``), and a statistic an import of another
  series created must not take this one. Figures recorded by hand, from a
  native file, or from another series are refused unless the archivist says
  the file is meant to revise them (``into_existing``).

A file that names no series (a BLS CES triangle is known by its file name,
and a renamed download is the same series) fits the figures of any vintage
import into the statistic. No vintage format states a unit, so there is no
unit to compare yet: the statistic's unit stands.

The names of the vintage releases live here too, as the import writes them
and this check reads them back: key ``STATISTIC/LABEL``, title ``SERIES
vintage LABEL``, and the definition of a statistic an import creates.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from ledger.errors import Conflict, InvalidInput
from ledger.projections import queries
from ledger.projections.queries import FigureOrigin, ReleaseGroup
from ledger.semantics.checks import shown
from ledger.semantics.periods import parse_period

#: Between the statistic code and the vintage label in a release key. Codes
#: never contain it (letters, digits and . _ : - only), so a key splits once.
KEY_SEPARATOR = "/"

#: Between the series and the vintage label in a vintage release's title.
TITLE_SEPARATOR = " vintage "

_IMPORTED_DEFINITION = re.compile(
    r"Series (?P<series>.+?)(?:, \w+ periods)?, imported from a \S+ vintage file\Z"
)


# -- what a vintage release is called ------------------------------------------


def release_key(statistic: str, label: str) -> str:
    """The key of the release that is vintage ``label`` of ``statistic``."""
    return f"{statistic}{KEY_SEPARATOR}{label}"


def release_prefix(statistic: str) -> str:
    """What the keys of the vintage releases of ``statistic`` start with."""
    return statistic + KEY_SEPARATOR


def release_title(series: str, label: str) -> str:
    """The title of the release that is vintage ``label`` of ``series``."""
    return f"{series}{TITLE_SEPARATOR}{label}"


def imported_definition(series: str, frequency: str | None, format: str) -> str:
    """The definition of a statistic that a vintage import creates."""
    periods = f", {frequency} periods" if frequency else ""
    return f"Series {series}{periods}, imported from a {format} vintage file"


def series_of_definition(definition: str | None) -> str | None:
    """The series an import created a statistic for, read off its definition."""
    found = _IMPORTED_DEFINITION.match(definition or "")
    return found["series"] if found else None


def check_fit(
    db: Connection,
    statistic: str,
    series: str | None,
    frequency: str | None,
    into_existing: bool,
) -> None:
    """Refuse a vintage file of ``series`` and ``frequency`` that does not fit ``statistic``.

    ``series`` is None for a file that names none. Raises
    :class:`~ledger.errors.Conflict` in one line; reads only.
    """
    prefix = release_prefix(statistic)
    if not queries.statistic_exists(db, statistic):
        return  # the import creates it, from this file
    if frequency is not None:
        _check_frequency(db, statistic, frequency)
    if into_existing:
        return
    groups = queries.figure_release_groups(db, statistic)
    foreign = [group for group in groups if not _from_series(group, prefix, series)]
    whose = f"series {series}" if series else "vintage imports"
    if foreign:
        count = sum(group.figures for group in foreign)
        example = foreign[0]
        raise Conflict(
            f"statistic '{statistic}' already holds {count:,} "
            f"figure{'s' if count != 1 else ''} that {'are' if count != 1 else 'is'} not "
            f"from {whose} (e.g. {example.first_period} by {example.source}, "
            f"{_origin(example.release, example.title, prefix)}); use --into-existing "
            "if this file is meant to revise them"
        )
    created_for = series_of_definition(queries.statistic(db, statistic).definition)
    if series and created_for is not None and created_for != series:
        raise Conflict(
            f"statistic '{statistic}' was created by an import of series {created_for}, "
            f"not {series}; use --into-existing if this file is meant to go into it"
        )


def origin_of_slot(db: Connection, statistic: str, period: str, source: str) -> str | None:
    """Where the figure standing in a slot came from, in a few words (see
    :func:`describe_origin`); None when the slot shows no figure."""
    origin = queries.slot_origin(db, statistic, period, source)
    return None if origin is None else describe_origin(origin, statistic)


def describe_origin(origin: FigureOrigin, statistic: str) -> str:
    """Where a figure of ``statistic`` came from, in a few words: ``hand-recorded`` (no
    release), ``from series GDPC1`` (a vintage import), ``release 'KEY'`` (any other)."""
    return _origin(origin.release, origin.title, release_prefix(statistic))


def _check_frequency(db: Connection, statistic: str, frequency: str) -> None:
    for label in queries.statistic_periods(db, statistic):
        held = _frequency_of(label)
        if held != frequency:
            kind = f"{held} periods" if held else "periods that no series holds"
            raise Conflict(
                f"statistic '{statistic}' holds {kind} (e.g. {shown(label)}) and the file "
                f"{frequency} ones: a statistic's periods are of one frequency"
            )


def _frequency_of(label: str) -> str | None:
    try:
        return parse_period(label).frequency
    except InvalidInput:  # a stored label is read; never expected
        return None


def _from_series(group: ReleaseGroup, prefix: str, series: str | None) -> bool:
    label = _vintage_label(group.release, prefix)
    if label is None or group.title is None:
        return False
    if series is None:
        return group.title.endswith(TITLE_SEPARATOR + label)
    return group.title == release_title(series, label)


def _vintage_label(release: str | None, prefix: str) -> str | None:
    if release is None or not release.startswith(prefix):
        return None
    return release[len(prefix) :]


def _origin(release: str | None, title: str | None, prefix: str) -> str:
    if release is None:
        return "hand-recorded"
    label = _vintage_label(release, prefix)
    if label is not None and title is not None and title.endswith(TITLE_SEPARATOR + label):
        return f"from series {title[: -len(TITLE_SEPARATOR + label)]}"
    return f"release {shown(release)}"
