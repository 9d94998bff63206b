"""The benchmark runs end to end at a tiny size and prints every ratio (no timing asserted)."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import baselines, reads  # noqa: E402
from bench import run as bench_run  # noqa: E402
from bench.synthetic import COLUMNS, write_csv  # noqa: E402
from ledger.bootstrap import open_ledger  # noqa: E402


@pytest.mark.backend_free
def test_synthetic_csv_is_deterministic_and_exact(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", 777, seed=3)
    second = write_csv(tmp_path / "b.csv", 777, seed=3)
    assert first.rows == 777
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 777 and tuple(rows[0]) == COLUMNS
    assert {r["statistic"] for r in rows} == set(first.statistics) == set(second.statistics)
    assert all("2000-01-01" <= r["published"] <= "2025-12-31" for r in rows)
    assert any(not r["value"][0].isdigit() for r in rows)  # some qualified values


def test_bench_prints_the_table_with_every_ratio() -> None:
    text = bench_run.run(
        [300, 600], as_of_calls=5, repeats=1, command="bench/run.py --sizes 300,600"
    )
    assert "bench/run.py --sizes 300,600" in text
    assert "cores:" in text
    measurements = (
        "import (rows/s",
        "import vs the same rows",
        "as-of replay",
        "rebuild (events/s)",
        "rebuild vs reading the log",
        "import peak RSS",
        "bytes per figure on disk",
        "replay of the whole ledger, ndjson to /dev/null",
        "replay peak RSS",
        "discrepancies, JSON to /dev/null",
        "discrepancies peak RSS",
        "import vs eventsourcing's documented path",
        "import vs the peer's `save()` alone",
    )
    for n in ("300", "600"):
        for measurement in measurements:
            assert re.search(rf"^\| {n} \| {re.escape(measurement)}", text, re.MULTILINE)
    ratios = re.findall(r"^- (.+?): ([0-9.e+-]+) \(goal", text, re.MULTILINE)
    assert [name.split(" at ")[0].split(" 600")[0] for name, _ in ratios] == [
        "import ratio",
        "as-of ratio",
        "rebuild ratio",
        "bytes per figure",
        "replay ratio",
        "discrepancies ratio",
        "import vs eventsourcing's path",
        "import peak RSS",
        "as-of time",
        "replay peak RSS",
        "discrepancies peak RSS",
    ]
    assert all(float(value) > 0 for _, value in ratios)
    floors = re.findall(r"against its own rows written raw ([0-9.e+-]+)", text)
    assert len(floors) == 2 and all(float(value) > 0 for value in floors)
    assert "5/5" in text  # the project's as-of rows agree with the raw query
    # The disk split comes from dbstat where SQLite has it; the reads ran the project's SQL.
    assert re.search(r"^\| 600 \| [0-9.]+ MiB \| [0-9,]+ B \| (recount_events|n/a)", text, re.M)
    for read in ("replay", "discrepancies"):
        assert re.search(rf"^\| 600 \| {read} \| .* \| as the project ran it \|$", text, re.M)


@pytest.mark.sqlite_only  # the benchmark's raw reads are SQL run by sqlite3 on the file
def test_the_copied_whole_ledger_sql_gives_the_projects_rows(tmp_path: Path) -> None:
    """The copies in bench/baselines.py (the fallback of the raw reads) still read what the
    project's own statements read."""
    csv_path, ledger_path = tmp_path / "f.csv", tmp_path / "ledger.db"
    write_csv(csv_path, 600, seed=2)
    with open_ledger(str(ledger_path), by="bench", create=True) as ledger:
        ledger.import_file(csv_path, "csv", create_missing=True)
    for read in reads.READS:
        out = tmp_path / f"{read}.json"
        reads.main(["project", read, str(ledger_path), str(out)])
        seen = json.loads(out.read_text(encoding="utf-8"))
        assert seen["rows"] > 0 and seen["sql"] is not None
        copy_sql, copy_params, origin = baselines.whole_ledger_query(read, None, None)
        assert origin == "copy"
        if read == "replay":
            copy_params = seen["params"]  # the same "now"
        db = sqlite3.connect(ledger_path)
        try:
            project_rows = db.execute(seen["sql"], seen["params"]).fetchall()
            copy_rows = db.execute(copy_sql, copy_params).fetchall()
        finally:
            db.close()
        assert len(project_rows) == seen["rows"]
        assert sorted(map(repr, copy_rows)) == sorted(map(repr, project_rows))
