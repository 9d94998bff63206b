"""``recount import --format alfred|rtdsm|bls-ces`` and ``recount export``."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
ALFRED = FIXTURES / "alfred_dropouts.csv"


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def numerically_equal(a: list[list[str]], b: list[list[str]]) -> bool:
    def value(cell: str):
        cell = cell.strip().replace(",", "")
        return None if cell in ("", ".", "#N/A") else Decimal(cell)

    return len(a) == len(b) and all(
        [value(x) for x in row_a[1:]] == [value(y) for y in row_b[1:]] and row_a[0] == row_b[0]
        for row_a, row_b in zip(a, b, strict=True)
    )


def test_an_alfred_file_imports_once_and_exports_back(recount):
    # Import the vintages: the statistic and the source are created.
    out = recount.ok("import", str(ALFRED), "--format", "alfred",
                     "--statistic", "gdpx", "--source", "bea")
    assert "created statistic: gdpx" in out.stdout
    # Importing the same file again adds nothing.
    before = recount.events()
    again = recount.ok("import", str(ALFRED), "--format", "alfred",
                       "--statistic", "gdpx", "--source", "bea")
    assert "imported 0 new" in again.stdout
    assert recount.events() == before
    # The export in ALFRED's own format gives back every cell (rows empty in
    # every vintage are not written back).
    exported = cells(recount.ok("export", "--statistic", "gdpx", "--format", "alfred").stdout)
    original = [row for row in cells(ALFRED.read_text()) if any(c.strip() for c in row[1:])
                or row[0] == "observation_date"]
    assert exported[0] == original[0]
    assert numerically_equal(exported[1:], original[1:])


def test_a_vintage_file_needs_a_statistic_and_a_source(recount):
    message = recount.refused("import", str(ALFRED), "--format", "alfred")
    assert message == "error: a 'alfred' file needs --statistic CODE and --source ID"


def test_a_malformed_vintage_file_names_line_and_column_and_writes_nothing(recount, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("observation_date,GDPX_19991001,GDPX_19991027\n"
                   "1998-10-01,100.5,100.6\n1999-01-01,100.5,lots\n")
    before = recount.events()
    message = recount.refused("import", str(bad), "--format", "alfred",
                              "--statistic", "gdpx", "--source", "bea")
    assert message.startswith("error: line 3, column 3")
    assert "'lots'" in message
    assert recount.events() == before


def test_export_as_csv_gives_the_figures_as_of_a_date(recount):
    recount.ok("import", str(ALFRED), "--format", "alfred", "--statistic", "gdpx",
               "--source", "bea")
    rows = cells(recount.ok("export", "--statistic", "gdpx", "--format", "csv",
                            "--as-of", "1999-10-27").stdout)
    assert rows[0][:5] == ["statistic", "period", "value", "source", "published"]
    assert {(r[1], r[2]) for r in rows[1:]} == {("1998-Q4", "100.5"), ("1999-Q1", "101.0")}
