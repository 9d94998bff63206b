"""``recount diff``: what changed between two points, as a table, JSON and CSV."""

from __future__ import annotations

import csv
import io

import pytest
from cli_support import PERIOD, REMOVALS, Recount

# The worked example: ICE's official spoke on 2011-01-20, its press release on 2011-02-01.
BEFORE, AFTER = "2011-01-25", "2011-02-15"


def test_the_table_shows_the_figure_added_and_the_discrepancy_it_opened(recount: Recount,
                                                                       removals) -> None:
    out = recount.ok("diff", "--from", BEFORE, "--to", AFTER).stdout
    assert "ice.release" in out and "added" in out and "nearly 51,000" in out
    assert "discrepancy opened" in out and "hard, gap 8000, open" in out
    assert "ice.morton" not in out  # unchanged between the points


def test_json_lists_each_change_with_both_sides(recount: Recount, removals) -> None:
    rows = recount.json("diff", "--from", BEFORE, "--to", AFTER)
    assert [(r["entry"], r["source"], r["change"]) for r in rows] == [
        ("figure", "ice.release", "added"),
        ("discrepancy", None, "opened"),
    ]
    added, opened = rows
    assert (added["period"], added["old_text"], added["new_text"]) == (PERIOD, None,
                                                                       "nearly 51,000")
    assert added["new_figure"] == removals["ice.release"]
    assert (opened["new_severity"], opened["new_gap"], opened["sources"]) == (
        "hard", 8000, ["ice.morton", "ice.release"])


def test_a_revision_gives_old_new_and_the_difference(recount: Recount, removals) -> None:
    recount.record(REMOVALS, "--period", PERIOD, "--value", "59,040", "--source", "ice.morton",
                   "--published", "2011-03-01")
    rows = recount.json("diff", "--from", AFTER, "--to", "2011-03-31", "--source", "ice.morton")
    assert [(r["change"], r["old_text"], r["new_text"], r["difference"]) for r in rows] == [
        ("revised", "more than 59,000", "59,040", 40),
        ("changed", None, None, 35),  # the source's discrepancy: its gap grew by 35
    ]


def test_csv_has_a_header_then_a_line_a_change(recount: Recount, removals) -> None:
    out = recount.ok("diff", "--from", BEFORE, "--to", AFTER, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["entry"], r["change"]) for r in rows] == [("figure", "added"),
                                                         ("discrepancy", "opened")]
    assert rows[0]["new_value"] == "51000" and rows[0]["amended"] == "false"
    assert rows[1]["sources"] == "ice.morton ice.release"


def test_nothing_changed_says_so_on_stderr(recount: Recount, removals) -> None:
    result = recount.ok("diff", "--from", AFTER, "--to", AFTER)
    assert result.stdout == "" and "nothing changed" in result.stderr
    assert recount.ok("diff", "--from", AFTER, "--to", AFTER, "--format", "csv").stdout.startswith(
        "statistic,period,source,entry,change,")
    assert recount.json("diff", "--from", AFTER, "--to", AFTER) == []


def test_an_erratum_between_two_times_is_amended(recount: Recount, removals) -> None:
    recount.at("2026-01-02T00:00:00")
    recount.ok("amend", removals["ice.release"], "--value", "nearly 52,000", "--reason", "typo")
    rows = recount.json("diff", "--from", "2026-01-01T12:00", "--to", "2026-01-02T12:00")
    figure = [r for r in rows if r["entry"] == "figure"]
    assert [(r["change"], r["amended"], r["reason"]) for r in figure] == [
        ("amended", True, "typo")
    ]


def test_a_release_key_is_the_date_it_was_published(recount: Recount, removals) -> None:
    recount.record(REMOVALS, "--period", PERIOD, "--value", "59,040", "--source", "ice.morton",
                   "--published", "2011-03-01", "--release", "ice-2011-03")
    rows = recount.json("diff", "--from", AFTER, "--to", "ice-2011-03")
    assert [r["change"] for r in rows if r["entry"] == "figure"] == ["revised"]


@pytest.mark.parametrize(("start", "end", "named"), [
    ("soon", AFTER, "--from 'soon'"),
    (BEFORE, "2011-02-30", "--to: no such date '2011-02-30'"),
    (AFTER, BEFORE, f"--from '{AFTER}' is later than --to '{BEFORE}'"),
])  # fmt: skip
@pytest.mark.parametrize("shape", [[], ["--json"], ["--format", "csv"]])
def test_a_bad_point_is_one_line_naming_it_and_writes_nothing(
    recount: Recount, removals, start: str, end: str, named: str, shape: list[str]
) -> None:
    before = recount.state()
    line = recount.refused("diff", "--from", start, "--to", end, *shape)
    assert named in line
    assert recount.state() == before


def test_an_unknown_statistic_or_source_is_refused(recount: Recount, removals) -> None:
    assert "no statistic 'nope'" in recount.refused("diff", "--from", BEFORE, "--to", AFTER,
                                                    "--statistic", "nope")
    assert "no source 'nope'" in recount.refused("diff", "--from", BEFORE, "--to", AFTER,
                                                 "--source", "nope")


def test_json_and_csv_together_are_a_usage_error(recount: Recount, removals) -> None:
    result = recount("diff", "--from", BEFORE, "--to", AFTER, "--json", "--format", "csv")
    assert result.exit_code == 2
