"""``recount verify`` finds every way of tampering with a closed ledger (issue 10).

One realistic ledger is recorded per module; each test copies it and changes
it with plain SQL on a connection of its own, as someone holding the file could,
then asks ``recount verify`` (and ``Ledger.verify`` / ``verify_ledger``) and
expects exit 1 with the problem's kind and, where it has one, its position.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from integrity_support import Raw, build_story, copy_ledger, raw
from sqlalchemy import Integer
from typer.testing import CliRunner

from ledger.bootstrap import open_ledger, verify_ledger
from ledger.compression import compress, decompress
from ledger.projections import schema

Tamper = Callable[[Raw], None]


@dataclass(frozen=True)
class Expected:
    kind: str
    position: int | None = None  # None: not checked
    event: int | None = None


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_story(tmp_path_factory.mktemp("story"))


@pytest.fixture(scope="module")
def shape(story: str) -> dict:
    """How many events the story holds, and rows per read-model table."""
    with raw(story) as db:
        events = db.execute("SELECT max(id), count(*) FROM recount_events").fetchone()
        rows = {
            t.name: db.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
            for t in schema.metadata.sorted_tables
        }
    assert events[0] == events[1], "the story's ids have no gaps"
    return {"events": events[0], "rows": rows}


def tampered(story: str, tmp_path: Path, tamper: Tamper) -> str:
    path = copy_ledger(story, tmp_path)
    with raw(path) as db:
        tamper(db)
    return path


def cli_verify(path: str, *args: str) -> tuple[int, dict]:
    from cli.main import app  # imported late, as the CLI tests do

    result = CliRunner().invoke(app, ["--db", str(path), "verify", "--json", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout)


def assert_reported(path: str, expected: Expected) -> None:
    code, found = cli_verify(path)
    assert code == 1, found
    assert found["whole"] is False and found["head"] is None
    problem = found["problem"]
    assert problem["kind"] == expected.kind, problem
    if expected.position is not None:
        assert problem["position"] == expected.position, problem
    if expected.event is not None:
        assert problem["event"] == expected.event, problem


# -- the log ---------------------------------------------------------------------



STATE = "SELECT state FROM recount_events WHERE id = ?"


def one_byte(event_id: int) -> Tamper:
    def tamper(db):
        (state,) = db.execute(STATE, (event_id,)).fetchone()
        index = len(state) // 2
        changed = state[:index] + bytes([state[index] ^ 0x01]) + state[index + 1:]
        db.execute("UPDATE recount_events SET state = ? WHERE id = ?", (changed, event_id))
    return tamper


def json_edit(event_id: int) -> Tamper:
    """A state still valid JSON, that the application still loads: a changed timestamp."""
    def tamper(db):
        (state,) = db.execute(STATE, (event_id,)).fetchone()
        decoded = json.loads(decompress(state))
        decoded["timestamp"]["_data_"] = "2001-01-01T00:00:00+00:00"
        edited = compress(json.dumps(decoded, separators=(",", ":")).encode())
        db.execute("UPDATE recount_events SET state = ? WHERE id = ?", (edited, event_id))
    return tamper


def topic(event_id: int) -> Tamper:
    def tamper(db):
        db.execute(
            "UPDATE recount_events SET topic = 'ledger.domain.figure:Figure.Retracted' "
            "WHERE id = ?", (event_id,)
        )
    return tamper


def version(event_id: int) -> Tamper:
    def tamper(db):
        db.execute("UPDATE recount_events SET originator_version = originator_version + 1000 "
                   "WHERE id = ?", (event_id,))
    return tamper


def originator(event_id: int) -> Tamper:
    def tamper(db):
        other = UUID(bytes=bytes(range(16))) if db.on_postgres else bytes(range(16))
        db.execute("UPDATE recount_events SET originator_id = ? WHERE id = ?",
                   (other, event_id))
    return tamper


def delete_event(event_id: int) -> Tamper:
    def tamper(db):
        db.execute("DELETE FROM recount_events WHERE id = ?", (event_id,))
    return tamper


def insert_at_end(db):
    """A copy of a figure's last event under its next version: a plausible new event."""
    db.execute(
        "INSERT INTO recount_events (originator_id, originator_version, topic, state) "
        "SELECT originator_id, originator_version + 1, topic, state FROM recount_events "
        "ORDER BY id DESC LIMIT 1"
    )


