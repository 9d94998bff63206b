"""Reads never create a ledger, and a database that fails is one clear line."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import backends
import pytest
from cli_support import Recount, ledger_made, stored

import ledger.storage
from ledger.storage import Location

READS = [
    ["statistic", "list"],
    ["statistic", "show", "jobs"],
    ["source", "list"],
    ["source", "show", "bls"],
    ["replay"],
    ["history", "jobs"],
    ["show", "jobs"],
    ["discrepancies"],
    ["export", "--statistic", "jobs", "--format", "csv"],
    ["rebuild"],
    ["browse"],
]


@pytest.mark.sqlite_only  # a file that is not there, and the folder left empty
@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_of_a_missing_ledger_says_so_and_creates_nothing(recount: Recount,
                                                                args: list[str]) -> None:
    # A typo in --db: the read is refused, and no empty nope.db is left behind.
    recount.db = str(Path(recount.db).with_name("nope.db"))
    assert recount.refused(*args) == f"error: no ledger at {recount.db} (recount init creates one)"
    assert list(Path(recount.db).parent.iterdir()) == []


def test_a_write_about_figures_that_cannot_exist_yet_does_not_create(recount: Recount) -> None:
    line = recount.refused("record", "jobs", "--period", "2020", "--value", "5",
                           "--source", "bls", "--published", "2020-02-01")
    assert line == f"error: no ledger at {recount.db} (recount init creates one)"
    assert not ledger_made(recount.db)


def test_init_and_a_first_statistic_create_the_ledger(recount: Recount, tmp_path: Path) -> None:
    recount.ok("statistic", "add", "jobs", "--name", "Jobs", "--unit", "people")
    assert ledger_made(recount.db)
    other = backends.new_db(tmp_path, "other.db")
    assert recount.bare("--db", str(other), "init").stdout == f"created ledger at {other}\n"


def test_a_refused_first_write_takes_its_new_file_away(recount: Recount) -> None:
    # The command would have created the ledger, but its input was refused: no file.
    recount.refused("source", "add", "bls", "--name", "  ")
    assert not ledger_made(recount.db)


def test_a_url_of_another_database_names_the_two_it_can_use(recount: Recount) -> None:
    assert recount.bare("--db", "mysql://x", "statistic", "list").stderr == (
        "error: cannot use 'mysql://x': Recount stores ledgers in SQLite (a path or "
        "sqlite:///…) or PostgreSQL (postgresql+psycopg://…)\n")


def test_a_password_in_the_url_is_never_shown(recount: Recount) -> None:
    for url in ("postgresql://user:secret@host/db", "mssql://user:secret@host/db",
                "not a url://user:secret@host/db"):
        result = recount.bare("--db", url, "statistic", "list")
        assert result.exit_code == 1
        assert "secret" not in result.output and "user:***@host" in result.stderr
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.sqlite_only  # a file of text where the ledger's file should be
def test_a_file_that_is_not_a_ledger(recount: Recount) -> None:
    Path(recount.db).write_text("a shopping list, not a ledger\n" * 50)
    assert recount.refused("statistic", "list") == (
        f"error: {recount.db} is not a Recount ledger: not a SQLite database")


@pytest.fixture
def read_only(recount: Recount, monkeypatch: pytest.MonkeyPatch) -> str:
    """A ledger the library takes for read-only (root ignores chmod, so it is told)."""
    recount.ok("statistic", "add", "jobs", "--name", "Jobs", "--unit", "people")
    monkeypatch.setattr(Location, "read_only", lambda self: "the file is read-only")
    return recount.db


@pytest.mark.sqlite_only  # read-only is a SQLite file's (Location.read_only)
def test_a_read_only_ledger_answers_reads(recount: Recount, read_only: str) -> None:
    assert [s["code"] for s in recount.json("statistic", "list")] == ["jobs"]
    assert recount.ok("replay").stderr == ""


@pytest.mark.sqlite_only  # read-only is a SQLite file's (Location.read_only)
@pytest.mark.parametrize("args", [
    ["source", "add", "bls", "--name", "BLS"],
    ["statistic", "add", "pay", "--name", "Pay", "--unit", "dollars"],
    ["rebuild"],
], ids=" ".join)
def test_a_read_only_ledger_refuses_writes_in_one_line(recount: Recount, read_only: str,
                                                       args: list[str]) -> None:
    before = stored(read_only)
    assert recount.refused(*args) == (
        f"error: cannot write to the ledger at {read_only}: the file is read-only "
        "(reads still work)")
    assert stored(read_only) == before


@pytest.mark.sqlite_only  # SQLite's file lock, taken by sqlite3 on the file
def test_a_ledger_locked_past_the_wait(recount: Recount, monkeypatch) -> None:
    recount.ok("init")
    monkeypatch.setattr(ledger.storage, "LOCK_TIMEOUT_SECONDS", 0.1)
    # Another writer holds the write lock, and the read models need catching up.
    with closing(sqlite3.connect(recount.db, isolation_level=None)) as other:
        other.execute("UPDATE projection_positions SET position = position - 1")
        other.execute("BEGIN IMMEDIATE")
        line = recount.refused("statistic", "list")
    assert line == (
        f"error: the ledger at {recount.db} stayed locked by another writer for more than "
        "0.1 s; try again when it has finished")
