"""Vintage import against raw sqlite3, on the real files of ../shared/data.

    .venv/bin/python bench/vintages.py

For each file, in one run and side by side:
- the project: ``import_vintages`` into a fresh ledger (reading, diffing,
  writing the events and catching up every read model);
- raw sqlite3: reading the same file with ``csv`` and one ``executemany`` of
  the rows the project records (each new, changed or dropped value: the same
  changes, as (period, vintage, value) rows), one transaction.
Ratios are project rows/s over raw rows/s (issue 4's goal: ≥ 0.25). The
floor column writes, with raw sqlite3, the very rows the project wrote (its
events and read models, same DDL and indexes): the cost of the design
itself. Skips with a clear line when ../shared/data is absent.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.baselines import EVENTS_TABLE, READ_MODELS, connect, raw_same_rows  # noqa: E402
from bench.measure import timed  # noqa: E402
from ledger.bootstrap import open_ledger  # noqa: E402
from ledger.files.vintages import reader_for  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FILES = [
    ("alfred/GDPC1.csv", "alfred", "us.gdp.real", "bea"),
    ("rtdsm/RUC_QvMd.csv", "rtdsm", "us.unemployment.rate", "philadelphia-fed"),
    ("bls-ces/tri_000000_SA.csv", "bls-ces", "us.ces.payrolls", "bls"),
]
REPEATS = 3


def raw_changes(path: Path, format: str, db_path: Path) -> tuple[int, float]:
    """(rows, seconds): the file's changes as plain rows, one executemany, one transaction.

    Timed from opening the file; the connection and table are set-up.
    """
    db = connect(db_path)
    try:
        db.execute("CREATE TABLE changes (period TEXT, vintage TEXT, published TEXT, value TEXT)")
        started = time.perf_counter()
        with open(path, newline="", encoding="utf-8") as lines:
            changes = reader_for(format)(lines).changes()
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO changes VALUES (?, ?, ?, ?)",
                ((c.period, c.vintage.label, c.vintage.published.isoformat(), c.text)
                 for c in changes),
            )
            db.execute("COMMIT")
        seconds = time.perf_counter() - started
        return db.execute("SELECT count(*) FROM changes").fetchone()[0], seconds
    finally:
        db.close()


def project_import(
    path: Path, format: str, statistic: str, source: str, db_path: Path
) -> tuple[int, float]:
    """(rows recorded, seconds): the import alone, catch-up included, in a fresh ledger.

    Opening the ledger (creating its tables) is set-up, outside the timing, as
    the raw side's connection and table are.
    """
    with open_ledger(str(db_path), by="bench", create=True) as ledger:
        report, seconds = timed(ledger.import_vintages, path, format, statistic, source)
        return report.figures + report.retractions, seconds


def main() -> None:
    if not SHARED.is_dir():
        print(f"../shared/data not found ({SHARED}): nothing to measure")
        return
    print("| file | changes | project | raw sqlite3 | ratio | goal | same rows raw | vs floor |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    for relative, format, statistic, source in FILES:
        path = SHARED / relative
        project_times, raw_times, floor_times = [], [], []
        rows = 0
        for attempt in range(REPEATS):
            with tempfile.TemporaryDirectory() as work:
                rows, seconds = project_import(path, format, statistic, source,
                                               Path(work) / f"ledger{attempt}.db")
                project_times.append(seconds)
                raw_rows, seconds = raw_changes(path, format, Path(work) / "raw.db")
                raw_times.append(seconds)
                _written, seconds = raw_same_rows(
                    Path(work) / f"ledger{attempt}.db", Path(work) / "floor.db", False,
                    (EVENTS_TABLE, *READ_MODELS),
                )
                floor_times.append(seconds)
        project_rate, raw_rate = rows / min(project_times), raw_rows / min(raw_times)
        ratio = project_rate / raw_rate
        mark = "" if ratio >= 0.25 else " ✗"
        floor = min(floor_times)
        print(f"| {relative} | {rows:,} | {project_rate:,.0f}/s | {raw_rate:,.0f}/s | "
              f"{ratio:.3f}{mark} | ≥ 0.25 | {floor * 1000:.0f} ms "
              f"| {floor / min(project_times):.3f} |")


if __name__ == "__main__":
    main()