def insert_into_gap(event_id: int, copy_of: int) -> Tamper:
    """Delete an event, then put another in its id."""
    def tamper(db):
        db.execute("DELETE FROM recount_events WHERE id = ?", (event_id,))
        db.execute(
            "INSERT INTO recount_events (id, originator_id, originator_version, topic, state) "
            "SELECT ?, originator_id, originator_version + 1000, topic, state "
            "FROM recount_events WHERE id = ?", (event_id, copy_of)
        )
    return tamper


def swap(first: int, second: int) -> Tamper:
    """Exchange everything but the ids of two event rows."""
    def tamper(db):
        columns = "originator_id, originator_version, topic, state"
        a = db.execute(f"SELECT {columns} FROM recount_events WHERE id = ?", (first,)).fetchone()
        b = db.execute(f"SELECT {columns} FROM recount_events WHERE id = ?", (second,)).fetchone()
        # The (originator, version) key is unique: park the first row out of the way.
        db.execute("UPDATE recount_events SET originator_version = -1 WHERE id = ?", (first,))
        sets = "originator_id = ?, originator_version = ?, topic = ?, state = ?"
        db.execute(f"UPDATE recount_events SET {sets} WHERE id = ?", (*a, second))
        db.execute(f"UPDATE recount_events SET {sets} WHERE id = ?", (*b, first))
    return tamper


# -- the chain -------------------------------------------------------------------

def chain_hash(position: int, value: bytes) -> Tamper:
    def tamper(db):
        db.execute("UPDATE recount_chain SET hash = ? WHERE position = ?", (value, position))
    return tamper


def delete_link(position: int) -> Tamper:
    def tamper(db):
        db.execute("DELETE FROM recount_chain WHERE position = ?", (position,))
    return tamper


def drop_all_links(db):
    db.execute("DELETE FROM recount_chain")


def log_cases(n: int) -> list:
    middle = n // 2
    cases = []
    for where, event_id in (("first", 1), ("middle", middle), ("last", n)):
        at = Expected("altered", event_id, event_id)
        cases += [
            pytest.param(one_byte(event_id), at, id=f"state-one-byte-{where}"),
            pytest.param(json_edit(event_id), at, id=f"state-json-edit-{where}"),
            pytest.param(topic(event_id), at, id=f"topic-{where}"),
            pytest.param(version(event_id), at, id=f"version-{where}"),
            pytest.param(originator(event_id), at, id=f"originator-{where}"),
            pytest.param(delete_event(event_id), Expected("missing", event_id, event_id),
                         id=f"delete-event-{where}"),
            pytest.param(chain_hash(event_id, bytes(32)), at, id=f"chain-hash-edited-{where}"),
            pytest.param(chain_hash(event_id, b""), at, id=f"chain-hash-emptied-{where}"),
        ]
    cases += [
        pytest.param(insert_at_end, Expected("unchained", n + 1, n + 1), id="insert-at-end"),
        pytest.param(insert_into_gap(middle, 1), Expected("altered", middle, middle),
                     id="insert-into-gap"),
        pytest.param(swap(middle, middle + 1), Expected("altered", middle, middle),
                     id="swap-neighbours"),
        pytest.param(swap(1, n), Expected("altered", 1, 1), id="swap-first-and-last"),
        pytest.param(delete_link(1), Expected("missing", 1), id="delete-link-first"),
        pytest.param(delete_link(middle), Expected("missing", middle), id="delete-link-middle"),
        # Without its last link, the last event is one the chain does not cover.
        pytest.param(delete_link(n), Expected("unchained", n, n), id="delete-link-last"),
        pytest.param(drop_all_links, Expected("unchained", 1, 1), id="delete-every-link"),
    ]
    return cases


# The story's size is known only once built; the tampers need ids at collection time.
# 85 is asserted against the built story in test_the_story_is_the_one_the_ids_assume.
STORY_EVENTS = 85


def test_the_story_is_the_one_the_ids_assume(shape):
    assert shape["events"] == STORY_EVENTS


@pytest.mark.parametrize(("tamper", "expected"), log_cases(STORY_EVENTS))
def test_tampering_with_the_log_or_chain_is_reported(story, tmp_path, tamper, expected):
    assert_reported(tampered(story, tmp_path, tamper), expected)


# -- the read models --------------------------------------------------------------

