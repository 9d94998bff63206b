"""``statistic edit`` and ``source edit``: the catalogue says anew what a thing is,
and ``statistic history`` / ``source history`` show every saying, oldest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Recount, ledger_made, stored

KINDS = "official, agency, media, secondary, unattributed"


@pytest.fixture
def created(recount: Recount, tmp_path: Path) -> Recount:
    """A statistic and a source as ``--create-missing`` makes them: named by their codes,
    the statistic's unit "unstated", the source "unattributed"."""
    data = tmp_path / "one.ndjson"
    data.write_text('{"statistic": "new.stat", "period": "2010", "value": "5", '
                    '"source": "new.source", "published": "2011-01-01"}\n')
    recount.ok("init")
    recount.ok("import", str(data), "--format", "ndjson", "--create-missing")
    return recount


def test_a_created_statistic_is_given_its_name_unit_and_definition(created: Recount) -> None:
    # The import named the statistic after its code, and could not say its unit.
    made = created.json("statistic", "show", "new.stat")
    assert (made["name"], made["unit"]) == ("new.stat", "unstated")
    # The archivist says what it is, a day later.
    created.at("2026-01-02T09:00:00")
    result = created.ok("statistic", "edit", "new.stat", "--name", "Removals", "--unit",
                        "people", "--definition", "Removals under Secure Communities")
    assert result.stderr == "described statistic new.stat\n"
    shown = created.json("statistic", "show", "new.stat")
    assert (shown["name"], shown["unit"], shown["definition"], shown["scope"]) == (
        "Removals", "people", "Removals under Secure Communities", None)
    # Later, only the scope: the rest stays.
    created.by = "bob"
    created.at("2026-01-03T09:00:00")
    created.ok("statistic", "edit", "new.stat", "--scope", "United States")
    history = created.json("statistic", "history", "new.stat")
    assert [(h["event"], h["name"], h["unit"], h["scope"], h["recorded_by"], h["recorded"])
            for h in history] == [
        ("defined", "new.stat", "unstated", None, "ann", "2026-01-01T00:00:00.000000Z"),
        ("described", "Removals", "people", None, "ann", "2026-01-02T09:00:00.000000Z"),
        ("described", "Removals", "people", "United States", "bob",
         "2026-01-03T09:00:00.000000Z"),
    ]
    # The table says the same to people.
    table = created.ok("statistic", "history", "new.stat").stdout
    assert "defined" in table and "described" in table and "United States" in table


def test_an_empty_definition_clears_it(created: Recount) -> None:
    created.ok("statistic", "edit", "new.stat", "--definition", "All removals")
    created.ok("statistic", "edit", "new.stat", "--definition", "")
    assert created.json("statistic", "show", "new.stat")["definition"] is None
    assert len(created.json("statistic", "history", "new.stat")) == 3


def test_a_created_source_is_given_its_name_organisation_and_kind(created: Recount) -> None:
    created.at("2026-01-02T09:00:00")
    result = created.ok("source", "edit", "new.source", "--name", "John Morton",
                        "--organisation", "ICE", "--kind", "agency")
    assert result.stderr == "updated source new.source\n"
    shown = created.json("source", "show", "new.source")
    assert (shown["name"], shown["organisation"], shown["kind"], shown["figures"]) == (
        "John Morton", "ICE", "agency", 1)
    history = created.json("source", "history", "new.source")
    assert [(h["event"], h["name"], h["organisation"], h["kind"]) for h in history] == [
        ("registered", "new.source", None, "unattributed"),
        ("updated", "John Morton", "ICE", "agency"),
    ]
    assert history[1]["recorded"] == "2026-01-02T09:00:00.000000Z"
    assert "registered" in created.ok("source", "history", "new.source").stdout


@pytest.mark.parametrize(("args", "line"), [
    (("statistic", "edit", "new.stat"),
     "error: nothing to change for statistic 'new.stat': give a name, unit, definition or scope"),
    (("statistic", "edit", "new.stat", "--name", "new.stat"),
     "error: statistic 'new.stat' already reads so: nothing to change"),
    (("statistic", "edit", "nope", "--name", "X"), "error: no statistic 'nope'"),
    (("statistic", "edit", "new.stat", "--name", "  "), "error: name cannot be empty"),
    (("statistic", "edit", "new.stat", "--unit", ""), "error: unit cannot be empty"),
    (("source", "edit", "new.source"),
     "error: nothing to change for source 'new.source': give a name, organisation or kind"),
    (("source", "edit", "new.source", "--kind", "unattributed"),
     "error: source 'new.source' already reads so: nothing to change"),
    (("source", "edit", "nope", "--name", "X"), "error: no source 'nope'"),
    (("source", "edit", "new.source", "--name", ""), "error: name cannot be empty"),
    (("source", "edit", "new.source", "--kind", "defintion"),
     f"error: unknown kind 'defintion' (choose from {KINDS})"),
    (("source", "add", "other", "--name", "Other", "--kind", "defintion"),
     f"error: unknown kind 'defintion' (choose from {KINDS})"),
    (("statistic", "history", "nope"), "error: no statistic 'nope'"),
    (("source", "history", "nope"), "error: no source 'nope'"),
])
def test_refused_edits_say_why_in_one_line_and_write_nothing(
    created: Recount, args: tuple[str, ...], line: str
) -> None:
    before = stored(created.db)
    assert created.refused(*args) == line
    assert stored(created.db) == before


def test_a_control_character_in_an_unknown_code_is_shown_escaped(created: Recount) -> None:
    before = stored(created.db)
    assert created.refused("statistic", "edit", "a\x1bb") == (
        "error: nothing to change for statistic 'a\\x1bb': give a name, unit, definition or "
        "scope")
    assert stored(created.db) == before


def test_a_bad_kind_refused_before_a_ledger_is_made(recount: Recount) -> None:
    # `source add` may make a ledger; a bad kind is refused before it does.
    assert recount.refused("source", "add", "x", "--name", "X", "--kind", "defintion") == (
        f"error: unknown kind 'defintion' (choose from {KINDS})")
    assert not ledger_made(recount.db)


def test_choices_of_record_and_explain_are_refused_in_the_ledgers_line(
    recount: Recount, removals
) -> None:
    before = stored(recount.db)
    assert recount.refused(
        "record", "ice.sc.removals", "--period", "2012", "--value", "36", "--source",
        "ice.morton", "--published", "2013-01-02", "--status", "guess",
    ) == ("error: unknown status 'guess' (choose from normal, provisional, estimated, "
          "forecast, target)")
    assert recount.refused(
        "explain", "ice.sc.removals", "--period", "2008-10-27/2011-01-10", "--kind",
        "defintion", "--note", "x",
    ).startswith("error: unknown kind 'defintion' (choose from definition, ")
    assert stored(recount.db) == before
