"""discrepancies, explain, resolve, reopen."""

from __future__ import annotations

from cli_support import PERIOD, REMOVALS, Recount


def test_the_worked_example_is_a_hard_internal_discrepancy(recount: Recount, removals) -> None:
    [found] = recount.json("discrepancies")
    keys = ("statistic", "period", "severity", "internal", "gap", "state")
    assert {k: found[k] for k in keys} == {
        "statistic": REMOVALS, "period": PERIOD, "severity": "hard", "internal": True,
        "gap": 8000, "state": "open",
    }
    assert sorted(found["figures"]) == sorted(removals.values())
    assert '"gap": 8000,' in recount.ok("discrepancies", "--json").stdout

    table = recount.ok("discrepancies").stdout
    assert "hard" in table and "8000" in table and "ice.morton, ice.release" in table


def test_filters(recount: Recount, removals) -> None:
    assert len(recount.json("discrepancies", "--statistic", REMOVALS)) == 1
    assert len(recount.json("discrepancies", "--severity", "hard")) == 1
    assert recount.json("discrepancies", "--severity", "soft") == []
    assert len(recount.json("discrepancies", "--state", "open")) == 1
    assert recount.json("discrepancies", "--state", "resolved") == []
    assert recount.refused("discrepancies", "--statistic", "nope") == (
        "error: no statistic 'nope'")
    # Choices are checked by the ledger: one line naming the choices.
    assert recount.refused("discrepancies", "--severity", "medium") == (
        "error: unknown severity 'medium' (choose from hard, soft)")
    assert recount.refused("discrepancies", "--state", "closed") == (
        "error: unknown state 'closed' (choose from open, explained, resolved)")


def test_discrepancies_as_of_and_known_at(recount: Recount, removals) -> None:
    # Before the second figure was published there was nothing to contradict.
    assert recount.json("discrepancies", "--as-of", "2011-01-31") == []
    assert len(recount.json("discrepancies", "--as-of", "2011-02-01")) == 1
    assert recount.json("discrepancies", "--known-at", "2025-12-31") == []


def test_explain_resolve_reopen(recount: Recount, removals) -> None:
    recount.at("2026-01-02T00:00:00")
    result = recount.ok("explain", REMOVALS, "--period", PERIOD, "--kind", "timing",
                        "--note", "different cut-off dates")
    assert result.stdout == "" and "explained" in result.stderr
    [found] = recount.json("discrepancies")
    assert (found["state"], found["explanation_kind"], found["explanation_note"]) == (
        "explained", "timing", "different cut-off dates")
    assert recount.json("discrepancies", "--state", "explained") == [found]
    assert "timing: different cut-off dates" in recount.ok("discrepancies").stdout

    recount.at("2026-01-03T00:00:00")
    recount.ok("resolve", REMOVALS, "--period", PERIOD, "--note", "confirmed with ICE")
    [found] = recount.json("discrepancies")
    assert found["state"] == "resolved"

    recount.at("2026-01-04T00:00:00")
    recount.ok("reopen", REMOVALS, "--period", PERIOD, "--note", "new figures")
    [found] = recount.json("discrepancies")
    assert found["state"] == "open"

    # Known at an earlier time, the discrepancy was in its earlier state.
    [then] = recount.json("discrepancies", "--known-at", "2026-01-02")
    assert then["state"] == "explained"


def test_period_spellings_are_read(recount: Recount, removals) -> None:
    recount.record(REMOVALS, "--period", "2010-Q4", "--value", "10", "--source", "ice.morton",
                   "--published", "2011-01-05")
    recount.record(REMOVALS, "--period", "2010-Q4", "--value", "20", "--source", "ice.release",
                   "--published", "2011-01-06")
    recount.ok("explain", REMOVALS, "--period", "2010Q4", "--kind", "error", "--note", "typo")
    states = {d["period"]: d["state"] for d in recount.json("discrepancies")}
    assert states == {PERIOD: "open", "2010-Q4": "explained"}


def test_refusals(recount: Recount, removals) -> None:
    before = recount.state()
    line = recount.refused("explain", REMOVALS, "--period", "2012", "--kind", "timing",
                           "--note", "x")
    assert line == f"error: no discrepancy for '{REMOVALS}' in period '2012'"
    assert recount.refused("resolve", "nope", "--period", "2012", "--note", "x") == (
        "error: no statistic 'nope'")
    assert recount.refused("reopen", REMOVALS, "--period", "2011-13", "--note", "x").startswith(
        "error: cannot read period '2011-13'")
    assert recount.refused("resolve", REMOVALS, "--period", PERIOD, "--note", " ") == (
        "error: note cannot be empty")
    assert recount.refused("explain", REMOVALS, "--period", PERIOD, "--kind", "luck",
                           "--note", "x").startswith("error: unknown kind 'luck' (choose from ")
    assert recount.state() == before
