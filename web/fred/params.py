"""The query parameters of FRED's endpoints, read the way FRED reads them.

Each bad value is refused with one line that names the parameter and the
value (control characters escaped). Parameters FRED has that Recount does not
serve (``frequency``, ``aggregation_method``, ``units`` other than ``lin``)
are refused rather than ignored: an answer without the asked-for transform
would look right and be wrong. Unknown parameters are ignored, as FRED does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from starlette.datastructures import QueryParams

from ledger.analysis.vintage_views import END_OF_TIME, START_OF_TIME
from ledger.semantics import clock
from ledger.semantics.checks import shown
from web.fred.errors import FredError

FILE_TYPES = ("xml", "json")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def file_type_of(params: QueryParams) -> str:
    """The file type asked for; an unknown one is answered in XML, FRED's default."""
    wanted = params.get("file_type", "xml").strip().lower()
    return wanted if wanted in FILE_TYPES else "xml"


@dataclass(frozen=True)
class Window:
    """The real-time window of a request, both ends inclusive."""

    start: str
    end: str
    explicit: bool  # both ends were given


class Params:
    """A request's parameters, each read and checked when asked for."""

    def __init__(self, params: QueryParams) -> None:
        self.params = params
        self.file_type = self._file_type()
        self.strict = self.flag("strict")

    def _file_type(self) -> str:
        wanted = self.params.get("file_type", "xml").strip().lower()
        if wanted not in FILE_TYPES:
            raise FredError(
                f"Variable file_type is not one of xml, json: {shown(wanted)} "
                "(Recount serves no xlsx or csv)"
            )
        return wanted

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.params.get(name)
        return default if value is None else value

    def required(self, name: str) -> str:
        value = self.params.get(name)
        if value is None or not value.strip():
            raise FredError(f"Variable {name} is not set.")
        return value.strip()

    def date(self, name: str, default: str) -> str:
        value = self.params.get(name)
        if value is None:
            return default
        return check_date(name, value)

    def dates(self, name: str) -> list[str] | None:
        """A comma-separated list of dates, sorted and without repeats; None if not given."""
        value = self.params.get(name)
        if value is None or not value.strip():
            return None
        return sorted({check_date(name, part) for part in value.split(",")})

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        value = self.params.get(name)
        if value is None:
            return default
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or int(text) < minimum:
            raise FredError(
                f"Variable {name} is not an integer of at least {minimum}: {shown(value)}"
            )
        return int(text)

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.params.get(name)
        if value is None:
            return default
        wanted = value.strip().lower()
        if wanted not in choices:
            raise FredError(f"Variable {name} is not one of {', '.join(choices)}: {shown(value)}")
        return wanted

    def flag(self, name: str) -> bool:
        value = self.params.get(name)
        if value is None:
            return False
        wanted = value.strip().lower()
        if wanted in _TRUE:
            return True
        if wanted in _FALSE:
            return False
        raise FredError(f"Variable {name} is not true or false: {shown(value)}")

    def refuse(self, name: str, allowed: str | None = None) -> None:
        """Refuse a parameter Recount does not serve (other than ``allowed``)."""
        value = self.params.get(name)
        if value is None or not value.strip() or value.strip().lower() == allowed:
            return
        served = f" (Recount serves {name}={allowed} only)" if allowed else " (Recount serves none)"
        raise FredError(f"Variable {name} is not served: {shown(value)}{served}")

    def window(self, whole_by_default: bool = False) -> Window:
        """``realtime_start`` and ``realtime_end``: today by default (FRED's rule), or
        the whole of real time where FRED defaults to it (vintage dates). With
        ``strict=true`` a request must give both."""
        given = [name for name in ("realtime_start", "realtime_end") if name in self.params]
        if self.strict and len(given) < 2:
            raise FredError(
                "strict=true needs an explicit real-time window: give realtime_start and "
                "realtime_end (a default of today would let later revisions in)"
            )
        today = clock.today().isoformat()
        start = self.date("realtime_start", START_OF_TIME if whole_by_default else today)
        end = self.date("realtime_end", END_OF_TIME if whole_by_default else today)
        if start > end:
            raise FredError(
                f"The real-time start date {start} is after the real-time end date {end}."
            )
        return Window(start, end, len(given) == 2)

    @property
    def known_at(self) -> str | None:
        """Recount's extension: what the ledger had recorded by then (default now)."""
        value = self.params.get("known_at")
        return None if value is None or not value.strip() else value.strip()


def check_date(name: str, value: str) -> str:
    text = value.strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FredError(
            f"Variable {name} is not a date written YYYY-MM-DD: {shown(value)}"
        ) from None
