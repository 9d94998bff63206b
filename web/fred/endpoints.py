"""The FRED/ALFRED endpoints: each maps its parameters onto the ledger's door and
formats what it answers (the rules of which values held when are in
:mod:`ledger.analysis.vintage_views`). docs/fred-api.md describes them.

Plain functions: Starlette runs each in its thread pool, the ledger's reads
being blocking. Every read is done before the answer starts, so a refusal
always has its status; only the formatting streams.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ledger.analysis.vintage_views import (
    END_OF_TIME,
    Observation,
    Observed,
    SeriesFacts,
    by_real_time_period,
    held_on_dates,
    initial_releases,
    new_or_revised_cells,
    vintage_cells,
    with_any,
)
from ledger.errors import InvalidInput, NotFound, RecountError, StorageError
from ledger.semantics.checks import shown
from ledger.service import Ledger
from web.fred.errors import FredError, error_response
from web.fred.formats import MISSING, listing
from web.fred.params import Params, Window, file_type_of
from web.fred.series_ids import column_name, ids_of, parse_series_id, series_id

log = logging.getLogger("recount.web.fred")

Endpoint = Callable[[Request, Params], Response]

_FREQUENCIES = {
    "annual": ("Annual", "A"),
    "quarterly": ("Quarterly", "Q"),
    "monthly": ("Monthly", "M"),
    "weekly": ("Weekly", "W"),
    "daily": ("Daily", "D"),
}


def fred(endpoint: Endpoint) -> Callable[[Request], Response]:
    """An endpoint answering its refusals in FRED's error shape, with their status."""

    @functools.wraps(endpoint)
    def answering(request: Request) -> Response:
        file_type = file_type_of(request.query_params)
        if request.method not in ("GET", "HEAD"):
            refused = FredError(
                f"The API is read-only: {request.method} is not answered, GET is.", 405
            )
            response = error_response(refused, file_type)
            response.headers["Allow"] = "GET, HEAD"
            return response
        try:
            return endpoint(request, Params(request.query_params))
        except FredError as error:
            return error_response(error, file_type)
        except (InvalidInput, NotFound) as error:
            return error_response(FredError(str(error)), file_type)
        except StorageError as error:
            return error_response(FredError(str(error), 503), file_type)
        except RecountError as error:
            return error_response(FredError(str(error)), file_type)
        except Exception:
            log.exception("FRED endpoint %s failed", request.url.path)
            return error_response(FredError("The server could not answer.", 500), file_type)

    return answering


def _ledger(request: Request) -> Ledger:
    return request.app.state.ledger


# -- series ids --------------------------------------------------------------


def _series(ledger: Ledger, params: Params) -> tuple[str, str, str | None]:
    """(series id, statistic, source) of the request's ``series_id``."""
    wanted = params.required("series_id")
    statistic, source = parse_series_id(wanted)
    try:
        chosen = ledger.series_source(statistic, source)
    except NotFound as error:
        raise FredError(f"The series does not exist: {shown(wanted)} ({error})") from None
    except InvalidInput as error:
        sources = ledger.series_sources(statistic)
        ids = ", ".join(series_id(statistic, name) for name in sources)
        raise FredError(
            f"The series {shown(wanted)} is ambiguous ({error}): ask for {ids}"
        ) from None
    return wanted, statistic, chosen


# -- fred/series -------------------------------------------------------------


def _series_attributes(identifier: str, facts: SeriesFacts, window: Window) -> dict[str, Any]:
    frequency, short = _FREQUENCIES.get(facts.frequency or "", ("Not Applicable", "NA"))
    return {
        "id": identifier,
        "realtime_start": window.start,
        "realtime_end": window.end,
        "title": facts.title,
        "observation_start": facts.observation_start or "",
        "observation_end": facts.observation_end or "",
        "frequency": frequency,
        "frequency_short": short,
        "units": facts.units,
        "units_short": facts.units,
        "seasonal_adjustment": "Not Applicable",
        "seasonal_adjustment_short": "NA",
        "last_updated": _last_updated(facts.last_updated),
        "popularity": 0,
        "notes": facts.notes,
        "statistic": facts.statistic,
        "source": facts.source or "",
    }


def _last_updated(stamp: str | None) -> str:
    """A recorded time as FRED writes ``last_updated``: ``2013-07-31 09:26:16+00``."""
    if stamp is None:
        return ""
    return f"{stamp[:10]} {stamp[11:19]}+00"


