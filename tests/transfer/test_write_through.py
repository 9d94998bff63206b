"""An import hands its rows to the read models as it writes them (write-through).

The tables it builds are held equal to the log folded afresh by the
first-prints property test (tests/projections/test_first_prints.py, whose
histories import files); here: that the hand-over really happens, that what
it hands over is what reading the log gives, and that it steps aside, never
losing a row, when it cannot go on.
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest

import ledger.projections as projections
from ledger.projections import Projections
from ledger.projections.log import read_page
from ledger.projections.projector import PageProjector
from tests.projections.test_replay_properties import table_contents

HEADER = "statistic,period,value,source,published"
ROWS = [
    "jobs,2024-01,100,bls,2024-02-02",
    "jobs,2024-02,110,bls,2024-03-08",
    "jobs,2024-01,101,bls,2024-03-08",  # a revision within the file
    "jobs,2024-02,109,ons,2024-03-09",  # a second source: a discrepancy
    "pay,2024-Q1,7.5%,bls,2024-04-01",  # a statistic the import creates
]


def csv_file(tmp_path: Path, rows: list[str], name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def handed_over(monkeypatch) -> list:
    """Every page the write-through hands over, as handed."""
    pages = []
    original = Projections.fold_written

    def recording(self, db, page):
        pages.append(list(page))
        return original(self, db, page)

    monkeypatch.setattr(Projections, "fold_written", recording)
    return pages


def log_events(ledger, after: int) -> list:
    with ledger.engines.reader.connect() as db:
        return read_page(db, ledger.projections.events, after, 10_000)


def as_read(events) -> list[tuple]:
    return [(e.position, e.originator_id, e.version, e.kind, e.data, e.recorded) for e in events]


@pytest.mark.parametrize("page_size", [1, 2, 10_000])
def test_an_import_hands_over_exactly_what_reading_the_log_gives(
    catalogue, tmp_path, monkeypatch, page_size
):
    monkeypatch.setattr(projections, "PAGE_SIZE", page_size)
    before = catalogue.projections.log_position()
    pages = handed_over(monkeypatch)
    report = catalogue.import_file(csv_file(tmp_path, ROWS), "csv", create_missing=True)
    assert report.rows == len(ROWS)
    handed = [event for page in pages for event in page]
    # Five figures, and the statistic and the source the file needed, in log order.
    assert len(handed) == len(ROWS) + 2
    assert as_read(handed) == as_read(log_events(catalogue, before))
    assert all(len(page) <= page_size for page in pages)
    # Folded in the import's own transaction: nothing is left for a catch-up.
    assert catalogue.projections.position() == catalogue.projections.log_position()
    assert catalogue.catch_up() == 0


def test_the_tables_an_import_writes_through_are_those_of_a_rebuild(catalogue, tmp_path):
    catalogue.import_file(csv_file(tmp_path, ROWS), "csv", create_missing=True)
    live = table_contents(catalogue)
    assert len(catalogue.replay()) == 4  # the revised slot shows its latest figure
    catalogue.rebuild()
    assert table_contents(catalogue) == live


def test_a_page_that_does_not_fold_stops_the_hand_over_and_loses_nothing(
    catalogue, tmp_path, monkeypatch
):
    monkeypatch.setattr(projections, "PAGE_SIZE", 2)
    original = PageProjector.project
    calls = []

    def failing_once(self, page):
        calls.append(len(page))
        if len(calls) == 2:
            raise ValueError("not today")
        original(self, page)

    pages = handed_over(monkeypatch)
    with patch.object(PageProjector, "project", failing_once):
        report = catalogue.import_file(csv_file(tmp_path, ROWS), "csv", create_missing=True)
    assert report.rows == len(ROWS)
    # The second page failed under its savepoint; no page was handed over after it,
    # and the catch-up after the commit folded the rest from the log.
    assert len(pages) == 2
    assert catalogue.projections.halt() is None
    assert catalogue.projections.position() == catalogue.projections.log_position()
    live = table_contents(catalogue)
    catalogue.rebuild()
    assert table_contents(catalogue) == live


def test_a_page_that_does_not_follow_the_read_models_is_not_folded(catalogue, tmp_path):
    catalogue.import_file(csv_file(tmp_path, ROWS[:2]), "csv")
    position = catalogue.projections.position()
    events = log_events(catalogue, 0)
    with catalogue.engines.writer.begin() as db:
        # Already folded, so it does not follow the read models' position.
        assert not catalogue.projections.fold_written(db, events[-1:])
    assert catalogue.projections.position() == position


def test_a_file_that_repeats_a_row_writes_both_whatever_the_pages(
    catalogue, tmp_path, monkeypatch
):
    # The file's own rows are not "already recorded" by the rows before them, though
    # the read models fold those as the import goes: as when it caught up afterwards.
    monkeypatch.setattr(projections, "PAGE_SIZE", 1)
    path = csv_file(tmp_path, [ROWS[0], ROWS[1], ROWS[0]])
    assert catalogue.import_file(path, "csv").rows == 3
    again = catalogue.import_file(path, "csv")
    assert (again.rows, again.unchanged) == (0, 3)


def test_a_dry_run_hands_nothing_over(catalogue, tmp_path, monkeypatch):
    pages = handed_over(monkeypatch)
    position = catalogue.projections.position()
    report = catalogue.import_file(csv_file(tmp_path, ROWS), "csv", create_missing=True,
                                   dry_run=True)  # fmt: skip
    assert report.rows == len(ROWS)
    assert pages == []
    assert catalogue.projections.position() == position
