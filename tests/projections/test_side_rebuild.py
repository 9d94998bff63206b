"""Rebuild on the side: the live read models change in one transaction, or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from ledger.projections import side
from ledger.projections.side import SideBuild
from ledger.service import Ledger


def read_models(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every live read-model table's rows, surrogate numbers left out, in a stable order,
    read with an engine of the test's own on the ledger's database."""
    engine = create_engine(ledger.engines.url)
    try:
        with engine.connect() as db:
            tables = [name for name in inspect(db).get_table_names()
                      if name not in ("recount_events", "recount_chain")]  # fmt: skip
            found = {}
            for table in tables:
                columns = [column["name"] for column in inspect(db).get_columns(table)]
                kept = [c for c in columns if c not in side.SURROGATES.get(table, ())]
                found[table] = sorted(
                    (tuple(row) for row in db.execute(
                        text(f"SELECT {', '.join(kept)} FROM {table}"))),
                    key=repr,
                )  # fmt: skip
    finally:
        engine.dispose()
    return found


@pytest.fixture
def filled(ledger):
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.add_source("adp", "ADP", "ADP", "secondary")
    first = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08")
    ledger.record("jobs", "2020-04", "130403", "bls", "2020-06-05")
    ledger.record("jobs", "2020-04", "about 120,000", "adp", "2020-05-06")
    ledger.correct(first, "131050", "2020-05-09", "typo at source")
    ledger.explain("jobs", "2020-04", "definition", "payroll vs survey")
    return ledger


def test_a_rebuild_gives_the_read_models_the_commands_built(filled, tmp_path):
    before = read_models(filled)
    assert filled.rebuild() == filled.log_position()
    assert read_models(filled) == before
    assert not list(tmp_path.glob(f"{side.SIDE_PREFIX}*"))


@pytest.mark.sqlite_only  # SQLite's swap copies the tables in from the side's file
def test_a_rebuild_that_fails_before_its_swap_leaves_the_live_tables(filled, tmp_path,
                                                                        monkeypatch):
    before = read_models(filled)

    def broken(db):
        db.exec_driver_sql("DELETE FROM main.figures")  # half way through the copy
        raise RuntimeError("killed")

    monkeypatch.setattr(side, "_replace_tables", broken)
    with pytest.raises(RuntimeError):
        filled.rebuild()
    assert read_models(filled) == before
    assert not list(tmp_path.glob(f"{side.SIDE_PREFIX}*"))


def test_events_recorded_while_the_side_was_built_are_in_the_swap(filled, tmp_path,
                                                                     monkeypatch):
    catch_up = SideBuild.swap_into

    def late_record(self, live):
        filled.record("jobs", "2020-05", "133000", "bls", "2020-06-05")
        return catch_up(self, live)

    monkeypatch.setattr(SideBuild, "swap_into", late_record)
    filled.rebuild()
    assert [r.period for r in filled.replay("jobs") if r.source == "bls"] == ["2020-04", "2020-05"]
    assert filled.verify().whole


@pytest.mark.sqlite_only  # the side's file, in a folder beside the SQLite file
def test_a_side_folder_left_by_a_killed_process_is_removed(filled, tmp_path):
    abandoned = tmp_path / f"{side.SIDE_PREFIX}999999999-abc"
    abandoned.mkdir()
    (abandoned / "side.db").write_bytes(b"half a rebuild")
    mine = tmp_path / f"{side.SIDE_PREFIX}1-abc"  # pid 1 is alive: not ours to remove
    mine.mkdir()
    filled.rebuild()
    assert not abandoned.exists()
    assert mine.exists()


def test_side_read_models_never_touch_the_live_file(filled):
    before = read_models(filled)
    with SideBuild(filled.engines, filled.projections.events) as beside:
        beside.projections.catch_up()
        assert beside.first_difference() is None
        folder = beside.folder
    assert read_models(filled) == before
    assert folder is None or not folder.exists()  # PostgreSQL builds in a schema, not a folder
