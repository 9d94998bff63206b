"""Dry runs and re-imports: an import says what it would write and writes nothing,
and a file imported again adds nothing, for every format."""

from __future__ import annotations

import json
from pathlib import Path

import backends
import pytest

from ledger.bootstrap import open_ledger
from tests.transfer.table_dump import dump

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
VINTAGE_CASES = [
    pytest.param(FIXTURES / "alfred_dropouts.csv", "alfred", None, id="alfred"),
    pytest.param(FIXTURES / "rtdsm_century.csv", "rtdsm", None, id="rtdsm"),
    pytest.param(FIXTURES / "ces_century.csv", "bls-ces", FIXTURES / "ces_release_dates.csv",
                 id="bls-ces"),
]
ROWS = [
    {"statistic": "jobs", "period": "2024-01", "value": "150", "source": "bls",
     "published": "2024-02-02"},
    {"statistic": "jobs", "period": "2024-01", "value": "about 152", "source": "bls",
     "published": "2024-03-08"},
    {"statistic": "jobs", "period": "2024-02", "value": "151", "source": "bls",
     "published": "2024-03-08"},
]


def native_file(tmp_path: Path, format: str, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / f"figures.{format}"
    if format == "csv":
        lines = [",".join(rows[0])] + [",".join(f'"{v}"' for v in row.values()) for row in rows]
    else:
        lines = [json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def file_bytes(db: str) -> dict[str, bytes]:
    """The database file and its write-ahead log, byte for byte (a server has no files)."""
    if backends.ON_POSTGRES:
        return {}
    path = Path(db)
    files = (path, path.with_name(path.name + "-wal"))
    return {f.name: f.read_bytes() for f in files if f.exists()}


@pytest.fixture
def db(ledger_db: str) -> str:
    path = ledger_db
    with open_ledger(path, by="tester", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    return path


def opened(db: str):
    return open_ledger(db, by="tester")


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_a_native_dry_run_says_what_it_would_add_and_revise_and_writes_nothing(
    db, tmp_path, format
):
    # A dry run of three rows: two slots, one of them revised in the file itself.
    path = native_file(tmp_path, format, ROWS)
    before, raw = dump(db), file_bytes(db)
    with opened(db) as ledger:
        report = ledger.import_file(path, format, dry_run=True)
    assert report.plan.counts() == {"add": 2, "revise": 1, "correct": 0, "retract": 0}
    assert [c.action for c in report.plan.changes] == ["add", "revise", "add"]
    assert report.plan.changes[1].text == "about 152"
    # Nothing was written: the database is byte-identical.
    assert file_bytes(db) == raw
    assert dump(db) == before
    # The real import then writes what the dry run said.
    with opened(db) as ledger:
        assert ledger.import_file(path, format).rows == 3


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_importing_a_native_file_again_adds_nothing(db, tmp_path, format):
    path = native_file(tmp_path, format, ROWS)
    with opened(db) as ledger:
        ledger.import_file(path, format)
    before = dump(db)
    # The second time every row is already recorded: skipped and counted unchanged.
    with opened(db) as ledger:
        again = ledger.import_file(path, format)
    assert (again.rows, again.unchanged) == (0, 3)
    assert dump(db) == before


def test_a_row_whose_value_really_changed_is_the_only_one_imported_again(db, tmp_path):
    with opened(db) as ledger:
        ledger.import_file(native_file(tmp_path, "csv", ROWS), "csv")
    changed = [*ROWS[:2], {**ROWS[2], "value": "153", "published": "2024-04-05"}]
    with opened(db) as ledger:
        # The dry run calls it a revision of the slot's figure...
        plan = ledger.import_file(native_file(tmp_path, "csv", changed), "csv", dry_run=True)
        assert [(c.action, c.period) for c in plan.plan.changes] == [("revise", "2024-02")]
        # ...and the import writes it, and it alone.
        report = ledger.import_file(native_file(tmp_path, "csv", changed), "csv")
        assert (report.rows, report.unchanged) == (1, 2)
        assert len(ledger.figures("jobs", "2024-02")) == 2


def test_a_dry_run_does_not_create_the_statistics_and_sources_it_would_create(db, tmp_path):
    rows = [{**ROWS[0], "statistic": "hours", "source": "census"}]
    before = dump(db)
    with opened(db) as ledger:
        report = ledger.import_file(native_file(tmp_path, "csv", rows), "csv",
                                    create_missing=True, dry_run=True)
        assert (report.created_statistics, report.created_sources) == (["hours"], ["census"])
        assert [s.code for s in ledger.statistics()] == ["jobs"]
    assert dump(db) == before


@pytest.mark.parametrize(("path", "format", "dates"), VINTAGE_CASES)
def test_a_vintage_dry_run_says_what_the_import_writes_and_writes_nothing(
    db, path, format, dates
):
    before, raw = dump(db), file_bytes(db)
    with opened(db) as ledger:
        dry = ledger.import_vintages(path, format, "series", "agency", release_dates=dates,
                                     dry_run=True)
    # Nothing was written, not even the statistic and the source it would create.
    assert file_bytes(db) == raw
    assert dump(db) == before
    assert dry.created_statistic and dry.created_source
    counts = dry.plan.counts()
    assert counts["add"] > 0 and counts["correct"] == 0
    # The real import writes exactly what the dry run counted.
    with opened(db) as ledger:
        real = ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    assert real.plan is None
    assert counts["add"] + counts["revise"] == real.figures == dry.figures
    assert counts["retract"] == real.retractions == dry.retractions
    assert real.vintages_new == dry.vintages_new


@pytest.mark.parametrize(("path", "format", "dates"), VINTAGE_CASES)
def test_a_dry_run_of_a_vintage_file_already_imported_would_write_nothing(
    db, path, format, dates
):
    with opened(db) as ledger:
        ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    before = dump(db)
    with opened(db) as ledger:
        dry = ledger.import_vintages(path, format, "series", "agency", release_dates=dates,
                                     dry_run=True)
        again = ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    assert dry.plan.changes == [] and dry.vintages_new == 0
    assert (again.vintages_new, again.events) == (0, 0)
    assert dump(db) == before


def test_recording_a_figure_the_ledger_holds_returns_it_and_writes_nothing(db):
    with opened(db) as ledger:
        first = ledger.record("jobs", "2024-01", "150", "bls", "2024-02-02")
        assert not first.already_recorded
    before = dump(db)
    with opened(db) as ledger:
        # The same publication: its id again, and nothing written.
        again = ledger.record("jobs", "2024-01", " 150 ", "bls", "2024-02-02")
        assert again == first and again.already_recorded
        # The same text published later, or with another status, is a figure of its own.
        assert not ledger.record("jobs", "2024-01", "150", "bls", "2024-02-03").already_recorded
        assert not ledger.record("jobs", "2024-01", "150", "bls", "2024-02-02",
                                 status="provisional").already_recorded
    assert dump(db) != before


def test_a_dry_run_says_which_revisions_overwrite_figures_of_another_origin(db, tmp_path):
    # An archivist recorded January by hand.
    with open_ledger(str(db), by="tester") as ledger:
        ledger.record("jobs", "2024-01", "149", "bls", "2024-02-02")
        # Dry-run a release's file whose January differs: it would revise a figure
        # that no release published.
        rows = [{**row, "release": "bls-2024-03"} for row in ROWS]
        report = ledger.import_file(native_file(tmp_path, "csv", rows), "csv", dry_run=True)
    others = report.plan.other_origins()
    assert [(c.period, c.other_origin) for c in others] == [("2024-01", "hand-recorded")]
    assert report.plan.warning() == (
        "would revise 1 figure of another origin, e.g. jobs 2024-01 by bls (hand-recorded)"
    )


def test_a_dry_run_of_a_file_revising_only_its_own_figures_warns_of_nothing(db, tmp_path):
    # Import the file, then dry-run a later file with the same rows revised in place.
    path = native_file(tmp_path, "csv", ROWS[:1])
    with open_ledger(str(db), by="tester") as ledger:
        ledger.import_file(path, "csv")
        later = native_file(tmp_path, "ndjson", [{**ROWS[0], "value": "155",
                                                 "published": "2024-04-05"}])
        report = ledger.import_file(later, "ndjson", dry_run=True)
    # Neither file names a release: a figure without one cannot be told from a
    # hand-recorded one, so nothing is flagged.
    assert report.plan.counts()["revise"] == 1
    assert report.plan.warning() is None
