"""discrepancies --notes: every explain, resolve and reopen kept, in order (issue 9)."""

from __future__ import annotations

from cli_support import PERIOD, REMOVALS, Recount


def explain_resolve_reopen(recount: Recount) -> None:
    """The story of issue 9: explained, resolved with another note, reopened."""
    recount.at("2026-01-02T00:00:00")
    recount.ok("explain", REMOVALS, "--period", PERIOD, "--kind", "definition",
               "--note", "removals vs. returns")
    recount.at("2026-01-03T00:00:00")
    recount.ok("resolve", REMOVALS, "--period", PERIOD, "--note", "ICE confirmed the gap")
    recount.at("2026-01-04T00:00:00")
    recount.ok("reopen", REMOVALS, "--period", PERIOD, "--note", "new figures came in")


def test_notes_in_json_are_every_explain_resolve_and_reopen_in_order(
    recount: Recount, removals
) -> None:
    explain_resolve_reopen(recount)
    [found] = recount.json("discrepancies", "--notes", "--json")
    assert found["state"] == "open"
    notes = [(n["action"], n["kind"], n["note"], n["recorded"][:10]) for n in found["notes"]]
    assert notes == [
        ("explained", "definition", "removals vs. returns", "2026-01-02"),
        ("resolved", None, "ICE confirmed the gap", "2026-01-03"),
        ("reopened", None, "new figures came in", "2026-01-04"),
    ]
    # Each note says who recorded it, and which discrepancy it is about.
    assert {(n["statistic"], n["period"]) for n in found["notes"]} == {(REMOVALS, PERIOD)}
    assert all(n["by"] for n in found["notes"])
    # Without --notes the JSON rows stay as they were.
    [plain] = recount.json("discrepancies", "--json")
    assert "notes" not in plain


def test_a_resolve_note_is_not_shown_as_the_explanation(recount: Recount, removals) -> None:
    explain_resolve_reopen(recount)
    # The register's explanation is the latest explain note, under its kind.
    [found] = recount.json("discrepancies")
    assert (found["explanation_kind"], found["explanation_note"]) == (
        "definition", "removals vs. returns")
    table = recount.ok("discrepancies").stdout
    assert "definition: removals vs. returns" in table
    assert "definition: ICE confirmed" not in table


def test_notes_table_lists_the_notes_in_order(recount: Recount, removals) -> None:
    explain_resolve_reopen(recount)
    out = recount.ok("discrepancies", "--notes").stdout
    assert "notes" in out
    lines = [line for line in out.splitlines() if "2026-01-0" in line]
    assert [("explained" in line, "resolved" in line, "reopened" in line) for line in lines] == [
        (True, False, False), (False, True, False), (False, False, True)]
    assert "removals vs. returns" in lines[0] and "ICE confirmed the gap" in lines[1]


def test_notes_known_at_an_earlier_time_are_the_notes_recorded_by_then(
    recount: Recount, removals
) -> None:
    explain_resolve_reopen(recount)
    [then] = recount.json("discrepancies", "--notes", "--known-at", "2026-01-03")
    assert then["state"] == "resolved"
    assert [n["action"] for n in then["notes"]] == ["explained", "resolved"]


def test_a_discrepancy_without_notes_has_an_empty_list(recount: Recount, removals) -> None:
    [found] = recount.json("discrepancies", "--notes")
    assert found["notes"] == []
    result = recount.ok("discrepancies", "--notes")
    assert "no notes on these discrepancies" in result.stderr
