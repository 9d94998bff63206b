"""Read, fold every vintage, write back, read again: the same value in every cell."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import InvalidInput
from ledger.files.vintages import (
    Vintage,
    VintageFile,
    read_alfred,
    read_bls_ces,
    read_rtdsm,
)
from ledger.files.vintages.export import (
    ces_column_label,
    fold_changes,
    rtdsm_row_label,
    write_alfred,
    write_bls_ces,
    write_rtdsm,
)

from .support import FIXTURES, real_file, vintage_values


def write_back(vintage_file: VintageFile, matrix) -> str:
    """The file written from ``matrix`` in the format ``vintage_file`` was read from."""
    out = io.StringIO()
    if vintage_file.format == "alfred":
        write_alfred(vintage_file.series, vintage_file.vintages, matrix, out)
    elif vintage_file.format == "rtdsm":
        write_rtdsm(vintage_file.series, vintage_file.vintages, matrix, out, vintage_file.frequency)
    else:
        write_bls_ces(vintage_file.vintages, matrix, out)
    return out.getvalue()


READERS_BY_FORMAT = {"alfred": read_alfred, "rtdsm": read_rtdsm, "bls-ces": read_bls_ces}


def assert_round_trip(path: Path, reader) -> str:
    """Read ``path``, fold, write, read again; both readings show the same values."""
    with path.open(newline="") as lines:
        original = reader(lines)
        vintages = original.vintages
        original_values = vintage_values(original.changes(), vintages)
        with path.open(newline="") as again:
            matrix = fold_changes(reader(again).changes(), vintages)

    written = write_back(original, matrix)
    reread = reader(io.StringIO(written, newline=""))
    assert reread.vintages == vintages
    assert reread.series == original.series
    assert reread.frequency == original.frequency
    assert vintage_values(reread.changes(), reread.vintages) == original_values
    return written


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("alfred_dropouts.csv", read_alfred),
        ("rtdsm_century.csv", read_rtdsm),
        ("ces_century.csv", read_bls_ces),
    ],
)
def test_fixtures_round_trip(name, reader):
    assert_round_trip(FIXTURES / name, reader)


@pytest.mark.parametrize(
    ("relative", "reader"),
    [
        ("alfred/GDPC1.csv", read_alfred),
        ("rtdsm/RUC_QvMd.csv", read_rtdsm),
        ("bls-ces/tri_000000_SA.csv", read_bls_ces),
    ],
)
def test_real_files_round_trip(relative, reader):
    assert_round_trip(real_file(relative), reader)


def test_the_written_files_have_the_source_shapes():
    with (FIXTURES / "rtdsm_century.csv").open(newline="") as lines:
        rtdsm = read_rtdsm(lines)
        written = write_back(rtdsm, fold_changes(rtdsm.changes(), rtdsm.vintages))
    assert written.splitlines() == [
        "DATE,NOUTPUT99Q3,NOUTPUT99Q4,NOUTPUT00Q1,NOUTPUT00Q2",
        "1999:Q2,9056.5,9060.1,9060.1,9056.5",
        "1999:Q3,#N/A,9100.0,9104.2,#N/A",
        "1999:Q4,#N/A,#N/A,9200.3,1009210.0",
    ]

    with (FIXTURES / "ces_century.csv").open(newline="") as lines:
        ces = read_bls_ces(lines)
        written = write_back(ces, fold_changes(ces.changes(), ces.vintages))
    assert written.splitlines() == [
        "year,month,Nov_99,Dec_99,Jan_00,Feb_00",
        "1999,12,130001,130100,,",
        "2000,1,130001,130150,130200,",
        "2000,2,130050,,130210,130300",
        "2000,3,130001,130150,130210,130310",
    ]

    with (FIXTURES / "alfred_dropouts.csv").open(newline="") as lines:
        alfred = read_alfred(lines)
        matrix = fold_changes(alfred.changes(), alfred.vintages)
    out = io.StringIO()
    # Rows empty in every vintage are written when asked for.
    write_alfred("GDPX", alfred.vintages, matrix, out, periods=["1999-Q2"])
    assert out.getvalue().splitlines() == [
        "observation_date,GDPX_19991001,GDPX_19991027,GDPX_19991028,GDPX_19991029,"
        "GDPX_20000131,GDPX_20000228",
        "1998-10-01,,100.5,,100.5,100.7,100.5",
        "1999-01-01,,101.0,,101.0,101.0,101.2",  # 101.00 was no change: 101.0 stays
        "1999-04-01,,,,,,",
        "1999-07-01,,,102.3,102.4,,102.4",
    ]


def test_labels_the_formats_cannot_hold_are_refused():
    with pytest.raises(InvalidInput, match="not a monthly period"):
        rtdsm_row_label("1947-Q1", "monthly")
    with pytest.raises(InvalidInput, match="not a month from 1939 to 2038"):
        ces_column_label("2039-01")
    with pytest.raises(InvalidInput, match="not a month"):
        ces_column_label("1999-Q1")
    assert ces_column_label("2038-12") == "Dec_38"


MONTHLY_PERIODS = [f"{year}-{month:02d}" for year in (1999, 2000) for month in range(1, 13)]
VALUE = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(MONTHLY_PERIODS), VALUE, max_size=8),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_monthly_vintages_round_trips_in_every_format(columns):
    """Whatever each vintage holds, each format writes it and reads it back."""
    vintage_dates = [date(2001 + index, 3, 15) for index in range(len(columns))]

    def matrix_for(labels):
        matrix: dict[str, dict[str, str]] = {}
        for label, column in zip(labels, columns, strict=True):
            for period, value in column.items():
                matrix.setdefault(period, {})[label] = str(value)
        return matrix

    for format_name in ("alfred", "rtdsm", "bls-ces"):
        if format_name == "alfred":
            labels = [f"X_{day:%Y%m%d}" for day in vintage_dates]
        elif format_name == "rtdsm":
            labels = [f"X{day:%y}M{day:%m}" for day in vintage_dates]
        else:
            labels = [f"{day:%Y-%m}" for day in vintage_dates]
        vintages = [Vintage(label, day) for label, day in zip(labels, vintage_dates, strict=True)]
        out = io.StringIO()
        matrix = matrix_for(labels)
        if format_name == "alfred":
            write_alfred("X", vintages, matrix, out, periods=MONTHLY_PERIODS)
        elif format_name == "rtdsm":
            write_rtdsm("X", vintages, matrix, out, "monthly")
        else:
            write_bls_ces(vintages, matrix, out)
        reread = READERS_BY_FORMAT[format_name](io.StringIO(out.getvalue(), newline=""))
        got = vintage_values(reread.changes(), reread.vintages)
        assert list(got.values()) == columns, format_name
