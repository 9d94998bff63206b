"""The real fredapi client against ``recount serve``, on the real files of ../shared/data.

The three files are imported once into one ledger; a live server on a free
loopback port serves it, and fredapi (its ``root_url`` pointed there) must
give the values the files themselves hold. The expectations are read straight
from the files here with the csv module, never through the ledger: a period's
releases are its runs of equal non-empty cells along the vintages in order
(an empty cell ends a run), and the vintage dates are the files' own (ALFRED's
in its header, RTDSM's nominal 15th of the quarter's middle month, CES's
nominal first Friday of the month after the row's).
"""

from __future__ import annotations

import calendar
import csv
import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import backends
import pytest
from conftest import fred_client

from ledger.bootstrap import open_ledger

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
ABSENT = {"", ".", "#N/A"}
MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}


def shared_data(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path


@dataclass
class Expected:
    """A file as FRED would serve it: {observation date: [cell per vintage]}."""

    vintages: list[str]  # vintage dates, in order
    cells: dict[str, list[float | None]]

    def runs(self) -> list[tuple[str, str, float]]:
        """(date, realtime_start, value) of every run, by date then start."""
        found = []
        for day in sorted(self.cells):
            previous = None
            for vintage, cell in zip(self.vintages, self.cells[day], strict=True):
                if cell is not None and cell != previous:
                    found.append((day, vintage, cell))
                previous = cell
        return found

    def column(self, index: int) -> dict[str, float]:
        return {d: c[index] for d, c in self.cells.items() if c[index] is not None}


def _number(cell: str) -> float | None:
    text = cell.strip()
    return None if text in ABSENT else float(text.replace(",", ""))


def _kept(cells: dict[str, list[float | None]]) -> dict[str, list[float | None]]:
    """The periods with a value in some vintage: the others have no figure and no row."""
    return {day: row for day, row in cells.items() if any(c is not None for c in row)}


def alfred_file(path: Path) -> Expected:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    vintages = [date(int(n[-8:-4]), int(n[-4:-2]), int(n[-2:])).isoformat() for n in rows[0][1:]]
    return Expected(vintages, _kept({row[0]: [_number(c) for c in row[1:]] for row in rows[1:]}))


def rtdsm_file(path: Path) -> Expected:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    vintages = []
    for name in rows[0][1:]:
        yy, quarter = int(name[-4:-2]), int(name[-1])
        year = 1900 + yy if yy >= 65 else 2000 + yy
        vintages.append(date(year, 3 * quarter - 1, 15).isoformat())
    cells = {}
    for row in rows[1:]:
        year, month = row[0].strip().split(":")
        cells[f"{year}-{month}-01"] = [_number(c) for c in row[1:]]
    return Expected(vintages, _kept(cells))


def _first_friday_after(year: int, month: int) -> str:
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = date(year, month, 1)
    return (day + timedelta(days=(4 - day.weekday()) % 7)).isoformat()


def ces_file(path: Path) -> Expected:
    """The triangle turned round: its rows are vintages, its columns periods."""
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    periods = []
    for name in rows[0][2:]:
        month, yy = name.split("_")
        year = 1900 + int(yy) if int(yy) >= 39 else 2000 + int(yy)
        periods.append(f"{year}-{MONTHS[month]:02d}-01")
    vintages = [_first_friday_after(int(row[0]), int(row[1])) for row in rows[1:]]
    cells: dict[str, list[float | None]] = {p: [] for p in periods}
    for row in rows[1:]:
        values = row[2:] + [""] * (len(periods) - len(row[2:]))
        for period, cell in zip(periods, values, strict=True):
            cells[period].append(_number(cell))
    return Expected(vintages, _kept(cells))


SERIES = {
    # series id: (file, format, source, reader, FRED frequency)
    "us.gdp.real": ("alfred/GDPC1.csv", "alfred", "bea", alfred_file, "Quarterly"),
    "us.unemployment.rate": (
        "rtdsm/RUC_QvMd.csv", "rtdsm", "philadelphia-fed", rtdsm_file, "Monthly"
    ),
    "us.ces.payrolls": ("bls-ces/tri_000000_SA.csv", "bls-ces", "bls", ces_file, "Monthly"),
}  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Iterator[tuple[str, dict[str, Expected]]]:
    """The root URL of a live server over a ledger holding the three files, and
    what each file says."""
    import server

    paths = {code: shared_data(spec[0]) for code, spec in SERIES.items()}
    folder = tmp_path_factory.mktemp("fred")
    db = backends.new_db(folder, "fred.db", lasting=True)
    with open_ledger(db, by="tester", create=True) as ledger:
        for code, (_, file_format, source, _, _) in SERIES.items():
            ledger.import_vintages(paths[code], file_format, code, source)
        expected = {code: spec[3](paths[code]) for code, spec in SERIES.items()}
        with server.serving(ledger) as url:
            yield url, expected


@pytest.fixture(scope="module")
def fred(archive):
    """fredapi on the server. Its first-release and as-of methods each fetch all
    releases and build a frame of them, seconds of its own pandas work a series;
    the frame is kept per series, so each is fetched once and those methods run
    their own code on it."""
    client = fred_client(archive[0])
    fetch_all = client.get_series_all_releases
    kept: dict[tuple, object] = {}

    def all_releases(series_id, realtime_start=None, realtime_end=None):
        key = (series_id, realtime_start, realtime_end)
        if key not in kept:
            kept[key] = fetch_all(series_id, realtime_start, realtime_end)
        return kept[key].copy()

    client.get_series_all_releases = all_releases
    return client


@pytest.mark.parametrize("code", SERIES)
def test_get_series_is_the_latest_vintage(fred, archive, code: str) -> None:
    expected = archive[1][code]
    got = fred.get_series(code)
    assert {day.date().isoformat(): value for day, value in got.items()} == expected.column(-1)


@pytest.mark.parametrize("code", SERIES)
def test_get_series_in_a_real_time_window_is_that_vintage(fred, archive, code: str) -> None:
    expected = archive[1][code]
    for index in (0, len(expected.vintages) // 2, len(expected.vintages) - 2):
        day = expected.vintages[index]
        got = fred.get_series(code, realtime_start=day, realtime_end=day)
        assert {d.date().isoformat(): v for d, v in got.items()} == expected.column(index), day


def test_a_vintage_that_drops_periods_is_served_without_them(fred, archive) -> None:
    expected = archive[1]["us.gdp.real"]
    index = expected.vintages.index("1999-10-28")
    got = fred.get_series("us.gdp.real", realtime_start="1999-10-28", realtime_end="1999-10-28")
    assert min(got.index).date().isoformat() == "1994-01-01"
    assert {d.date().isoformat(): v for d, v in got.items()} == expected.column(index)


@pytest.mark.parametrize("code", SERIES)
def test_get_series_all_releases_is_every_run_of_the_file(fred, archive, code: str) -> None:
    expected = archive[1][code].runs()
    frame = fred.get_series_all_releases(code)
    got = [
        (row.date.date().isoformat(), row.realtime_start.date().isoformat(), row.value)
        for row in frame.itertuples()
    ]
    assert got == expected


@pytest.mark.parametrize("code", SERIES)
def test_get_series_first_release_is_each_rows_first_value(fred, archive, code: str) -> None:
    expected = archive[1][code]
    first = {d: next(c for c in cells if c is not None) for d, cells in expected.cells.items()}
    got = fred.get_series_first_release(code)
    assert {d.date().isoformat(): v for d, v in got.items()} == first


@pytest.mark.parametrize("code", SERIES)
def test_get_series_as_of_date_keeps_the_releases_by_then(fred, archive, code: str) -> None:
    expected = archive[1][code]
    as_of = expected.vintages[len(expected.vintages) // 3]
    frame = fred.get_series_as_of_date(code, as_of)
    got = [
        (row.date.date().isoformat(), row.realtime_start.date().isoformat(), row.value)
        for row in frame.itertuples()
    ]
    assert got == [run for run in expected.runs() if run[1] <= as_of]
    assert got


@pytest.mark.parametrize("code", SERIES)
def test_get_series_vintage_dates_are_the_files(fred, archive, code: str) -> None:
    got = [day.date().isoformat() for day in fred.get_series_vintage_dates(code)]
    assert got == archive[1][code].vintages


@pytest.mark.parametrize("code", SERIES)
def test_get_series_info(fred, archive, code: str) -> None:
    latest = archive[1][code].column(-1)
    info = fred.get_series_info(code)
    assert info["id"] == code
    assert info["frequency"] == SERIES[code][4]
    assert info["observation_start"] == min(latest)
    assert info["observation_end"] == max(latest)
    assert info["source"] == SERIES[code][2]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url) as response:
        return json.loads(response.read())


def test_output_type_2_is_the_vintage_matrix(archive) -> None:
    url, expected = archive
    gdp = expected["us.gdp.real"]
    picked = [gdp.vintages[0], "1999-10-28", gdp.vintages[-1]]
    answer = _get(
        f"{url}/fred/series/observations?series_id=us.gdp.real&output_type=2&file_type=json"
        f"&vintage_dates={','.join(picked)}"
    )
    names = [f"us.gdp.real_{day.replace('-', '')}" for day in picked]
    indexes = [gdp.vintages.index(day) for day in picked]
    want = {
        day: [cells[i] for i in indexes]
        for day, cells in gdp.cells.items()
        if any(cells[i] is not None for i in indexes)
    }
    got = {
        row["date"]: [None if row[n] == "." else float(row[n]) for n in names]
        for row in answer["observations"]
    }
    assert got == want
    assert answer["count"] == len(want)


def test_output_type_2_over_all_of_real_time_has_every_vintage(archive) -> None:
    url, expected = archive
    ces = expected["us.ces.payrolls"]
    answer = _get(
        f"{url}/fred/series/observations?series_id=us.ces.payrolls&output_type=2&file_type=json"
        "&realtime_start=1776-07-04&realtime_end=9999-12-31&observation_start=2003-05-01"
        "&observation_end=2003-05-01"
    )
    (row,) = answer["observations"]
    assert len(row) == 1 + len(ces.vintages)
    assert [float(row[f"us.ces.payrolls_{d.replace('-', '')}"]) for d in ces.vintages] == [
        c for c in ces.cells["2003-05-01"]
    ]


def test_output_type_4_is_the_initial_release(archive) -> None:
    url, expected = archive
    ruc = expected["us.unemployment.rate"]
    answer = _get(
        f"{url}/fred/series/observations?series_id=us.unemployment.rate&output_type=4"
        "&file_type=json&realtime_start=9999-12-31&realtime_end=9999-12-31"
    )
    first = {}
    for day, start, value in ruc.runs():
        first.setdefault(day, (start, value))
    assert {r["date"]: (r["realtime_start"], float(r["value"])) for r in answer["observations"]} \
        == first  # fmt: skip
