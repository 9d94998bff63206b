"""The benchmark runs end to end at a tiny size and prints every ratio (no timing asserted)."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run as bench_run  # noqa: E402
from bench.synthetic import COLUMNS, write_csv  # noqa: E402


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
    )
    for n in ("300", "600"):
        for measurement in measurements:
            assert re.search(rf"^\| {n} \| {re.escape(measurement)}", text, re.MULTILINE)
    ratios = re.findall(r"^- (.+?): ([0-9.e+-]+) \(goal", text, re.MULTILINE)
    assert [name.split(" at ")[0].split(" 600")[0] for name, _ in ratios] == [
        "import ratio",
        "as-of ratio",
        "rebuild ratio",
        "import peak RSS",
        "as-of time",
    ]
    assert all(float(value) > 0 for _, value in ratios)
    floors = re.findall(r"against its own rows written raw ([0-9.e+-]+)", text)
    assert len(floors) == 2 and all(float(value) > 0 for value in floors)
    assert "5/5" in text  # the project's as-of rows agree with the raw query
