"""Stored states are compressed, and ledgers written before compression read as before.

The stored rows are read with plain ``sqlite3`` (on PostgreSQL with a SQLAlchemy engine
of the test's own), never through the code under test.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
import zlib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock
from uuid import UUID

import backends
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text

from ledger.bootstrap import open_ledger
from ledger.compression import (
    DICTIONARY,
    MARK,
    StateCompressor,
    UnreadableState,
    compress,
    decompress,
)
from ledger.domain import figure as figure_module
from ledger.projections.log import read_page
from ledger.semantics import clock
from ledger.service import Ledger
from ledger.storage import resolve_url
from ledger.write import chain

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # every event of a story: the same timestamp

# What Figure.Published stores, as the issue quotes it.
PUBLISHED = (
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-02T06:00:19.946732+00:00"},'
    b'"originator_topic":"ledger.domain.figure:Figure","statistic":"S000000","period":"2008-07",'
    b'"source":"OECD","text":"13495","grain":null,"status":"normal","published":"2009-09-13",'
    b'"release":null,"url":null,"quote":null,"note":null,"by":"bench"}'
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


# -- the codec --------------------------------------------------------------------------


# Drawing nested JSON is slow on a busy machine: that is no failure of the codec.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(), json_values, max_size=12))
def test_any_event_state_comes_back_as_it_was_stored(fields):
    state = orjson.dumps({"timestamp": {"_type_": "datetime_iso", "_data_": "x"}, **fields})
    stored = compress(state)
    assert stored[:1] == MARK
    assert decompress(stored) == state


@given(st.binary(max_size=2000).map(lambda tail: b"{" + tail))
def test_any_bytes_after_a_brace_come_back_and_pass_through_as_plain(state):
    assert decompress(compress(state)) == state
    # Plain JSON of an older ledger starts with "{": returned as it is.
    assert decompress(state) == state


def test_a_plain_json_state_passes_through_unchanged():
    assert decompress(PUBLISHED) is PUBLISHED
    assert StateCompressor().decompress(PUBLISHED) is PUBLISHED


def test_a_published_state_is_stored_in_under_a_third_of_its_bytes():
    stored = compress(PUBLISHED)
    assert len(stored) * 3 < len(PUBLISHED), len(stored)
    assert StateCompressor().compress(PUBLISHED) == stored  # the same bytes every time


@pytest.mark.parametrize(("stored", "says"), [
    (b"\x02" + compress(PUBLISHED)[1:], "starts with byte 0x02: neither JSON"),
    (b"[1, 2]", "starts with byte 0x5b"),
    (b"", "the stored state is empty"),
    (compress(PUBLISHED)[:-3], "cut short"),
    (compress(PUBLISHED) + b"\x00", "bytes after its end"),
    (MARK + b"\xff\xff\xff", "does not inflate"),
])  # fmt: skip
def test_a_state_in_no_known_format_is_refused_with_a_clear_error(stored, says):
    with pytest.raises(UnreadableState, match=says):
        decompress(stored)


def test_the_dictionary_never_changes():
    # States stored under mark 0x01 read only with these very bytes: a new
    # dictionary goes under a new mark. Do not update this hash.
    assert MARK == b"\x01"
    assert hashlib.sha256(DICTIONARY).hexdigest() == (
        "3c1b5376a6d28c942945d950781142f4cf9c38afcdd49402023121c2814cae91"
    )
    # Raw deflate with the dictionary, nothing else: zlib alone reads a state.
    inflater = zlib.decompressobj(-15, zdict=DICTIONARY)
    assert inflater.decompress(compress(PUBLISHED)[1:]) == PUBLISHED


# -- ledgers ------------------------------------------------------------------------------


def fixed_ids():
    """Figure ids 1, 2, 3, …: a ledger written twice gets the same ids."""
    counter = iter(range(1, 1_000_000))
    return mock.patch.object(
        figure_module, "uuid4",
        lambda: UUID(int=(0x4000 << 64) | (0x8000 << 48) | next(counter)),
    )  # fmt: skip


def record_story(ledger: Ledger, folder: Path) -> None:
    """Every kind of event, by the object path and by both batched imports."""
    ledger.add_statistic("jobs", "Payroll jobs", "thousands", definition="All jobs", scope="US")
    ledger.describe_statistic("jobs", name="Payroll jobs, SA")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.add_source("paper", "A newspaper", None, "media")
    ledger.update_source("paper", organisation="Herald Group")
    a = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08", release="ES May")
    b = ledger.record(
        "jobs",
        "2020-04",
        "about 131,900",
        "paper",
        "2020-05-09",
        quote="nearly 132 million",
        url="https://x.example/",
    )
    c = ledger.record("jobs", "2020-05", "133000", "bls", "2020-06-05")
    ledger.correct(a, "131050", "2020-05-09", "typo at source")
    ledger.retract(c, "2020-06-07", "withdrawn")
    ledger.amend(b, "wrong value copied", value="131800")
    for found in ledger.discrepancies():
        ledger.explain(found.statistic, found.period, "timing", "published on different days")
        ledger.resolve(found.statistic, found.period, "settled")
        ledger.reopen(found.statistic, found.period, "not settled after all")
    csv = folder / "figures.csv"
    csv.write_text("statistic,period,value,source,published,release\n" + "".join(
        f"jobs,2019-{month:02d},{120000 + month},bls,2019-{month:02d}-28,ES {month}\n"
        for month in range(1, 13)
    ))  # fmt: skip
    ledger.import_file(csv, "csv")
    ledger.import_vintages(FIXTURES / "alfred_dropouts.csv", "alfred", "gdp", "bls")


def written(folder: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool) -> str:
    """The story written to a fresh ledger, with the compressor on or off."""
    folder.mkdir()
    path = backends.new_db(folder)
    with monkeypatch.context() as env:
        if not compressed:
            env.setenv("COMPRESSOR_TOPIC", "")  # as every ledger before issue 11
        with fixed_ids(), clock.frozen(NOW), open_ledger(path, "ann", create=True) as ledger:
            record_story(ledger, folder)
    return path


def engine_of(db: str):
    return create_engine(resolve_url(db))


def table_rows(db: str, queries: dict[str, str]) -> dict[str, list[tuple]]:
    """The rows of each query: with ``sqlite3`` from a file, else with an engine of its own."""
    if not backends.ON_POSTGRES:
        with closing(sqlite3.connect(db)) as connection:
            return {name: connection.execute(query).fetchall() for name, query in queries.items()}
    engine = engine_of(db)
    try:
        with engine.connect() as connection:
            return {name: [tuple(row) for row in connection.execute(text(query))]
                    for name, query in queries.items()}  # fmt: skip
    finally:
        engine.dispose()


def stored(path: str, table: str) -> list[tuple]:
    order = "id" if table == "recount_events" else "position"
    return table_rows(path, {table: f"SELECT * FROM {table} ORDER BY {order}"})[table]


def table_names(db: str) -> list[str]:
    if not backends.ON_POSTGRES:
        with closing(sqlite3.connect(db)) as connection:
            return [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )]  # fmt: skip
    engine = engine_of(db)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def read_models(path: str) -> dict[str, list[tuple]]:
    names = sorted(set(table_names(path)) - {"recount_events", "recount_chain"})
    found = table_rows(path, {name: f"SELECT * FROM {name}" for name in names})
    return {name: sorted(rows, key=repr) for name, rows in found.items()}


def reads(ledger: Ledger) -> tuple:
    return (
        ledger.replay(),
        ledger.history("jobs"),
        ledger.history("gdp"),
        ledger.discrepancies(),
        ledger.discrepancy_notes("jobs", "2020-04"),
    )


@pytest.fixture
def plain(tmp_path, monkeypatch) -> str:
    return written(tmp_path / "plain", monkeypatch, compressed=False)


@pytest.fixture
def packed(tmp_path, monkeypatch) -> str:
    return written(tmp_path / "packed", monkeypatch, compressed=True)


def test_every_event_written_is_compressed_and_holds_what_plain_json_held(plain, packed):
    old, new = stored(plain, "recount_events"), stored(packed, "recount_events")
    assert len(old) == len(new) > 50
    assert {row[3] for row in old} >= {  # every kind of event is in the story
        "ledger.domain.statistic:Statistic.Described",
        "ledger.domain.source:Source.Updated",
        "ledger.domain.figure:Figure.Amended",
        "ledger.domain.figure:Figure.Retracted",
        "ledger.domain.discrepancy:Discrepancy.Reopened",
    }
    for (*old_row, old_state), (*new_row, new_state) in zip(old, new, strict=True):
        assert old_row == new_row
        assert old_state[:1] == b"{" and new_state[:1] == MARK
        assert decompress(new_state) == old_state
    assert sum(len(row[-1]) for row in new) * 2 < sum(len(row[-1]) for row in old)


def test_a_ledger_written_uncompressed_reads_as_one_written_compressed(plain, packed):
    # Both read models were folded as the events were written: the same rows.
    assert read_models(plain) == read_models(packed)
    with open_ledger(str(plain), "ann") as old, open_ledger(str(packed), "ann") as new:
        with old.engines.reader.connect() as a, new.engines.reader.connect() as b:
            old_page = read_page(a, old.projections.events, 0, 10_000)
            new_page = read_page(b, new.projections.events, 0, 10_000)
        assert [(e.kind, e.data, e.recorded) for e in old_page] == [
            (e.kind, e.data, e.recorded) for e in new_page
        ]
        assert reads(old) == reads(new)
        # Rebuilt from their logs (the hot loop of the projections), alike again.
        old.rebuild()
        new.rebuild()
    assert read_models(plain) == read_models(packed)


def test_a_ledger_written_uncompressed_opens_catches_up_verifies_and_takes_new_events(plain):
    # Its read models are left behind: opening it folds the whole plain log again.
    engine = engine_of(plain)
    try:
        with engine.begin() as db:
            db.execute(text("UPDATE projection_schema SET version = 0"))
    finally:
        engine.dispose()
    before = stored(plain, "recount_events")
    with open_ledger(str(plain), "ann") as ledger:
        assert ledger.attention() is None
        assert ledger.verify().whole
        ledger.record("jobs", "2020-06", "137800", "bls", "2020-07-02")
        assert ledger.verify().whole
        assert ledger.replay("jobs", as_of="2020-07-02")[-1].text == "137800"
    after = stored(plain, "recount_events")
    assert after[: len(before)] == before  # the old states are never rewritten
    assert after[-1][-1][:1] == MARK


@pytest.mark.parametrize("which", ["plain", "packed"])
def test_dump_and_restore_keep_every_stored_byte(which, request, tmp_path):
    path = request.getfixturevalue(which)
    with open_ledger(str(path), "ann") as ledger:
        ledger.record("jobs", "2020-06", "137800", "bls", "2020-07-02")  # a new, packed one
        out = io.BytesIO()
        ledger.dump(out)
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()[1:-1]]
    # Plain JSON travels as text, a compressed state as base64.
    assert all(("state" in line) == (which == "plain") for line in lines[:-1])
    assert "state_base64" in lines[-1]
    target = backends.new_db(tmp_path, "restored.db")
    with (
        open_ledger(str(target), "ann", create=True) as restored,
        open_ledger(str(path), "ann") as original,
    ):
        restored.restore(io.BytesIO(out.getvalue()))
        restored.catch_up()
        assert restored.verify().whole
        assert reads(restored) == reads(original)
    for table in ("recount_events", "recount_chain"):
        assert stored(target, table) == stored(path, table)


def test_recount_verify_passes_on_a_compressed_ledger(packed):
    recount = Path(sys.executable).parent / "recount"
    done = subprocess.run(
        [str(recount), "--db", str(packed), "verify"],
        capture_output=True,
        text=True,
        env={"PATH": str(recount.parent)},
    )
    assert done.returncode == 0, done.stderr
    assert "every event decodes" in done.stdout


def test_verify_names_a_state_in_no_known_format_undecodable(packed):
    event = {
        "originator_id": UUID(int=7),
        "originator_version": 1,
        "topic": "ledger.domain.figure:Figure.Published",
        "state": b"\x02" + compress(PUBLISHED)[1:],
    }
    with open_ledger(str(packed), "ann") as ledger:
        with ledger.engines.writer.begin() as db:
            db.execute(ledger.projections.events.insert(), [event])
            chain.link_inserted(db, ledger.projections.events, [event])
        found = ledger.verify()
    assert found.problem.kind == "undecodable"
    assert "starts with byte 0x02: neither JSON" in found.problem.detail
