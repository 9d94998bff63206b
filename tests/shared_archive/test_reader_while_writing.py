"""A reader in a loop while writers record: every read exits 0 with valid JSON."""

from __future__ import annotations

import json

import backends

from tests.shared_archive.archive_support import (
    SOURCES,
    assert_nothing_lost,
    figure_ids,
    finish,
    first_line,
    prepare,
    recount,
    start_writer,
)  # fmt: skip

PER_WRITER = 40


def test_reads_during_writes_always_answer(tmp_path):
    db = backends.new_db(tmp_path)
    prepare(db)
    writers = [start_writer(db, "record", source, str(PER_WRITER)) for source in SOURCES[:2]]
    reads = 0
    while any(writer.poll() is None for writer in writers) or reads < 2:
        for command in (("replay", "--json"), ("statistic", "list", "--json")):
            result = recount(db, *command)
            assert result.returncode == 0, (command, first_line(result.stderr))
            json.loads(result.stdout)
            reads += 1
    for code, _, err in (finish(writer) for writer in writers):
        assert code == 0, first_line(err)
    assert len(figure_ids(db)) == 2 * PER_WRITER
    assert_nothing_lost(db)