@fred
def series(request: Request, params: Params) -> Response:
    ledger = _ledger(request)
    identifier, statistic, source = _series(ledger, params)
    window = params.window()
    facts = ledger.series_facts(statistic, source, window.end, params.known_at)
    head = {"realtime_start": window.start, "realtime_end": window.end}
    rows = [_series_attributes(identifier, facts, window)]
    return listing(params.file_type, "seriess", "series", head, rows)


# -- fred/series/observations -------------------------------------------------

OUTPUT_TYPES = ("1", "2", "3", "4")


@fred
def observations(request: Request, params: Params) -> Response:
    ledger = _ledger(request)
    identifier, statistic, source = _series(ledger, params)
    params.refuse("units", "lin")
    params.refuse("frequency")
    params.refuse("aggregation_method")
    output_type = int(params.choice("output_type", OUTPUT_TYPES, "1"))
    sort_order = params.choice("sort_order", ("asc", "desc"), "asc")
    limit = params.integer("limit", 100_000, minimum=1)
    offset = params.integer("offset", 0)
    observation_start = params.date("observation_start", "1776-07-04")
    observation_end = params.date("observation_end", END_OF_TIME)
    days = params.dates("vintage_dates")
    if days is not None:
        given = [n for n in ("realtime_start", "realtime_end") if n in params.params]
        if given:
            raise FredError(
                f"Variable vintage_dates cannot be given with {' and '.join(given)}: "
                "a request picks vintages by one or the other"
            )
        window = Window(days[0], days[-1], True)
    else:
        window = params.window()
    head = {
        "realtime_start": window.start,
        "realtime_end": window.end,
        "observation_start": observation_start,
        "observation_end": observation_end,
        "units": "lin",
        "output_type": output_type,
        "file_type": params.file_type,
        "order_by": "observation_date",
        "sort_order": sort_order,
    }
    if output_type == 1 and days is None and window.start == window.end:
        # "As of D", the common question: the values held that day, without every vintage.
        found = [
            held
            for held in ledger.series_as_of(statistic, source, window.start, params.known_at)
            if observation_start <= held.date <= observation_end
        ]
        if sort_order == "desc":
            found.reverse()
        head.update(count=len(found), offset=offset, limit=limit)
        page = [_observed(held) for held in found[offset : offset + limit]]
        return listing(params.file_type, "observations", "observation", head, page)
    vintages = ledger.series_vintages(statistic, source, params.known_at)
    chosen = vintages.between(observation_start, observation_end)
    if sort_order == "desc":
        chosen.reverse()
    if output_type in (1, 4):
        if output_type == 4:
            found = list(initial_releases(chosen, window.end))
        elif days is not None:
            found = list(held_on_dates(chosen, days))
        else:
            found = list(by_real_time_period(chosen, window.start, window.end))
        head.update(count=len(found), offset=offset, limit=limit)
        rows: Iterable[dict[str, str]] = list(map(_observed, found[offset : offset + limit]))
    else:
        columns = days if days is not None else vintages.columns(window.start, window.end)
        if output_type == 2:
            cells_of = vintage_cells
        else:
            cells_of = functools.partial(new_or_revised_cells, release_dates=vintages.release_dates)
        kept = with_any(chosen, columns, cells_of)
        head.update(count=len(kept), offset=offset, limit=limit)
        names = [column_name(identifier, day) for day in columns]
        rows = _by_vintage(kept[offset : offset + limit], columns, names, cells_of)
    return listing(params.file_type, "observations", "observation", head, rows)


def _observed(row: Observed) -> dict[str, str]:
    return {
        "realtime_start": row.realtime_start,
        "realtime_end": row.realtime_end,
        "date": row.date,
        "value": row.value,
    }


def _by_vintage(
    observations: list[Observation], columns: list[str], names: list[str], cells_of
) -> Iterator[dict[str, str]]:
    for observation in observations:
        row = {"date": observation.date}
        for name, cell in zip(names, cells_of(observation, columns), strict=True):
            row[name] = MISSING if cell is None else cell
        yield row


# -- fred/series/vintagedates -------------------------------------------------


@fred
def vintage_dates(request: Request, params: Params) -> Response:
    ledger = _ledger(request)
    _, statistic, source = _series(ledger, params)
    window = params.window(whole_by_default=True)
    sort_order = params.choice("sort_order", ("asc", "desc"), "asc")
    limit = params.integer("limit", 10_000, minimum=1)
    offset = params.integer("offset", 0)
    dates = ledger.series_vintages(statistic, source, params.known_at).vintage_dates(
        window.start, window.end
    )
    if sort_order == "desc":
        dates.reverse()
    head = {
        "realtime_start": window.start,
        "realtime_end": window.end,
        "order_by": "vintage_date",
        "sort_order": sort_order,
        "count": len(dates),
        "offset": offset,
        "limit": limit,
    }
    page = dates[offset : offset + limit]
    return listing(params.file_type, "vintage_dates", "vintage_date", head, page)