def _key_columns(table) -> list[str]:
    unique = {c.name for c in table.columns if c.primary_key or c.unique}
    for index in table.indexes:
        if index.unique:
            unique.update(c.name for c in index.columns)
    return [c.name for c in table.columns if c.name in unique]


def _changed(column, value, by: int):
    if isinstance(column.type, Integer):
        return (value or 0) + by
    if isinstance(value, bytes | memoryview):  # a blob stays a blob (PostgreSQL's bytea)
        return bytes(value) + f"~{by}".encode()
    return f"{value or ''}~{by}"


def edit_row(table) -> Tamper:
    """Change one cell of the table's first row: its first column that is not a key."""
    def tamper(db):
        keys = _key_columns(table)
        # Else (every column keyed, as in slots) one of the key's own columns.
        column = next((c for c in table.columns if c.name not in keys and c.name != "id"),
                      next((c for c in table.columns if not c.primary_key), table.columns[0]))
        rowid, value = db.execute(
            f'SELECT rowid, "{column.name}" FROM {table.name} ORDER BY rowid LIMIT 1'
        ).fetchone()
        db.execute(f'UPDATE {table.name} SET "{column.name}" = ? WHERE rowid = ?',
                   (_changed(column, value, 7), rowid))
    return tamper


def delete_row(table) -> Tamper:
    def tamper(db):
        db.execute(f"DELETE FROM {table.name} WHERE rowid = "
                   f"(SELECT rowid FROM {table.name} ORDER BY rowid LIMIT 1)")
    return tamper


