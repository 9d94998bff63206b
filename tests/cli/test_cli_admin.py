"""rebuild, import, demo, browse; usage errors; and the top level that hides tracebacks."""

from __future__ import annotations

import sqlite3
import sys
import types
from pathlib import Path

import pytest
from cli_support import PERIOD, REMOVALS, Recount, ledger_made, url
from sqlalchemy.exc import OperationalError

from ledger.errors import InvalidInput
from ledger.projections import queries
from ledger.service import Ledger

# -- rebuild ----------------------------------------------------------------


def test_rebuild_replays_every_event_into_the_same_tables(recount: Recount, removals) -> None:
    recount.ok("correct", removals["ice.morton"], "--value", "59,041",
               "--published", "2011-03-01", "--reason", "final")
    before = recount.state()
    result = recount.ok("rebuild")
    # 1 statistic, 2 sources, 2 figures, 1 correction.
    assert result.stdout == "rebuilt the read models from 6 events\n"
    assert recount.state() == before
    assert recount.json("history", REMOVALS)[-1]["event"] == "corrected"


# -- import -----------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_csv(recount: Recount, removals, tmp_path: Path) -> None:
    data = write(tmp_path / "figures.csv",
                 "statistic,period,value,source,published,quote\n"
                 f"{REMOVALS},2012,\"1,056.50\",ice.morton,2013-01-02,[red]x[/red]\n"
                 f"{REMOVALS},2013,about 400,ice.release,2014-01-02,\n")
    result = recount.ok("import", str(data), "--format", "csv")
    assert result.stdout.startswith("imported 2 rows from ")
    periods = [r["period"] for r in recount.json("replay")]
    assert periods == [PERIOD, PERIOD, "2012", "2013"]
    assert '"value": 1056.50,' in recount.ok("replay").stdout


def test_import_ndjson_creating_what_is_missing(recount: Recount, tmp_path: Path) -> None:
    recount.ok("init")
    data = write(tmp_path / "figures.ndjson",
                 '{"statistic": "new.stat", "period": "2010", "value": "5", '
                 '"source": "new.source", "published": "2011-01-01"}\n')

    # Without --create-missing, the unknown statistic is refused and nothing is written.
    before = recount.state()
    line = recount.refused("import", str(data), "--format", "ndjson")
    assert "'new.stat'" in line
    assert recount.state() == before

    result = recount.ok("import", str(data), "--format", "ndjson", "--create-missing")
    assert "imported 1 rows" in result.stdout
    assert "created statistics: new.stat" in result.stdout
    assert "created sources: new.source" in result.stdout
    assert [r["statistic"] for r in recount.json("replay")] == ["new.stat"]


def test_import_is_all_or_nothing(recount: Recount, removals, tmp_path: Path) -> None:
    data = write(tmp_path / "figures.csv",
                 "statistic,period,value,source,published\n"
                 f"{REMOVALS},2012,36,ice.morton,2013-01-02\n"
                 f"{REMOVALS},2013,lots,ice.morton,2014-01-02\n")
    before = recount.state()
    line = recount.refused("import", str(data), "--format", "csv")
    assert "row 2" in line and "'lots'" in line
    assert recount.state() == before


def test_import_usage_errors(recount: Recount, tmp_path: Path) -> None:
    assert recount("import", str(tmp_path / "missing.csv"), "--format", "csv").exit_code == 2
    data = write(tmp_path / "x.csv", "statistic\n")
    assert recount("import", str(data), "--format", "xlsx").exit_code == 2
    assert recount("import", str(data)).exit_code == 2  # --format is required


def test_import_passes_its_arguments_through(recount: Recount, tmp_path: Path,
                                            monkeypatch) -> None:
    # The door's import, checked against a stand-in.
    calls = []

    def import_file(ledger, path, format, create_missing, progress=None, dry_run=False):
        calls.append((type(ledger), path, format, create_missing, progress))
        return types.SimpleNamespace(rows=7, created_statistics=[], created_sources=["s1"],
                                     unchanged=0, plan=None)

    monkeypatch.setattr(Ledger, "import_file", import_file)
    data = write(tmp_path / "x.ndjson", "")
    result = recount.ok("import", str(data), "--format", "ndjson", "--create-missing")
    # Not a terminal: no progress bar.
    assert calls == [(Ledger, data, "ndjson", True, None)]
    assert result.stdout == f"imported 7 rows from {data}\ncreated sources: s1\n"


