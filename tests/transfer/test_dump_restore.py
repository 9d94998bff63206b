"""Dump and restore: the same log, ids and chain, the same read models; every broken
dump refused in one line that names its line, with nothing written.

The tables are compared byte for byte through an engine of the test's own,
never through the code under test.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import backends
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, inspect, text

from ledger.bootstrap import open_ledger
from ledger.compression import compress, decompress
from ledger.errors import Conflict, InvalidInput, RecountError
from ledger.storage import resolve_url
from ledger.transfer import dump as dump_module

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
ALFRED = FIXTURES / "alfred_dropouts.csv"

LOG_TABLES = ("recount_events", "recount_chain")


# -- helpers ------------------------------------------------------------------------


_places: dict[tuple[Path, str], str] = {}


def place(folder: Path, name: str) -> str:
    """The ledger called ``name`` in ``folder``: the same one each time it is named,
    as a file path would be, on the run's backend."""
    if (folder, name) not in _places:
        _places[folder, name] = backends.new_db(folder, name)
    return _places[folder, name]


@contextmanager
def connected(db: str) -> Iterator[Connection]:
    """A connection of the test's own to the ledger at ``db``, committed at the end."""
    engine = create_engine(resolve_url(str(db)))
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def tables(db: str) -> list[str]:
    with connected(db) as connection:
        return sorted(inspect(connection).get_table_names())


def rows(db: str, table: str, without: str | None = None) -> list[tuple]:
    """Every row of a table, in a fixed order; ``without`` leaves one column out."""
    with connected(db) as connection:
        columns = [c["name"] for c in inspect(connection).get_columns(table)]
        kept = ", ".join(f'"{c}"' for c in columns if c != without)
        found = [tuple(r) for r in connection.execute(text(f"SELECT {kept} FROM {table}"))]
    return sorted(found, key=repr)


def read_models(path: Path) -> list[str]:
    return [t for t in tables(path) if t not in LOG_TABLES]


def log_rows(db: str) -> dict[str, list[tuple]]:
    with connected(db) as connection:
        return {
            "recount_events": [tuple(r) for r in connection.execute(
                text("SELECT * FROM recount_events ORDER BY id"))],
            "recount_chain": [tuple(r) for r in connection.execute(
                text("SELECT * FROM recount_chain ORDER BY position"))],
        }  # fmt: skip


def dumped(path: str) -> bytes:
    out = io.BytesIO()
    with open_ledger(str(path), "dumper") as ledger:
        ledger.dump(out)
    return out.getvalue()


def restored(dump: bytes | Path, target: str):
    with open_ledger(str(target), "restorer", create=True) as ledger:
        source = dump if isinstance(dump, Path) else dump.splitlines(keepends=True)
        return ledger.restore(source)


