"""A vintage import that refuses a value writes nothing, wherever the value is.

The read models fold the log only after the import's transaction commits, so a
value they cannot read, once committed, stops every later command (issue 15).
Each test builds a small file of one format with one bad cell, at the start,
in the middle, at a batch boundary or on the last row, and holds the whole
SQLite file (the log and every read-model table) byte-identical across the
refused import; the ledger must still answer afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.files.vintages import VintageFileError
from ledger.semantics.qualifiers import MAX_DIGITS, MAX_VALUE_LENGTH
from ledger.service import Ledger
from ledger.transfer import vintage_import
from ledger.write import event_writer as bulk
from tests.transfer.table_dump import dump

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"

#: Every value of a built file is a figure: ROWS x COLUMNS of them, in row-major order.
ROWS, COLUMNS = 4, 3

#: Where each format's first value cell is: (line, column) in the file.
FIRST_CELL = {"alfred": (2, 2), "rtdsm": (2, 2), "bls-ces": (2, 3)}

TWENTY_FIVE_DIGITS = "9" * (MAX_DIGITS + 1)
FIVE_THOUSAND_DIGITS = "9" * 5_000


def alfred(cells: list[list[str]]) -> str:
    months = range(1, len(cells[0]) + 1)
    header = ["observation_date"] + [f"BAD_2010{month:02d}01" for month in months]
    rows = [[f"2000-{3 * r + 1:02d}-01", *row] for r, row in enumerate(cells)]
    return lines(header, rows)


def rtdsm(cells: list[list[str]]) -> str:
    header = ["DATE"] + [f"BAD10Q{quarter}" for quarter in range(1, len(cells[0]) + 1)]
    rows = [[f"2000:Q{r + 1}", *row] for r, row in enumerate(cells)]
    return lines(header, rows)


def bls_ces(cells: list[list[str]]) -> str:
    header = ["year", "month"] + [f"{month}_00" for month in ("Jan", "Feb", "Mar")[: len(cells[0])]]
    rows = [["2010", str(r + 1), *row] for r, row in enumerate(cells)]
    return lines(header, rows)


BUILDERS: dict[str, Callable[[list[list[str]]], str]] = {
    "alfred": alfred,
    "rtdsm": rtdsm,
    "bls-ces": bls_ces,
}


def lines(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


def grid(bad: tuple[int, int] | None = None, text: str = "") -> list[list[str]]:
    """Distinct values (each one a figure), with ``text`` in the cell ``bad``."""
    cells = [[str(100 + 10 * r + c) for c in range(COLUMNS)] for r in range(ROWS)]
    if bad is not None:
        cells[bad[0]][bad[1]] = text
    return cells


@pytest.fixture
def database(ledger_db: str, ledger: Ledger) -> str:
    """Where the ledger is, holding one good import so that every table has rows."""
    ledger.import_vintages(FIXTURES / "alfred_dropouts.csv", "alfred", "gdp", "bea")
    return ledger_db


def assert_refused_and_untouched(
    ledger: Ledger, database: Path, path: Path, format: str, statistic: str = "bad"
) -> VintageFileError:
    """Import ``path``, which must be refused in one line; nothing may change."""
    before = dump(database)
    answers = (ledger.statistics(), ledger.replay())
    with pytest.raises(VintageFileError) as refused:
        ledger.import_vintages(path, format, statistic, "agency")
    message = str(refused.value)
    assert "\n" not in message and len(message) < 250, message
    assert dump(database) == before
    assert ledger.catch_up() == 0
    assert (ledger.statistics(), ledger.replay()) == answers
    return refused.value


# -- a value the ledger cannot read, anywhere in the file -------------------------

BAD_VALUES = [
    pytest.param(TWENTY_FIVE_DIGITS, f"a number has at most {MAX_DIGITS}", id="25-digits"),
    pytest.param(
        FIVE_THOUSAND_DIGITS,
        f"(5,000 characters): a value has at most {MAX_VALUE_LENGTH} characters",
        id="5000-digits",
    ),
    # The readers take '5.' for a number; `recount record` does not.
    pytest.param("5.", "cannot read value '5.'", id="trailing-point"),
]

#: (row, column) of the bad cell in the grid, and the batch size to import with.
POSITIONS = [
    pytest.param((0, 0), vintage_import.BATCH, id="start"),
    pytest.param((2, 0), vintage_import.BATCH, id="middle"),
    # With batches of 3, the writes before the bad cell are flushed exactly:
    # figures 1, 4, 7 and 10 end a batch, so (1, 1) and (3, 1) start one.
    pytest.param((1, 1), 3, id="batch-boundary"),
    pytest.param((ROWS - 1, COLUMNS - 1), vintage_import.BATCH, id="last-row"),
    pytest.param((ROWS - 1, 1), 3, id="last-row-batch-boundary"),
]


@pytest.mark.parametrize("format", list(BUILDERS))
@pytest.mark.parametrize(("bad_text", "reason"), BAD_VALUES)
@pytest.mark.parametrize(("cell", "batch"), POSITIONS)
def test_a_bad_value_is_refused_naming_its_cell_and_nothing_is_written(
    ledger, database, tmp_path, monkeypatch, format, bad_text, reason, cell, batch
):
    monkeypatch.setattr(vintage_import, "BATCH", batch)
    inserted = spy_on_inserts(monkeypatch)
    path = tmp_path / f"{format}.csv"
    path.write_text(BUILDERS[format](grid(cell, bad_text)))

    refused = assert_refused_and_untouched(ledger, database, path, format)

    first_line, first_column = FIRST_CELL[format]
    assert (refused.line, refused.column) == (first_line + cell[0], first_column + cell[1])
    assert "cannot read value '" + bad_text[:20] in str(refused)
    assert reason in str(refused)
    if batch == 3:  # every figure before the bad cell reached the table, then went back
        assert inserted.count(bulk.PUBLISHED_TOPIC) == cell[0] * COLUMNS + cell[1]
    assert_the_good_file_imports(ledger, path, format)


def assert_the_good_file_imports(ledger: Ledger, path: Path, format: str) -> None:
    """The same file with every cell good imports whole: only the bad cell was refused."""
    path.write_text(BUILDERS[format](grid()))
    report = ledger.import_vintages(path, format, "bad", "agency")
    assert report.figures == ROWS * COLUMNS
    periods = COLUMNS if format == "bls-ces" else ROWS  # CES: a row is a vintage
    assert len(ledger.replay("bad")) == periods


def spy_on_inserts(monkeypatch) -> list[str]:
    """The topics of the rows the import inserts (and its rollback takes back)."""
    topics: list[str] = []
    insert = bulk.EventWriter.insert

    def spied(self, connection, rows):
        topics.extend(row["topic"] for row in rows)
        return insert(self, connection, rows)

    monkeypatch.setattr(bulk.EventWriter, "insert", spied)
    return topics


def test_a_bad_value_in_a_new_vintage_of_a_known_series_writes_nothing(ledger, database, tmp_path):
    # The first two vintages are in the ledger; the third brings the bad cell.
    first = tmp_path / "first.csv"
    first.write_text(alfred([row[:2] for row in grid()]))
    ledger.import_vintages(first, "alfred", "bad", "agency")
    longer = tmp_path / "longer.csv"
    longer.write_text(alfred(grid((2, 2), TWENTY_FIVE_DIGITS)))

    refused = assert_refused_and_untouched(ledger, database, longer, "alfred")

    assert (refused.line, refused.column) == (4, 4)


# -- what the csv module or the calendar refuse -------------------------------------


@pytest.mark.parametrize("format", list(BUILDERS))
def test_a_cell_over_the_csv_field_limit_is_refused_naming_it(ledger, database, tmp_path, format):
    path = tmp_path / f"{format}.csv"
    path.write_text(BUILDERS[format](grid((1, 2), "9" * 200_000)))

    refused = assert_refused_and_untouched(ledger, database, path, format)

    first_line, first_column = FIRST_CELL[format]
    assert (refused.line, refused.column) == (first_line + 1, first_column + 2)
    assert "longer than the csv field limit of 131,072 characters" in str(refused)
    assert_the_good_file_imports(ledger, path, format)


def test_a_ces_row_of_year_0000_is_refused_naming_it(ledger, database, tmp_path):
    path = tmp_path / "ces.csv"
    path.write_text(bls_ces(grid()).replace("\n2010,3,", "\n0000,3,"))

    refused = assert_refused_and_untouched(ledger, database, path, "bls-ces")

    assert (refused.line, refused.column) == (4, 1)
    assert "cannot read year '0000'" in str(refused)


def test_a_ces_row_without_a_nominal_release_date_is_refused(ledger, database, tmp_path):
    path = tmp_path / "ces.csv"
    path.write_text("year,month,Jan_00\n9999,12,5\n")

    refused = assert_refused_and_untouched(ledger, database, path, "bls-ces")

    assert (refused.line, refused.column) == (2, 1)
    assert "9999-12 has no nominal release date" in str(refused)


def test_an_rtdsm_row_of_year_0000_is_refused_naming_it(ledger, database, tmp_path):
    path = tmp_path / "rtdsm.csv"
    path.write_text("DATE,BAD10Q1,BAD10Q2\n0000:Q1,1,2\n0000:Q2,3,4\n")

    refused = assert_refused_and_untouched(ledger, database, path, "rtdsm")

    assert (refused.line, refused.column) == (2, 1)
    assert "cannot read period '0000:Q1'" in str(refused)
