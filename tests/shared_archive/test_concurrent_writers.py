"""Four processes writing one ledger at once: every write lands, nothing is lost.

On a shared archive several archivists record at the same moment; each process must
succeed (no "database is locked", no serialization error leaking out) and the read
models must end equal to the oracle's fold of the log.
"""

from __future__ import annotations

import json

import backends

from tests.shared_archive.archive_support import (
    SOURCES,
    STAT,
    assert_nothing_lost,
    finish,
    first_line,
    prepare,
    recount,
    start_writer,
)  # fmt: skip

PER_WRITER = 50


def test_four_processes_recording_fifty_figures_each_all_land(tmp_path):
    db = backends.new_db(tmp_path)
    prepare(db)
    writers = [start_writer(db, "record", source, str(PER_WRITER)) for source in SOURCES]
    results = [finish(writer) for writer in writers]
    for code, _, err in results:
        assert code == 0, first_line(err)
    ids = {line for _, out, _ in results for line in out.split()}
    assert len(ids) == len(SOURCES) * PER_WRITER
    replayed = recount(db, "replay", "--json", "--statistic", STAT)
    assert replayed.returncode == 0, first_line(replayed.stderr)
    assert {row["figure"] for row in json.loads(replayed.stdout)} == ids
    assert_nothing_lost(db)


def test_four_processes_correcting_one_figure_keep_every_correction(tmp_path):
    db = backends.new_db(tmp_path)
    prepare(db)
    made = recount(db, "record", STAT, "--period", "2020", "--value", "100", "--source",
                   "bls", "--published", "2021-01-10")  # fmt: skip
    assert made.returncode == 0, first_line(made.stderr)
    figure = made.stdout.split()[0]
    writers = [start_writer(db, "correct", f"{figure}:{n}", "8") for n in range(1, 5)]
    results = [finish(writer) for writer in writers]
    for code, _, err in results:
        assert code == 0, first_line(err)
    values = sorted(line for _, out, _ in results for line in out.split())
    assert len(values) == 32
    history = recount(db, "history", STAT, "--json")
    assert history.returncode == 0, first_line(history.stderr)
    corrected = sorted(
        entry["text"] for entry in json.loads(history.stdout)
        if entry["figure"] == figure and entry["event"] == "corrected"
    )  # fmt: skip
    assert corrected == values
    assert_nothing_lost(db)
