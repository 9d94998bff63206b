"""``recount import`` of a vintage file checks that it fits the statistic first.

Every refusal is one line, exit 1, and leaves the database byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

from cli_support import stored

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
ALFRED = FIXTURES / "alfred_dropouts.csv"  # series GDPX, quarterly


def typed_in(recount, period: str) -> None:
    """A statistic holding one figure an archivist typed in."""
    recount.ok("statistic", "add", "gdp", "--name", "Real GDP", "--unit", "billions")
    recount.ok("source", "add", "bea", "--name", "Bureau of Economic Analysis")
    recount.ok("record", "gdp", "--period", period, "--value", "about 100", "--source", "bea",
               "--published", "1999-09-01")


def import_alfred(*extra: str) -> tuple[str, ...]:
    return ("import", str(ALFRED), "--format", "alfred", "--statistic", "gdp",
            "--source", "bea", *extra)


def test_a_file_is_refused_where_figures_of_another_origin_stand(recount):
    typed_in(recount, "1998-Q4")
    before = stored(recount.db)
    # Fail to pour the vintages over the typed-in figure: one line says why and what to do.
    line = recount.refused(*import_alfred())
    assert line == (
        "error: statistic 'gdp' already holds 1 figure that is not from series GDPX "
        "(e.g. 1998-Q4 by bea, hand-recorded); use --into-existing if this file is "
        "meant to revise them"
    )
    assert stored(recount.db) == before


def test_into_existing_says_the_file_is_meant_to_revise_them(recount):
    typed_in(recount, "1998-Q4")
    out = recount.ok(*import_alfred("--into-existing")).stdout
    assert out.startswith("imported 6 new of 6 vintages")


def test_a_file_of_another_frequency_is_refused_even_into_existing(recount):
    typed_in(recount, "1998")
    before = stored(recount.db)
    line = recount.refused(*import_alfred("--into-existing"))
    assert line == (
        "error: statistic 'gdp' holds annual periods (e.g. '1998') and the file quarterly "
        "ones: a statistic's periods are of one frequency"
    )
    assert stored(recount.db) == before


def test_another_series_is_refused_where_one_was_imported(recount, tmp_path):
    recount.ok(*import_alfred())
    other = tmp_path / "GDPY.csv"
    other.write_text(ALFRED.read_text().replace("GDPX_", "GDPY_"))
    before = stored(recount.db)
    line = recount.refused("import", str(other), "--format", "alfred", "--statistic", "gdp",
                           "--source", "bea")
    assert "not from series GDPY (e.g. 1998-Q4 by bea, from series GDPX)" in line
    assert stored(recount.db) == before


def test_re_importing_the_same_series_still_adds_nothing(recount):
    recount.ok(*import_alfred())
    assert recount.ok(*import_alfred()).stdout.startswith("imported 0 new of 6 vintages")


def test_into_existing_goes_with_vintage_formats_only(recount, tmp_path):
    native = tmp_path / "figures.csv"
    native.write_text("statistic,period,value,source,published\n")
    line = recount.refused("import", str(native), "--format", "csv", "--into-existing")
    assert "--into-existing go with vintage formats, not 'csv'" in line