def add_row(table) -> Tamper:
    """A copy of the last row with every key changed (no key: a plain duplicate);
    in an empty table, a row made up."""
    def tamper(db):
        names = [c.name for c in table.columns]
        quoted = ", ".join(f'"{n}"' for n in names)
        row = db.execute(
            f"SELECT {quoted} FROM {table.name} ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
        if row is None:
            row = tuple(_changed(c, None, 1) for c in table.columns)
        keys = set(_key_columns(table))
        values = [
            _changed(c, v, 100_000) if c.name in keys else v
            for c, v in zip(table.columns, row, strict=True)
        ]  # fmt: skip
        marks = ", ".join("?" for _ in names)
        db.execute(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", values)
    return tamper


def read_model_cases(rows: dict[str, int]) -> list:
    cases = []
    for table in schema.metadata.sorted_tables:
        actions = [("add", add_row(table))]
        if rows.get(table.name):
            actions += [("edit", edit_row(table)), ("delete", delete_row(table))]
        for action, tamper in actions:
            cases.append(pytest.param(tamper, id=f"{table.name}-{action}"))
    return cases


# Filled at collection from a story built then: which tables hold rows decides
# whether edit and delete are tried (an empty table can only gain a row).
STORY_ROWS = {
    "projection_schema": 1, "projection_positions": 4, "projection_halt": 0,
    "catalogue_statistics": 4, "catalogue_sources": 4, "catalogue_history": 8,
    "catalogue_releases": 23, "slots": 1, "readings": 1, "archivists": 1, "figures": 40,
    "versions": 45, "discrepancies": 2, "discrepancy_notes": 8,
}


def test_every_read_model_table_is_covered(shape):
    assert {t.name for t in schema.metadata.sorted_tables} == set(STORY_ROWS)
    assert {name: bool(n) for name, n in shape["rows"].items()} == {
        name: bool(n) for name, n in STORY_ROWS.items()
    }


@pytest.mark.parametrize("tamper", read_model_cases(STORY_ROWS))
def test_tampering_with_a_read_model_is_reported(story, tmp_path, tamper):
    assert_reported(tampered(story, tmp_path, tamper), Expected("read-model", None, None))


def set_back(by: int, projection: str | None) -> Tamper:
    def tamper(db):
        where = "" if projection is None else f" WHERE projection = '{projection}'"
        larger = "greatest" if db.on_postgres else "max"
        db.execute(f"UPDATE projection_positions SET position = {larger}(0, position - {by})"
                   + where)
    return tamper


# Read models whose positions are set back make the next open fold those events
# again (it writes): on top of the rows they already made, that fails, and the
# halt it leaves is one the log does not give.
@pytest.mark.parametrize("tamper", [
    pytest.param(set_back(1, "catalogue"), id="one-projection-back-by-1"),
    pytest.param(set_back(1, None), id="all-back-by-1"),
    pytest.param(set_back(5, "discrepancies"), id="one-projection-back-by-5"),
    pytest.param(set_back(40, None), id="all-back-by-40"),
    pytest.param(set_back(10**6, None), id="all-back-to-0"),
])
def test_read_models_set_back_are_reported(story, tmp_path, tamper):
    assert_reported(tampered(story, tmp_path, tamper), Expected("read-model", None, None))


# -- the file ----------------------------------------------------------------------

@pytest.mark.sqlite_only  # a SQLite file cut short
@pytest.mark.parametrize("cut", [
    pytest.param(lambda size: size - 4096, id="cut-last-4096-bytes"),
    pytest.param(lambda size: size // 2, id="cut-to-half"),
    pytest.param(lambda size: 100, id="cut-into-the-header"),
])
def test_a_file_cut_short_is_reported(story, tmp_path, cut):
    path = Path(copy_ledger(story, tmp_path))
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(cut(size))
    assert_reported(path, Expected("damaged"))


@pytest.mark.sqlite_only  # a damaged page of the SQLite file
def test_a_damaged_page_is_reported(story, tmp_path):
    path = Path(copy_ledger(story, tmp_path))
    with closing(sqlite3.connect(path)) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    with path.open("r+b") as file:
        file.seek(page_size * (pages // 2) + 8)
        file.write(b"\xff" * 64)
    assert_reported(path, Expected("damaged"))


# -- the same findings by the door and the bootstrap ------------------------------

def test_ledger_verify_names_an_edited_state(story, tmp_path):
    path = tampered(story, tmp_path, one_byte(5))
    with open_ledger(str(path), "checker") as ledger:
        found = ledger.verify()
    assert not found.whole
    assert (found.problem.kind, found.problem.position, found.problem.event_id) == (
        "altered", 5, 5)
    assert "at position 5: " in found.problem.line()


def test_verify_ledger_names_a_deleted_event_and_a_slipped_in_one(story, tmp_path):
    deleted = tampered(story, tmp_path, delete_event(STORY_EVENTS // 2))
    found = verify_ledger(str(deleted))
    assert (found.problem.kind, found.problem.position) == ("missing", STORY_EVENTS // 2)
    (tmp_path / "second").mkdir()
    slipped = tampered(story, tmp_path / "second", insert_at_end)
    found = verify_ledger(str(slipped))
    assert (found.problem.kind, found.problem.event_id) == ("unchained", STORY_EVENTS + 1)


def test_verify_ledger_names_an_edited_read_model(story, tmp_path):
    path = tampered(story, tmp_path, edit_row(schema.figures))
    found = verify_ledger(str(path))
    assert found.problem.kind == "read-model"
    assert "figures" in found.problem.detail


@pytest.mark.sqlite_only  # a SQLite file cut short
def test_verify_ledger_names_a_cut_file(story, tmp_path):
    path = Path(copy_ledger(story, tmp_path))
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    assert verify_ledger(str(path)).problem.kind == "damaged"


def test_the_clean_copy_is_whole(story, tmp_path):
    """The control: the same copying, no tamper, no problem."""
    code, found = cli_verify(tampered(story, tmp_path, lambda db: None))
    assert (code, found["whole"], found["problem"]) == (0, True, None)


# -- what reads and folds run besides the tables -----------------------------------

def forged_view(db):
    db.execute("DROP VIEW current_figures")
    db.execute(schema.CURRENT_VIEW + " AND s.statistic != 'jobs'")


def trigger_on(table: str) -> Tamper:
    def tamper(db):
        if not db.on_postgres:
            db.execute(f"CREATE TRIGGER forge AFTER INSERT ON {table} BEGIN SELECT 1; END")
            return
        db.execute("CREATE FUNCTION forge() RETURNS trigger LANGUAGE plpgsql "
                   "AS 'BEGIN RETURN NEW; END'")
        db.execute(f"CREATE TRIGGER forge AFTER INSERT ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION forge()")
    return tamper


@pytest.mark.parametrize("tamper", [
    pytest.param(forged_view, id="view-redefined"),
    pytest.param(trigger_on("versions"), id="trigger-on-a-read-model"),
    pytest.param(trigger_on("recount_events"), id="trigger-on-the-log"),
])
def test_a_forged_view_or_trigger_is_reported(story, tmp_path, tamper):
    assert_reported(tampered(story, tmp_path, tamper), Expected("read-model"))
