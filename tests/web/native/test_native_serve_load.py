"""bench/serve_load.py runs end to end at a tiny size: a real ``recount serve``, every
concurrency level, no error (no timing asserted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import serve_load  # noqa: E402


@pytest.mark.backend_free  # the bench builds its own SQLite ledger
def test_the_load_bench_prints_a_row_a_level_and_no_error(tmp_path: Path) -> None:
    args = argparse.Namespace(
        clients=[1, 3], seconds=0.3, path=serve_load.NATIVE, seed=1, workers=1
    )
    rows = serve_load.measure(300, args, tmp_path)
    table = [row for row in rows if row.startswith("| 300 |")]
    http = [row for row in table if "HTTP" in row]
    assert len(http) == 2 and len(table) > 2, rows  # two levels over HTTP, then in process
    assert [row.split(" | ")[2] for row in http] == ["1", "3"]
    for row in table:
        requests, errors = row.split(" | ")[3], row.rstrip(" |").split(" | ")[-1]
        assert int(requests.replace(",", "")) > 0 and errors == "0", row
    assert "/recount/replay" in table[0]


def test_the_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert serve_load.percentile(values, 0.5) == 50.0
    assert serve_load.percentile(values, 0.99) == 99.0
    assert serve_load.percentile([7.0], 0.99) == 7.0
