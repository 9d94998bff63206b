"""``recount head`` and ``recount verify --head``: a published head vouches for the history."""

from __future__ import annotations

import json
from pathlib import Path

import backends
import pytest
from integrity_support import raw, recomputed_head
from typer.testing import CliRunner

from ledger.bootstrap import open_ledger


def recount(path: str, *args: str):
    from cli.main import app  # imported late, as the CLI tests do

    return CliRunner().invoke(app, ["--db", str(path), "--by", "ann", *args])


@pytest.fixture
def db(ledger_db: str) -> str:
    path = ledger_db
    with open_ledger(path, "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
        figure = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08")
        ledger.correct(figure, "131050", "2020-05-09", "typo")
    return path


def head_of(path: Path) -> str:
    result = recount(path, "head")
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_head_prints_position_and_hash_as_recomputed_by_hand(db):
    printed = head_of(db)
    position, digest = recomputed_head(db)
    assert printed == f"{position}:{digest}"
    assert position == 4 and len(digest) == 64


def test_head_as_json(db):
    result = recount(db, "head", "--json")
    found = json.loads(result.stdout)
    assert found == {"position": 4, "hash": found["hash"], "head": f"4:{found['hash']}"}
    assert found["head"] == head_of(db)


def test_verify_with_the_current_head_passes(db):
    head = head_of(db)
    result = recount(db, "verify", "--head", head)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"whole: head {head}"


def test_verify_with_a_head_published_before_later_events_passes(db):
    earlier = head_of(db)
    assert recount(db, "record", "jobs", "--period", "2020-05", "--value", "1", "--source",
                   "bls", "--published", "2020-06-05").exit_code == 0
    assert head_of(db) != earlier
    result = recount(db, "verify", "--head", earlier, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["whole"] is True and found["head"] == head_of(db)
    assert any(earlier in line for line in found["checked"])


def test_verify_with_a_wrong_hash_is_a_head_problem(db):
    position, digest = head_of(db).split(":")
    wrong = f"{int(position) - 1}:{digest}"  # the latest hash claimed for an earlier position
    result = recount(db, "verify", "--head", wrong, "--json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problem"]
    assert (problem["kind"], problem["position"]) == ("head", int(position) - 1)


def test_verify_with_a_head_beyond_the_end_is_a_head_problem(db):
    _, digest = head_of(db).split(":")
    result = recount(db, "verify", "--head", f"99:{digest}", "--json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problem"]
    assert (problem["kind"], problem["position"]) == ("head", 99)
    text = recount(db, "verify", "--head", f"99:{digest}")
    assert text.exit_code == 1
    assert text.stdout.splitlines()[-1].startswith("NOT WHOLE: head at position 99: ")


@pytest.mark.parametrize("malformed", [
    "", "4", "4:", ":" + "a" * 64, "x:" + "a" * 64, "4:" + "a" * 63, "4:" + "g" * 64,
    "4:" + "a" * 65, "-1:" + "a" * 64, "4:\x1b[31m",
])
def test_a_malformed_head_is_refused_in_one_line(db, malformed):
    result = recount(db, "verify", "--head", malformed)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "POSITION:HASH" in lines[0]
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr


def test_verify_json_has_its_shape(db):
    result = recount(db, "verify", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert set(found) == {"whole", "events", "head", "checked", "problem"}
    assert (found["whole"], found["events"], found["problem"]) == (True, 4, None)
    assert found["head"] == head_of(db)
    assert all(isinstance(line, str) for line in found["checked"]) and len(found["checked"]) == (
        3 if backends.ON_POSTGRES else 4)  # SQLite's quick_check of the file first


def test_verify_text_output_on_a_whole_ledger(db):
    result = recount(db, "verify")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(line.startswith("checked ") for line in lines[:-1])
    assert lines[-1] == f"whole: head {head_of(db)}"


# -- rebuild keeps the ledger whole and leaves nothing beside it -------------------

def side_folders(db: str) -> list[Path]:
    """Side folders a rebuild left beside a SQLite file (a server's ledger has no folder)."""
    if backends.ON_POSTGRES:
        return []
    return sorted(Path(db).parent.glob(".recount-side-*"))


def test_rebuild_keeps_verify_whole_and_leaves_no_side_folder(db):
    assert recount(db, "rebuild").exit_code == 0
    assert side_folders(db) == []
    result = recount(db, "verify")
    assert result.exit_code == 0, result.output
    assert side_folders(db) == []


def test_no_side_folder_is_left_when_verify_finds_a_problem(db):
    with raw(db) as connection:
        connection.execute("UPDATE figures SET status = 'forged'")
    result = recount(db, "verify", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problem"]["kind"] == "read-model"
    assert side_folders(db) == []
    assert recount(db, "rebuild").exit_code == 0
    assert side_folders(db) == []
    assert recount(db, "verify").exit_code == 0
