"""The hash chain: every path that writes events chains them, the same way.

The chain is recomputed here from DESIGN.md's formula with nothing but
``hashlib`` and ``sqlite3``, as anyone holding a copy of the ledger could.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from pathlib import Path
from uuid import UUID

import pytest

from ledger.bootstrap import open_ledger
from ledger.domain import figure as figure_module
from ledger.semantics import clock
from tests.conftest import FIXED_NOW


def recomputed(path: Path) -> list[tuple[int, int, bytes]]:
    """(position, event id, hash) of every event, by DESIGN.md, from the log alone."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT id, originator_id, originator_version, topic, state "
            "FROM recount_events ORDER BY id"
        ).fetchall()
    previous, links = bytes(32), []
    for position, (event_id, originator, version, topic, state) in enumerate(rows, start=1):
        topic_bytes = topic.encode()
        previous = hashlib.sha256(
            previous + originator + version.to_bytes(8, "big")
            + len(topic_bytes).to_bytes(8, "big") + topic_bytes
            + len(state).to_bytes(8, "big") + state
        ).digest()  # fmt: skip
        links.append((position, event_id, previous))
    return links


def stored(path: Path) -> list[tuple[int, int, bytes]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT position, event_id, hash FROM recount_chain ORDER BY position"
        ).fetchall()


def test_every_save_of_the_object_path_is_chained(ledger, tmp_path):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    figure = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08", release="ES May")
    ledger.correct(figure, "131050", "2020-05-09", "typo at source")
    ledger.retract(figure, "2020-06-01", "withdrawn")
    links = stored(tmp_path / "ledger.db")
    assert len(links) == 6  # 2 catalogue, the figure and its new release, 2 changes
    assert links == recomputed(tmp_path / "ledger.db")


def test_a_native_import_chains_its_batches(ledger, tmp_path, monkeypatch):
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
    links = stored(tmp_path / "ledger.db")
    assert len(links) == 2 + 10 + 10  # catalogue, figures, their releases
    assert links == recomputed(tmp_path / "ledger.db")


def test_the_bulk_writer_and_the_object_path_give_the_same_chain(tmp_path, monkeypatch):
    """The same figures, recorded one by one and imported: identical events and chains."""
    figures = [("2020-04", "131045"), ("2020-05", "about 132,912"), ("2020-06", "between 1 and 2")]

    def build(name: str, by_import: bool) -> Path:
        ids = (UUID(int=n) for n in itertools.count(1))
        monkeypatch.setattr(figure_module, "new_figure_id", lambda: next(ids))
        path = tmp_path / name
        with clock.frozen(FIXED_NOW), open_ledger(str(path), "ann", create=True) as ledger:
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
    with sqlite3.connect(one_by_one) as a, sqlite3.connect(imported) as b:
        query = "SELECT * FROM recount_events ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    assert stored(one_by_one) == stored(imported) == recomputed(imported)


def test_a_ledger_made_before_the_chain_is_chained_once_when_opened(ledger, tmp_path):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.close()
    path = tmp_path / "ledger.db"
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE recount_chain")
    with open_ledger(str(path), "ann") as reopened:
        reopened.record("jobs", "2020-04", "1", "bls", "2020-05-08")
    assert len(stored(path)) == 3
    assert stored(path) == recomputed(path)


def test_an_event_slipped_into_the_log_is_never_chained_by_a_later_save(ledger, tmp_path):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    path = tmp_path / "ledger.db"
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO recount_events (originator_id, originator_version, topic, state) "
            "SELECT originator_id, 2, topic, state FROM recount_events WHERE id = 1"
        )
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    assert [event_id for _, event_id, _ in stored(path)] == [1, 3]


@pytest.mark.parametrize("count", [0, 1])
def test_the_head_of_an_empty_or_new_chain(tmp_path, count):
    from ledger.write import chain

    with open_ledger(str(tmp_path / "l.db"), "ann", create=True) as ledger:
        for n in range(count):
            ledger.add_statistic(f"s{n}", "S", "u")
        with ledger.engines.reader.connect() as db:
            position, head = chain.tail(db)
    assert position == count
    assert head == (bytes(32) if count == 0 else recomputed(tmp_path / "l.db")[-1][2])
