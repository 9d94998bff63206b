"""The vintage readers on small synthetic files: semantics, labels, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import InvalidInput
from ledger.files.vintages import (
    READERS,
    Change,
    Vintage,
    detect_format,
    read_alfred,
    read_bls_ces,
    read_release_dates,
    read_rtdsm,
    reader_for,
)

from .support import FIXTURES, vintage_values


def summary(changes) -> list[tuple[str, str, str, str | None, int, int]]:
    """Changes as (period, vintage label, kind, text, line, column) tuples."""
    return [(c.period, c.vintage.label, c.kind, c.text, c.line, c.column) for c in changes]


def text_lines(text: str) -> list[str]:
    return text.strip().splitlines(keepends=True)


# --- ALFRED -------------------------------------------------------------------


def test_alfred_dropouts_come_back_and_values_revert():
    with (FIXTURES / "alfred_dropouts.csv").open(newline="") as lines:
        vintage_file = read_alfred(lines)
        changes = list(vintage_file.changes())

    assert vintage_file.series == "GDPX"
    assert vintage_file.frequency == "quarterly"
    assert summary(changes) == [
        ("1998-Q4", "GDPX_19991027", "publish", "100.5", 2, 3),
        ("1998-Q4", "GDPX_19991028", "retract", None, 2, 4),
        ("1998-Q4", "GDPX_19991029", "publish", "100.5", 2, 5),  # comes back
        ("1998-Q4", "GDPX_20000131", "publish", "100.7", 2, 6),
        ("1998-Q4", "GDPX_20000228", "publish", "100.5", 2, 7),  # reverts
        ("1999-Q1", "GDPX_19991027", "publish", "101.0", 3, 3),
        ("1999-Q1", "GDPX_19991028", "retract", None, 3, 4),
        ("1999-Q1", "GDPX_19991029", "publish", "101.0", 3, 5),
        # 101.00 in GDPX_20000131 equals 101.0: nothing
        ("1999-Q1", "GDPX_20000228", "publish", "101.2", 3, 7),
        # 1999-Q2 is empty in every vintage: nothing
        ("1999-Q3", "GDPX_19991028", "publish", "102.3", 5, 4),
        ("1999-Q3", "GDPX_19991029", "publish", "102.4", 5, 5),
        ("1999-Q3", "GDPX_20000131", "retract", None, 5, 6),  # '.' is absent
        ("1999-Q3", "GDPX_20000228", "publish", "102.4", 5, 7),
    ]


def test_alfred_keeps_a_vintage_empty_in_every_row():
    with (FIXTURES / "alfred_dropouts.csv").open(newline="") as lines:
        vintage_file = read_alfred(lines)
        values = vintage_values(vintage_file.changes(), vintage_file.vintages)

    assert vintage_file.vintages[0] == Vintage("GDPX_19991001", date(1999, 10, 1))
    assert len(vintage_file.vintages) == 6
    assert values["GDPX_19991001"] == {}
    assert values["GDPX_19991028"] == {"1999-Q3": Decimal("102.3")}
    assert values["GDPX_20000131"] == {"1998-Q4": Decimal("100.7"), "1999-Q1": Decimal("101")}


@pytest.mark.parametrize(
    ("first", "second", "frequency", "label"),
    [
        ("1960-01-01", "1960-02-01", "monthly", "1960-01"),
        ("1960-01-01", "1960-04-01", "quarterly", "1960-Q1"),
        ("1960-01-01", "1961-01-01", "annual", "1960"),
        ("1960-01-04", "1960-01-11", "weekly", "1960-01-04"),
        ("1960-01-01", "1960-01-04", "daily", "1960-01-01"),
    ],
)
def test_alfred_frequency_follows_the_spacing_of_observation_dates(first, second, frequency, label):
    vintage_file = read_alfred(["observation_date,S_20000101\n", f"{first},1\n", f"{second},2\n"])
    assert vintage_file.frequency == frequency
    assert next(vintage_file.changes()).period == label


def test_alfred_frequency_can_be_given_for_a_single_row():
    lines = ["observation_date,S_20000101\n", "1960-04-01,1\n"]
    with pytest.raises(InvalidInput, match=r"^line 2, column 1: cannot infer the frequency"):
        read_alfred(lines)
    vintage_file = read_alfred(lines, frequency="quarterly")
    assert [c.period for c in vintage_file.changes()] == ["1960-Q2"]


def test_alfred_release_dates_override_the_header():
    vintage_file = read_alfred(
        ["observation_date,S_20000101,S_20000201\n", "1960-01-01,1,2\n", "1960-04-01,1,2\n"],
        release_dates={"S_20000201": date(2000, 2, 3)},
    )
    assert [v.published for v in vintage_file.vintages] == [date(2000, 1, 1), date(2000, 2, 3)]


def test_alfred_empty_file_body_has_vintages_but_no_changes():
    vintage_file = read_alfred(["observation_date,S_20000101,S_20000201\n"])
    assert vintage_file.frequency is None
    assert len(vintage_file.vintages) == 2
    assert list(vintage_file.changes()) == []


# --- RTDSM --------------------------------------------------------------------


def test_rtdsm_quoted_thousands_trailing_spaces_na_and_the_century():
    with (FIXTURES / "rtdsm_century.csv").open(newline="") as lines:
        vintage_file = read_rtdsm(lines)
        changes = list(vintage_file.changes())

    assert vintage_file.series == "NOUTPUT"
    assert vintage_file.frequency == "quarterly"
    assert vintage_file.vintages == [
        Vintage("NOUTPUT99Q3", date(1999, 8, 15)),
        Vintage("NOUTPUT99Q4", date(1999, 11, 15)),
        Vintage("NOUTPUT00Q1", date(2000, 2, 15)),
        Vintage("NOUTPUT00Q2", date(2000, 5, 15)),
    ]
    assert summary(changes) == [
        ("1999-Q2", "NOUTPUT99Q3", "publish", "9056.5", 2, 2),
        ("1999-Q2", "NOUTPUT99Q4", "publish", "9060.1", 2, 3),
        ("1999-Q2", "NOUTPUT00Q2", "publish", "9056.5", 2, 5),  # reverts
        ("1999-Q3", "NOUTPUT99Q4", "publish", "9100.0", 3, 3),
        ("1999-Q3", "NOUTPUT00Q1", "publish", "9104.2", 3, 4),
        ("1999-Q3", "NOUTPUT00Q2", "retract", None, 3, 5),  # #N/A after a value
        ("1999-Q4", "NOUTPUT00Q1", "publish", "9200.3", 4, 4),
        ("1999-Q4", "NOUTPUT00Q2", "publish", "1009210.0", 4, 5),
    ]
    assert changes[-1].number == Decimal("1009210.0")


@pytest.mark.parametrize(
    ("label", "published"),
    [
        ("X65Q4", date(1965, 11, 15)),
        ("X64Q1", date(2064, 2, 15)),
        ("X99M12", date(1999, 12, 15)),
        ("X00M01", date(2000, 1, 15)),
        ("X24Q2", date(2024, 5, 15)),
        ("X24Q3", date(2024, 8, 15)),
    ],
)
def test_rtdsm_two_digit_vintage_years_pivot_at_65(label, published):
    vintage_file = read_rtdsm([f"DATE,{label}\n", "1947:01,1\n"])
    assert vintage_file.vintages == [Vintage(label, published)]
    assert vintage_file.frequency == "monthly"
    assert [c.period for c in vintage_file.changes()] == ["1947-01"]


# --- BLS CES ------------------------------------------------------------------


def test_ces_rows_are_vintages_and_columns_cross_the_century():
    with (FIXTURES / "ces_century.csv").open(newline="") as lines:
        vintage_file = read_bls_ces(lines)
        changes = list(vintage_file.changes())

    assert vintage_file.series is None
    assert vintage_file.frequency == "monthly"
    assert vintage_file.periods == ["1999-11", "1999-12", "2000-01", "2000-02"]
    assert vintage_file.vintages == [  # nominal: first Friday of the following month
        Vintage("1999-12", date(2000, 1, 7)),
        Vintage("2000-01", date(2000, 2, 4)),
        Vintage("2000-02", date(2000, 3, 3)),
        Vintage("2000-03", date(2000, 4, 7)),
    ]
    by_period = sorted(summary(changes), key=lambda row: (row[0], row[1]))
    assert by_period == [
        ("1999-11", "1999-12", "publish", "130001", 2, 3),  # "130,001": same as 130001 next
        ("1999-11", "2000-02", "publish", "130050", 4, 3),
        ("1999-11", "2000-03", "publish", "130001", 5, 3),  # reverts
        ("1999-12", "1999-12", "publish", "130100", 2, 4),
        ("1999-12", "2000-01", "publish", "130150", 3, 4),
        ("1999-12", "2000-02", "retract", None, 4, 4),
        ("1999-12", "2000-03", "publish", "130150", 5, 4),  # comes back
        ("2000-01", "2000-01", "publish", "130200", 3, 5),
        ("2000-01", "2000-02", "publish", "130210", 4, 5),
        ("2000-02", "2000-02", "publish", "130300", 4, 6),
        ("2000-02", "2000-03", "publish", "130310", 5, 6),
    ]


def test_ces_release_dates_from_a_table_else_the_first_friday():
    with (FIXTURES / "ces_release_dates.csv").open(newline="") as lines:
        release_dates = read_release_dates(lines)
    assert release_dates["2000-02"] == date(2000, 3, 10)
    with (FIXTURES / "ces_century.csv").open(newline="") as lines:
        vintage_file = read_bls_ces(lines, release_dates)
        published = {c.vintage.label: c.vintage.published for c in vintage_file.changes()}
    assert published == {
        "1999-12": date(2000, 1, 7),
        "2000-01": date(2000, 2, 4),
        "2000-02": date(2000, 3, 10),  # from the table, not the nominal 2000-03-03
        "2000-03": date(2000, 4, 7),  # not in the table: nominal
    }


def test_ces_two_digit_period_years_pivot_at_39():
    vintage_file = read_bls_ces(["year,month,Dec_39,Jan_00,Dec_38\n", "2039,1,1,2,3\n"])
    assert vintage_file.periods == ["1939-12", "2000-01", "2038-12"]
    assert vintage_file.vintages == [Vintage("2039-01", date(2039, 2, 4))]


def test_ces_from_a_one_shot_iterator_knows_its_vintages_after_streaming():
    lines = iter((FIXTURES / "ces_century.csv").read_text().splitlines(keepends=True))
    vintage_file = read_bls_ces(lines)
    with pytest.raises(RuntimeError, match="vintages are its rows"):
        _ = vintage_file.vintages
    assert len(list(vintage_file.changes())) == 11
    assert [v.label for v in vintage_file.vintages] == ["1999-12", "2000-01", "2000-02", "2000-03"]
    with pytest.raises(RuntimeError, match="one-shot iterator"):
        list(vintage_file.changes())


# --- inputs, dispatch ---------------------------------------------------------


@pytest.mark.parametrize("name", ["alfred_dropouts.csv", "rtdsm_century.csv", "ces_century.csv"])
def test_changes_can_be_streamed_again_from_a_file_or_a_list(name):
    path = FIXTURES / name
    reader = READERS[detect_format(path.read_text().splitlines()[0])]
    with path.open(newline="") as lines:
        from_file = reader(lines)
        first, second = list(from_file.changes()), list(from_file.changes())
    from_list = reader(path.read_text().splitlines(keepends=True))
    assert first == second == list(from_list.changes()) == list(from_list.changes())
    assert all(isinstance(change, Change) for change in first)


def test_a_single_string_is_refused_as_lines():
    with pytest.raises(TypeError, match="lines of text"):
        read_alfred("observation_date,S_20000101\n")


def test_reader_for_names_the_known_formats():
    assert reader_for("RTDSM") is read_rtdsm
    with pytest.raises(InvalidInput, match="known: alfred, rtdsm, bls-ces"):
        reader_for("fred")


def test_detect_format_reads_the_header():
    assert detect_format("observation_date,GDPC1_19911204") == "alfred"
    assert detect_format("\ufeffDATE,RUC65Q4,RUC66Q1\n") == "rtdsm"
    assert detect_format("year,month,Jan_39") == "bls-ces"
    with pytest.raises(InvalidInput, match="cannot tell the vintage format"):
        detect_format("period,value")


def test_streaming_reads_lines_only_as_changes_are_asked_for():
    consumed = []

    def lines():
        yield "observation_date,S_20000101,S_20000201\n"
        for year in range(1960, 2960):
            consumed.append(year)
            yield f"{year}-01-01,1,2\n"

    vintage_file = read_alfred(lines())
    changes = vintage_file.changes()
    assert next(changes).period == "1960"
    assert len(consumed) == 2  # the header plus two rows peeked for the frequency
    assert sum(1 for _ in changes) == 1999


@pytest.mark.parametrize(
    ("text", "reader"),
    [
        ("observation_date,S_20000101\n1960-01-01,1\n1960-02-01,1\n", read_alfred),
        ("observation_date,S_20000101\n1960-01-01,1\n1961-01-01,1\n", read_alfred),
        ("observation_date,S_20000101\n1960-01-04,1\n1960-01-11,1\n", read_alfred),
        ((FIXTURES / "alfred_dropouts.csv").read_text(), read_alfred),
        ((FIXTURES / "rtdsm_century.csv").read_text(), read_rtdsm),
        ("DATE,X65Q4\n1947:12,1\n1948:01,2\n", read_rtdsm),
        ((FIXTURES / "ces_century.csv").read_text(), read_bls_ces),
    ],
)
def test_period_labels_are_the_ledgers_canonical_labels(text, reader):
    from ledger.semantics.periods import parse_period

    periods = {change.period for change in reader(text.splitlines(keepends=True)).changes()}
    assert periods
    assert {str(parse_period(period)) for period in periods} == periods