def test_import_draws_a_progress_bar_on_a_terminal(recount: Recount, tmp_path: Path,
                                                  monkeypatch) -> None:
    seen = []

    def import_file(ledger, path, format, create_missing, progress=None, dry_run=False):
        seen.append(progress)
        progress(50, 100)
        progress(100, 100)
        return types.SimpleNamespace(rows=1, created_statistics=[], created_sources=[],
                                     unchanged=0, plan=None)

    monkeypatch.setattr(Ledger, "import_file", import_file)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich: treat the streams as a terminal
    result = recount.ok("import", str(write(tmp_path / "x.csv", "")), "--format", "csv")
    assert callable(seen[0])
    assert "importing x.csv" in result.stderr
    assert "imported 1 rows" in result.stdout


# -- demo and browse --------------------------------------------------------


@pytest.fixture
def ui(monkeypatch) -> list[tuple]:
    """A stand-in for tui.app: records how it was opened."""
    opened: list[tuple] = []
    monkeypatch.setitem(sys.modules, "tui.app",
                        types.SimpleNamespace(browse=lambda db, by: opened.append((db, by))))
    return opened


@pytest.fixture
def small_demo(monkeypatch) -> None:
    """A stand-in for ledger.demo: the worked example, once."""

    def load_demo(ledger: Ledger) -> None:
        if any(s.code == REMOVALS for s in ledger.statistics()):
            return
        ledger.add_statistic(REMOVALS, "Removals", "people")
        ledger.add_source("a", "A", "ICE")
        ledger.add_source("b", "B", "ICE")
        ledger.record(REMOVALS, PERIOD, "more than 59,000", "a", "2011-01-20")
        ledger.record(REMOVALS, PERIOD, "nearly 51,000", "b", "2011-02-01")

    monkeypatch.setattr("ledger.demo.load_demo", load_demo)


def test_demo_loads_and_browses(recount: Recount, small_demo, ui) -> None:
    result = recount.ok("demo")
    assert ui == [(url(recount.db), "ann")]
    assert "loaded the demo" in result.stderr
    assert len(recount.json("replay")) == 2


def test_demo_no_browse(recount: Recount, small_demo, ui) -> None:
    recount.ok("demo", "--no-browse")
    assert ui == []
    first = recount.state()
    # Loading again changes nothing.
    recount.ok("demo", "--no-browse")
    assert recount.state() == first


def test_demo_without_the_ui_prints_its_discrepancies(recount: Recount, small_demo,
                                                      monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)
    result = recount.ok("demo")
    assert REMOVALS in result.stdout and "hard" in result.stdout
    assert "not available" in result.stderr


def test_the_real_demo_loads_once(recount: Recount, ui) -> None:
    recount.ok("demo", "--no-browse")
    first = recount.state()
    assert first[0] > 0 and recount.json("discrepancies")
    recount.ok("demo", "--no-browse")
    assert recount.state() == first


def test_browse_opens_the_ui_on_the_ledger(recount: Recount, ui, monkeypatch) -> None:
    recount.ok("browse")
    assert ui == [(url(recount.db), "ann")]
    # Without --db: RECOUNT_DB, as every command.
    monkeypatch.setenv("RECOUNT_DB", "postgresql://u:secret@host/db")
    recount.bare("browse")
    assert ui[-1] == ("postgresql://u:secret@host/db", None)


def test_browse_without_the_ui(recount: Recount, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)
    assert recount.refused("browse").startswith("error: the terminal UI is not available")


# -- usage and the top level ------------------------------------------------


