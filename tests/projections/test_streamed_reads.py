"""Streamed whole-ledger reads: the iterators give the lists' answers, a batch at a time.

The past-point register is worked out a statistic at a time while replay
streams; it must equal the register built from the whole replay at once
(:func:`queries.discrepancies_as_of`), the present one the kept table.
"""

from __future__ import annotations

import csv
import inspect
import sqlite3
import sys
import tempfile
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import backends
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import OperationalError

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError, StorageError
from ledger.projections import queries
from ledger.semantics import clock

STATISTICS = ["a.stat", "b.stat"]
PERIODS = ["2010", "2010-Q4", "2011-03"]
SOURCES = ["alpha", "beta", "gamma"]
TEXTS = ["100", "about 120", "more than 90", "nearly 110", "95 to 99", "200"]
START = datetime(2012, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2011, 6, 1)


def day(offset: int) -> str:
    return (FIRST_DAY + timedelta(days=offset)).isoformat()


days = st.integers(min_value=0, max_value=30)
records = st.tuples(st.just("record"), st.sampled_from(STATISTICS), st.sampled_from(PERIODS),
                    st.sampled_from(SOURCES), st.sampled_from(TEXTS), days)  # fmt: skip
retractions = st.tuples(st.just("retract"), st.integers(0, 20), days)
notes = st.tuples(st.sampled_from(["explain", "resolve", "reopen"]),
                  st.sampled_from(STATISTICS), st.sampled_from(PERIODS))  # fmt: skip
steps = st.lists(st.one_of(records, records, retractions, notes), min_size=1, max_size=16)
points = st.lists(st.tuples(days, st.integers(0, 60 * 24)), min_size=1, max_size=4)


def new_ledger(folder: str):
    ledger = open_ledger(backends.new_db(Path(folder), "s.db"), by="prop", create=True)
    with clock.frozen(START - timedelta(days=1)):
        for code in STATISTICS:
            ledger.add_statistic(code, code.title(), "things")
        for source in SOURCES:
            ledger.add_source(source, source.title(), organisation="Org" if source != "gamma"
                              else None)  # fmt: skip
    return ledger


def play(ledger, operations) -> None:
    figures: list[str] = []
    moment = START
    for operation in operations:
        moment += timedelta(minutes=30)
        with clock.frozen(moment):
            try:
                kind = operation[0]
                if kind == "record":
                    _, code, period, source, text, offset = operation
                    figures.append(ledger.record(code, period, text, source, day(offset)))
                elif kind == "retract":
                    if figures:
                        ledger.retract(figures[operation[1] % len(figures)], day(operation[2]),
                                       "withdrawn")  # fmt: skip
                elif kind == "explain":
                    ledger.explain(operation[1], operation[2], "timing", "a note")
                elif kind == "resolve":
                    ledger.resolve(operation[1], operation[2], "settled")
                else:
                    ledger.reopen(operation[1], operation[2], "not settled")
            except RecountError:
                pass


def whole_register(ledger, as_of: str, known_at: str):
    """The register at a point built the old way: from the whole replay at once."""
    with ledger.engines.reader.connect() as db:
        rows = list(queries.replay(db, as_of, known_at))
        return queries.discrepancies_as_of(db, rows, known_at)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=steps, checks=points)
def test_iterators_give_the_lists_answers_at_every_point(operations, checks):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            play(ledger, operations)
            now = clock.stamp(datetime(2030, 1, 1, tzinfo=UTC))
            # Now: the kept table, streamed, is the register of the present point.
            assert list(ledger.iter_discrepancies()) == whole_register(ledger, "2030-01-01", now)
            for offset, minutes in checks:
                as_of = day(offset)
                known_at = START + timedelta(minutes=minutes)
                moment = clock.stamp(known_at)
                replayed = list(ledger.iter_replay(as_of=as_of, known_at=known_at))
                assert replayed == ledger.replay(as_of=as_of, known_at=known_at)
                order = [(r.statistic, r.period_start, r.period_end, r.period, r.source)
                         for r in replayed]  # fmt: skip
                assert order == sorted(order)
                found = list(ledger.iter_discrepancies(as_of=as_of, known_at=known_at))
                assert found == whole_register(ledger, as_of, moment)
                for severity in ("hard", "soft"):
                    assert list(ledger.iter_discrepancies(severity=severity)) == [
                        d for d in ledger.discrepancies() if d.severity == severity]
                noted = list(ledger.iter_discrepancies_with_notes(known_at=known_at))
                assert [row for row, _ in noted] == ledger.discrepancies(known_at=known_at)
                for row, its_notes in noted:
                    assert its_notes == ledger.discrepancy_notes(row.statistic, row.period,
                                                                 known_at)  # fmt: skip
                for code in STATISTICS:
                    assert list(ledger.iter_history(code, as_of=as_of, known_at=known_at)) == (
                        ledger.history(code, as_of=as_of, known_at=known_at))
        finally:
            ledger.close()


