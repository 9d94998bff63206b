"""recount releases, revisions and compare: tables, JSON, CSV, and one-line refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_support import PERIOD, REMOVALS, Recount

GDP = "us.gdp.real"
# Three vintages: 2010-Q3 never changes; 2010-Q4 is revised, then drops out of
# the third vintage; 2011-Q1 first appears in it.
ALFRED = (
    "observation_date,GDPC1_20110128,GDPC1_20110225,GDPC1_20110325\n"
    "2010-07-01,13278.5,13278.5,13278.5\n"
    "2010-10-01,13382.6,13379.6,\n"
    "2011-01-01,,,13400.1\n"
)


@pytest.fixture
def gdp(recount: Recount, tmp_path: Path) -> Recount:
    path = tmp_path / "GDPC1.csv"
    path.write_text(ALFRED)
    recount.ok("import", str(path), "--format", "alfred", "--statistic", GDP, "--source", "bea")
    return recount


def test_releases_shows_each_periods_first_release_as_a_table(gdp: Recount) -> None:
    out = gdp.ok("releases", GDP).stdout
    assert "13382.6" in out and "13379.6" not in out
    assert "2011-01-28" in out and "2011-03-25" in out


def test_releases_as_json_counts_an_unchanged_vintage_as_a_release(gdp: Recount) -> None:
    second = gdp.json("releases", GDP, "--release", "2")
    assert [(r["period"], r["value"], r["released"]) for r in second] == [
        ("2010-Q3", 13278.5, "2011-02-25"),
        ("2010-Q4", 13379.6, "2011-02-25"),
    ]
    latest = gdp.json("releases", GDP, "--release", "latest")
    assert [(r["period"], r["release"]) for r in latest] == [("2010-Q3", 3), ("2011-Q1", 1)]


def test_releases_as_of_a_date_keeps_the_vintages_published_by_then(gdp: Recount) -> None:
    rows = gdp.json("releases", GDP, "--release", "latest", "--as-of", "2011-02-01")
    assert [(r["period"], r["value"]) for r in rows] == [
        ("2010-Q3", 13278.5),
        ("2010-Q4", 13382.6),
    ]


def test_releases_as_csv_has_a_header_then_a_row_a_period(gdp: Recount) -> None:
    out = gdp.ok("releases", GDP, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["value"], r["release"]) for r in rows] == [
        ("2010-Q3", "13278.5", "1"),
        ("2010-Q4", "13382.6", "1"),
        ("2011-Q1", "13400.1", "1"),
    ]


def test_json_and_csv_together_are_a_usage_error(gdp: Recount) -> None:
    result = gdp("releases", GDP, "--json", "--format", "csv")
    assert result.exit_code == 2


def test_revisions_gives_each_period_and_a_summary(gdp: Recount) -> None:
    found = gdp.json("revisions", GDP, "--from", "first", "--to", "2")
    assert [(r["period"], r["revision"]) for r in found["rows"]] == [
        ("2010-Q3", 0.0),
        ("2010-Q4", -3.0),
    ]
    [summary] = found["summaries"]
    assert (summary["count"], summary["left_out"], summary["mean"]) == (2, 1, -1.5)
    assert (summary["minimum"], summary["maximum"]) == (-3.0, 0.0)
    out = gdp.ok("revisions", GDP, "--to", "2").stdout
    assert "root mean square" in out and "bea: revisions from first to 2" in out


def test_revisions_after_a_duration_and_over_a_range_of_periods(gdp: Recount) -> None:
    found = gdp.json("revisions", GDP, "--to", "after:1m", "--periods", "2010-Q4..")
    assert [(r["period"], r["later_on"], r["later"]) for r in found["rows"]] == [
        ("2010-Q4", "2011-02-28", 13379.6),
        ("2011-Q1", "2011-04-25", 13400.1),
    ]


def test_compare_puts_two_sources_side_by_side(recount: Recount, removals) -> None:
    [row] = recount.json("compare", REMOVALS, "--sources", "ice.morton,ice.release")
    assert (row["period"], row["text_a"], row["text_b"]) == (
        PERIOD,
        "more than 59,000",
        "nearly 51,000",
    )
    assert (row["difference"], row["wide_overlap"], row["agreement"]) == (-8000, False, "hard")
    table = recount.ok("compare", REMOVALS, "--sources", "ice.morton,ice.release").stdout
    assert "hard" in table and "ice.release − ice.morton" in table
    out = recount.ok(
        "compare",
        REMOVALS,
        "--sources",
        "ice.release,ice.morton",
        "--release",
        "first",
        "--format",
        "csv",
    ).stdout
    [line] = list(csv.DictReader(io.StringIO(out)))
    assert (line["difference"], line["tight_overlap"], line["agreement"]) == (
        "8000",
        "false",
        "hard",
    )


@pytest.mark.parametrize(("args", "named"), [
    (["releases", GDP, "--release", "0"], "'0'"),
    (["releases", GDP, "--release", "fourth"], "'fourth'"),
    (["releases", GDP, "--source", "nobody"], "'nobody'"),
    (["releases", "no.such", "--release", "first"], "'no.such'"),
    (["revisions", GDP, "--to", "after:9x"], "'after:9x'"),
    (["revisions", GDP, "--to", "after:0d"], "'after:0d'"),
    (["revisions", GDP, "--periods", "2010-Q5..2011"], "'2010-Q5..2011'"),
    (["revisions", GDP, "--periods", "2011..2010"], "'2011..2010'"),
    (["revisions", GDP, "--from", "latest"], "'latest'"),
    (["revisions", GDP, "--from", "3", "--to", "2"], "release 2"),
    (["revisions", GDP, "--source", "nobody"], "'nobody'"),
    (["compare", GDP, "--sources", "bea"], "'bea'"),
    (["compare", GDP, "--sources", "bea,nobody"], "'nobody'"),
    (["compare", GDP, "--sources", "bea,bea"], "'bea,bea'"),
    (["compare", GDP, "--sources", "bea,x", "--release", "fourth"], "'fourth'"),
])  # fmt: skip
def test_bad_input_is_refused_in_one_line_naming_it(gdp: Recount, args, named: str) -> None:
    line = gdp.refused(*args)
    assert named in line, line


def test_a_refusal_in_json_mode_writes_nothing_on_stdout(gdp: Recount) -> None:
    result = gdp("releases", GDP, "--release", "0", "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("error: unknown release '0'")
