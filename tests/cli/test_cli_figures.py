"""record, correct, retract, amend: and every refusal leaves the ledger as it was."""

from __future__ import annotations

import json
import re

import pytest
from cli_support import PERIOD, REMOVALS, Recount


def test_record_prints_the_full_id_and_confirms_on_stderr(recount: Recount, removals) -> None:
    result = recount.ok("record", REMOVALS, "--period", "2012", "--value", "36",
                        "--source", "ice.morton", "--published", "2013-01-02")
    figure = result.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", figure)
    assert f"recorded figure {figure[:8]}" in result.stderr

    # It is the figure replay now shows for 2012.
    [row] = [r for r in recount.json("replay") if r["period"] == "2012"]
    assert row["figure"] == figure


def test_record_json_is_one_object(recount: Recount, removals) -> None:
    result = recount.ok("record", REMOVALS, "--period", "2012", "--value", "36",
                        "--source", "ice.morton", "--published", "2013-01-02", "--json")
    data = json.loads(result.stdout)
    assert list(data) == ["figure", "already_recorded"]
    assert re.fullmatch(r"[0-9a-f]{32}", data["figure"]) and data["already_recorded"] is False


def test_record_with_every_option(recount: Recount, removals) -> None:
    figure = recount.record(
        REMOVALS, "--period", "2012-Q4", "--value", "about 1.2 million", "--source",
        "ice.morton", "--published", "2013-01-02", "--status", "provisional", "--grain", "100000",
        "--url", "https://example.org/x", "--quote", "about 1.2 million people",
        "--note", "from the hearing",
    )
    shown = recount.json("show", REMOVALS, "--period", "2012Q4")
    [detail] = shown["details"]
    assert detail["figure"] == figure
    assert (detail["period"], detail["status"], detail["url"], detail["quote"], detail["note"]) == (
        "2012-Q4", "provisional", "https://example.org/x", "about 1.2 million people",
        "from the hearing",
    )
    assert detail["recorded_by"] == "ann"
    [row] = shown["figures"]
    assert row["grain"] == 100000 and row["wide"] == [1100000, 1300000]


def test_status_is_a_choice(recount: Recount, removals) -> None:
    result = recount("record", REMOVALS, "--period", "2012", "--value", "36",
                     "--source", "ice.morton", "--published", "2013-01-02", "--status", "guess")
    assert result.exit_code == 1 and result.stderr.splitlines() == [
        "error: unknown status 'guess' (choose from normal, provisional, estimated, forecast, "
        "target)"]


RECORD_REFUSALS = [
    pytest.param({"--value": "lots"}, "cannot read value 'lots'", id="unreadable-value"),
    pytest.param({"statistic": "nope"}, "no statistic 'nope'", id="unknown-statistic"),
    pytest.param({"--source": "nobody"}, "no source 'nobody'", id="unknown-source"),
    pytest.param({"--published": "2011-02-30"}, "no such date '2011-02-30'", id="impossible-date"),
    pytest.param({"--published": "2026-01-02"}, "publication date '2026-01-02' is in the future",
                 id="future-date"),
    pytest.param({"--period": "2011-13"}, "cannot read period '2011-13'", id="bad-period"),
    pytest.param({"--grain": "-5"}, "grain '-5'", id="bad-grain"),
]


@pytest.mark.parametrize(("change", "message"), RECORD_REFUSALS)
def test_record_refusals_name_the_bad_value_and_write_nothing(
    recount: Recount, removals, change: dict[str, str], message: str
) -> None:
    fields = {"statistic": REMOVALS, "--period": "2012", "--value": "36",
              "--source": "ice.morton", "--published": "2013-01-02", **change}
    args = [fields.pop("statistic")]
    for option, value in fields.items():
        args += [option, value]
    before = recount.state()

    line = recount.refused("record", *args)

    assert line.startswith(f"error: {message}")
    assert recount.state() == before


def test_correct_applies_from_its_publication_date(recount: Recount, removals) -> None:
    morton = removals["ice.morton"]
    result = recount.ok("correct", morton, "--value", "59,041", "--published", "2011-03-01",
                        "--reason", "the final count")
    assert result.stdout == "" and f"corrected figure {morton[:8]}" in result.stderr

    def morton_text(*args: str) -> str:
        [row] = [r for r in recount.json("replay", *args) if r["source"] == "ice.morton"]
        return row["text"]

    assert morton_text() == "59,041"
    assert morton_text("--as-of", "2011-02-28") == "more than 59,000"
    assert morton_text("--as-of", "2011-03-01") == "59,041"
    events = [e["event"] for e in recount.json("history", REMOVALS)]
    assert events == ["published", "published", "corrected"]


def test_figure_ids_may_be_unambiguous_prefixes(recount: Recount, removals) -> None:
    morton = removals["ice.morton"]
    recount.ok("correct", morton[:6], "--value", "59,041", "--published", "2011-03-01",
               "--reason", "final")
    recount.ok("retract", morton[:8].upper(), "--published", "2011-04-01", "--reason", "withdrawn")
    entries = recount.json("history", REMOVALS)
    assert [(e["event"], e["figure"]) for e in entries][-2:] == [
        ("corrected", morton), ("retracted", morton)]
    # Too short to be a prefix at all.
    assert recount.refused("retract", "abc", "--published", "2011-04-01", "--reason", "x") == (
        "error: cannot read figure id 'abc'")


