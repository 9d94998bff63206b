"""Period labels of vintage files: canonical labels, frequencies, two-digit years.

Canonical labels (DESIGN.md): ``1960`` year, ``1960-Q1`` quarter,
``1960-01`` month, ``1960-01-04`` day or week (the week's first day).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

ANNUAL = "annual"
QUARTERLY = "quarterly"
MONTHLY = "monthly"
WEEKLY = "weekly"
DAILY = "daily"
FREQUENCIES = (ANNUAL, QUARTERLY, MONTHLY, WEEKLY, DAILY)

_QUARTER_START_MONTHS = (1, 4, 7, 10)

_CANONICAL = re.compile(
    r"(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
)


def period_of(day: date, frequency: str) -> str | None:
    """The canonical label of the period of ``frequency`` that starts on ``day``.

    ``None`` when ``day`` is not the first day of such a period.
    """
    if frequency in (DAILY, WEEKLY):
        return day.isoformat()
    if day.day != 1:
        return None
    if frequency == MONTHLY:
        return f"{day.year:04d}-{day.month:02d}"
    if frequency == QUARTERLY:
        if day.month not in _QUARTER_START_MONTHS:
            return None
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if frequency == ANNUAL:
        return f"{day.year:04d}" if day.month == 1 else None
    raise ValueError(f"unknown frequency {frequency!r}; known: {', '.join(FREQUENCIES)}")


def infer_frequency(first: date, second: date) -> str | None:
    """The frequency implied by two consecutive observation dates, if any."""
    if first.day == 1 and second.day == 1:
        months = (second.year - first.year) * 12 + second.month - first.month
        if months == 1:
            return MONTHLY
        if months == 3 and first.month in _QUARTER_START_MONTHS:
            return QUARTERLY
        if months == 12 and first.month == 1:
            return ANNUAL
    days = (second - first).days
    if days == 7:
        return WEEKLY
    if 1 <= days <= 6:  # business days skip weekends and holidays
        return DAILY
    return None


def period_start(label: str) -> date:
    """The first day of a canonical period label (for sorting and export)."""
    match = _CANONICAL.fullmatch(label)
    if match is None:
        raise ValueError(f"not a canonical period label: {label!r}")
    year = int(match["year"])
    if match["quarter"]:
        return date(year, 3 * int(match["quarter"]) - 2, 1)
    if match["month"] is None:
        return date(year, 1, 1)
    return date(year, int(match["month"]), int(match["day"] or 1))


def frequency_of_label(label: str) -> str:
    """The frequency a canonical label spells (a day label reads as daily)."""
    match = _CANONICAL.fullmatch(label)
    if match is None:
        raise ValueError(f"not a canonical period label: {label!r}")
    if match["quarter"]:
        return QUARTERLY
    if match["day"]:
        return DAILY
    if match["month"]:
        return MONTHLY
    return ANNUAL


def century_year(two_digits: int, pivot: int) -> int:
    """The four-digit year of ``yy``: 19yy when yy >= pivot, else 20yy."""
    return 1900 + two_digits if two_digits >= pivot else 2000 + two_digits


def first_friday_after_month(year: int, month: int) -> date:
    """The first Friday of the month after (year, month): the nominal CES release."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    first = date(year, month, 1)
    return first + timedelta(days=(4 - first.weekday()) % 7)
