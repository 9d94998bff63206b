"""Releases and revision statistics on the real files of ../shared/data (skipped when absent).

Each file is imported once per module; the expected numbers are read straight
from the file here, with the csv module and numpy, never through the ledger:
the k-th release of a period is its k-th non-empty cell along its row (the
vintages in order), the latest its cell in the last vintage.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import backends
import numpy as np
import pytest

from ledger.bootstrap import open_ledger
from ledger.service import Ledger

#: As in tests/conftest.py: the shared folder beside the repository, never copied in.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

ABSENT = {"", ".", "#N/A"}
GDP, UNEMPLOYMENT = "us.gdp.real", "us.unemployment.rate"


def shared_data(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path


def rows_of(path: Path, label) -> dict[str, list[Decimal | None]]:
    """{period label: the row's cells in vintage order, None where empty}."""
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {
            label(row[0]): [
                None if c.strip() in ABSENT else Decimal(c.strip().replace(",", ""))
                for c in row[1:]
            ]
            for row in reader
        }


def quarter(first_day: str) -> str:
    year, month = first_day[:4], int(first_day[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}"


def month(cell: str) -> str:
    return cell.strip().replace(":", "-")


@pytest.fixture(scope="module")
def gdp(tmp_path_factory) -> Iterator[tuple[Ledger, dict[str, list[Decimal | None]]]]:
    path = shared_data("alfred/GDPC1.csv")
    folder = tmp_path_factory.mktemp("gdp")
    with open_ledger(backends.new_db(folder, lasting=True), by="tester", create=True) as ledger:
        ledger.import_vintages(path, "alfred", GDP, "bea")
        yield ledger, rows_of(path, quarter)


@pytest.fixture(scope="module")
def unemployment(tmp_path_factory) -> Iterator[Ledger]:
    path = shared_data("rtdsm/RUC_QvMd.csv")
    folder = tmp_path_factory.mktemp("ruc")
    with open_ledger(backends.new_db(folder, lasting=True), by="tester", create=True) as ledger:
        ledger.import_vintages(path, "rtdsm", UNEMPLOYMENT, "philadelphia-fed")
        yield ledger


def kth(cells: list[Decimal | None], k: int) -> Decimal | None:
    found = [c for c in cells if c is not None]
    return found[k - 1] if len(found) >= k else None


def test_gdpc1s_first_releases_are_the_first_non_empty_cell_of_each_row(gdp) -> None:
    ledger, rows = gdp
    found = {row.period: row.value for row in ledger.releases(GDP, "first")}
    wanted = {period: kth(cells, 1) for period, cells in rows.items() if kth(cells, 1)}
    assert found == wanted
    assert len(found) == 243


@pytest.mark.parametrize("k", [2, 3, 12])
def test_gdpc1s_kth_releases_count_every_vintage_and_skip_the_drop_outs(gdp, k: int) -> None:
    ledger, rows = gdp
    found = {row.period: row.value for row in ledger.releases(GDP, k)}
    assert found == {p: kth(cells, k) for p, cells in rows.items() if kth(cells, k) is not None}


def test_gdpc1s_latest_releases_are_the_last_vintage(gdp) -> None:
    ledger, rows = gdp
    found = {row.period: row.value for row in ledger.releases(GDP, "latest")}
    assert found == {p: cells[-1] for p, cells in rows.items() if cells[-1] is not None}


def test_gdpc1s_revisions_from_first_to_latest_equal_numpys(gdp) -> None:
    ledger, rows = gdp
    [summary] = ledger.revisions(GDP, "first", "latest").summaries
    periods = [p for p, cells in rows.items() if kth(cells, 1) is not None]
    both = [p for p in periods if rows[p][-1] is not None]
    earlier = np.array([float(kth(rows[p], 1)) for p in both])
    later = np.array([float(rows[p][-1]) for p in both])
    r = later - earlier
    assert (summary.count, summary.left_out) == (len(both), len(periods) - len(both))
    assert float(summary.mean) == pytest.approx(r.mean(), rel=1e-12)
    assert float(summary.mean_absolute) == pytest.approx(np.abs(r).mean(), rel=1e-12)
    assert float(summary.root_mean_square) == pytest.approx(np.sqrt((r**2).mean()), rel=1e-12)
    assert float(summary.standard_deviation) == pytest.approx(r.std(ddof=1), rel=1e-9)
    t = r.mean() / (r.std(ddof=1) / np.sqrt(len(r)))
    assert float(summary.t_statistic) == pytest.approx(t, rel=1e-9)
    exact = [rows[p][-1] - kth(rows[p], 1) for p in both]
    assert (summary.minimum, summary.maximum) == (min(exact), max(exact))
    assert summary.mean == sum(exact) / len(exact)  # the same one rounding, to 28 digits
    for found, x in ((summary.noise, later), (summary.news, earlier)):
        slope, intercept = np.polyfit(x, r, 1)
        assert float(found.slope) == pytest.approx(slope, rel=1e-6)
        assert float(found.intercept) == pytest.approx(intercept, rel=1e-6)
        assert float(found.r_squared) == pytest.approx(np.corrcoef(x, r)[0, 1] ** 2, rel=1e-6)


def test_gdpc1s_direction_is_taken_within_each_release(gdp) -> None:
    ledger, rows = gdp
    [summary] = ledger.revisions(GDP, "first", "latest").summaries
    periods = list(rows)  # in the file's order: the quarters, oldest first
    kept = []
    for before, period in zip(periods, periods[1:], strict=False):
        cells, previous = rows[period], rows[before]
        first = next((i for i, c in enumerate(cells) if c is not None), None)
        if first is None or cells[-1] is None:
            continue
        if previous[first] is None or previous[-1] is None:
            continue
        change_first = cells[first] - previous[first]
        change_latest = cells[-1] - previous[-1]
        kept.append(np.sign(float(change_first)) == np.sign(float(change_latest)))
    assert summary.direction_count == len(kept)
    assert float(summary.direction_kept) == pytest.approx(sum(kept) / len(kept), rel=1e-12)


def test_rucs_revisions_of_2020_04_are_up_down_up(unemployment) -> None:
    # 14.7 in vintage 20Q2, 14.8 in 21Q1, 14.7 in 22Q1, 14.8 in 24Q1 (data README).
    ledger = unemployment
    values = []
    for k in range(1, 40):
        found = [r for r in ledger.releases(UNEMPLOYMENT, k) if r.period == "2020-04"]
        if not found:
            break
        values.append(found[0].value)
    changes = [b - a for a, b in zip(values, values[1:], strict=False)]
    assert [c for c in changes if c] == [Decimal("0.1"), Decimal("-0.1"), Decimal("0.1")]
    assert values[0] == Decimal("14.7") and values[-1] == Decimal("14.8")
    [row] = ledger.revisions(UNEMPLOYMENT, "first", "latest", periods="2020-04").rows
    assert (row.earlier, row.later, row.revision) == (
        Decimal("14.7"),
        Decimal("14.8"),
        Decimal("0.1"),
    )


def test_rucs_revisions_after_a_year_equal_numpys(unemployment) -> None:
    path = shared_data("rtdsm/RUC_QvMd.csv")
    rows = rows_of(path, month)
    ledger = unemployment
    found = ledger.revisions(UNEMPLOYMENT, "first", "2", periods="2000-01..2019-12")
    [summary] = found.summaries
    wanted = {
        p: (kth(cells, 1), kth(cells, 2)) for p, cells in rows.items()
        if "2000-01" <= p <= "2019-12" and kth(cells, 2) is not None
    }  # fmt: skip
    assert {r.period: (r.earlier, r.later) for r in found.rows} == wanted
    r = np.array([float(b - a) for a, b in wanted.values()])
    assert summary.count == len(wanted)
    assert float(summary.mean_absolute) == pytest.approx(np.abs(r).mean(), abs=1e-12)
    assert float(summary.root_mean_square) == pytest.approx(np.sqrt((r**2).mean()), abs=1e-12)
