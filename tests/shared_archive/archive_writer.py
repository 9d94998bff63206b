"""One writer process of the shared-archive tests, through the Python API.

``archive_writer.py DB record SOURCE N``: record N figures by SOURCE (periods 1001 on),
printing each id. ``archive_writer.py DB correct FIGURE WORKER N``: correct FIGURE N times
with values naming the worker, printing each value. A process of its own that opens the
ledger once, as a script or an importer would, so 4 x 50 writes take seconds, not minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ledger.bootstrap import open_ledger  # noqa: E402

STAT = "jobs"


def main(db: str, action: str, who: str, count: int) -> None:
    with open_ledger(db, by=f"writer-{who}") as ledger:
        for n in range(count):
            if action == "record":
                recorded = ledger.record(STAT, str(1001 + n), str(100 + n), who, "2021-01-10")
                print(recorded, flush=True)
            else:
                figure, worker = who.split(":")
                value = f"{worker}{n:03d}"  # a number naming its writer
                ledger.correct(figure, value, "2021-02-01", f"correction {n} by {worker}")
                print(value, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