@pytest.mark.parametrize("args", [
    [],
    ["frobnicate"],
    ["record", REMOVALS],
    ["statistic", "add", "x", "--name", "X"],
    ["replay", "--as-of"],
    ["show"],
    ["--db"],
])
def test_usage_errors_exit_2(recount: Recount, args: list[str]) -> None:
    result = recount.bare(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_global_options_come_before_the_command(recount: Recount) -> None:
    result = recount.bare("statistic", "list", "--db", str(recount.db))
    assert result.exit_code == 2
    assert not ledger_made(recount.db)


def test_help(recount: Recount) -> None:
    result = recount.bare("--help")
    assert result.exit_code == 0
    for command in ("statistic", "source", "record", "correct", "retract", "amend", "show",
                    "history", "discrepancies", "explain", "resolve", "reopen", "replay",
                    "import", "rebuild", "demo", "browse", "init"):
        assert command in result.stdout


def test_archivist_defaults_to_the_environment(recount: Recount, monkeypatch) -> None:
    monkeypatch.setenv("RECOUNT_ARCHIVIST", "bea")
    assert recount.bare("--db", str(recount.db), "init").exit_code == 0
    recount.bare("--db", str(recount.db), "statistic", "add", "s", "--name", "S", "--unit", "u")
    recount.bare("--db", str(recount.db), "source", "add", "a", "--name", "A")
    recount.bare("--db", str(recount.db), "record", "s", "--period", "2010", "--value", "1",
                 "--source", "a", "--published", "2011-01-01")
    [row] = recount.json("replay")
    assert row["recorded_by"] == "bea"


def run_main(monkeypatch, args: list[str]) -> int:
    from cli.main import run

    monkeypatch.setattr(sys, "argv", ["recount", *args])
    with pytest.raises(SystemExit) as stopped:
        run()
    return stopped.value.code


def test_run_turns_an_unexpected_failure_into_one_line(recount: Recount, monkeypatch,
                                                       capsys) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(Ledger, "statistics", broken)
    recount.ok("init")
    code = run_main(monkeypatch, ["--db", str(recount.db), "statistic", "list"])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err == "error: unexpected RuntimeError: the disk is on fire\n"
    assert captured.out == ""


def test_run_reraises_with_recount_debug(recount: Recount, monkeypatch) -> None:
    monkeypatch.setattr(Ledger, "statistics", lambda *a, **k: 1 / 0)
    recount.ok("init")
    monkeypatch.setenv("RECOUNT_DEBUG", "1")
    monkeypatch.setattr(sys, "argv", ["recount", "--db", str(recount.db), "statistic", "list"])
    from cli.main import run

    with pytest.raises(ZeroDivisionError):
        run()


def test_run_exit_codes(recount: Recount, monkeypatch, capsys) -> None:
    db = str(recount.db)
    assert run_main(monkeypatch, ["--db", db, "init"]) == 0
    assert run_main(monkeypatch, ["--db", db, "statistic", "show", "nope"]) == 1
    assert capsys.readouterr().err == "error: no statistic 'nope'\n"
    assert run_main(monkeypatch, ["--db", db, "statistic", "show"]) == 2


def test_refusal_messages_stay_on_one_line(recount: Recount, removals) -> None:
    line = recount.refused("record", REMOVALS, "--period", "2012", "--value", "3\nfour",
                           "--source", "ice.morton", "--published", "2013-01-02")
    assert "four" in line
    line = recount.refused("statistic", "show", "two\nlines")
    assert line == "error: no statistic 'two\\nlines'"


def test_storage_errors_are_refusals(recount: Recount, tmp_path: Path) -> None:
    garbage = write(tmp_path / "garbage.db", "this is not a database " * 100)
    result = recount.bare("--db", str(garbage), "statistic", "list")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and str(garbage) in line


def test_a_database_failing_after_opening_is_a_storage_error(monkeypatch, recount: Recount,
                                                           removals) -> None:
    # The database fails under a read, once the ledger is open.
    def locked(*args, **kwargs):
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked\nx"))

    monkeypatch.setattr(queries, "replay", locked)
    # The door says so in one line naming the ledger: no SQLAlchemy type leaves it.
    assert recount.refused("replay") == (
        f"error: the ledger at {recount.db} stayed locked by another writer for more than "
        "30 s; try again when it has finished")


def test_messages_from_the_ledger_are_one_liners(monkeypatch, recount: Recount) -> None:
    # Whatever the ledger says, the user sees exactly one line.
    monkeypatch.setattr(Ledger, "sources", lambda self: (_ for _ in ()).throw(
        InvalidInput("first\nsecond")))
    recount.ok("init")
    assert recount.refused("source", "list") == "error: first\\nsecond"
