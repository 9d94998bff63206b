"""The FRED/ALFRED endpoints on a small ledger: real-time periods, the four output
types, series ids, the refusals in FRED's error shape, and what Recount does
better (no vintage cap, unclipped periods, ``strict=true``, ``known_at``).

The app is the one ``recount serve`` runs, driven in-process; the clock is fixed
so that "today", FRED's default window, is 2026-01-15.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import backends
import pytest

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
FIRST_RECORDED = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
MANY = 2_100  # more vintages than FRED's cap of 2,000 a request


def _build(ledger: Ledger, folder: Path) -> None:
    with clock.frozen(FIRST_RECORDED):
        ledger.add_statistic("x.gdp", "Real output", "dollars")
        ledger.add_statistic("y.rate", "Jobless rate", "%")
        for source in ("agency", "press"):
            ledger.add_source(source, source.title(), None, "official")
        ledger.record("y.rate", "2010-01", "5.1", "agency", "2011-01-05")
    ledger.record("y.rate", "2010-01", "5.2", "agency", "2011-01-20")
    ledger.record("x.gdp", "2010-Q1", "100", "agency", "2011-01-10")
    ledger.record("x.gdp", "2010-Q1", "101", "agency", "2011-02-10")
    q2 = ledger.record("x.gdp", "2010-Q2", "200", "agency", "2011-02-10")
    ledger.retract(q2, "2011-03-10", "withdrawn")
    ledger.record("x.gdp", "2010-Q1", "99", "press", "2011-01-12")
    rows = ["statistic,period,value,source,published,release"]
    start = datetime(2000, 1, 1)
    for day in range(MANY):
        published = (start + timedelta(days=day)).date().isoformat()
        release = "z-first" if day == 0 else ("z-last" if day == MANY - 1 else "")
        rows.append(f"z.many,2000,{1000 + day},agency,{published},{release}")
    path = folder / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    ledger.import_file(path, "csv", create_missing=True)
    alfred = folder / "V.csv"
    alfred.write_text(
        "observation_date,V_20110128,V_20110225\n2010-07-01,13.4,13.4\n2010-10-01,13.5,13.6\n"
    )
    ledger.import_vintages(alfred, "alfred", "v.gdp", "bea")
    ledger.record("v.gdp", "2010-Q4", "14", "press", "2011-03-01")


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> Iterator:
    folder = tmp_path_factory.mktemp("fred-small")
    db = backends.new_db(folder, "small.db", lasting=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # starlette prefers httpx2
        from starlette.testclient import TestClient
    from web.app import create_app

    with clock.frozen(NOW), open_ledger(db, by="tester", create=True) as ledger:
        _build(ledger, folder)
        with TestClient(create_app(ledger)) as test_client:
            yield test_client


def get(client, path: str, **params) -> dict:
    """A JSON answer, which must be a 200."""
    response = client.get(f"/fred/{path}", params={"api_key": "k", "file_type": "json", **params})
    assert response.status_code == 200, response.text
    return response.json()


def rows(client, **params) -> list[tuple]:
    answer = get(client, "series/observations", **params)
    return [(r["date"], r["realtime_start"], r["realtime_end"], r["value"])
            for r in answer["observations"]]  # fmt: skip


WHOLE = {"realtime_start": "1776-07-04", "realtime_end": "9999-12-31"}


def test_observations_by_real_time_period_end_the_day_before_the_next_change(client) -> None:
    assert rows(client, series_id="x.gdp@agency", **WHOLE) == [
        ("2010-01-01", "2011-01-10", "2011-02-09", "100"),
        ("2010-01-01", "2011-02-10", "9999-12-31", "101"),
        ("2010-04-01", "2011-02-10", "2011-03-09", "200"),  # retracted on 2011-03-10
    ]


def test_real_time_periods_are_not_clipped_by_the_window(client) -> None:
    window = {"realtime_start": "2011-01-15", "realtime_end": "2011-01-20"}
    assert rows(client, series_id="x.gdp@agency", **window) == [
        ("2010-01-01", "2011-01-10", "2011-02-09", "100"),
    ]


def test_the_default_window_is_today(client) -> None:
    answer = get(client, "series/observations", series_id="x.gdp@agency")
    assert (answer["realtime_start"], answer["realtime_end"]) == ("2026-01-15", "2026-01-15")
    assert [(o["date"], o["value"]) for o in answer["observations"]] == [("2010-01-01", "101")]


def test_strict_refuses_a_request_without_a_real_time_window(client) -> None:
    response = client.get(
        "/fred/series/observations",
        params={"series_id": "y.rate", "strict": "true", "file_type": "json"},
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == 400
    assert "strict=true needs an explicit real-time window" in response.json()["error_message"]
    assert rows(
        client,
        series_id="y.rate",
        strict="true",
        realtime_start="2011-01-10",
        realtime_end="2011-01-10",
    ) == [("2010-01-01", "2011-01-05", "2011-01-19", "5.1")]
    assert rows(client, series_id="y.rate", strict="true", vintage_dates="2011-01-25") == [
        ("2010-01-01", "2011-01-20", "9999-12-31", "5.2")
    ]  # fmt: skip


def test_known_at_shows_what_the_ledger_had_recorded_then(client) -> None:
    then = (FIRST_RECORDED + timedelta(days=1)).isoformat()
    assert rows(client, series_id="y.rate", known_at=then, **WHOLE) == [
        ("2010-01-01", "2011-01-05", "9999-12-31", "5.1"),
    ]
    assert len(rows(client, series_id="y.rate", **WHOLE)) == 2


def _matrix(client, output_type: int, **params) -> tuple[list[str], dict[str, list[str]]]:
    answer = get(client, "series/observations", series_id="x.gdp@agency",
                 output_type=output_type, **params)  # fmt: skip
    observations = answer["observations"]
    names = [name for name in observations[0] if name != "date"]
    return names, {o["date"]: [o[name] for name in names] for o in observations}


def test_output_type_2_is_every_vintage_with_missing_values_as_dots(client) -> None:
    names, matrix = _matrix(client, 2, **WHOLE)
    assert names == ["x.gdp_agency_20110110", "x.gdp_agency_20110210", "x.gdp_agency_20110310"]
    assert matrix == {"2010-01-01": ["100", "101", "101"], "2010-04-01": [".", "200", "."]}


def test_output_type_3_keeps_new_and_revised_values_only(client) -> None:
    _, matrix = _matrix(client, 3, **WHOLE)
    assert matrix == {"2010-01-01": ["100", "101", "."], "2010-04-01": [".", "200", "."]}


def test_output_type_2_window_starts_with_the_vintage_then_in_effect(client) -> None:
    names, matrix = _matrix(client, 2, realtime_start="2011-01-20", realtime_end="2011-02-20")
    assert names == ["x.gdp_agency_20110110", "x.gdp_agency_20110210"]
    assert matrix["2010-01-01"] == ["100", "101"]


def test_output_type_4_is_the_initial_release_with_its_real_time_period(client) -> None:
    assert rows(client, series_id="x.gdp@agency", output_type=4, **WHOLE) == [
        ("2010-01-01", "2011-01-10", "2011-02-09", "100"),
        ("2010-04-01", "2011-02-10", "2011-03-09", "200"),
    ]


def test_no_vintage_cap(client) -> None:
    dates = get(client, "series/vintagedates", series_id="z.many")
    assert dates["count"] == MANY and len(dates["vintage_dates"]) == MANY
    answer = get(client, "series/observations", series_id="z.many", output_type=2, **WHOLE)
    (row,) = answer["observations"]
    assert len(row) == 1 + MANY
    assert row["z.many_20000101"] == "1000"
    assert row[f"z.many_{dates['vintage_dates'][-1].replace('-', '')}"] == str(1000 + MANY - 1)


def test_xml_says_what_json_says(client) -> None:
    params = {"series_id": "x.gdp@agency", "output_type": "2", **WHOLE}
    xml = client.get("/fred/series/observations", params=params)
    assert xml.headers["content-type"].startswith("text/xml")
    root = ET.fromstring(xml.content)
    answer = get(client, "series/observations", **params)
    assert root.tag == "observations"
    assert int(root.get("count")) == answer["count"] == 2
    assert [dict(child.attrib) for child in root] == answer["observations"]


def test_sort_order_limit_and_offset(client) -> None:
    answer = get(client, "series/observations", series_id="x.gdp@agency", sort_order="desc",
                 limit=2, offset=1, **WHOLE)  # fmt: skip
    assert answer["count"] == 3
    assert [(o["date"], o["value"]) for o in answer["observations"]] == [
        ("2010-01-01", "100"), ("2010-01-01", "101")
    ]  # fmt: skip
    window = get(client, "series/observations", series_id="x.gdp@agency",
                 observation_start="2010-04-01", **WHOLE)  # fmt: skip
    assert [o["date"] for o in window["observations"]] == ["2010-04-01"]


def test_series_ids_name_the_only_or_the_vintage_source(client) -> None:
    assert get(client, "series", series_id="y.rate")["seriess"][0]["source"] == "agency"
    # v.gdp has vintages from bea and one figure from press: v.gdp is bea's series.
    assert get(client, "series", series_id="v.gdp")["seriess"][0]["source"] == "bea"
    assert rows(client, series_id="v.gdp@press", **WHOLE) == [
        ("2010-10-01", "2011-03-01", "9999-12-31", "14")
    ]  # fmt: skip


def _error(client, path: str, **params) -> tuple[int, str]:
    response = client.get(f"/fred/{path}", params=params)
    root = ET.fromstring(response.content)
    assert root.tag == "error" and root.get("code") == str(response.status_code)
    return response.status_code, root.get("message")


def test_refusals_are_in_freds_error_shape(client) -> None:
    status, message = _error(client, "series/observations", series_id="x.gdp")
    assert status == 400
    assert message.startswith("Bad Request.  The series 'x.gdp' is ambiguous")
    assert "x.gdp@agency, x.gdp@press" in message
    assert _error(client, "series", series_id="nope")[1] == (
        "Bad Request.  The series does not exist: 'nope' (no statistic 'nope')"
    )
    assert "from source 'bea'" in _error(client, "series", series_id="y.rate@bea")[1]
    assert _error(client, "series")[1] == "Bad Request.  Variable series_id is not set."
    cases = {
        "output_type": ("5", "Variable output_type is not one of 1, 2, 3, 4: '5'"),
        "realtime_start": ("2011-13-01", "Variable realtime_start is not a date"),
        "limit": ("-1", "Variable limit is not an integer of at least 1: '-1'"),
        "units": ("pch", "Variable units is not served: 'pch'"),
        "file_type": ("csv", "Variable file_type is not one of xml, json: 'csv'"),
        "sort_order": ("up\x1b", "Variable sort_order is not one of asc, desc: 'up\\x1b'"),
    }
    for name, (value, said) in cases.items():
        status, message = _error(client, "series/observations", series_id="y.rate",
                                 **{name: value})  # fmt: skip
        assert status == 400 and said in message, (name, message)
    status, message = _error(client, "series/observations", series_id="y.rate",
                             vintage_dates="2011-01-01", realtime_end="2011-01-01")  # fmt: skip
    assert "vintage_dates cannot be given with realtime_end" in message
    status, message = _error(client, "series/observations", series_id="y.rate",
                             realtime_start="2012-01-01", realtime_end="2011-01-01")  # fmt: skip
    assert message.endswith("is after the real-time end date 2011-01-01.")
    assert _error(client, "category", category_id="1")[0] == 404
    refused = client.post("/fred/series/observations?series_id=y.rate")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD"
    assert "Method Not Allowed.  The API is read-only" in ET.fromstring(refused.content).get(
        "message"
    )


def test_series_facts(client) -> None:
    (series,) = get(client, "series", series_id="x.gdp@agency")["seriess"]
    assert series["title"] == "Real output" and series["units"] == "dollars"
    assert (series["frequency"], series["frequency_short"]) == ("Quarterly", "Q")
    assert (series["observation_start"], series["observation_end"]) == ("2010-01-01",) * 2
    assert series["last_updated"] == "2026-01-15 12:00:00+00"
    assert series["realtime_start"] == series["realtime_end"] == "2026-01-15"


def test_search_on_codes_and_names(client) -> None:
    found = get(client, "series/search", search_text="output")
    assert [s["id"] for s in found["seriess"]] == ["x.gdp@agency", "x.gdp@press"]
    assert [s["id"] for s in get(client, "series/search", search_text="y.rate")["seriess"]] \
        == ["y.rate"]  # fmt: skip
    by_id = get(client, "series/search", search_text="*.gdp", search_type="series_id")
    assert [s["id"] for s in by_id["seriess"]] == ["v.gdp", "v.gdp@press", "x.gdp@agency",
                                                   "x.gdp@press"]  # fmt: skip
    assert get(client, "series/search", search_text="nothing like it")["count"] == 0


def test_releases_are_the_ledgers(client) -> None:
    found = get(client, "releases", **WHOLE)
    ids = [release["id"] for release in found["releases"]]
    assert {"z-first", "z-last", "v.gdp/V_20110128", "v.gdp/V_20110225"} <= set(ids)
    first = next(r for r in found["releases"] if r["id"] == "z-first")
    assert (first["published"], first["source"]) == ("2000-01-01", "agency")
    by_then = get(client, "releases", realtime_start="2011-02-01", realtime_end="2011-02-01")
    assert "v.gdp/V_20110225" not in [release["id"] for release in by_then["releases"]]
