"""show, history, replay: the ledger read at any (as_of, known_at)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_support import PERIOD, REMOVALS, Recount

REPLAY_KEYS = {"statistic", "period", "source", "value", "text", "qualifier", "tight", "wide",
               "status", "published", "recorded", "figure"}
DISCREPANCY_KEYS = {"statistic", "period", "severity", "internal", "gap", "figures", "state"}


def test_replay_json_rows(recount: Recount, removals) -> None:
    rows = recount.json("replay")
    assert [r["source"] for r in rows] == ["ice.morton", "ice.release"]
    morton, release = rows
    assert set(morton) >= REPLAY_KEYS
    assert morton["statistic"] == REMOVALS and morton["period"] == PERIOD
    assert (morton["value"], morton["text"], morton["qualifier"]) == (
        59000, "more than 59,000", "more_than")
    # Intervals as [low, high]; an open end is null.
    assert morton["wide"] == [59000, None]
    assert release["wide"] == [50000, 51000]
    assert (morton["status"], morton["published"]) == ("normal", "2011-01-20")
    assert morton["recorded"] == "2026-01-01T00:00:00.000000Z"
    assert morton["figure"] == removals["ice.morton"]


def test_replay_default_format_is_json_and_json_flag_agrees(recount: Recount, removals) -> None:
    plain = recount.ok("replay").stdout
    assert plain == recount.ok("replay", "--json").stdout
    assert plain == recount.ok("replay", "--format", "json").stdout
    assert isinstance(json.loads(plain), list)


def test_replay_ndjson_is_one_object_a_line(recount: Recount, removals) -> None:
    lines = recount.ok("replay", "--format", "ndjson").stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == recount.json("replay")


def test_replay_csv_has_a_header_and_bracket_intervals(recount: Recount, removals) -> None:
    text = recount.ok("replay", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.startswith("statistic,period,source,value,")
    assert [(r["source"], r["value"], r["tight"], r["wide"]) for r in rows] == [
        ("ice.morton", "59000", "(59000,60000)", "(59000,)"),
        ("ice.release", "51000", "(50000,51000)", "[50000,51000)"),
    ]


def test_replay_json_and_another_format_is_a_usage_error(recount: Recount, removals) -> None:
    result = recount("replay", "--json", "--format", "csv")
    assert result.exit_code == 2 and "--json" in result.stderr
    assert recount("replay", "--format", "xml").exit_code == 2


def test_replay_value_keeps_the_recorded_digits(recount: Recount, removals) -> None:
    recount.record(REMOVALS, "--period", "2012", "--value", "1,056.50", "--source", "ice.morton",
                   "--published", "2013-01-02")
    recount.record(REMOVALS, "--period", "2013", "--value", "0.1", "--source", "ice.morton",
                   "--published", "2014-01-02")
    raw = recount.ok("replay").stdout
    # The raw text has the number 1056.50, not a string, not 1056.5.
    assert '"value": 1056.50,' in raw
    assert '"value": 0.1,' in raw
    assert '"tight": [\n      1056.50,\n      1056.50\n    ]' in raw
    assert '"value":1056.50' in recount.ok("replay", "--format", "ndjson").stdout.replace(" ", "")
    assert ",1056.50," in recount.ok("replay", "--format", "csv").stdout


def test_replay_of_one_statistic(recount: Recount, removals) -> None:
    recount.ok("statistic", "add", "other", "--name", "Other", "--unit", "x")
    recount.record("other", "--period", "2010", "--value", "5", "--source", "ice.morton",
                   "--published", "2011-01-01")
    assert len(recount.json("replay")) == 3
    assert [r["statistic"] for r in recount.json("replay", "--statistic", "other")] == ["other"]
    assert recount.refused("replay", "--statistic", "nope") == "error: no statistic 'nope'"


def test_a_correction_appears_only_from_its_date(recount: Recount, removals) -> None:
    recount.ok("correct", removals["ice.release"], "--value", "50,100", "--published",
               "2011-03-01", "--reason", "final count")

    def release(*args: str) -> str:
        return {r["source"]: r["text"] for r in recount.json("replay", *args)}.get("ice.release")

    assert release("--as-of", "2011-01-31") is None  # not yet published
    assert release("--as-of", "2011-02-28") == "nearly 51,000"
    assert release("--as-of", "2011-03-01") == "50,100"
    assert release() == "50,100"


def test_known_at_before_a_recording_hides_it(recount: Recount, removals) -> None:
    # A third figure recorded a day later.
    recount.at("2026-01-02T10:00:00")
    recount.record(REMOVALS, "--period", "2012", "--value", "36", "--source", "ice.morton",
                   "--published", "2013-01-02")

    def periods(*args: str) -> list[str]:
        return [r["period"] for r in recount.json("replay", *args)]

    assert periods() == [PERIOD, PERIOD, "2012"]
    # A bare date means the end of that day (UTC).
    assert periods("--known-at", "2026-01-01") == [PERIOD, PERIOD]
    assert periods("--known-at", "2026-01-02T09:59:59Z") == [PERIOD, PERIOD]
    assert periods("--known-at", "2026-01-02T11:00:00+01:00") == [PERIOD, PERIOD, "2012"]
    assert periods("--known-at", "2025-12-31") == []


@pytest.mark.parametrize("command", [
    ["replay"], ["history", REMOVALS], ["show", REMOVALS], ["discrepancies"],
    ["statistic", "list"], ["statistic", "show", REMOVALS],
])
def test_every_read_refuses_impossible_dates(recount: Recount, removals, command) -> None:
    assert recount.refused(*command, "--as-of", "2011-02-30") == (
        "error: no such date '2011-02-30'")
    assert "'last week'" in recount.refused(*command, "--known-at", "last week")


def test_history_is_one_entry_per_event_oldest_first(recount: Recount, removals) -> None:
    morton, release = removals["ice.morton"], removals["ice.release"]
    recount.at("2026-01-02T00:00:00")
    recount.ok("correct", morton, "--value", "59,041", "--published", "2011-03-01",
               "--reason", "final")
    recount.at("2026-01-03T00:00:00")
    recount.ok("retract", release, "--published", "2011-04-01", "--reason", "withdrawn")
    recount.at("2026-01-04T00:00:00")
    recount.ok("amend", morton, "--value", "59,014", "--reason", "my typo")
    entries = recount.json("history", REMOVALS)
    assert [(e["event"], e["figure"]) for e in entries] == [
        ("published", morton), ("published", release), ("corrected", morton),
        ("retracted", release), ("amended", morton),
    ]
    assert [e["recorded"][:10] for e in entries] == [
        "2026-01-01", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    corrected = entries[2]
    assert (corrected["text"], corrected["previous"], corrected["reason"]) == (
        "59,041", "more than 59,000", "final")
    assert all(e["recorded_by"] == "ann" for e in entries)

    # as_of keeps what was published by then; known_at what was recorded by then.
    assert len(recount.json("history", REMOVALS, "--as-of", "2011-03-01")) == 3 + 1  # + amended
    assert len(recount.json("history", REMOVALS, "--known-at", "2026-01-02")) == 3
    assert recount.json("history", REMOVALS, "--period", "2012") == []

    table = recount.ok("history", REMOVALS).stdout
    assert "retracted" in table and morton[:8] in table and morton not in table


def test_history_of_an_unknown_statistic(recount: Recount, removals) -> None:
    assert recount.refused("history", "nope") == "error: no statistic 'nope'"
    assert recount.refused("history", REMOVALS, "--period", "2011-13").startswith(
        "error: cannot read period '2011-13'")


def test_show_json_shape(recount: Recount, removals) -> None:
    shown = recount.json("show", REMOVALS)
    assert set(shown) == {"statistic", "figures", "discrepancies"}
    assert shown["statistic"]["code"] == REMOVALS
    assert shown["figures"] == recount.json("replay")
    [found] = shown["discrepancies"]
    assert set(found) >= DISCREPANCY_KEYS

    # With --period, also every figure recorded for it, in detail.
    detailed = recount.json("show", REMOVALS, "--period", PERIOD)
    assert set(detailed) == {"statistic", "figures", "discrepancies", "details"}
    assert [d["figure"] for d in detailed["details"]] == [
        removals["ice.morton"], removals["ice.release"]]
    assert recount.json("show", REMOVALS, "--period", "2012") == {
        "statistic": shown["statistic"], "figures": [], "discrepancies": [], "details": []}


def test_show_as_of(recount: Recount, removals) -> None:
    early = recount.json("show", REMOVALS, "--as-of", "2011-01-25")
    assert [f["source"] for f in early["figures"]] == ["ice.morton"]
    assert early["discrepancies"] == []
    assert early["statistic"]["figures"] == 1


def test_show_table(recount: Recount, removals) -> None:
    text = recount.ok("show", REMOVALS, "--period", PERIOD).stdout
    assert "Removals under Secure Communities" in text
    assert "more than 59,000" in text and "nearly 51,000" in text
    assert removals["ice.morton"][:8] in text and removals["ice.morton"] not in text
    assert "hard" in text
    assert recount.refused("show", "nope") == "error: no statistic 'nope'"


def test_markup_in_recorded_text_is_printed_literally(recount: Recount) -> None:
    # Names, values, quotes and notes are what a source or an archivist wrote:
    # nothing in them is ever read as Rich markup (an unmatched [/red] would
    # even crash a renderer that tried).
    recount.ok("statistic", "add", "s", "--name", "Deaths [red]x[/red]", "--unit", "[b]people")
    recount.ok("source", "add", "a", "--name", "[bold]Anna[/bold]", "--organisation", "[/red]")
    recount.record("s", "--period", "2010", "--value", "36", "--source", "a",
                   "--published", "2011-01-01", "--quote", "[red]x[/red] said [link=x]y[/link]",
                   "--note", "[/]", "--url", "https://example.org/[i]")

    statistics = recount.ok("statistic", "list").stdout
    assert "Deaths [red]x[/red]" in statistics and "[b]people" in statistics
    assert "Deaths [red]x[/red]" in recount.ok("statistic", "show", "s").stdout
    sources = recount.ok("source", "list").stdout
    assert "[bold]Anna[/bold]" in sources and "[/red]" in sources
    assert "[bold]Anna[/bold]" in recount.ok("source", "show", "a").stdout
    shown = recount.ok("show", "s", "--period", "2010").stdout
    assert "[red]x[/red] said [link=x]y[/link]" in shown
    assert "[/]" in shown and "https://example.org/[i]" in shown

    # A value with markup is refused, and the error line shows it literally too.
    line = recount.refused("record", "s", "--period", "2010", "--value", "[red]lots[/red]",
                           "--source", "a", "--published", "2011-01-01")
    assert line.startswith("error: cannot read value '[red]lots[/red]': write a number (")


def test_empty_reads(recount: Recount) -> None:
    recount.ok("statistic", "add", "s", "--name", "S", "--unit", "u")
    assert recount.json("replay") == []
    assert recount.ok("replay", "--format", "ndjson").stdout == ""
    assert recount.ok("replay", "--format", "csv").stdout.count("\n") == 1
    assert recount.json("history", "s") == []
    result = recount.ok("history", "s")
    assert result.stdout == "" and "no history" in result.stderr
