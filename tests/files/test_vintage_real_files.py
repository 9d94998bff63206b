"""The readers against the real files of ../shared/data (skipped when absent).

Every vintage rebuilt by folding the changes must equal the file's column
(ALFRED, RTDSM) or row (CES) exactly, and the facts listed in the data
README must hold.
"""

from __future__ import annotations

import tracemalloc
from collections import Counter
from decimal import Decimal

import pytest

from ledger.files.vintages import read_alfred, read_bls_ces, read_rtdsm

from .support import (
    ces_rows_as_vintages,
    matrix_columns_as_vintages,
    quarter_or_month,
    real_file,
    vintage_values,
)

GDPC1 = "alfred/GDPC1.csv"
RUC = "rtdsm/RUC_QvMd.csv"
CES = "bls-ces/tri_000000_SA.csv"


@pytest.fixture(scope="module")
def gdpc1():
    path = real_file(GDPC1)
    with path.open(newline="") as lines:
        vintage_file = read_alfred(lines)
        changes = list(vintage_file.changes())
    return path, vintage_file, changes


@pytest.fixture(scope="module")
def ruc():
    path = real_file(RUC)
    with path.open(newline="") as lines:
        vintage_file = read_rtdsm(lines)
        changes = list(vintage_file.changes())
    return path, vintage_file, changes


@pytest.fixture(scope="module")
def ces():
    path = real_file(CES)
    with path.open(newline="") as lines:
        vintage_file = read_bls_ces(lines)
        changes = list(vintage_file.changes())
    return path, vintage_file, changes


def history(changes, period: str) -> list[tuple[str, str | None]]:
    return [(c.vintage.label, c.text) for c in changes if c.period == period]


# --- every vintage rebuilt exactly --------------------------------------------


def test_gdpc1_every_vintage_rebuilds_its_column(gdpc1):
    path, vintage_file, changes = gdpc1
    expected = matrix_columns_as_vintages(path, lambda day: quarter_or_month(day, "quarterly"))
    assert [v.label for v in vintage_file.vintages] == list(expected)
    assert vintage_values(changes, vintage_file.vintages) == expected


def test_ruc_every_vintage_rebuilds_its_column(ruc):
    path, vintage_file, changes = ruc
    expected = matrix_columns_as_vintages(path, lambda label: label.replace(":", "-"))
    assert [v.label for v in vintage_file.vintages] == list(expected)
    assert vintage_values(changes, vintage_file.vintages) == expected


def test_ces_every_vintage_rebuilds_its_row(ces):
    path, vintage_file, changes = ces
    expected = ces_rows_as_vintages(path)
    assert [v.label for v in vintage_file.vintages] == list(expected)
    assert vintage_values(changes, vintage_file.vintages) == expected


# --- the facts of the data README ---------------------------------------------


def test_gdpc1_facts(gdpc1):
    _, vintage_file, changes = gdpc1
    assert vintage_file.series == "GDPC1"
    assert vintage_file.frequency == "quarterly"
    assert len(vintage_file.vintages) == 349
    assert vintage_file.vintages[0].published.isoformat() == "1991-12-04"
    assert vintage_file.vintages[-1].published.isoformat() == "2020-10-29"
    assert len({c.period for c in changes}) == 243

    assert history(changes, "1960-Q1")[:2] == [
        ("GDPC1_19911204", "1977.8"),
        ("GDPC1_19920428", "1976.9"),
    ]

    # 19991028 holds 1994 onward only: the 136 quarters 1960-Q1..1993-Q4 are
    # retracted and come back the next vintage, 19991029.
    retracted = [c for c in changes if c.vintage.label == "GDPC1_19991028" and c.kind == "retract"]
    assert len(retracted) == 136
    assert {c.period[:4] for c in retracted} == {str(year) for year in range(1960, 1994)}
    back = {c.period for c in changes if c.vintage.label == "GDPC1_19991029"}
    assert {c.period for c in retracted} <= back

    # 20031210 lacks 2003Q3 alone.
    dropped = [c for c in changes if c.vintage.label == "GDPC1_20031210" and c.kind == "retract"]
    assert [c.period for c in dropped] == ["2003-Q3"]
    assert history(changes, "2003-Q3")[1:4] == [
        ("GDPC1_20031125", "9821.2"),
        ("GDPC1_20031210", None),
        ("GDPC1_20031223", "10493.1"),
    ]
    assert Counter(c.kind for c in changes) == {"publish": 2900, "retract": 137}


def test_ruc_facts(ruc):
    _, vintage_file, changes = ruc
    assert vintage_file.series == "RUC"
    assert vintage_file.frequency == "monthly"
    assert len(vintage_file.vintages) == 234
    values = vintage_values(changes, vintage_file.vintages)
    april_2020 = {
        label: values[label]["2020-04"] for label in ("RUC20Q2", "RUC21Q1", "RUC22Q1", "RUC24Q1")
    }
    assert april_2020 == {
        "RUC20Q2": Decimal("14.7"),
        "RUC21Q1": Decimal("14.8"),
        "RUC22Q1": Decimal("14.7"),
        "RUC24Q1": Decimal("14.8"),
    }
    assert sum(len(column) for column in values.values()) == 131_856  # numeric cells
    assert Counter(c.kind for c in changes) == {"publish": 1867}  # first-or-changed values


def test_ces_facts(ces):
    _, vintage_file, changes = ces
    assert len(vintage_file.vintages) == 261
    assert (vintage_file.vintages[0].label, vintage_file.vintages[-1].label) == (
        "2003-05",
        "2025-01",
    )
    may_2003 = dict(history(changes, "2003-05"))
    assert may_2003["2003-05"] == "130067"
    assert may_2003["2003-06"] == "129992"
    assert may_2003["2003-07"] == "129986"
    assert may_2003["2004-01"] == "129873"
    values = vintage_values(changes, vintage_file.vintages)
    assert len({column["2003-05"] for column in values.values()}) == 18
    row = values["2020-04"]
    assert row["2020-04"] - row["2020-03"] == -20537
    assert sum(len(column) for column in values.values()) == 235_683
    kinds = Counter(c.kind for c in changes)
    assert kinds["retract"] == 0
    assert 6_500 <= kinds["publish"] <= 6_600  # "about 6,550"


# --- streaming, with figures --------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "reader", "limit_kib"),
    [(GDPC1, read_alfred, 384), (RUC, read_rtdsm, 512), (CES, read_bls_ces, 1024)],
)
def test_streaming_a_real_file_holds_about_one_row(relative, reader, limit_kib):
    """Peak traced memory while streaming stays far below the file's size."""
    path = real_file(relative)
    tracemalloc.start()
    try:
        with path.open(newline="") as lines:
            count = sum(1 for _ in reader(lines).changes())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 0
    assert peak < limit_kib * 1024 < path.stat().st_size


def test_missing_shared_data_skips_with_the_reason(monkeypatch, tmp_path):
    from . import support

    monkeypatch.setattr(support, "DATA_DIR", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception, match=r"^\.\./shared/data not found: "):
        support.real_file(GDPC1)