# -- a batch at a time ----------------------------------------------------------

ROWS = 3000
IMPORTED = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):
    """A ledger of 3,000 figures over 10 statistics, with discrepancies everywhere."""
    folder = tmp_path_factory.mktemp("streamed")
    return _imported(backends.new_db(folder, "big.db", lasting=True), _big_csv(folder))


def _big_csv(folder: Path) -> Path:
    path = folder / "figures.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["statistic", "period", "value", "source", "published"])
        for n in range(ROWS):
            code, rest = divmod(n, ROWS // 10)
            month, source = divmod(rest, 2)
            period = f"{2000 + month // 12}-{month % 12 + 1:02d}"
            writer.writerow([f"s{code}", period, str(100 + 50 * source), SOURCES[source],
                             "2020-01-01"])  # fmt: skip
    return path


def _imported(db: str, path: Path) -> str:
    # One recorded time, so that two ledgers of the same file give the same rows.
    with clock.frozen(IMPORTED), open_ledger(db, by="bench", create=True) as ledger:
        ledger.import_file(path, "csv", create_missing=True)
    return db


class Spy:
    """Counts the batches the queries take from the driver."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
        self.taken = 0
        batches = queries._batches

        def counted(*args, **kwargs):
            for batch in batches(*args, **kwargs):
                self.taken += 1
                yield batch

        monkeypatch.setattr(queries, "FETCH_BATCH", size)
        monkeypatch.setattr(queries, "_batches", counted)


def test_replay_yields_rows_before_the_query_is_read_to_the_end(big, monkeypatch) -> None:
    spy = Spy(monkeypatch, 7)
    with open_ledger(str(big), by="bench") as ledger:
        rows = ledger.iter_replay()
        first = next(rows)
        assert spy.taken == 1
        rest = list(rows)
    assert 1 + len(rest) == ROWS
    assert spy.taken == -(-ROWS // 7)
    assert [first, *rest] == _unstreamed(big, monkeypatch)


def _unstreamed(db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(queries, "FETCH_BATCH", 10**9)
    with open_ledger(str(db), by="bench") as ledger:
        return ledger.replay()


def test_the_register_streams_too_and_history_goes_a_statistic_at_a_time(big, monkeypatch):
    spy = Spy(monkeypatch, 5)
    with open_ledger(str(big), by="bench") as ledger:
        found = ledger.iter_discrepancies()
        next(found)
        assert spy.taken == 1
        assert 1 + sum(1 for _ in found) == ROWS // 2
        taken = spy.taken
        # At a past point: the replay streams, the register follows a statistic at a time.
        past = ledger.iter_discrepancies(known_at=datetime(2030, 1, 1, tzinfo=UTC))
        next(past)
        assert spy.taken - taken < ROWS // 10 // 5 + 2
        # History is told from the log a statistic at a time: bounded by the statistic.
        history = ledger.iter_history("s3")
        assert next(history) == ledger.history("s3")[0]


def test_a_storage_failure_while_iterating_is_a_storage_error(big, monkeypatch) -> None:
    batches = queries._batches

    def failing(*args, **kwargs):
        with closing(batches(*args, **kwargs)) as source:
            yield next(source)
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(queries, "_batches", failing)
    with open_ledger(str(big), by="bench") as ledger:
        rows = ledger.iter_replay()
        next(rows)
        with pytest.raises(StorageError):
            list(rows)
        with pytest.raises(StorageError):
            ledger.discrepancies(known_at=datetime(2030, 1, 1, tzinfo=UTC))


def test_a_refusal_comes_at_the_first_row(big) -> None:
    with open_ledger(str(big), by="bench") as ledger:
        for rows in (ledger.iter_replay("nope"), ledger.iter_history("nope"),
                     ledger.iter_discrepancies("nope")):  # fmt: skip
            with pytest.raises(RecountError, match="no statistic 'nope'"):
                next(rows)
        # Left early, an iteration lets its connection go.
        rows = ledger.iter_replay()
        next(rows)
        rows.close()
        assert ledger.engines.reader.pool.checkedout() == 0


def test_the_iterators_are_generators_that_read_nothing_until_asked(big, monkeypatch) -> None:
    spy = Spy(monkeypatch, 7)
    with open_ledger(str(big), by="bench") as ledger:
        made = [ledger.iter_replay(), ledger.iter_discrepancies(), ledger.iter_history("s3"),
                ledger.iter_discrepancies(known_at=datetime(2030, 1, 1, tzinfo=UTC))]  # fmt: skip
        assert all(inspect.isgenerator(rows) for rows in made)
        assert spy.taken == 0
        for rows in made:
            next(rows)
            rows.close()
        assert ledger.engines.reader.pool.checkedout() == 0


def test_the_cli_writes_a_whole_replay_before_the_query_is_read_to_the_end(
    big, monkeypatch, capsys
) -> None:
    from cli import render

    spy = Spy(monkeypatch, 50)
    monkeypatch.setattr(render, "WRITE_BATCH", 100)
    written: list[int] = []  # batches taken from the driver at each write to stdout

    class Out:
        def write(self, text: str) -> int:
            written.append(spy.taken)
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stdout", Out())
    with open_ledger(str(big), by="bench") as ledger:
        for emit, rows in ((render.emit_ndjson, ledger.iter_replay()),
                           (render.emit_replay_csv, ledger.iter_replay()),
                           (render.emit_json_rows, ledger.iter_replay()),
                           (render.emit_json_rows, ledger.iter_discrepancies())):  # fmt: skip
            written.clear()
            taken = spy.taken
            emit(rows)
            assert len(written) > 2
            # The first write came after a few batches of 50 rows, not after all of them.
            assert written[0] - taken <= 3 < spy.taken - taken


@pytest.mark.skipif(not backends.ON_POSTGRES, reason="a server-side cursor is PostgreSQL's")
def test_on_postgresql_a_whole_read_goes_through_a_server_side_cursor(big, monkeypatch) -> None:
    # A plain psycopg cursor takes the whole result before its first row: memory then
    # grows with the ledger. A named one is DECLAREd on the server and fetched in batches.
    batches = queries._batches
    open_cursors: list[list[str]] = []

    def watched(db, sql, params):
        for batch in batches(db, sql, params):
            found = db.exec_driver_sql("SELECT statement FROM pg_cursors").scalars().all()
            open_cursors.append([text for text in found if text.lstrip().startswith("DECLARE")])
            yield batch

    monkeypatch.setattr(queries, "FETCH_BATCH", 100)
    monkeypatch.setattr(queries, "_batches", watched)
    with open_ledger(str(big), by="bench") as ledger:
        assert len(ledger.replay()) == ROWS
        present = ledger.discrepancies()
        assert len(present) == ROWS // 2
        assert ledger.discrepancies(known_at=datetime(2030, 1, 1, tzinfo=UTC)) == present
    # Each batch of the replay, of the register, of the replay under the past register.
    assert len(open_cursors) == ROWS // 100 + ROWS // 2 // 100 + ROWS // 100
    assert all(len(declared) == 1 for declared in open_cursors)
    # Closed once read: the next read's batches see only their own cursor.
    later = clock.stamp(datetime(2030, 1, 1, tzinfo=UTC))
    with open_ledger(str(big), by="bench") as ledger, ledger.engines.reader.connect() as db:
        rows = queries.replay(db, "2030-01-01", later)
        next(rows)
        rows.close()
        assert db.exec_driver_sql("SELECT count(*) FROM pg_cursors").scalar_one() == 0


@pytest.mark.skipif(not backends.ON_POSTGRES, reason="compares PostgreSQL with SQLite")
def test_the_same_ledger_reads_the_same_rows_on_both_backends(big, tmp_path) -> None:
    on_sqlite = _imported(str(tmp_path / "same.db"), _big_csv(tmp_path))

    def read(db: str):
        with open_ledger(db, by="bench") as ledger:
            later = datetime(2030, 1, 1, tzinfo=UTC)
            return (
                [row._replace(figure=None) for row in ledger.iter_replay()],
                [replace(d, figures=()) for d in ledger.iter_discrepancies()],
                [replace(d, figures=()) for d in ledger.iter_discrepancies(known_at=later)],
                [replace(e, figure=None, seq=None) for e in ledger.iter_history("s3")],
            )

    ours, theirs = read(str(big)), read(on_sqlite)
    assert [len(found) for found in ours] == [ROWS, ROWS // 2, ROWS // 2, ROWS // 10]
    assert ours == theirs


def test_a_sqlite_reader_keeps_a_small_page_cache_the_writer_a_large_one(tmp_path) -> None:
    # A whole-ledger read filled a 64 MiB cache: its peak grew with the ledger. Bulk
    # writes need the large one (random text keys), reads pass each page once.
    with open_ledger(str(tmp_path / "cache.db"), by="ann", create=True) as ledger:
        engines = ledger.engines
        with engines.reader.connect() as db:
            reader = db.exec_driver_sql("PRAGMA cache_size").scalar_one()
        with engines.writer.connect() as db:
            writer = db.exec_driver_sql("PRAGMA cache_size").scalar_one()
    assert reader == -2000  # KiB: SQLite's default
    assert writer == -65536
