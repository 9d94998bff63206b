"""Malformed vintage files: refused with the line, the column and the bad text."""

from __future__ import annotations

import pytest

from ledger.errors import InvalidInput
from ledger.files.vintages import (
    VintageFileError,
    read_alfred,
    read_bls_ces,
    read_release_dates,
    read_rtdsm,
)


def refusal(reader, text: str) -> VintageFileError:
    """The error raised when opening and streaming ``text`` with ``reader``."""
    with pytest.raises(VintageFileError) as caught:
        list(reader(text.lstrip("\n").splitlines(keepends=True)).changes())
    assert isinstance(caught.value, InvalidInput)
    assert "\n" not in str(caught.value)
    return caught.value


ALFRED_GOOD_HEAD = "observation_date,S_20000101,S_20000201\n1960-01-01,1,2\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date_obs,S_20000101\n1960-01-01,1\n",
            "line 1, column 1: not an ALFRED header: first cell 'date_obs', "
            "want 'observation_date'",
        ),
        (
            "observation_date,S_20000101,S-20000201\n",
            "line 1, column 3: cannot read vintage 'S-20000201' (want SERIES_YYYYMMDD)",
        ),
        (
            "observation_date,S_20000101,S_20001301\n",
            "line 1, column 3: cannot read vintage 'S_20001301' (want SERIES_YYYYMMDD)",
        ),
        (
            "observation_date,S_20000101,T_20000201\n",
            "line 1, column 3: vintage 'T_20000201' is not of series 'S'",
        ),
        (
            "observation_date,S_20000201,S_20000101\n",
            "line 1, column 3: vintage 'S_20000101' (2000-01-01) is not after "
            "'S_20000201' (2000-02-01)",
        ),
        (
            "observation_date,S_20000101,S_20000101\n",
            "line 1, column 3: vintage 'S_20000101' (2000-01-01) is not after "
            "'S_20000101' (2000-01-01)",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-04-01,1,abc\n",
            "line 3, column 3: cannot read value 'abc'",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-04-01,1\n",
            "line 3, column 3: row '1960-04-01' has 2 cells, the header has 3",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-04-01,1,2,3\n",
            "line 3, column 4: row '1960-04-01' has 4 cells, the header has 3",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-04-01,1,2\n1960-05-01,1,2\n",
            "line 4, column 1: observation date '1960-05-01' does not start a quarterly period",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-04-01,1,2\n1960-04-01,1,2\n",
            "line 4, column 1: observation date '1960-04-01' is not after 1960-04-01",
        ),
        (
            ALFRED_GOOD_HEAD + "1960/04/01,1,2\n",
            "line 3, column 1: cannot read observation date '1960/04/01' (want YYYY-MM-DD)",
        ),
        (
            ALFRED_GOOD_HEAD + "1960-07-01,1,2\n",
            "line 3, column 1: cannot infer the frequency from the spacing of 1960-01-01 "
            "and '1960-07-01'; give the frequency",
        ),
    ],
)
def test_alfred_refusals(text, message):
    assert str(refusal(read_alfred, text)) == message


@pytest.mark.parametrize(
    "cell",
    ["abc", "1e5", "NaN", "Infinity", "1,05,6", "1 056", "0x10", "--1", "1.2.3", "12,3456"],
)
def test_only_plain_decimals_are_read(cell):
    error = refusal(read_rtdsm, f'DATE,X65Q4\n1947:01,"{cell}"\n')
    assert str(error) == f"line 2, column 2: cannot read value '{cell}'"
    assert (error.line, error.column) == (2, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date_x,RUC65Q4\n", "line 1, column 1: not an RTDSM header: first cell 'date_x'"),
        ("DATE,RUC65Q5\n", "line 1, column 2: cannot read vintage 'RUC65Q5'"),
        ("DATE,RUC65M13\n", "line 1, column 2: cannot read vintage 'RUC65M13'"),
        ("DATE,RUC65Q4,RUX66Q1\n", "line 1, column 3: vintage 'RUX66Q1' is not of prefix"),
        # 64 is 2064: far after 1999, so 99Q4 after it goes back in time.
        ("DATE,RUC64Q4,RUC99Q4\n", "line 1, column 3: vintage 'RUC99Q4' (1999-11-15) is not"),
        ("DATE,RUC65Q4\n1947Q1,1\n", "line 2, column 1: cannot read period '1947Q1'"),
        ("DATE,RUC65Q4\n1947:13,1\n", "line 2, column 1: cannot read period '1947:13'"),
        (
            "DATE,RUC65Q4\n1947:01,1\n1947:Q2,1\n",
            "line 3, column 1: period '1947:Q2' is not monthly like the first row",
        ),
        (
            "DATE,RUC65Q4\n1947:02,1\n1947:01,1\n",
            "line 3, column 1: period '1947:01' is not after 1947-02",
        ),
        ("DATE,RUC65Q4\n1947:01,#N/A,3\n", "line 2, column 3: row '1947:01' has 3 cells"),
    ],
)
def test_rtdsm_refusals(text, message):
    assert str(refusal(read_rtdsm, text)).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yr,month,Jan_39\n", "line 1, column 1: not a CES header: first cells 'yr,month'"),
        ("year,month,Jan_39,Fbr_39\n", "line 1, column 4: cannot read period 'Fbr_39'"),
        ("year,month,Feb_39,Jan_39\n", "line 1, column 4: period 'Jan_39' is not after 1939-02"),
        ("year,month,Jan_39\n03,5,1\n", "line 2, column 1: cannot read year '03'"),
        ("year,month,Jan_39\n2003,13,1\n", "line 2, column 2: cannot read month '13'"),
        (
            "year,month,Jan_39\n2003,5,1\n2003,4,1\n",
            "line 3, column 2: vintage '2003-04' (2003-05-02) is not after '2003-05' (2003-06-06)",
        ),
        ("year,month,Jan_39\n2003,5,1\n2003,6,x\n", "line 3, column 3: cannot read value 'x'"),
        ("year,month,Jan_39,Feb_39\n2003,5,1\n", "line 2, column 4: row '2003' has 3 cells"),
    ],
)
def test_ces_refusals(text, message):
    assert str(refusal(read_bls_ces, text)).startswith(message)


def test_an_error_in_a_later_row_comes_after_the_earlier_changes():
    lines = ["DATE,RUC65Q4\n", "1947:01,1\n", "1947:02,?\n"]
    changes = read_rtdsm(lines).changes()
    assert next(changes).text == "1"
    with pytest.raises(VintageFileError, match=r"^line 3, column 2: cannot read value '\?'$"):
        next(changes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label,date\n", "line 1, column 1: not a release-date header 'label,date'"),
        ("vintage,date\n2003-05,2003/06/06\n", "line 2, column 2: cannot read release date"),
        ("vintage,date\n2003-05,2003-06-31\n", "line 2, column 2: cannot read release date"),
        ("vintage,date\n2003-05\n", "line 2, column 2: row '2003-05' does not have 2 cells"),
        (
            "vintage,date\n2003-05,2003-06-06\n2003-05,2003-06-06\n",
            "line 3, column 1: vintage '2003-05' appears twice",
        ),
    ],
)
def test_release_date_refusals(text, message):
    with pytest.raises(VintageFileError) as caught:
        read_release_dates(text.splitlines(keepends=True))
    assert str(caught.value).startswith(message)
