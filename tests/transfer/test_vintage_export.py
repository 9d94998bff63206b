"""Vintage export: the matrix rebuilt from the ledger gives back every cell; rows re-import."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import backends
import pytest
from test_vintage_import import (
    ALFRED,
    CES,
    CES_DATES,
    FIXTURE_CASES,
    RTDSM_MONTHLY,
    expected_vintages,
    replayed,
)

from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput, NotFound
from ledger.semantics import clock
from ledger.transfer.vintage_export import COLUMNS

IMPORTED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
CORRECTED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def exported(ledger, statistic: str, format: str, tmp_path: Path, **options) -> Path:
    out = io.StringIO()
    ledger.export(statistic, format, out, **options)
    path = tmp_path / f"exported_{format}.csv"
    path.write_text(out.getvalue())
    return path


@pytest.mark.parametrize(("path", "format", "dates"), FIXTURE_CASES)
def test_import_then_export_in_its_own_format_gives_back_every_cell(
    ledger, tmp_path, path, format, dates
):
    ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    written = exported(ledger, "series", format, tmp_path)
    # Same vintages (labels and dates), same periods, the same number in every cell;
    # a period empty in every vintage has no row.
    assert expected_vintages(written, format, dates) == expected_vintages(path, format, dates)


def test_the_export_writes_the_files_own_shape(ledger, tmp_path):
    ledger.import_vintages(RTDSM_MONTHLY, "rtdsm", "pcpi", "philfed")
    lines = exported(ledger, "pcpi", "rtdsm", tmp_path).read_text().splitlines()
    assert lines == [
        "DATE,PCPI98M11,PCPI98M12,PCPI99M01,PCPI99M02,PCPI99M03",
        "1998:09,1162.5,1162.5,1162.6,#N/A,1162.5",
        "1998:10,1163.0,#N/A,1163.0,#N/A,1163.1",
        "1998:11,#N/A,1164.2,1164.2,#N/A,#N/A",
    ]


def test_the_matrix_is_the_replay_of_each_vintage_at_any_known_at(ledger, tmp_path):
    with clock.frozen(IMPORTED):
        ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    with clock.frozen(CORRECTED):
        figure = ledger.figures("gdp", period="1999-Q3")[0]
        ledger.correct(figure.figure, "102.35", "1999-10-28", "misread")
    before = expected_vintages(ALFRED, "alfred")
    now = expected_vintages(exported(ledger, "gdp", "alfred", tmp_path), "alfred")
    then = expected_vintages(
        exported(ledger, "gdp", "alfred", tmp_path, known_at=IMPORTED), "alfred"
    )
    assert then == before
    assert now != before
    for label, day, values in now:
        assert values == replayed(ledger, "gdp", day), label
    assert now[2][2]["1999-Q3"] == Decimal("102.35")


def test_as_of_and_known_at_choose_the_vintages(ledger, tmp_path):
    with clock.frozen(IMPORTED):
        ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    some = expected_vintages(
        exported(ledger, "gdp", "alfred", tmp_path, as_of="1999-10-29"), "alfred"
    )
    assert [label for label, _, _ in some] == [
        "GDPX_19991001", "GDPX_19991027", "GDPX_19991028", "GDPX_19991029",
    ]  # fmt: skip
    # Known before the import, the statistic had no vintages: nothing to write, and it says so.
    out = io.StringIO()
    with pytest.raises(NotFound, match="no vintages from a vintage import known at 2024-02-29"):
        ledger.export("gdp", "alfred", out, known_at="2024-02-29T00:00:00Z")
    assert out.getvalue() == ""


def test_a_vintage_matrix_in_another_format(ledger, tmp_path):
    ledger.import_vintages(RTDSM_MONTHLY, "rtdsm", "pcpi", "philfed")
    written = exported(ledger, "pcpi", "alfred", tmp_path)
    assert written.read_text().splitlines()[0] == (
        "observation_date,PCPI_19981115,PCPI_19981215,PCPI_19990115,PCPI_19990215,PCPI_19990315"
    )
    again = expected_vintages(written, "alfred")
    original = expected_vintages(RTDSM_MONTHLY, "rtdsm")
    assert [(day, values) for _, day, values in again] == [
        (day, values) for _, day, values in original
    ]
    # CES rows as monthly RTDSM vintages, named by the month of their release.
    ledger.import_vintages(CES, "bls-ces", "jobs", "bls", release_dates=CES_DATES)
    header = exported(ledger, "jobs", "rtdsm", tmp_path, series="JOBS").read_text()
    assert header.splitlines()[0] == "DATE,JOBS00M01,JOBS00M02,JOBS00M03,JOBS00M04"


def test_a_matrix_the_format_cannot_hold_is_refused_and_nothing_written(ledger):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    out = io.StringIO()
    with pytest.raises(InvalidInput, match="would both be RTDSM vintage GDPX99M10"):
        ledger.export("gdp", "rtdsm", out)
    with pytest.raises(InvalidInput, match="is not a month"):
        ledger.export("gdp", "bls-ces", out)
    assert out.getvalue() == ""


def test_vintages_of_two_sources_need_a_choice(ledger, tmp_path):
    ledger.import_vintages(CES, "bls-ces", "jobs", "bls")
    ledger.import_vintages(CES, "bls-ces", "jobs", "mirror")
    with pytest.raises(InvalidInput, match="from the sources bls, mirror: choose one"):
        ledger.export("jobs", "bls-ces", io.StringIO())
    written = exported(ledger, "jobs", "bls-ces", tmp_path, source="mirror")
    assert expected_vintages(written, "bls-ces") == expected_vintages(CES, "bls-ces")


def test_unknown_formats_statistics_and_sources_are_refused(ledger):
    ledger.import_vintages(CES, "bls-ces", "jobs", "bls")
    with pytest.raises(InvalidInput, match="unknown export format 'xlsx'"):
        ledger.export("jobs", "xlsx", io.StringIO())
    with pytest.raises(NotFound, match="no statistic 'nope'"):
        ledger.export("nope", "alfred", io.StringIO())
    with pytest.raises(NotFound, match="no source 'nobody'"):
        ledger.export("jobs", "alfred", io.StringIO(), source="nobody")


# -- replay rows -----------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_replay_rows_import_again_as_they_are(ledger, tmp_path, format):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    ledger.add_source("press", "A newspaper", None, "media")
    ledger.record(
        "gdp", "1999-Q3", "about 102", "press", "2000-02-01", quote='"[b]x[/b]"', url="http://x/ü"
    )
    path = tmp_path / f"rows.{format}"
    with path.open("w", encoding="utf-8") as out:
        report = ledger.export("gdp", format, out, as_of="2000-02-15")
    assert report.values == 3  # bea's two (1999-Q3 was retracted), the press's one

    with open_ledger(backends.new_db(tmp_path, "other.db"), by="tester", create=True) as other:
        other.import_file(path, format, create_missing=True)
        theirs = other.replay("gdp", as_of="2000-02-15")
    ours = ledger.replay("gdp", as_of="2000-02-15")
    fields = ("period", "source", "value", "text", "qualifier", "tight", "wide", "published")
    assert [tuple(getattr(r, f) for f in fields) for r in theirs] == [
        tuple(getattr(r, f) for f in fields) for r in ours
    ]


def test_replay_rows_have_the_native_columns(ledger):
    ledger.import_vintages(RTDSM_MONTHLY, "rtdsm", "pcpi", "philfed")
    out = io.StringIO()
    ledger.export("pcpi", "csv", out, as_of="1999-01-31")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0] == {
        "statistic": "pcpi", "period": "1998-09", "value": "1162.6", "source": "philfed",
        "published": "1999-01-15", "status": "normal", "grain": "", "url": "", "quote": "",
        "note": "", "release": "pcpi/PCPI99M01",
    }  # fmt: skip
    out = io.StringIO()
    ledger.export("pcpi", "ndjson", out, as_of="1999-01-31", source="philfed")
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["value"] == "1162.6" and first["grain"] is None