def test_retract_removes_the_figure_from_its_date(recount: Recount, removals) -> None:
    release = removals["ice.release"]
    recount.ok("retract", release, "--published", "2011-05-01", "--reason", "withdrawn")
    sources = [r["source"] for r in recount.json("replay")]
    assert sources == ["ice.morton"]
    sources = [r["source"] for r in recount.json("replay", "--as-of", "2011-04-30")]
    assert sources == ["ice.morton", "ice.release"]
    # With one figure left there is nothing to contradict.
    assert recount.json("discrepancies") == []


def test_correcting_a_retracted_figure_is_refused(recount: Recount, removals) -> None:
    release = removals["ice.release"]
    recount.ok("retract", release, "--published", "2011-05-01", "--reason", "withdrawn")
    before = recount.state()

    line = recount.refused("correct", release[:8], "--value", "50,000",
                           "--published", "2011-06-01", "--reason", "again")

    assert line == (f"error: figure {release[:8]} was retracted on 2011-05-01 "
                    "and cannot be corrected")
    assert recount.state() == before


@pytest.mark.parametrize("command", [
    ["correct", "ffffffff", "--value", "5", "--published", "2011-03-01", "--reason", "x"],
    ["retract", "ffffffff", "--published", "2011-03-01", "--reason", "x"],
    ["amend", "ffffffff", "--value", "5", "--reason", "x"],
])
def test_unknown_figure_is_refused(recount: Recount, removals, command: list[str]) -> None:
    before = recount.state()
    assert recount.refused(*command) == "error: no figure 'ffffffff'"
    assert recount.state() == before


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--value", "lots", "cannot read value 'lots': write a number (59,000, 1.2 million, 59k), "
     "optionally with a hedge (more than 59,000, nearly 51,000, between 10 and 20)"),
    ("--published", "2011-02-30", "no such date '2011-02-30'"),
    ("--published", "2027-01-01", "publication date '2027-01-01' is in the future"),
])
def test_correction_refusals(recount: Recount, removals, option, value, message) -> None:
    fields = {"--value": "59,041", "--published": "2011-03-01", **{option: value}}
    before = recount.state()
    line = recount.refused("correct", removals["ice.morton"], *sum(fields.items(), ()),
                           "--reason", "x")
    assert line == f"error: {message}"
    assert recount.state() == before


def test_amend_is_an_erratum_in_recorded_time(recount: Recount, removals) -> None:
    # Recorded on 1 January with a typo; fixed on 2 January.
    morton = removals["ice.morton"]
    recount.at("2026-01-02T09:00:00")
    result = recount.ok("amend", morton, "--value", "more than 58,000", "--reason", "typo")
    assert f"amended figure {morton[:8]}" in result.stderr

    def morton_text(*args: str) -> str:
        [row] = [r for r in recount.json("replay", *args) if r["source"] == "ice.morton"]
        return row["text"]

    # Now the fix holds from the original publication date...
    assert morton_text() == "more than 58,000"
    assert morton_text("--as-of", "2011-01-20") == "more than 58,000"
    # ...but what was known on 1 January still shows the mistake.
    assert morton_text("--known-at", "2026-01-01") == "more than 59,000"


def test_amend_moves_a_figure_to_another_period_and_source(recount: Recount, removals) -> None:
    release = removals["ice.release"]
    recount.ok("amend", release, "--period", "2011", "--source", "ice.morton",
               "--published", "2011-02-02", "--reason", "misfiled")
    [row] = [r for r in recount.json("replay") if r["figure"] == release]
    assert (row["period"], row["source"], row["published"]) == ("2011", "ice.morton", "2011-02-02")


def test_amend_refusals(recount: Recount, removals) -> None:
    morton = removals["ice.morton"]
    before = recount.state()
    assert "nothing to amend" in recount.refused("amend", morton, "--reason", "x")
    assert recount.refused("amend", morton, "--source", "nobody", "--reason", "x") == (
        "error: no source 'nobody'")
    assert recount.refused("amend", morton, "--period", "2011-13", "--reason", "x").startswith(
        "error: cannot read period '2011-13'")
    assert recount.state() == before


def test_reason_is_required(recount: Recount, removals) -> None:
    result = recount("retract", removals["ice.morton"], "--published", "2011-05-01")
    assert result.exit_code == 2 and "--reason" in result.stderr
    assert recount.refused("retract", removals["ice.morton"], "--published", "2011-05-01",
                           "--reason", "  ") == "error: reason cannot be empty"


def test_periods_are_stored_by_their_canonical_label(recount: Recount, removals) -> None:
    # 2010Q4 is stored as 2010-Q4, and sorts after the interval that starts earlier.
    recount.record(REMOVALS, "--period", "2010Q4", "--value", "10", "--source", "ice.morton",
                   "--published", "2011-01-05")
    periods = [r["period"] for r in recount.json("replay")]
    assert periods == [PERIOD, PERIOD, "2010-Q4"]
