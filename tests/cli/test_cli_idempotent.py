"""Idempotent writes and dry runs through the CLI: the same figure is not recorded
twice, a file imported again adds nothing, and ``--dry-run`` writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PERIOD, REMOVALS, stored

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
VINTAGES = [
    pytest.param("alfred_dropouts.csv", "alfred", [], id="alfred"),
    pytest.param("rtdsm_century.csv", "rtdsm", [], id="rtdsm"),
    pytest.param("ces_century.csv", "bls-ces",
                 ["--release-dates", str(FIXTURES / "ces_release_dates.csv")], id="bls-ces"),
]
CSV = (
    "statistic,period,value,source,published\n"
    "jobs,2024-01,150,bls,2024-02-02\n"
    "jobs,2024-01,152,bls,2024-03-08\n"
    "jobs,2024-02,151,bls,2024-03-08\n"
)
NDJSON = "".join(
    json.dumps(dict(zip(("statistic", "period", "value", "source", "published"),
                        line.split(","), strict=True))) + "\n"
    for line in CSV.splitlines()[1:]
)


@pytest.fixture
def jobs(recount):
    recount.ok("statistic", "add", "jobs", "--name", "Payroll jobs", "--unit", "thousands")
    recount.ok("source", "add", "bls", "--name", "Bureau of Labor Statistics")
    return recount


def test_recording_the_same_figure_again_says_which_figure_it_is(recount, removals):
    before = stored(recount.db)
    # Morton's figure, typed again exactly as it was published.
    args = ("record", REMOVALS, "--period", PERIOD, "--value", "more than 59,000",
            "--source", "ice.morton", "--published", "2011-01-20")
    again = recount.ok(*args)
    assert again.stdout.strip() == removals["ice.morton"]
    assert f"already recorded as figure {removals['ice.morton'][:8]}" in again.stderr
    # --json says so with a key; nothing was written either time.
    assert json.loads(recount.ok(*args, "--json").stdout) == {
        "figure": removals["ice.morton"], "already_recorded": True}
    assert stored(recount.db) == before


def test_a_value_that_really_changed_is_still_a_revision(recount, removals):
    figure = recount.json("record", REMOVALS, "--period", PERIOD, "--value", "more than 60,000",
                          "--source", "ice.morton", "--published", "2011-03-01")
    assert figure["already_recorded"] is False
    assert figure["figure"] != removals["ice.morton"]


@pytest.mark.parametrize(("format", "text"), [("csv", CSV), ("ndjson", NDJSON)])
def test_importing_a_native_file_again_adds_nothing(jobs, tmp_path, format, text):
    path = tmp_path / f"jobs.{format}"
    path.write_text(text)
    assert "imported 3 rows" in jobs.ok("import", str(path), "--format", format).stdout
    before = stored(jobs.db)
    again = jobs.ok("import", str(path), "--format", format)
    assert again.stdout.startswith(f"imported 0 rows from {path}; 3 rows already recorded")
    assert stored(jobs.db) == before
    assert jobs.json("import", str(path), "--format", format)["unchanged"] == 3


@pytest.mark.parametrize(("name", "format", "extra"), VINTAGES)
def test_importing_a_vintage_file_again_adds_nothing(recount, name, format, extra):
    args = ("import", str(FIXTURES / name), "--format", format,
            "--statistic", "series", "--source", "agency", *extra)
    recount.ok(*args)
    before = stored(recount.db)
    assert "imported 0 new" in recount.ok(*args).stdout
    assert stored(recount.db) == before


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_a_native_dry_run_prints_what_it_would_write_and_writes_nothing(
    jobs, tmp_path, format
):
    path = tmp_path / f"jobs.{format}"
    path.write_text(CSV if format == "csv" else NDJSON)
    before = stored(jobs.db)
    out = jobs.ok("import", str(path), "--format", format, "--dry-run")
    assert out.stdout.splitlines() == [
        f"dry run of {path}: would add 2, revise 1, correct 0 and retract 0 figures; "
        "nothing was written"
    ]
    # --json gives the counts and each row it would write.
    planned = jobs.json("import", str(path), "--format", format, "--dry-run")
    assert (planned["dry_run"], planned["add"], planned["revise"]) == (True, 2, 1)
    assert [(c["action"], c["period"], c["text"]) for c in planned["changes"]] == [
        ("add", "2024-01", "150"), ("revise", "2024-01", "152"), ("add", "2024-02", "151")]
    assert stored(jobs.db) == before


def test_a_dry_run_names_what_it_would_create_and_creates_nothing(recount, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text(CSV)
    # A ledger that has neither the statistic nor the source the file names.
    recount.ok("statistic", "add", "other", "--name", "Other", "--unit", "people")
    before = stored(recount.db)
    out = recount.ok("import", str(path), "--format", "csv", "--create-missing", "--dry-run")
    assert "would create statistics: jobs" in out.stdout
    assert "would create sources: bls" in out.stdout
    assert stored(recount.db) == before


@pytest.mark.parametrize(("name", "format", "extra"), VINTAGES)
def test_a_vintage_dry_run_prints_what_it_would_write_and_writes_nothing(
    recount, name, format, extra
):
    recount.ok("statistic", "add", "other", "--name", "Other", "--unit", "people")
    before = stored(recount.db)
    args = ("import", str(FIXTURES / name), "--format", format,
            "--statistic", "series", "--source", "agency", *extra, "--dry-run")
    out = recount.ok(*args)
    assert out.stdout.startswith(f"dry run of {FIXTURES / name}: would add ")
    assert "would create statistic: series" in out.stdout
    planned = recount.json(*args)
    assert planned["dry_run"] is True
    assert planned["add"] + planned["revise"] == planned["figures"] > 0
    assert planned["retract"] == planned["retractions"]
    assert len(planned["changes"]) == planned["figures"] + planned["retractions"]
    assert stored(recount.db) == before
    # The real import then writes what the dry run counted.
    real = recount.json(*args[:-1])
    assert (real["figures"], real["retractions"]) == (planned["figures"], planned["retractions"])


def test_a_dry_run_warns_when_a_file_would_revise_hand_recorded_figures(jobs, tmp_path):
    # January was recorded by hand; a release's file would revise it.
    jobs.ok("record", "jobs", "--period", "2024-01", "--value", "149", "--source", "bls",
            "--published", "2024-02-02")
    path = tmp_path / "march.csv"
    path.write_text("statistic,period,value,source,published,release\n"
                    "jobs,2024-01,152,bls,2024-03-08,bls-2024-03\n")
    before = stored(jobs.db)
    run = jobs.ok("import", str(path), "--format", "csv", "--dry-run")
    # The dry run says so on stderr, in one line, and writes nothing.
    assert ("warning: would revise 1 figure of another origin, e.g. jobs 2024-01 by bls "
            "(hand-recorded)") in run.stderr.splitlines()
    assert stored(jobs.db) == before