def build_rich(path: str) -> None:
    """Corrections, retractions, amendments, discrepancy notes, several archivists,
    catalogue edits and a vintage import."""
    with open_ledger(str(path), "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
        ledger.add_source("adp", "ADP National Employment Report", "ADP")
        bls = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08", release="ES May")
        adp = ledger.record("jobs", "2020-04", "about 120,000", "adp", "2020-05-06")
        ledger.correct(bls, "131050", "2020-05-09", "typo at source")
        ledger.describe_statistic("jobs", definition="Nonfarm payroll employment")
    with open_ledger(str(path), "bob") as ledger:
        found = ledger.discrepancies("jobs")
        assert found, "the two sources should disagree"
        ledger.explain("jobs", found[0].period, "definition", "ADP counts private jobs only")
        ledger.resolve("jobs", found[0].period, "noted in the methodology")
        may = ledger.record("jobs", "2020-05", "133000", "bls", "2020-06-05", status="provisional")
        ledger.amend(may, "keyed the wrong period", period="2020-06")
        ledger.amend(may, "keyed the wrong value", value="133,100")
        ledger.retract(adp, "2020-06-01", "withdrawn by ADP")
        ledger.update_source("adp", organisation="Automatic Data Processing")
    with open_ledger(str(path), "cy") as ledger:
        ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
        ledger.record("gdp", "1999-Q1", "101.1", "bea", "2000-03-01", note="by hand")


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> tuple[str, bytes]:
    """A rich ledger and its dump, made once for the module's tests."""
    path = backends.new_db(tmp_path_factory.mktemp("rich"), "original.db", lasting=True)
    build_rich(path)
    return path, dumped(path)


def empty_target(path: str) -> None:
    """Nothing written: no event, no link, no read model moved past the start."""
    assert log_rows(path) == {"recount_events": [], "recount_chain": []}
    with connected(path) as db:
        assert db.execute(text("SELECT max(position) FROM projection_positions")).scalar() == 0
        assert db.execute(text("SELECT count(*) FROM figures")).scalar() == 0


# -- round trips ----------------------------------------------------------------------


def test_a_restore_gives_the_same_log_chain_and_read_models(rich, tmp_path):
    original, dump = rich
    copy = backends.copy_db(original, tmp_path, "original.db")  # rebuilt below, apart
    target = place(tmp_path, "restored.db")
    report = restored(dump, target)
    assert report.events == len(log_rows(copy)["recount_events"]) > 30
    assert log_rows(target) == log_rows(copy)
    assert report.head == log_rows(copy)["recount_chain"][-1][2].hex()
    assert read_models(target) == read_models(copy)
    # Incremental and one-pass builds number versions' surrogate rows apart.
    for table in read_models(copy):
        apart = "id" if table == "versions" else None
        assert rows(target, table, without=apart) == rows(copy, table, without=apart), table
    with open_ledger(str(copy), "ann") as ledger:
        ledger.rebuild()
    for table in read_models(copy):
        assert rows(target, table) == rows(copy, table), table
    assert dumped(target) == dump


def test_the_restored_ledger_answers_and_records_on(rich, tmp_path):
    original, dump = rich
    target = place(tmp_path, "restored.db")
    restored(dump, target)
    with open_ledger(str(original), "x") as a, open_ledger(str(target), "x") as b:
        assert a.replay() == b.replay()
        assert a.discrepancies() == b.discrepancies()
        assert a.history("gdp") == b.history("gdp")
        assert b.attention() is None
        b.record("jobs", "2020-07", "140000", "bls", "2020-08-07")
        assert b.log_position() == a.log_position() + 1
    assert log_rows(target)["recount_chain"][-1][0] == len(log_rows(target)["recount_events"])


def test_a_dump_reads_as_the_documented_format(rich):
    original, dump = rich
    lines = dump.splitlines()
    assert orjson.loads(lines[0]) == {"recount_dump": 1, "chain": "sha256"}
    events = [orjson.loads(line) for line in lines[1:-1]]
    # The states are compressed, so they travel as base64 (a plain JSON one as text).
    assert list(events[0]) == ["position", "id", "originator_id", "originator_version",
                               "topic", "state_base64", "hash"]
    assert [e["position"] for e in events] == list(range(1, len(events) + 1))
    # The chain, recomputed from the dump's text as docs/dump-format.md says.
    previous = bytes(32)
    for event in events:
        topic = event["topic"].encode()
        state = (event["state"].encode() if "state" in event
                 else base64.b64decode(event["state_base64"]))
        previous = hashlib.sha256(
            previous + bytes.fromhex(event["originator_id"].replace("-", ""))
            + event["originator_version"].to_bytes(8, "big")
            + len(topic).to_bytes(8, "big") + topic + len(state).to_bytes(8, "big") + state
        ).digest()  # fmt: skip
        assert event["hash"] == previous.hex()
    assert orjson.loads(lines[-1]) == {"end": True, "events": len(events),
                                       "head": previous.hex()}


def test_the_documented_snippet_checks_a_dump(rich, tmp_path):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "dump-format.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    dump_file = tmp_path / "d.ndjson"
    dump_file.write_bytes(rich[1])
    done = subprocess.run([sys.executable, "-c", snippet, str(dump_file)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("whole; head ")
    dump_file.write_bytes(b"".join(rich[1].splitlines(keepends=True)[:-1]))
    cut = subprocess.run([sys.executable, "-c", snippet, str(dump_file)],
                         capture_output=True, text=True)
    assert cut.returncode == 1 and "cut short" in cut.stderr


def test_an_empty_ledger_dumps_and_restores_to_an_empty_ledger(tmp_path):
    with open_ledger(str(place(tmp_path, "empty.db")), "ann", create=True):
        pass
    dump = dumped(place(tmp_path, "empty.db"))
    assert dump == (b'{"recount_dump":1,"chain":"sha256"}\n'
                    b'{"end":true,"events":0,"head":"' + b"0" * 64 + b'"}\n')
    report = restored(dump, place(tmp_path, "restored.db"))
    assert (report.events, report.shown_head()) == (0, "0:000000000000…")
    empty_target(place(tmp_path, "restored.db"))
    assert dumped(place(tmp_path, "restored.db")) == dump


def test_a_restore_reads_a_file_and_text_lines(rich, tmp_path):
    original, dump = rich
    dump_file = tmp_path / "d.ndjson"
    dump_file.write_bytes(dump)
    restored(dump_file, place(tmp_path, "a.db"))
    with open_ledger(str(place(tmp_path, "b.db")), "ann", create=True) as ledger:
        ledger.restore(io.StringIO(dump.decode()))
    a, b = place(tmp_path, "a.db"), place(tmp_path, "b.db")
    assert log_rows(a) == log_rows(b) == log_rows(original)


def test_a_dump_writes_to_a_text_stream_too(rich):
    original, dump = rich
    out = io.StringIO()
    with open_ledger(str(original), "ann") as ledger:
        ledger.dump(out)
    assert out.getvalue().encode() == dump


def test_a_state_that_is_not_utf8_travels_as_base64(tmp_path):
    """A stored state is bytes: one that is not UTF-8 is dumped as base64, and
    restored to the same bytes (the read models stop at it in both ledgers)."""
    from ledger.write import chain

    path = place(tmp_path, "odd.db")
    odd_event = {"originator_id": UUID(int=7), "originator_version": 1,
                 "topic": "ledger.domain.nothing:Odd", "state": b'{"x": "\xff"}'}
    with open_ledger(str(path), "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        with ledger.engines.writer.begin() as db:
            events = ledger.projections.events
            db.execute(events.insert(), [odd_event])
            chain.link_inserted(db, events, [odd_event])
    dump = dumped(path)
    odd = orjson.loads(dump.splitlines()[2])
    assert "state" not in odd and base64.b64decode(odd["state_base64"]) == b'{"x": "\xff"}'
    restored(dump, place(tmp_path, "restored.db"))
    assert log_rows(place(tmp_path, "restored.db")) == log_rows(path)
    assert dumped(place(tmp_path, "restored.db")) == dump


def test_a_dump_is_ascii_so_a_terminal_obeys_nothing_in_it(tmp_path):
    hostile = "\x1b]0;title\x07 \x9b31m \u202eevil ü ☃ \U0001f600"
    path = place(tmp_path, "hostile.db")
    with open_ledger(str(path), "ann", create=True) as ledger:
        ledger.add_statistic("s", hostile, "people")
        ledger.add_source("a", hostile)
    dump = dumped(path)
    assert dump.isascii()
    stored = base64.b64decode(orjson.loads(dump.splitlines()[1])["state_base64"])
    assert hostile in orjson.loads(decompress(stored))["name"]
    restored(dump, place(tmp_path, "restored.db"))
    assert log_rows(place(tmp_path, "restored.db")) == log_rows(path)
    assert dumped(place(tmp_path, "restored.db")) == dump


def test_a_ledger_whose_chain_is_broken_is_not_dumped_whole(rich, tmp_path):
    path = backends.copy_db(rich[0], tmp_path, "broken.db")
    with connected(path) as db:
        db.execute(text("UPDATE recount_chain SET hash = :zero WHERE position = 3"),
                   {"zero": bytes(32)})
    out = io.BytesIO()
    with open_ledger(str(path), "ann") as ledger, pytest.raises(Conflict) as refused:
        ledger.dump(out)
    assert str(refused.value).startswith(
        "cannot dump this ledger: its chain breaks at position 3: the stored hash of event 3 is "
        "000000000000…, the events give ")
    assert b'"end"' not in out.getvalue()


# -- refusals -------------------------------------------------------------------------


def edit_state(lines: list[bytes]) -> list[bytes]:
    event = orjson.loads(lines[4])
    state = decompress(base64.b64decode(event["state_base64"]))
    edited = compress(state[:-1] + b" }")  # still JSON, another hash
    assert edited != base64.b64decode(event["state_base64"])
    event["state_base64"] = base64.b64encode(edited).decode()
    return [*lines[:4], orjson.dumps(event), *lines[5:]]


def edit_hash(lines: list[bytes]) -> list[bytes]:
    event = orjson.loads(lines[3])
    event["hash"] = ("0" if event["hash"][0] != "0" else "1") + event["hash"][1:]
    return [*lines[:3], orjson.dumps(event), *lines[4:]]


def edit_field(line: int, **fields):
    def edit(lines: list[bytes]) -> list[bytes]:
        event = orjson.loads(lines[line - 1])
        event.update(fields)
        event = {k: v for k, v in event.items() if v is not ...}
        return [*lines[: line - 1], orjson.dumps(event), *lines[line:]]

    return edit


BROKEN = {
    "edited state": (edit_state, r"line 5: the chain breaks at position 4: its hash is "
                     r"[0-9a-f]{12}…, its event and those before it give [0-9a-f]{12}…"),
    "edited hash": (edit_hash, r"line 4: the chain breaks at position 3: its hash is "),
    "missing line": (lambda ls: ls[:3] + ls[4:],
                     r"line 4: position 4 follows position 2: a line is missing or out of order"),
    "swapped lines": (lambda ls: [*ls[:3], ls[4], ls[3], *ls[5:]],
                      r"line 4: position 4 follows position 2: a line is missing or out of order"),
    "duplicated line": (lambda ls: [*ls[:4], ls[3], *ls[4:]],
                        r"line 5: position 3 comes twice: a line is duplicated"),
    "no last line": (lambda ls: ls[:-1],
                     r"the dump ends at line \d+ without its last line: it was cut short"),
    "cut in a line": (lambda ls: [*ls[:-2], ls[-2][:40]], r"line \d+: not JSON \("),
    "not JSON": (lambda ls: [ls[0], b"hello", *ls[2:]], r"line 2: not JSON \("),
    "not an object": (lambda ls: [ls[0], b"[1, 2]", *ls[2:]],
                      r"line 2: \[1,2\] is not an event \(a JSON object\)"),
    "no header": (lambda ls: ls[1:], r"line 1: not a Recount dump: its first line must be "),
    "another format": (lambda ls: [b'{"recount_dump": 2, "chain": "sha256"}', *ls[1:]],
                       r"line 1: a dump of format 2; this Recount reads format 1"),
    "another hash": (lambda ls: [b'{"recount_dump": 1, "chain": "md5"}', *ls[1:]],
                     r"line 1: a dump chained with 'md5'; this Recount reads 'sha256'"),
    "an empty file": (lambda ls: [], r"the dump is empty: not even its first line"),
    "a missing field": (edit_field(3, topic=...), r"line 3: no field 'topic'"),
    "an unknown field": (edit_field(3, extra=1), r"line 3: unknown field 'extra'"),
    "two states": (edit_field(3, state="{}", state_base64="AA=="),
                   r"line 3: needs exactly one of the fields 'state' and 'state_base64'"),
    "a bad uuid": (edit_field(3, originator_id="nope"),
                   r"line 3: originator_id 'nope' is not a UUID"),
    "a bad hash": (edit_field(3, hash="xyz"), r"line 3: hash 'xyz' is not 64 hex digits"),
    "a decreasing id": (edit_field(3, id=1),
                        r"line 3: event id 1 does not follow id 1: ids must increase"),
    "a text version": (edit_field(3, originator_version="1"),
                       r"line 3: originator_version '1' is not a whole number from 0"),
    "a wrong count": (lambda ls: [*ls[:-1], ls[-1].replace(b'"events":', b'"events":1')],
                      r"line \d+: the last line counts [\d,]+ events, the dump holds [\d,]+"),
    "a wrong head": (lambda ls: [*ls[:-1], orjson.dumps({**orjson.loads(ls[-1]),
                                                          "head": "ab" * 32})],
                     r"line \d+: the last line gives the head abababababab…, the events give "),
    "a line after the last": (lambda ls: [*ls, ls[-1]], r"line \d+: follows the dump's last line"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_dump_is_refused_in_one_line_and_writes_nothing(rich, tmp_path, monkeypatch,
                                                                  case):
    # Small batches: a refusal after some batches were inserted still writes nothing.
    monkeypatch.setattr(dump_module, "BATCH", 2)
    edit, expected = BROKEN[case]
    lines = edit(rich[1].splitlines())
    target = place(tmp_path, "target.db")
    with pytest.raises(InvalidInput) as refused:
        restored(b"".join(line + b"\n" for line in lines), target)
    message = str(refused.value)
    assert re.fullmatch(expected + ".*", message), message
    assert "\n" not in message
    empty_target(target)
    # The same ledger then takes the whole dump.
    restored(rich[1], target)
    assert log_rows(target) == log_rows(rich[0])


def test_a_ledger_that_holds_events_is_not_restored_into(rich, tmp_path):
    target = place(tmp_path, "target.db")
    with open_ledger(str(target), "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    before = log_rows(target)
    with pytest.raises(Conflict) as refused:
        restored(rich[1], target)
    assert str(refused.value) == (f"the ledger at {target} already holds 1 events; "
                                  "restore writes into an empty ledger only")
    assert log_rows(target) == before


def test_a_file_that_cannot_be_read_is_one_line(tmp_path):
    with open_ledger(str(place(tmp_path, "t.db")), "ann", create=True) as ledger:
        with pytest.raises(InvalidInput,
                           match=r"^cannot read dump '.*nothing\.ndjson': No such file"):
            ledger.restore(tmp_path / "nothing.ndjson")
        with pytest.raises(InvalidInput, match=r"^cannot read dump '.*': Is a directory"):
            ledger.restore(tmp_path)


# -- streaming ------------------------------------------------------------------------


def test_dump_and_restore_stream_in_batches(tmp_path, monkeypatch):
    """Thousands of events go through in batches: never a whole log in memory."""
    monkeypatch.setattr(dump_module, "BATCH", 100)
    path = place(tmp_path, "big.db")
    csv = tmp_path / "figures.csv"
    csv.write_text("statistic,period,value,source,published\n" + "".join(
        f"jobs,{1000 + n // 12}-{n % 12 + 1:02d},{n},bls,2026-01-01\n" for n in range(2500)
    ))  # fmt: skip
    with open_ledger(str(path), "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
        ledger.import_file(csv, "csv")
        total = ledger.log_position()

    class Sink(io.BytesIO):
        writes: list[int] = []

        def write(self, data):
            self.writes.append(data.count(b"\n"))
            return super().write(data)

    out = Sink()
    with open_ledger(str(path), "ann") as ledger:
        fetched = []
        real = dump_module._log_query

        def spied(events):
            fetched.append(events)
            return real(events)

        monkeypatch.setattr(dump_module, "_log_query", spied)
        report = ledger.dump(out)
    assert report.events == total == 2502 and len(fetched) == 1
    # The header, a write per batch of at most BATCH events, the last line.
    assert out.writes[0] == out.writes[-1] == 1
    assert max(out.writes[1:-1]) == 100 and len(out.writes) == 2 + 26

    inserted: list[tuple[int, int]] = []
    consumed = 0
    real_insert = dump_module._insert

    def counting(db, events, rows, links):
        inserted.append((len(rows), consumed))
        real_insert(db, events, rows, links)

    monkeypatch.setattr(dump_module, "_insert", counting)

    def lines():
        nonlocal consumed
        for line in out.getvalue().splitlines(keepends=True):
            consumed += 1
            yield line

    with open_ledger(str(place(tmp_path, "restored.db")), "ann", create=True) as ledger:
        progress: list[tuple[int, int]] = []
        ledger.restore(lines(), catch_up_progress=lambda done, of: progress.append((done, of)))
    # Each batch was inserted as soon as it was read, not after the whole file.
    assert [n for n, _ in inserted[:-1]] == [100] * 25
    assert [at for _, at in inserted[:3]] == [101, 201, 301]
    assert progress[-1] == (2502, 2502)
    assert log_rows(place(tmp_path, "restored.db")) == log_rows(path)


def test_restore_reports_progress_through_the_file(rich, tmp_path, monkeypatch):
    monkeypatch.setattr(dump_module, "BATCH", 10)
    dump_file = tmp_path / "d.ndjson"
    dump_file.write_bytes(rich[1])
    seen: list[tuple[int, int]] = []
    with open_ledger(str(place(tmp_path, "t.db")), "ann", create=True) as ledger:
        ledger.restore(dump_file, progress=lambda done, of: seen.append((done, of)))
    size = len(rich[1])
    assert len(seen) > 3 and all(of == size for _, of in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (size, size)


# -- a property -----------------------------------------------------------------------

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("record"), st.sampled_from(["2020-01", "2020-02", "2020"]),
              st.sampled_from(["1", "about 2,000", "between 3 and 4", "5½ million"])),
    st.tuples(st.just("correct"), st.integers(0, 5), st.sampled_from(["6", "7.5", "under 8"])),
    st.tuples(st.just("retract"), st.integers(0, 5), st.just("")),
), max_size=8)  # fmt: skip


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS, st.sampled_from(["ann", "bob", "Zoë"]))
def test_dump_restore_dump_gives_the_same_text(operations, by):
    with tempfile.TemporaryDirectory() as folder:
        original = backends.new_db(Path(folder), "a.db")
        target = backends.new_db(Path(folder), "b.db")
        with open_ledger(str(original), by, create=True) as ledger:
            ledger.add_statistic("s", "S", "people")
            ledger.add_source("src", "Source")
            figures: list[str] = []
            for day, (kind, what, text) in enumerate(operations, start=1):
                published = f"2021-01-{day:02d}"
                try:
                    if kind == "record":
                        figures.append(ledger.record("s", what, text, "src", published))
                    elif figures:
                        figure = figures[what % len(figures)]
                        if kind == "correct":
                            ledger.correct(figure, text, published, "because")
                        else:
                            ledger.retract(figure, published, "withdrawn")
                except RecountError:
                    pass  # e.g. correcting a retracted figure: refused, nothing written
        first = dumped(original)
        restored(first, target)
        assert dumped(target) == first
        assert log_rows(target) == log_rows(original)
