"""Reference periods: what a figure describes (DESIGN.md, "Vocabulary").

A :class:`Period` is a canonical label with its first and last day. The
canonical labels are::

    2010                     year
    FY2010                   US federal fiscal year, 2009-10-01 .. 2010-09-30
    2010-Q4                  quarter
    2010-12                  month
    2010-12-31               day
    2008-10-27/2011-01-10    interval of days (ISO 8601), both days included

:func:`parse_period` also accepts the common spellings found in published
files (``1947:Q1``, ``2010Q4``, ``2010 Q4``, ``Q4 2010``, ``2010:01``,
``2010M01``, ``Dec 2010``, ``December 2010``, ``fy 2010``) and always returns
the canonical label, which is what the ledger stores. Periods sort by start,
then end.

Vintage files hold series of periods of one frequency (DESIGN.md, "Real-world
formats"): :func:`period_starting` names the period a file gives by its first
day, :func:`frequency_of_label` the frequency a label spells. The readers of
those files delegate here, so that a period means the same in every door.
:func:`period_bounds` is the parser's fast path for stored labels.

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ledger.errors import InvalidInput

__all__ = [
    "ANNUAL",
    "DAILY",
    "FREQUENCIES",
    "KINDS",
    "MONTHLY",
    "QUARTERLY",
    "WEEKLY",
    "Period",
    "check_frequency",
    "frequency_of_label",
    "parse_period",
    "period_bounds",
    "period_starting",
    "series_period",
]

#: Every value of :attr:`Period.kind`.
KINDS: tuple[str, ...] = ("year", "fiscal_year", "quarter", "month", "day", "interval")

ANNUAL = "annual"
QUARTERLY = "quarterly"
MONTHLY = "monthly"
WEEKLY = "weekly"
DAILY = "daily"
#: The frequencies of a series of periods, as vintage files hold them.
FREQUENCIES: tuple[str, ...] = (ANNUAL, QUARTERLY, MONTHLY, WEEKLY, DAILY)

# A week has no label of its own: it is labelled by its first day, so a day
# label reads as daily. Fiscal years and intervals make no series.
_FREQUENCY_OF_KIND = {"year": ANNUAL, "quarter": QUARTERLY, "month": MONTHLY, "day": DAILY}
_QUARTER_START_MONTHS = (1, 4, 7, 10)

# English names only: the calendar module's names follow the locale.
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

# All patterns run on the stripped, upper-cased text. [0-9] rather than \d:
# \d also matches other scripts' digits.
_YEAR = re.compile(r"^([0-9]{4})$")
_FISCAL_YEAR = re.compile(r"^FY ?([0-9]{4})$")
_QUARTER = re.compile(r"^([0-9]{4}) ?[-:]? ?Q([0-9])$")  # 2010-Q4 2010Q4 2010 Q4 1947:Q1
_QUARTER_FIRST = re.compile(r"^Q([0-9])[ -]([0-9]{4})$")  # Q4 2010, Q4-2010
_MONTH = re.compile(r"^([0-9]{4})[-:M]([0-9]{2})$")  # 2010-12 2010:01 2010M01
_MONTH_NAMED = re.compile(r"^([A-Z]+)\.?[ -]([0-9]{4})$")  # Dec 2010, December 2010
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_INTERVAL = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) ?/ ?([0-9]{4}-[0-9]{2}-[0-9]{2})$")

# Canonical labels only, for checking a Period built directly.
_CANONICAL = re.compile(
    r"^(?:(?P<year>[0-9]{4})"
    r"|FY(?P<fiscal_year>[0-9]{4})"
    r"|(?P<quarter_year>[0-9]{4})-Q(?P<quarter>[1-4])"
    r"|(?P<month_year>[0-9]{4})-(?P<month>[0-9]{2})"
    r"|(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"|(?P<first>[0-9]{4}-[0-9]{2}-[0-9]{2})/(?P<last>[0-9]{4}-[0-9]{2}-[0-9]{2}))$"
)

_QUOTES = "\"'“”‘’"

# Longest text an error message quotes whole: the longest label, spaced, fits.
_SHOWN_LENGTH = 40


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_days(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _fiscal_year_days(year: int) -> tuple[date, date]:
    # US federal fiscal year: FY2010 runs 2009-10-01 .. 2010-09-30.
    return date(year - 1, 10, 1), date(year, 9, 30)


def _quarter_days(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    first_month = 3 * quarter - 2
    return date(year, first_month, 1), _last_day_of_month(year, first_month + 2)


def _month_days(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _last_day_of_month(year, month)  # ValueError for month 13


def _canonical_days(label: str) -> tuple[date, date] | None:
    """The days a canonical label stands for; None if the label is not canonical.

    Raises ValueError for a canonical shape naming an impossible period.
    """
    match = _CANONICAL.match(label)
    if match is None:
        return None
    if match["year"]:
        return _year_days(int(match["year"]))
    if match["fiscal_year"]:
        return _fiscal_year_days(int(match["fiscal_year"]))
    if match["quarter_year"]:
        return _quarter_days(int(match["quarter_year"]), int(match["quarter"]))
    if match["month_year"]:
        return _month_days(int(match["month_year"]), int(match["month"]))
    if match["day"]:
        day = date.fromisoformat(match["day"])
        return day, day
    return date.fromisoformat(match["first"]), date.fromisoformat(match["last"])


@dataclass(frozen=True, slots=True)
class Period:
    """A reference period: canonical ``label`` and inclusive ``start`` .. ``end``.

    Build one with :func:`parse_period` or the ``of_*`` constructors; building
    one directly checks that the label is canonical and matches its days.
    Ordering follows :attr:`sort_key`, (start, end); equality compares all
    three fields.
    """

    label: str
    start: date
    end: date

    def __post_init__(self) -> None:
        # A Period built by hand (say from a stored row) must not disagree
        # with itself: re-read its label and compare the days. Cheap enough
        # to do always, so the parser goes through the same check.
        try:
            days = _canonical_days(self.label) if isinstance(self.label, str) else None
        except ValueError:
            days = None
        if days is None:
            raise InvalidInput(f"period label {self.label!r} is not canonical")
        if days != (self.start, self.end):
            raise InvalidInput(
                f"period {self.label!r} runs {days[0]}..{days[1]}, not {self.start}..{self.end}"
            )
        if self.end < self.start:
            raise InvalidInput(f"period {self.label!r} ends before it starts")

    # -- construction -------------------------------------------------------

    @classmethod
    def of_year(cls, year: int) -> Period:
        """The calendar year, e.g. ``2010``."""
        return cls(f"{year:04d}", *_year_days(year))

    @classmethod
    def of_fiscal_year(cls, year: int) -> Period:
        """The US federal fiscal year ending 30 September of ``year``, e.g. ``FY2010``."""
        return cls(f"FY{year:04d}", *_fiscal_year_days(year))

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        """The calendar quarter 1..4 of ``year``, e.g. ``2010-Q4``."""
        return cls(f"{year:04d}-Q{quarter}", *_quarter_days(year, quarter))

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        """The calendar month, e.g. ``2010-12``."""
        return cls(f"{year:04d}-{month:02d}", *_month_days(year, month))

    @classmethod
    def of_day(cls, day: date) -> Period:
        """A single day, e.g. ``2010-12-31``."""
        return cls(day.isoformat(), day, day)

    @classmethod
    def of_interval(cls, start: date, end: date) -> Period:
        """The days ``start`` to ``end``, both included, e.g. ``2008-10-27/2011-01-10``."""
        if end < start:
            raise ValueError(f"it ends ({end}) before it starts ({start})")
        return cls(f"{start.isoformat()}/{end.isoformat()}", start, end)

    # -- questions ----------------------------------------------------------

    @property
    def sort_key(self) -> tuple[date, date]:
        """Periods sort by start, then end."""
        return (self.start, self.end)

    @property
    def kind(self) -> str:
        """One of :data:`KINDS`, read from the shape of the label."""
        label = self.label
        if "/" in label:
            return "interval"
        if label.startswith("FY"):
            return "fiscal_year"
        if "-Q" in label:
            return "quarter"
        return {4: "year", 7: "month", 10: "day"}[len(label)]

    @property
    def frequency(self) -> str | None:
        """The frequency of a series of such periods; None for fiscal years and intervals."""
        return _FREQUENCY_OF_KIND.get(self.kind)

    def contains(self, day: date) -> bool:
        """True when ``day`` falls within the period (both ends included)."""
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key


def parse_period(text: str) -> Period:
    """Read a period from its canonical label or a common spelling.

    See the module docstring for the accepted forms. Case and surrounding
    whitespace or quotes do not matter. Always returns the canonical label.
    Raises :class:`InvalidInput` naming the text, e.g. ``cannot read period
    '2011-13': no month 13``.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"cannot read period {text!r}")
    s = " ".join(text.strip().strip(_QUOTES).split()).upper()
    if not s:
        raise InvalidInput(f"cannot read period {_shown(text)}: it is empty")
    try:
        period = _read(s)
    except ValueError as reason:
        raise InvalidInput(f"cannot read period {_shown(text)}: {reason}") from None
    if period is None:
        raise InvalidInput(
            f"cannot read period {_shown(text)} (expected e.g. 2010, FY2010, 2010-Q4, "
            "2010-12, 2010-12-31 or 2008-10-27/2011-01-10)"
        )
    return period


