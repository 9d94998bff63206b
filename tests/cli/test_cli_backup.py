"""``recount dump`` and ``recount restore``: stdout holds only the dump, a file is whole
or absent, a refused restore leaves no ledger behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import backends
from cli_support import REMOVALS, Recount, ledger_made, query


def log(db: str) -> list[list[tuple]]:
    return [query(db, "SELECT * FROM recount_events ORDER BY id"),
            query(db, "SELECT * FROM recount_chain ORDER BY position")]


def test_dump_writes_only_the_dump_on_stdout(recount: Recount, removals) -> None:
    result = recount.ok("dump")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"recount_dump": 1, "chain": "sha256"}
    assert lines[-1]["end"] is True and lines[-1]["events"] == len(lines) - 2 == 5
    assert result.stderr == f"dumped 5 events; head 5:{lines[-1]['head'][:12]}…\n"


def test_dump_to_a_file_and_restore_it(recount: Recount, removals, tmp_path: Path) -> None:
    recount.ok("correct", removals["ice.morton"], "--value", "59,041",
               "--published", "2011-03-01", "--reason", "final")
    dump = tmp_path / "backup.ndjson"
    result = recount.ok("dump", "--output", str(dump))
    assert result.stdout == ""
    assert result.stderr.startswith(f"dumped 6 events to {dump}; head 6:")
    assert not dump.with_name("backup.ndjson.partial").exists()
    head = json.loads(dump.read_text().splitlines()[-1])["head"]

    target = backends.new_db(tmp_path, "restored.db")
    result = recount.ok("restore", str(dump), "--db", str(target))
    assert result.stdout == ""
    assert result.stderr == f"restored 6 events into {target}; head 6:{head[:12]}…\n"
    assert log(target) == log(recount.db)
    restored = Recount(db=target, monkeypatch=recount.monkeypatch, runner=recount.runner)
    assert restored.state()[1:] == recount.state()[1:]
    assert restored.json("history", REMOVALS) == recount.json("history", REMOVALS)


def test_restore_into_the_global_db(recount: Recount, removals, tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    recount.ok("dump", "-o", str(dump))
    target = backends.new_db(tmp_path, "global.db")
    result = recount.bare("--db", str(target), "restore", str(dump))
    assert result.exit_code == 0, result.stderr
    assert log(target) == log(recount.db)


def test_dump_does_not_overwrite_a_file_unless_forced(recount: Recount, removals,
                                                      tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    dump.write_text("keep me")
    assert recount.refused("dump", "-o", str(dump)) == (
        f"error: {dump} already exists; --force overwrites it")
    assert dump.read_text() == "keep me"
    recount.ok("dump", "-o", str(dump), "--force")
    assert dump.read_text().startswith('{"recount_dump":1')


def test_a_refused_dump_leaves_no_file(recount: Recount, removals, tmp_path: Path) -> None:
    query(recount.db, "UPDATE recount_chain SET hash = :zeros WHERE position = 2",
          zeros=bytes(32))
    dump = tmp_path / "backup.ndjson"
    line = recount.refused("dump", "-o", str(dump))
    assert line.startswith("error: cannot dump this ledger: its chain breaks at position 2")
    assert list(tmp_path.glob("backup.ndjson*")) == []


def test_dump_into_a_folder_that_is_not_there(recount: Recount, removals,
                                             tmp_path: Path) -> None:
    line = recount.refused("dump", "-o", str(tmp_path / "nowhere" / "b.ndjson"))
    assert line.startswith("error: cannot write ") and line.endswith("No such file or directory")


def test_a_refused_restore_leaves_no_ledger(recount: Recount, removals, tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    recount.ok("dump", "-o", str(dump))
    lines = dump.read_text().splitlines(keepends=True)
    dump.write_text("".join(lines[:-1]))  # cut short
    target = backends.new_db(tmp_path, "new.db")
    result = recount("restore", str(dump), "--db", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("error: the dump ends at line 6 without its last line: "
                             "it was cut short\n")
    assert not ledger_made(target)
    assert list(tmp_path.glob("new.db*")) == []


def test_restore_refuses_a_ledger_that_holds_events(recount: Recount, removals,
                                                    tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    recount.ok("dump", "-o", str(dump))
    before = log(recount.db)
    assert recount.refused("restore", str(dump)) == (
        f"error: the ledger at {recount.db} already holds 5 events; "
        "restore writes into an empty ledger only")
    assert log(recount.db) == before


def test_restore_into_an_empty_ledger_made_by_init(recount: Recount, removals,
                                                   tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    recount.ok("dump", "-o", str(dump))
    target = backends.new_db(tmp_path, "empty.db")
    recount.ok("--db", str(target), "init")
    recount.ok("restore", str(dump), "--db", str(target))
    assert log(target) == log(recount.db)


def test_restore_of_a_missing_file_is_a_usage_error(recount: Recount, tmp_path: Path) -> None:
    target = backends.new_db(tmp_path, "t.db")
    result = recount("restore", str(tmp_path / "none.ndjson"), "--db", target)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr
    assert not ledger_made(target)


def test_dump_and_restore_are_database_commands(recount: Recount) -> None:
    helped = recount.bare("--help").stdout
    panel = helped[helped.index("Database"):]
    assert "dump" in panel and "restore" in panel


def test_the_installed_command_pipes_a_dump_into_a_file(recount: Recount, removals,
                                                        tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("recount")
    dump = tmp_path / "piped.ndjson"
    env = {"RECOUNT_NOW": "2026-01-01T00:00:00", "PATH": "/usr/bin:/bin"}
    with dump.open("wb") as out:
        done = subprocess.run([str(command), "--db", str(recount.db), "dump"], stdout=out,
                              stderr=subprocess.PIPE, text=False, env=env, check=True)
    assert done.stderr.decode().startswith("dumped 5 events; head 5:")
    target = backends.new_db(tmp_path, "restored.db")
    done = subprocess.run([str(command), "restore", str(dump), "--db", str(target)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"restored 5 events into {target}; head 5:")
    assert log(target) == log(recount.db)


def test_restore_draws_progress_bars_on_a_terminal(recount: Recount, removals,
                                                   tmp_path: Path) -> None:
    dump = tmp_path / "backup.ndjson"
    recount.ok("dump", "-o", str(dump))
    recount.monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich: treat the streams as a terminal
    target = backends.new_db(tmp_path, "t.db")
    result = recount.ok("restore", str(dump), "--db", target)
    assert "restoring backup.ndjson" in result.stderr
    assert result.stderr.rstrip().endswith("head 5:" + json.loads(
        dump.read_text().splitlines()[-1])["head"][:12] + "…")
    assert log(target) == log(recount.db)
