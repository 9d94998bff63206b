"""Ledger rows as pandas DataFrames, for notebooks: ``to_frame(ledger.iter_replay(...))``.

Needs the optional extra ``recount[pandas]``; pandas is imported when a frame
is first built, so the core never depends on it. A frame's columns are the
row's fields, in order, with dtypes that keep what the ledger means:

* exact decimals (values, grains, gaps, revisions) stay :class:`~decimal.Decimal`
  in ``object`` columns: ``1056.50`` keeps its digits and sums stay exact.
  ``floats=True`` makes them ``float64`` (missing ones NaN) for plotting and
  statistics that need floats;
* publication dates and the bounds of periods (``published``, ``released``,
  ``…_on``, ``period_start``, ``period_end``, ``retracted``) become
  ``datetime64``; recorded times (``recorded``) ``datetime64`` in UTC;
* whole numbers and flags with a missing value become pandas' nullable
  ``Int64`` and ``boolean``; text stays ``object``.

The period label itself stays text: ``2010-Q4`` is not a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

__all__ = ["to_frame"]

#: Columns holding a calendar date, besides those named by the suffixes below.
_DATE_COLUMNS = frozenset({"period_start", "period_end", "retracted"})
_DATE_SUFFIXES = ("published", "released", "_on")
#: Columns holding a recorded instant (UTC).
_TIME_COLUMNS = frozenset({"recorded"})


def to_frame(rows: Iterable[Any], *, floats: bool = False, row_type: type | None = None):
    """A DataFrame of ``rows``: any iterable of the typed rows of :mod:`ledger.rows`
    (read as it comes). ``row_type`` gives the columns of an empty frame."""
    pd = _pandas()
    names: list[str] | None = None if row_type is None else _names(row_type)
    columns: dict[str, list[Any]] = {} if names is None else {name: [] for name in names}
    for row in rows:
        if names is None:
            names = _names(type(row))
            columns = {name: [] for name in names}
        for name in names:
            columns[name].append(getattr(row, name))
    if names is None:
        return pd.DataFrame()
    return pd.DataFrame({name: _series(pd, name, columns[name], floats) for name in names})


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "ledger.frames needs pandas: install the extra, pip install 'recount[pandas]'"
        ) from None
    return pandas


def _names(row_type: type) -> list[str]:
    if is_dataclass(row_type):
        return [f.name for f in fields(row_type)]
    named = getattr(row_type, "_fields", None)  # a NamedTuple such as ReplayRow
    if named is None:
        raise TypeError(f"not a row of ledger.rows: {row_type.__name__}")
    return list(named)


def _series(pd, name: str, values: list[Any], floats: bool):
    if name in _TIME_COLUMNS:
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    if name in _DATE_COLUMNS or name.endswith(_DATE_SUFFIXES):
        return pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, Decimal) for v in present):
        if floats:
            return pd.Series([float("nan") if v is None else float(v) for v in values],
                             dtype="float64")
        return pd.Series(values, dtype=object)
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="bool" if len(present) == len(values) else "boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="int64" if len(present) == len(values) else "Int64")
    return pd.Series(values, dtype=object)