def _shown(text: str) -> str:
    """The text as an error message quotes it: a cell of a file can be very long."""
    if len(text) > _SHOWN_LENGTH:
        text = text[: _SHOWN_LENGTH - 1] + "…"
    return repr(text)


def _read(s: str) -> Period | None:
    """Match ``s`` against each spelling; ValueError says why a match is impossible."""
    if match := _YEAR.match(s):
        return Period.of_year(_year(match[1]))
    if match := _FISCAL_YEAR.match(s):
        year = _year(match[1])
        if year < 2:
            raise ValueError("fiscal year 1 would start in year 0")
        return Period.of_fiscal_year(year)
    if match := _QUARTER.match(s):
        return Period.of_quarter(_year(match[1]), _quarter(match[2]))
    if match := _QUARTER_FIRST.match(s):
        return Period.of_quarter(_year(match[2]), _quarter(match[1]))
    if match := _MONTH.match(s):
        return Period.of_month(_year(match[1]), _month(match[2]))
    if match := _MONTH_NAMED.match(s):
        number = _MONTH_NAMES.get(match[1].lower())
        if number is None:
            raise ValueError(f"no month called {match[1].title()!r}")
        return Period.of_month(_year(match[2]), number)
    if _DAY.match(s):
        return Period.of_day(_day(s))
    if match := _INTERVAL.match(s):
        return Period.of_interval(_day(match[1]), _day(match[2]))
    return None


