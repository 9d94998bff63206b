"""Log positions past 2^31 on PostgreSQL: the read models keep them as the log's bigint ids."""

from __future__ import annotations

import backends
import pytest
from sqlalchemy import create_engine, text

from ledger.bootstrap import open_ledger

pytestmark = pytest.mark.postgres_only

PAST_INT4 = 3_000_000_000


def test_events_past_two_to_the_31_are_folded_and_verified(tmp_path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    with open_ledger(db, "ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "BLS")
    engine = create_engine(db)
    with engine.begin() as connection:
        connection.execute(text(
            "SELECT setval(pg_get_serial_sequence('recount_events', 'id'), :n)"
        ), {"n": PAST_INT4})  # fmt: skip
    engine.dispose()
    with open_ledger(db, "ann") as ledger:
        figure = ledger.record("jobs", "2020-01", "150", "bls", "2020-02-07")
        ledger.correct(figure, "151", "2020-02-14", "typo")
        assert ledger.log_position() > PAST_INT4
        assert [row.value for row in ledger.replay("jobs", as_of="2020-03-01")] == [151]
        assert ledger.verify().whole
        ledger.rebuild()
        assert [row.value for row in ledger.replay("jobs", as_of="2020-02-10")] == [150]
