"""init, statistic and source: the catalogue from the command line."""

from __future__ import annotations

from pathlib import Path

import backends
from cli_support import REMOVALS, Recount, ledger_made, shown


def test_init_creates_the_database_and_says_where(recount: Recount) -> None:
    # Initialise a ledger in a fresh file: it now exists, and the output names it.
    result = recount.ok("init")
    assert ledger_made(recount.db)
    assert result.stdout == f"created ledger at {shown(recount.db)}\n"

    # Initialising again is harmless and says so.
    assert recount.ok("init").stdout == f"ledger already at {shown(recount.db)}\n"


def test_init_without_db_uses_the_environment(recount: Recount, tmp_path: Path,
                                              monkeypatch) -> None:
    chosen = backends.new_db(tmp_path, "from-env.db")
    monkeypatch.setenv("RECOUNT_DB", chosen)
    result = recount.bare("init")
    assert result.exit_code == 0, result.stderr
    assert ledger_made(chosen)


def test_init_refuses_a_folder_that_does_not_exist(recount: Recount, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "l.db"
    result = recount.bare("--db", str(missing), "init")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and str(missing) in result.stderr


def test_statistic_add_list_show(recount: Recount) -> None:
    # Define a statistic with every field.
    result = recount.ok("statistic", "add", REMOVALS, "--name", "Removals", "--unit", "people",
                        "--definition", "Removals of convicted criminals", "--scope", "US")
    assert result.stdout == ""
    assert REMOVALS in result.stderr

    # It is listed, with zero counts.
    [row] = recount.json("statistic", "list")
    assert row == {
        "code": REMOVALS, "name": "Removals", "unit": "people",
        "definition": "Removals of convicted criminals", "scope": "US",
        "periods": 0, "figures": 0, "hard": 0, "soft": 0, "last_published": None,
    }
    # Shown on its own, as one object.
    assert recount.json("statistic", "show", REMOVALS) == row

    # And as tables for people.
    assert REMOVALS in recount.ok("statistic", "list").stdout
    assert "Removals of convicted criminals" in recount.ok("statistic", "show", REMOVALS).stdout


def test_statistic_counts_follow_as_of(recount: Recount, removals) -> None:
    [now] = recount.json("statistic", "list")
    assert (now["figures"], now["hard"], now["last_published"]) == (2, 1, "2011-02-01")

    # Before the press release only one figure was out: no discrepancy yet.
    [then] = recount.json("statistic", "list", "--as-of", "2011-01-25")
    assert (then["figures"], then["hard"], then["last_published"]) == (1, 0, "2011-01-20")
    shown = recount.json("statistic", "show", REMOVALS, "--as-of", "2011-01-25")
    assert shown == then

    # Known before anything was recorded: nothing.
    [before] = recount.json("statistic", "list", "--known-at", "2025-12-31")
    assert before["figures"] == 0


def test_duplicate_statistic_code_is_refused(recount: Recount) -> None:
    recount.ok("statistic", "add", REMOVALS, "--name", "Removals", "--unit", "people")
    before = recount.state()

    line = recount.refused("statistic", "add", REMOVALS, "--name", "Other", "--unit", "x")

    assert line == f"error: statistic '{REMOVALS}' already exists"
    assert recount.state() == before
    assert recount.json("statistic", "show", REMOVALS)["name"] == "Removals"


def test_statistic_code_must_be_a_code(recount: Recount) -> None:
    line = recount.refused("statistic", "add", "bad code!", "--name", "x", "--unit", "y")
    assert "'bad code!'" in line
    # The refusal left no ledger behind, not even an empty one.
    assert not ledger_made(recount.db)


def test_unknown_statistic_is_refused_by_show(recount: Recount) -> None:
    recount.ok("init")
    assert recount.refused("statistic", "show", "nope") == "error: no statistic 'nope'"
    line = recount.refused("statistic", "show", "nope", "--as-of", "2011-01-01")
    assert line == "error: no statistic 'nope'"


def test_source_add_list_show(recount: Recount, removals) -> None:
    sources = recount.json("source", "list")
    assert [s["source_id"] for s in sources] == ["ice.morton", "ice.release"]
    morton = recount.json("source", "show", "ice.morton")
    assert morton == {
        "source_id": "ice.morton", "name": "John Morton", "organisation": "ICE",
        "kind": "official", "figures": 1, "revised": 0, "corrected": 0, "retracted": 0,
        "dropped": 0,
    }
    assert recount.json("source", "show", "ice.release")["kind"] == "agency"
    table = recount.ok("source", "list").stdout
    assert "John Morton" in table and "ICE press release" in table
    assert "John Morton" in recount.ok("source", "show", "ice.morton").stdout


def test_source_reads_take_and_check_the_dates(recount: Recount, removals) -> None:
    assert len(recount.json("source", "list", "--as-of", "2011-01-01",
                            "--known-at", "2026-01-01T00:00:00Z")) == 2
    line = recount.refused("source", "list", "--as-of", "2011-02-30")
    assert "'2011-02-30'" in line
    line = recount.refused("source", "show", "ice.morton", "--known-at", "soon")
    assert "'soon'" in line


def test_unknown_source_and_duplicate_source(recount: Recount, removals) -> None:
    assert recount.refused("source", "show", "nope") == "error: no source 'nope'"
    before = recount.state()
    line = recount.refused("source", "add", "ice.morton", "--name", "Someone else")
    assert line == "error: source 'ice.morton' already exists"
    assert recount.state() == before


def test_source_kind_is_a_choice(recount: Recount) -> None:
    # A kind outside the list is refused in the ledger's one line, before anything is opened.
    assert recount.refused("source", "add", "x", "--name", "X", "--kind", "blog") == (
        "error: unknown kind 'blog' (choose from official, agency, media, secondary, "
        "unattributed)")
    assert not ledger_made(recount.db)


def test_empty_lists_say_so_on_stderr(recount: Recount) -> None:
    recount.ok("init")
    result = recount.ok("statistic", "list")
    assert result.stdout == "" and "no statistics" in result.stderr
    result = recount.ok("source", "list")
    assert result.stdout == "" and "no sources" in result.stderr
    assert recount.json("source", "list") == []