def _year(digits: str) -> int:
    year = int(digits)
    if year == 0:
        raise ValueError("no year 0")
    return year


def _quarter(digit: str) -> int:
    quarter = int(digit)
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    return quarter


def _month(digits: str) -> int:
    month = int(digits)
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return month


def _day(iso: str) -> date:
    year, month, day = (int(part) for part in iso.split("-"))
    _year(str(year))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"no such date {iso!r}") from None


# -- series of periods (vintage files) ----------------------------------------------


def check_frequency(frequency: str) -> str:
    """A frequency of :data:`FREQUENCIES`, or InvalidInput naming the known ones."""
    if frequency not in FREQUENCIES:
        raise InvalidInput(f"unknown frequency {frequency!r}; known: {', '.join(FREQUENCIES)}")
    return frequency


def period_starting(day: date, frequency: str) -> Period | None:
    """The period of ``frequency`` whose first day is ``day``; None when none starts then.

    Vintage files such as ALFRED give each period by its first day. A week is
    labelled by its first day, as a day is (DESIGN.md, "Real-world formats").
    """
    check_frequency(frequency)
    if frequency in (DAILY, WEEKLY):
        return Period.of_day(day)
    if day.day != 1:
        return None
    if frequency == MONTHLY:
        return Period.of_month(day.year, day.month)
    if frequency == QUARTERLY:
        if day.month not in _QUARTER_START_MONTHS:
            return None
        return Period.of_quarter(day.year, (day.month + 2) // 3)
    return Period.of_year(day.year) if day.month == 1 else None


def series_period(label: str) -> Period:
    """The period of a label, when a series of one frequency can hold it.

    Raises InvalidInput for a label that cannot be read, and for fiscal years
    and intervals, which no vintage file holds.
    """
    period = parse_period(label)
    if period.frequency is None:
        kind = {"fiscal_year": "a fiscal year", "interval": "an interval"}[period.kind]
        raise InvalidInput(f"period {period.label!r} is {kind}, not a period of a series")
    return period


def frequency_of_label(label: str) -> str:
    """The frequency of a series whose periods are labelled like ``label``.

    A day label reads as daily; see :func:`series_period` for the refusals.
    """
    return _FREQUENCY_OF_KIND[series_period(label).kind]


# -- the fast path for stored labels ------------------------------------------------

# Canonical month and quarter labels: the periods of every vintage file.
_MONTH_LABEL = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])\Z")
_QUARTER_LABEL = re.compile(r"([0-9]{4})-Q([1-4])\Z")


@lru_cache(maxsize=65536)
def period_bounds(label: str) -> tuple[str, str]:
    """A stored (canonical) label's first and last day, as ISO text.

    The read models ask this for every row they write. Months and quarters
    are computed from the label's digits, which a property test holds equal
    to :func:`parse_period`; every other label is parsed.
    """
    if (match := _MONTH_LABEL.match(label)) and match[1] != "0000":
        year, month = match[1], match[2]
        last_day = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last_day:02d}"
    if (match := _QUARTER_LABEL.match(label)) and match[1] != "0000":
        year, last_month = match[1], 3 * int(match[2])
        last_day = calendar.monthrange(int(year), last_month)[1]
        return f"{year}-{last_month - 2:02d}-01", f"{year}-{last_month:02d}-{last_day:02d}"
    period = parse_period(label)
    return period.start.isoformat(), period.end.isoformat()
