"""Time and peak traced memory to stream each real file's changes.

Run from the repository root: ``.venv/bin/python -m tests.files.measure_streaming``.
Times are the best of five runs without tracing; the peak is from one traced run
(tracemalloc slows the run several times, so its time is not reported).
"""

from __future__ import annotations

import time
import tracemalloc
from collections import Counter

from ledger.files.vintages import read_alfred, read_bls_ces, read_rtdsm
from tests.files.support import DATA_DIR

FILES = [
    ("alfred/GDPC1.csv", read_alfred),
    ("rtdsm/RUC_QvMd.csv", read_rtdsm),
    ("bls-ces/tri_000000_SA.csv", read_bls_ces),
]


def stream(path, reader) -> Counter:
    with path.open(newline="") as lines:
        return Counter(change.kind for change in reader(lines).changes())


def main() -> None:
    for relative, reader in FILES:
        path = DATA_DIR / relative
        if not path.is_file():
            print(f"{relative}: ../shared/data not found: {path.resolve()}")
            continue
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            kinds = stream(path, reader)
            timings.append(time.perf_counter() - started)
        tracemalloc.start()
        stream(path, reader)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = path.stat().st_size
        print(
            f"{relative}: {size / 1024:,.0f} KiB, {dict(kinds)}, "
            f"best {min(timings) * 1000:.0f} ms, peak traced {peak / 1024:,.0f} KiB"
        )


if __name__ == "__main__":
    main()
