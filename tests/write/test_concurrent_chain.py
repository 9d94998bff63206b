"""Many processes writing one ledger at once: nothing lost, one unbroken chain.

Each writer process records through the service (the object path), corrects
one shared figure (stale versions retried), or imports a CSV file (the
bulk path), all at the same time; a reader loops beside them. Afterwards the
chain must be whole and the read models equal a rebuild.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import backends
from sqlalchemy import text

from ledger.bootstrap import open_ledger

WRITER = """
import sys, time
from pathlib import Path
from ledger.bootstrap import open_ledger

db, role, gate, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
(gate / role).touch()
while len(list(gate.iterdir())) < int(sys.argv[5]):
    time.sleep(0.01)
with open_ledger(db, role) as ledger:
    if role.startswith("record"):
        for n in range(count):
            ledger.record("jobs", str(1000 + n), str(n), role, "2020-01-01")
    elif role.startswith("correct"):
        figure = Path(sys.argv[6]).read_text()
        for n in range(count):
            ledger.correct(figure, f"{role[-1]}{n}", f"2020-02-{n + 1:02d}", f"{role} {n}")
    elif role.startswith("import"):
        csv = Path(sys.argv[6])
        ledger.import_file(csv, "csv")
    else:  # a reader, until the writers are done
        while not (gate.parent / "done").exists():
            ledger.replay("jobs")
            time.sleep(0.005)
"""


def test_writers_of_every_kind_at_once_keep_one_whole_chain(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    with open_ledger(db, "setup", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        for source in ("record-a", "record-b", "record-c", "shared", "imported"):
            ledger.add_source(source, source)
        shared = ledger.record("jobs", "1999", "1", "shared", "2020-01-01")
    figure_file = tmp_path / "figure"
    figure_file.write_text(shared)
    csv = tmp_path / "figures.csv"
    csv.write_text("statistic,period,value,source,published\n" + "".join(
        f"jobs,{2000 + n},{n},imported,2020-01-01\n" for n in range(300)
    ))  # fmt: skip
    gate = tmp_path / "gate"
    gate.mkdir()
    roles = [("record-a", figure_file), ("record-b", figure_file), ("record-c", figure_file),
             ("correct-1", figure_file), ("correct-2", figure_file), ("import", csv),
             ("reader", figure_file)]  # fmt: skip
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), role, str(gate), "12", str(len(roles)),
             str(extra)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for role, extra in roles
    ]
    for process in processes[:-1]:
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    (tmp_path / "done").touch()
    _out, err = processes[-1].communicate(timeout=60)
    assert processes[-1].returncode == 0, err

    with open_ledger(str(db), "checker") as ledger:
        assert ledger.verify().whole, ledger.verify().problem
        rows = ledger.replay("jobs")
        assert len(rows) == 1 + 3 * 12 + 300
        corrections = [h for h in ledger.history("jobs", period="1999") if h.event == "corrected"]
        assert len(corrections) == 2 * 12
        position, _ = ledger.head()
        # The chain counts every event once; ids may skip (PostgreSQL's sequence
        # gives up the ids of saves that were rolled back and retried).
        with ledger.engines.reader.connect() as db:
            stored = db.execute(text("SELECT count(*) FROM recount_events")).scalar()
        assert position == stored
