"""What the integrity tests share: a realistic ledger, copies of it, the chain by hand,
and a connection of the test's own to change a closed ledger as its holder could."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import backends
from sqlalchemy import Connection, create_engine

from ledger.bootstrap import open_ledger
from ledger.service import Ledger
from ledger.storage import resolve_url

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"


def record_story(ledger: Ledger, folder: Path) -> None:
    """Statistics, sources, figures with corrections, retractions, amendments,
    discrepancies with notes, a native CSV import and two vintage imports."""
    ledger.add_statistic("jobs", "Payroll jobs", "thousands", definition="All jobs", scope="US")
    ledger.add_statistic("rate", "Unemployment rate", "percent")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.add_source("paper", "A newspaper", None, "media")
    ledger.add_source("wire", "A wire", None, "secondary")
    a = ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08", release="ES May")
    b = ledger.record("jobs", "2020-04", "131900", "paper", "2020-05-09")
    c = ledger.record("jobs", "2020-05", "133000", "bls", "2020-06-05")
    ledger.record("jobs", "2020-05", "about 140,000", "wire", "2020-06-06")
    e = ledger.record("rate", "2020-04", "14.7", "bls", "2020-05-08")
    ledger.record("rate", "2020-04", "15", "paper", "2020-05-09")
    ledger.record("rate", "2020-06", "11.1", "bls", "2020-07-02")
    ledger.record("rate", "2020-06", "13", "wire", "2020-07-03", quote="thirteen",
                  url="https://x.example/")
    ledger.correct(a, "131050", "2020-05-09", "typo at source")
    ledger.retract(c, "2020-06-07", "withdrawn")
    ledger.amend(e, "erratum: wrong period", period="2020-05")
    ledger.amend(b, "wrong value copied", value="131800")
    for found in ledger.discrepancies():
        ledger.explain(found.statistic, found.period, "timing", "published on different days")
    first = ledger.discrepancies()[0]
    ledger.resolve(first.statistic, first.period, "settled with the desk")
    ledger.reopen(first.statistic, first.period, "not settled after all")
    csv = folder / "figures.csv"
    csv.write_text("statistic,period,value,source,published,release\n" + "".join(
        f"jobs,2019-{month:02d},{120000 + month},bls,2019-{month:02d}-28,ES {month}\n"
        for month in range(1, 13)
    ))  # fmt: skip
    ledger.import_file(csv, "csv")
    ledger.import_vintages(FIXTURES / "alfred_dropouts.csv", "alfred", "gdp", "bea")
    ledger.import_vintages(FIXTURES / "ces_century.csv", "bls-ces", "ces", "bls",
                           release_dates=FIXTURES / "ces_release_dates.csv")


def build_story(folder: Path) -> str:
    """The story's ledger, kept for the session: copies of it are tampered with."""
    db = backends.new_db(folder, "ledger.db", lasting=True)
    with open_ledger(db, "ann", create=True) as ledger:
        record_story(ledger, folder)
    return db


def copy_ledger(source: str, folder: Path) -> str:
    return backends.copy_db(source, folder, "ledger.db")


class Raw:
    """SQL as written for the driver: ``?`` marks its parameters on both backends."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.on_postgres = connection.dialect.name == "postgresql"

    def execute(self, sql: str, parameters: tuple = ()):
        if self.on_postgres:
            # A row's physical address: SQLite's rowid, PostgreSQL's ctid.
            sql = sql.replace("%", "%%").replace("?", "%s").replace("rowid", "ctid")
        return self.connection.exec_driver_sql(sql, tuple(parameters))


@contextmanager
def raw(db: str) -> Iterator[Raw]:
    """A connection of the test's own to a closed ledger, committed at the end."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.begin() as connection:
            yield Raw(connection)
    finally:
        engine.dispose()


def originator_bytes(originator: UUID | bytes | str) -> bytes:
    """The 16 bytes of a stored originator id (SQLite keeps bytes, PostgreSQL a uuid)."""
    if isinstance(originator, UUID):
        return originator.bytes
    if isinstance(originator, str):
        return UUID(originator).bytes
    return originator


def recomputed_head(db: str) -> tuple[int, str]:
    """The chain's head by DESIGN.md's formula, from the log alone, with hashlib."""
    with raw(db) as connection:
        rows = connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM recount_events "
            "ORDER BY id"
        ).fetchall()
    previous = bytes(32)
    for stored, version, topic, state in rows:
        originator = originator_bytes(stored)
        topic_bytes = topic.encode()
        previous = hashlib.sha256(
            previous + originator + version.to_bytes(8, "big")
            + len(topic_bytes).to_bytes(8, "big") + topic_bytes
            + len(state).to_bytes(8, "big") + state
        ).digest()  # fmt: skip
    return len(rows), previous.hex()
