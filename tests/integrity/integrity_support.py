"""What the integrity tests share: a realistic ledger, copies of it, the chain by hand."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from ledger.bootstrap import open_ledger
from ledger.service import Ledger

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


def build_story(path: Path) -> Path:
    with open_ledger(str(path), "ann", create=True) as ledger:
        record_story(ledger, path.parent)
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so that the file alone is the ledger."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_ledger(source: Path, target: Path) -> Path:
    checkpoint(source)
    shutil.copyfile(source, target)
    return target


def recomputed_head(path: Path) -> tuple[int, str]:
    """The chain's head by DESIGN.md's formula, from the log alone, with hashlib."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT originator_id, originator_version, topic, state FROM recount_events "
            "ORDER BY id"
        ).fetchall()
    previous = bytes(32)
    for originator, version, topic, state in rows:
        topic_bytes = topic.encode()
        previous = hashlib.sha256(
            previous + originator + version.to_bytes(8, "big")
            + len(topic_bytes).to_bytes(8, "big") + topic_bytes
            + len(state).to_bytes(8, "big") + state
        ).digest()  # fmt: skip
    return len(rows), previous.hex()
