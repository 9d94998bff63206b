"""The hash chain: every path that writes events chains them, the same way.

The chain is recomputed here from DESIGN.md's formula with nothing but
``hashlib`` and ``sqlite3``, as anyone holding a copy of the ledger could; on
PostgreSQL the same rows are read with a plain SQLAlchemy engine of the test's own.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from contextlib import closing
from uuid import UUID

import backends
import pytest
from sqlalchemy import create_engine, text

from ledger.bootstrap import open_ledger
from ledger.domain import figure as figure_module
from ledger.semantics import clock
from ledger.storage import resolve_url
from tests.conftest import FIXED_NOW


def read(db: str, query: str) -> list[tuple]:
    """The rows of ``query``: with ``sqlite3`` from a file, else with an engine of its own."""
    if not backends.ON_POSTGRES:
        with closing(sqlite3.connect(db)) as connection:
            return connection.execute(query).fetchall()
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


def change(db: str, *statements: str) -> None:
    """Change a closed ledger's tables by hand, as its holder could."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def recomputed(path: str) -> list[tuple[int, int, bytes]]:
    """(position, event id, hash) of every event, by DESIGN.md, from the log alone."""
    rows = read(path, "SELECT id, originator_id, originator_version, topic, state "
                      "FROM recount_events ORDER BY id")
    previous, links = bytes(32), []
    for position, (event_id, stored_id, version, topic, state) in enumerate(rows, start=1):
        # SQLite keeps the originator's 16 bytes; PostgreSQL a uuid.
        originator = stored_id.bytes if isinstance(stored_id, UUID) else stored_id
        topic_bytes = topic.encode()
        previous = hashlib.sha256(
            previous + originator + version.to_bytes(8, "big")
            + len(topic_bytes).to_bytes(8, "big") + topic_bytes
            + len(state).to_bytes(8, "big") + state
        ).digest()  # fmt: skip
        links.append((position, event_id, previous))
    return links


def stored(path: str) -> list[tuple[int, int, bytes]]:
    return read(path, "SELECT position, event_id, hash FROM recount_chain ORDER BY position")


def test_every_save_of_the_object_path_is_chained(ledger, ledger_db):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    figure = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08", release="ES May")
    ledger.correct(figure, "131050", "2020-05-09", "typo at source")
    ledger.retract(figure, "2020-06-01", "withdrawn")
    links = stored(ledger_db)
    assert len(links) == 6  # 2 catalogue, the figure and its new release, 2 changes
    assert links == recomputed(ledger_db)


def test_a_native_import_chains_its_batches(ledger, ledger_db, tmp_path, monkeypatch):
    from ledger.transfer import native_import

    monkeypatch.setattr(native_import, "BATCH", 3, raising=False)
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    lines = ["statistic,period,value,source,published,release"] + [
        f"jobs,2020-{month:02d},{130000 + month},bls,2020-{month:02d}-28,ES {month}"
        for month in range(1, 11)
    ]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(lines) + "\n")
    ledger.import_file(path, "csv")
    links = stored(ledger_db)
    assert len(links) == 2 + 10 + 10  # catalogue, figures, their releases
    assert links == recomputed(ledger_db)


def test_the_bulk_writer_and_the_object_path_give_the_same_chain(tmp_path, monkeypatch):
    """The same figures, recorded one by one and imported: identical events and chains."""
    figures = [("2020-04", "131045"), ("2020-05", "about 132,912"), ("2020-06", "between 1 and 2")]

    def build(name: str, by_import: bool) -> str:
        ids = (UUID(int=n) for n in itertools.count(1))
        monkeypatch.setattr(figure_module, "new_figure_id", lambda: next(ids))
        path = backends.new_db(tmp_path, name)
        with clock.frozen(FIXED_NOW), open_ledger(path, "ann", create=True) as ledger:
            ledger.add_statistic("jobs", "Payroll jobs", "thousands")
            ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
            if by_import:
                csv = tmp_path / f"{name}.csv"
                csv.write_text("statistic,period,value,source,published\n" + "".join(
                    f'jobs,{period},"{text}",bls,2020-07-03\n' for period, text in figures
                ))  # fmt: skip
                ledger.import_file(csv, "csv")
            else:
                for period, text in figures:
                    ledger.record("jobs", period, text, "bls", "2020-07-03")
        return path

    one_by_one, imported = build("slow.db", False), build("fast.db", True)
    query = "SELECT * FROM recount_events ORDER BY id"
    assert read(one_by_one, query) == read(imported, query)
    assert stored(one_by_one) == stored(imported) == recomputed(imported)


def test_a_ledger_made_before_the_chain_is_chained_once_when_opened(ledger, ledger_db):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.close()
    path = ledger_db
    change(path, "DROP TABLE recount_chain")
    with open_ledger(path, "ann") as reopened:
        reopened.record("jobs", "2020-04", "1", "bls", "2020-05-08")
    assert len(stored(path)) == 3
    assert stored(path) == recomputed(path)


def test_an_event_slipped_into_the_log_is_never_chained_by_a_later_save(ledger, ledger_db):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    path = ledger_db
    # Through the ledger's own writer, as another program on the open database would.
    with ledger.engines.writer.begin() as db:
        db.execute(text(
            "INSERT INTO recount_events (originator_id, originator_version, topic, state) "
            "SELECT originator_id, 2, topic, state FROM recount_events WHERE id = 1"
        ))
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    assert [event_id for _, event_id, _ in stored(path)] == [1, 3]


@pytest.mark.parametrize("count", [0, 1])
def test_the_head_of_an_empty_or_new_chain(ledger_db, count):
    from ledger.write import chain

    with open_ledger(ledger_db, "ann", create=True) as ledger:
        for n in range(count):
            ledger.add_statistic(f"s{n}", "S", "u")
        with ledger.engines.reader.connect() as db:
            position, head = chain.tail(db)
    assert position == count
    assert head == (bytes(32) if count == 0 else recomputed(ledger_db)[-1][2])
