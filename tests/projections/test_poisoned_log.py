"""Issue 15: an event the projections cannot fold never stops the ledger.

Each case poisons the log of a small ledger by hand, as a buggy import or a
careless repair would: a state that is not JSON, a correction whose figure's
Published event is gone, a correction moved before its publication, a value
of 25 digits. Catch-up and rebuild must not raise; the read models hold the
events before the bad one; the one-line attention message names it; reads
answer (the CLI warns, exit 0) and commands that record are refused (exit 1).
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import backends
import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner, Result

import ledger.projections as projections
from ledger.bootstrap import open_ledger
from ledger.compression import compress, decompress
from ledger.errors import NeedsAttention, StorageError
from ledger.projections.projector import PageProjector
from tests.integrity.integrity_support import raw

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Poison:
    """How a case spoils the log, and what the ledger must then say and show."""

    name: str
    position: int  # the event the read models stop at
    folded: int  # the position they reach
    reason: str  # a piece of what is said to be wrong
    texts: dict[str, str]  # period → the current text, from the events before the bad one


# The ledger of `build`: events 1-2 define s and register a; 3, 4 and 6
# publish 2010, 2011 and 2012; 5 corrects 2011 from 200 to 210.
POISONS = [
    Poison("not JSON", 5, 4, "its state is not valid JSON", {"2010": "100", "2011": "200"}),
    Poison("figure missing", 5, 3, "was not published before it", {"2010": "100"}),
    Poison("wrong order", 4, 3, "was not published before it", {"2010": "100"}),
    Poison("25 digits", 4, 3, "cannot read value '1234567890123456789012345'", {"2010": "100"}),
]
CASES = pytest.mark.parametrize("poison", POISONS, ids=[p.name for p in POISONS])


def build(db: Path) -> None:
    with open_ledger(str(db), "tester", create=True) as ledger:
        ledger.add_statistic("s", "S", "u")
        ledger.add_source("a", "A")
        ledger.record("s", "2010", "100", "a", "2011-01-21")
        figure = ledger.record("s", "2011", "200", "a", "2011-01-21")
        ledger.correct(figure, "210", "2011-02-01", "typo")
        ledger.record("s", "2012", "300", "a", "2011-01-21")


def spoil(db: Path, poison: Poison) -> None:
    """Change the stored events (table recount_events) as the case says; the read
    models are left behind, so the next catch-up meets the change."""
    with raw(db) as log:
        if poison.name == "not JSON":
            log.execute("UPDATE recount_events SET state = ? WHERE id = 5", (b"{nope",))
        elif poison.name == "figure missing":
            log.execute("DELETE FROM recount_events WHERE id = 4")
        elif poison.name == "wrong order":
            # The publication (version 1) and its correction (2) trade places.
            (published, topic_p), (corrected, topic_c) = log.execute(
                "SELECT state, topic FROM recount_events WHERE id IN (4, 5) ORDER BY id"
            ).fetchall()
            log.execute("UPDATE recount_events SET originator_version = 0 WHERE id = 4")
            log.execute(
                "UPDATE recount_events SET originator_version = 1, state = ?, topic = ? "
                "WHERE id = 5", (published, topic_p),
            )  # fmt: skip
            log.execute(
                "UPDATE recount_events SET originator_version = 2, state = ?, topic = ? "
                "WHERE id = 4", (corrected, topic_c),
            )  # fmt: skip
        else:
            (state,) = log.execute("SELECT state FROM recount_events WHERE id = 4").fetchone()
            plain = decompress(state)
            bad = compress(plain.replace(b'"text":"200"', b'"text":"1234567890123456789012345"'))
            assert decompress(bad) != plain
            log.execute("UPDATE recount_events SET state = ? WHERE id = 4", (bad,))
    behind(db)


def behind(db: Path) -> None:
    """Mark the read models outdated: opening the ledger drops them and catches up the
    whole log (as after an upgrade), so catch-up, not only rebuild, meets the bad event."""
    with raw(db) as log:
        log.execute("UPDATE projection_schema SET version = 0")


def events(db: Path) -> int:
    with raw(db) as log:
        return log.execute("SELECT count(*) FROM recount_events").fetchone()[0]


@pytest.fixture(autouse=True)
def no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOUNT_DEBUG", raising=False)


@pytest.fixture
def db(ledger_db: str) -> str:
    path = ledger_db
    build(path)
    return path


def assert_names(message: str | None, poison: Poison) -> None:
    assert message is not None
    assert "\n" not in message
    assert message.startswith(f"event {poison.position} (")
    assert poison.reason in message
    assert f"up to event {poison.folded} " in message


# -- the service ----------------------------------------------------------------------


@CASES
def test_catch_up_and_rebuild_stop_at_the_bad_event_without_raising(db, poison):
    spoil(db, poison)
    with open_ledger(str(db), "tester", create=True) as ledger:  # opening catches up
        assert_names(ledger.attention(), poison)
        assert ledger.catch_up() == 0
        assert_names(ledger.attention(), poison)
        assert ledger.rebuild() == poison.folded  # events 1 to folded: none is missing
        assert_names(ledger.attention(), poison)
        assert ledger.projections.position() == poison.folded


@CASES
def test_reads_answer_from_the_events_before_the_bad_one(db, poison):
    spoil(db, poison)
    with open_ledger(str(db), "tester", create=True) as ledger:
        ledger.rebuild()
        assert {row.period: row.text for row in ledger.replay("s")} == poison.texts
        (statistic,) = ledger.statistics()
        assert (statistic.code, statistic.figures) == ("s", len(poison.texts))


@CASES
def test_commands_that_record_are_refused_with_the_same_line(db, poison):
    spoil(db, poison)
    before = events(db)
    with open_ledger(str(db), "tester", create=True) as ledger:
        with pytest.raises(NeedsAttention) as refused:
            ledger.record("s", "2013", "400", "a", "2011-01-21")
        assert str(refused.value) == ledger.attention()
        with pytest.raises(NeedsAttention):
            ledger.add_statistic("t", "T", "u")
    assert events(db) == before


@CASES
def test_imports_are_refused_while_the_ledger_needs_attention(db, poison, tmp_path):
    # A file of one good figure, in the native and in a vintage format.
    native = tmp_path / "figures.csv"
    native.write_text("statistic,period,value,source,published\ns,2014,5,a,2014-02-01\n")
    vintage = tmp_path / "S.csv"
    vintage.write_text("observation_date,S_20140201\n2014-01-01,5\n")
    spoil(db, poison)
    before = events(db)
    with open_ledger(str(db), "tester", create=True) as ledger:
        # Fail to import: what it writes could not be folded after the bad event.
        with pytest.raises(NeedsAttention):
            ledger.import_file(native, "csv")
        with pytest.raises(NeedsAttention):
            ledger.import_vintages(vintage, "alfred", "s", "a")
    assert events(db) == before


def test_a_halted_catch_up_tries_only_the_bad_event_again(db, monkeypatch):
    spoil(db, POISONS[1])
    pages: list[int] = []
    project = PageProjector.project

    def counted(self, page):
        pages.append(len(page))
        return project(self, page)

    with open_ledger(str(db), "tester", create=True) as ledger:
        monkeypatch.setattr(PageProjector, "project", counted)
        ledger.catch_up()
        ledger.catch_up()
        assert pages == [1, 1]
        assert_names(ledger.attention(), POISONS[1])


def test_every_event_before_the_bad_one_is_kept_wherever_it_falls_in_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr(projections, "PAGE_SIZE", 8)
    db = backends.new_db(tmp_path, "l.db")
    with open_ledger(db, "tester", create=True) as ledger:
        ledger.add_statistic("s", "S", "u")
        ledger.add_source("a", "A")
        for year in range(1990, 2020):  # events 3 to 32
            ledger.record("s", str(year), str(year), "a", "2011-01-21")
    with raw(db) as log:
        log.execute("UPDATE recount_events SET state = ? WHERE id = 22", (b"[",))
    with open_ledger(str(db), "tester", create=True) as ledger:
        ledger.rebuild()
        assert ledger.projections.position() == 21
        assert [row.period for row in ledger.replay("s")] == [str(y) for y in range(1990, 2009)]
        assert ledger.attention().startswith("event 22 (Figure.Published of ")


def test_a_repaired_log_is_followed_again_without_a_rebuild(db):
    with raw(db) as log:
        (good,) = log.execute("SELECT state FROM recount_events WHERE id = 5").fetchone()
    spoil(db, POISONS[0])
    with open_ledger(str(db), "tester", create=True) as ledger:
        assert ledger.attention() is not None
        with raw(db) as log:
            log.execute("UPDATE recount_events SET state = ? WHERE id = 5", (good,))
        assert ledger.catch_up() == 2
        assert ledger.attention() is None
        assert {r.period: r.text for r in ledger.replay("s")} == {
            "2010": "100", "2011": "210", "2012": "300"}  # fmt: skip
        ledger.record("s", "2013", "400", "a", "2011-01-21")


def test_a_failing_database_is_raised_not_taken_for_a_bad_event(db, monkeypatch):
    def locked(self, page):
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    behind(db)
    with monkeypatch.context() as patched, pytest.raises(StorageError, match="stayed locked"):
        patched.setattr(PageProjector, "project", locked)
        open_ledger(str(db), "tester", create=True)
    with open_ledger(str(db), "tester", create=True) as ledger:
        assert ledger.attention() is None


def test_recount_debug_shows_the_error_itself(db, monkeypatch):
    spoil(db, POISONS[1])
    monkeypatch.setenv("RECOUNT_DEBUG", "1")
    with pytest.raises(ValueError, match="was not published before it"):
        open_ledger(str(db), "tester", create=True)


# -- the CLI --------------------------------------------------------------------------


def recount(db: Path, *args: str) -> Result:
    if getattr(sys.modules.get("cli"), "__file__", None) is None:
        # tests/cli would otherwise stand in for the cli package (see tests/cli/conftest.py)
        sys.modules.pop("cli", None)
        sys.path.insert(0, str(ROOT))
    from cli.main import app

    return CliRunner().invoke(app, ["--db", str(db), "--by", "ann", *args])


def one_line(result: Result, prefix: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), result.stderr
    return lines[0].removeprefix(prefix)


@CASES
def test_cli_reads_warn_on_one_line_and_succeed(db, poison):
    spoil(db, poison)
    for command in (["replay"], ["statistic", "list", "--json"], ["show", "s", "--json"],
                    ["history", "s", "--json"], ["init"]):  # fmt: skip
        result = recount(db, *command)
        assert result.exit_code == 0, (command, result.stderr, result.exception)
        assert_names(one_line(result, "warning: "), poison)
    assert '"2010"' in recount(db, "replay").stdout


@CASES
def test_cli_writes_are_refused_on_one_line(db, poison):
    spoil(db, poison)
    before = events(db)
    result = recount(db, "record", "s", "--period", "2013", "--value", "400", "--source", "a",
                     "--published", "2011-01-21")  # fmt: skip
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert_names(one_line(result, "error: "), poison)
    assert events(db) == before


@CASES
def test_cli_rebuild_exits_1_with_a_one_line_report(db, poison):
    spoil(db, poison)
    result = recount(db, "rebuild")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    report = one_line(result, "error: ")
    assert report.startswith("rebuilt the read models from ")
    assert_names(report.partition(", then stopped: ")[2], poison)


# -- the UI ---------------------------------------------------------------------------


def test_the_ui_opens_with_a_notice_naming_the_bad_event(db):
    from tui.app import build_app

    spoil(db, POISONS[1])
    notices: list[tuple[str, str]] = []

    async def browse() -> None:
        with open_ledger(str(db), "tester", create=True) as ledger:
            app = build_app(ledger, poll_interval=None)
            app.notify = lambda message, **how: notices.append((message, how["severity"]))
            async with app.run_test() as pilot:
                await pilot.pause()

    asyncio.run(browse())
    ((message, severity),) = notices
    assert severity == "warning"
    assert_names(message, POISONS[1])