# -- fred/series/search -------------------------------------------------------

SEARCH_ORDERS = ("search_rank", "series_id", "title", "observation_start", "observation_end",
                 "last_updated", "realtime_start", "realtime_end", "popularity", "units",
                 "frequency", "seasonal_adjustment")  # fmt: skip


@fred
def search(request: Request, params: Params) -> Response:
    ledger = _ledger(request)
    text = params.required("search_text")
    search_type = params.choice("search_type", ("full_text", "series_id"), "full_text")
    window = params.window()
    order_by = params.choice("order_by", SEARCH_ORDERS, "search_rank")
    default_order = "desc" if order_by in ("search_rank", "popularity") else "asc"
    sort_order = params.choice("sort_order", ("asc", "desc"), default_order)
    limit = params.integer("limit", 1000, minimum=1)
    offset = params.integer("offset", 0)
    found: list[tuple[int, dict[str, Any]]] = []
    for code, name, _unit in ledger.statistic_names():
        rank = _rank(search_type, text, code, name)
        if rank is None:
            continue
        sources = ledger.series_sources(code)
        try:
            chosen = ledger.series_source(code)
        except InvalidInput:
            chosen = None
        for identifier, source in ids_of(code, sources, chosen) or [(code, None)]:
            facts = ledger.series_facts(code, source, window.end, params.known_at)
            found.append((rank, _series_attributes(identifier, facts, window)))
    if order_by == "search_rank":
        found.sort(key=lambda item: (-item[0], item[1]["id"]))
        if sort_order == "asc":
            found.reverse()
    else:
        key = "id" if order_by == "series_id" else order_by
        found.sort(key=lambda item: (str(item[1].get(key, "")), item[1]["id"]),
                   reverse=sort_order == "desc")  # fmt: skip
    head = _paged_head(window, order_by, sort_order, len(found), offset, limit)
    rows = [attributes for _, attributes in found[offset : offset + limit]]
    return listing(params.file_type, "seriess", "series", head, rows)


def _paged_head(
    window: Window, order_by: str, sort_order: str, count: int, offset: int, limit: int
) -> dict[str, Any]:
    """The attributes FRED echoes on a paged list: the window, the order and the page."""
    return {
        "realtime_start": window.start,
        "realtime_end": window.end,
        "order_by": order_by,
        "sort_order": sort_order,
        "count": count,
        "offset": offset,
        "limit": limit,
    }


def _rank(search_type: str, text: str, code: str, name: str) -> int | None:
    """How well a statistic matches: None not at all; higher is better."""
    wanted = text.strip().lower()
    if search_type == "series_id":
        pattern = wanted if "*" in wanted else f"*{wanted}*"
        return 1 if fnmatchcase(code.lower(), pattern) else None
    words = wanted.split()
    haystack = f"{code}\n{name}".lower()
    if not words or not all(word in haystack for word in words):
        return None
    if wanted == code.lower():
        return 3
    return 2 if code.lower().startswith(wanted) else 1


# -- fred/releases ------------------------------------------------------------

RELEASE_ORDERS = {"release_id": "key", "name": "title", "realtime_start": "published"}


@fred
def releases(request: Request, params: Params) -> Response:
    ledger = _ledger(request)
    window = params.window()
    order_by = params.choice("order_by", tuple(RELEASE_ORDERS), "release_id")
    sort_order = params.choice("sort_order", ("asc", "desc"), "asc")
    limit = params.integer("limit", 1000, minimum=1)
    offset = params.integer("offset", 0)
    found = ledger.catalogue_releases(window.end)
    field = RELEASE_ORDERS[order_by]
    found.sort(key=lambda release: (getattr(release, field), release.key),
               reverse=sort_order == "desc")  # fmt: skip
    head = _paged_head(window, order_by, sort_order, len(found), offset, limit)
    rows = [
        {
            "id": release.key,
            "realtime_start": window.start,
            "realtime_end": window.end,
            "name": release.title,
            "press_release": "false",
            "link": release.url or "",
            "source": release.source,
            "published": release.published,
        }
        for release in found[offset : offset + limit]
    ]
    return listing(params.file_type, "releases", "release", head, rows)


# -- anything else -------------------------------------------------------------


@fred
def unknown(request: Request, params: Params) -> Response:
    raise FredError(f"No such endpoint: {shown(request.url.path)}", 404)
