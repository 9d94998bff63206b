"""Fit checks: a vintage file goes only into a statistic it fits, or where it is meant to.

Each refusal is one line and leaves the database byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.errors import Conflict
from ledger.projections import queries
from ledger.service import Ledger
from ledger.transfer.fit import describe_origin, origin_of_slot, series_of_definition
from tests.transfer.table_dump import dump

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
ALFRED = FIXTURES / "alfred_dropouts.csv"  # series GDPX, quarterly, 1998-Q4 to 1999-Q4
CES = FIXTURES / "ces_century.csv"  # monthly, names no series


@pytest.fixture
def database(ledger_db: str, ledger: Ledger) -> str:
    return ledger_db


def hand_recorded(ledger: Ledger, period: str = "1998-Q4") -> None:
    """A statistic with a figure typed in by an archivist, from an article."""
    ledger.add_statistic("gdp", "Real GDP", "billions of dollars")
    ledger.add_source("bea", "Bureau of Economic Analysis")
    ledger.record("gdp", period, "about 100", "bea", "1999-09-01")


def renamed(series: str, tmp_path: Path) -> Path:
    """The fixture file with another series name in its header."""
    path = tmp_path / f"{series}.csv"
    path.write_text(ALFRED.read_text().replace("GDPX_", f"{series}_"))
    return path


def refused(ledger: Ledger, database: Path, *args, **kwargs) -> str:
    """Import, which must be refused in one line; nothing may change."""
    before = dump(database)
    with pytest.raises(Conflict) as refusal:
        ledger.import_vintages(*args, **kwargs)
    assert dump(database) == before
    message = str(refusal.value)
    assert "\n" not in message
    return message


def test_a_file_is_refused_where_hand_recorded_figures_stand(ledger, database):
    hand_recorded(ledger)
    # Fail to pour GDPX into a statistic holding a figure from an article.
    message = refused(ledger, database, ALFRED, "alfred", "gdp", "bea")
    assert message == (
        "statistic 'gdp' already holds 1 figure that is not from series GDPX "
        "(e.g. 1998-Q4 by bea, hand-recorded); use --into-existing if this file is "
        "meant to revise them"
    )


def test_into_existing_lets_the_file_revise_them(ledger):
    hand_recorded(ledger)
    report = ledger.import_vintages(ALFRED, "alfred", "gdp", "bea", into_existing=True)
    assert report.vintages_new == 6
    # The hand-recorded figure is now revised by the vintages.
    assert {f.text for f in ledger.figures("gdp", period="1998-Q4")} >= {"about 100", "100.5"}


def test_figures_of_another_source_count_as_well(ledger, database):
    hand_recorded(ledger)
    ledger.add_source("article", "A newspaper")
    ledger.record("gdp", "1999-Q1", "101", "article", "1999-09-02")
    message = refused(ledger, database, ALFRED, "alfred", "gdp", "bea")
    assert message.startswith("statistic 'gdp' already holds 2 figures that are not from")


def test_another_frequency_is_refused_even_into_existing(ledger, database):
    hand_recorded(ledger, period="1998")
    message = refused(ledger, database, ALFRED, "alfred", "gdp", "bea", into_existing=True)
    assert message == (
        "statistic 'gdp' holds annual periods (e.g. '1998') and the file quarterly ones: "
        "a statistic's periods are of one frequency"
    )


def test_a_monthly_file_does_not_go_into_a_quarterly_import(ledger, database):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    message = refused(ledger, database, CES, "bls-ces", "gdp", "bea")
    assert "holds quarterly periods (e.g. '1998-Q4') and the file monthly ones" in message


def test_another_series_is_refused_where_one_was_imported(ledger, database, tmp_path):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    message = refused(ledger, database, renamed("GDPY", tmp_path), "alfred", "gdp", "bea")
    assert "not from series GDPY (e.g. 1998-Q4 by bea, from series GDPX)" in message
    # From another source too: the figures are still another series'.
    message = refused(ledger, database, renamed("GDPY", tmp_path), "alfred", "gdp", "mirror")
    assert "not from series GDPY" in message
    # Said on purpose, it goes in.
    ledger.import_vintages(renamed("GDPY", tmp_path), "alfred", "gdp", "mirror",
                           into_existing=True)


def test_a_statistic_an_import_created_for_another_series_is_refused(ledger, database, tmp_path):
    # A download whose every cell is empty creates the statistic and no figure.
    empty = tmp_path / "empty.csv"
    empty.write_text("observation_date,GDPX_19991001\n1998-10-01,.\n1999-01-01,.\n")
    ledger.import_vintages(empty, "alfred", "gdp", "bea")
    assert series_of_definition(ledger.statistic("gdp").definition) == "GDPX"
    message = refused(ledger, database, renamed("GDPY", tmp_path), "alfred", "gdp", "bea")
    assert message == (
        "statistic 'gdp' was created by an import of series GDPX, not GDPY; "
        "use --into-existing if this file is meant to go into it"
    )


def test_the_same_series_from_another_source_fits(ledger):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    assert ledger.import_vintages(ALFRED, "alfred", "gdp", "mirror").vintages_new == 6


def test_a_statistic_defined_by_hand_without_figures_takes_any_file(ledger):
    ledger.add_statistic("gdp", "Real GDP", "billions of dollars")
    assert ledger.import_vintages(ALFRED, "alfred", "gdp", "bea").vintages_new == 6


def test_a_file_naming_no_series_fits_its_renamed_download(ledger, tmp_path):
    ledger.import_vintages(CES, "bls-ces", "jobs", "bls")
    copy = tmp_path / "downloaded_again.csv"
    copy.write_text(CES.read_text())
    assert ledger.import_vintages(copy, "bls-ces", "jobs", "bls").vintages_new == 0


def test_a_slots_origin_says_where_its_figure_came_from(ledger):
    hand_recorded(ledger)
    ledger.import_vintages(ALFRED, "alfred", "gdpx", "bea")
    with ledger.engines.reader.connect() as db:
        typed = queries.slot_origin(db, "gdp", "1998-Q4", "bea")
        imported = queries.slot_origin(db, "gdpx", "1998-Q4", "bea")
        empty = queries.slot_origin(db, "gdpx", "1998-Q4", "nobody")
        words = origin_of_slot(db, "gdpx", "1998-Q4", "bea")
    assert describe_origin(typed, "gdp") == "hand-recorded"
    assert describe_origin(imported, "gdpx") == words == "from series GDPX"
    assert (imported.text, imported.release) == ("100.5", "gdpx/GDPX_20000228")
    assert typed.text == "about 100" and typed.release is None
    assert empty is None
