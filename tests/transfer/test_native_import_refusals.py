"""Issue 15: what the native import and ``record`` must refuse, in one line, writing nothing.

Each case once escaped as an unexpected exception or was silently accepted in a
changed form. A refusal must name the row and the bad value (escaped, and cut
short when long), and leave every table byte for byte as it was, wherever in
the file, and on whichever side of a batch, the bad row lies.
"""

from __future__ import annotations

import json
from pathlib import Path

import backends
import pytest

from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput
from ledger.semantics.checks import check_grain
from ledger.transfer import native_import as importing
from tests.transfer.table_dump import dump

HEADER = "statistic,period,value,source,published"
GOOD = {"statistic": "jobs", "period": "2020-04", "value": "131045", "source": "bls",
        "published": "2020-05-08"}  # fmt: skip
LONG_NUMBER = "1234567890" * 500  # 5,000 digits: over Python's int-parsing limit of 4,300


def ndjson(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "figures.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(**changes) -> str:
    """One NDJSON line: the good figure with some fields changed (None writes null)."""
    return json.dumps({**GOOD, **changes})


def refusal(ledger, path: Path, format: str = "ndjson") -> str:
    """Import a file that must be refused; returns the one-line message."""
    with pytest.raises(InvalidInput) as refused:
        ledger.import_file(path, format)
    message = str(refused.value)
    assert "\n" not in message and "\r" not in message
    assert len(message) < 300, message[:300]
    message.encode("utf-8")  # printable on any UTF-8 terminal: no lone surrogates
    return message


# -- NDJSON: numbers, surrogates and nesting that Python's json cannot take ----------


@pytest.mark.parametrize("digits", [5_000, 10**6], ids=["5000-digits", "10^6-digits"])
def test_a_json_number_too_long_for_python_is_refused_naming_the_row(catalogue, tmp_path, digits):
    number = ("1234567890" * (digits // 10 + 1))[:digits]
    path = ndjson(
        tmp_path,
        record(),
        f'{{"statistic": "jobs", "period": "2020-05", '
        f'"value": {number}, "source": "bls", "published": "2020-06-05"}}',
    )
    message = refusal(catalogue, path)
    assert message.startswith("row 2: ")
    assert "1234567890" in message  # the value, cut short


def test_a_lone_surrogate_is_refused_at_reading_naming_field_and_row(catalogue, tmp_path):
    line = record()[:-1] + ', "quote": "said \\ud800 so"}'
    message = refusal(catalogue, ndjson(tmp_path, line))
    assert message.startswith("row 1: ")
    assert "quote" in message
    assert "\\ud800" in message  # shown escaped, not as the raw code point


def test_a_nul_escape_is_refused_at_reading_naming_field_and_row(catalogue, tmp_path):
    # Valid JSON, and text to Python, but PostgreSQL cannot store it: once stored, it
    # halted a PostgreSQL ledger's read models.
    before = dump(catalogue.where.url)
    line = record()[:-1] + ', "note": "a\\u0000b"}'
    message = refusal(catalogue, ndjson(tmp_path, record(period="2020-05"), line))
    assert message == "row 2: field 'note' holds a NUL character (U+0000), which no ledger " \
        "can store: 'a\\x00b'"
    assert dump(catalogue.where.url) == before


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_a_nul_character_in_a_file_is_refused_naming_its_line(catalogue, tmp_path, format):
    before = dump(catalogue.where.url)
    path = tmp_path / f"figures.{format}"
    good = [HEADER, "jobs,2020-04,1,bls,2020-05-08"] if format == "csv" else [record()]
    bad = "jobs,2020-05,2,bls,2020-06-05\x00" if format == "csv" else record()[:-1] + "\x00}"
    path.write_text("\n".join([*good, bad, *good[-1:]]) + "\n", encoding="utf-8")
    message = refusal(catalogue, path, format)
    assert message.endswith(
        f"file '{path}' holds a NUL character on line {len(good) + 1}, which no ledger can store"
    ), message
    assert dump(catalogue.where.url) == before


def test_a_lone_surrogate_in_a_field_name_is_shown_escaped(catalogue, tmp_path):
    line = record()[:-1] + ', "\\udc00": "x"}'
    message = refusal(catalogue, ndjson(tmp_path, line))
    assert message.startswith("row 1: ") and "\\udc00" in message


def test_a_line_nested_too_deeply_is_refused_in_one_line(catalogue, tmp_path):
    message = refusal(catalogue, ndjson(tmp_path, record(), "[" * 100_000))
    assert message.startswith("row 2: ")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_the_non_json_constants_python_accepts_are_refused(catalogue, tmp_path, constant):
    line = record(value="@").replace('"@"', constant)
    message = refusal(catalogue, ndjson(tmp_path, line))
    assert message.startswith("row 1: ") and constant in message


# -- NDJSON: a value of another JSON type where text is expected ---------------------


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("url", False, "boolean"),
        ("note", {"x": [1, 2]}, "object"),
        ("quote", [1], "array"),
        ("url", 5, "number"),
        ("release", 1.5, "number"),
        ("statistic", 7, "number"),
        ("period", 2020, "number"),
        ("published", 20200508, "number"),
        ("status", True, "boolean"),
        ("value", True, "boolean"),
        ("value", [59000], "array"),
        ("value", {"n": 1}, "object"),
        ("grain", False, "boolean"),
        ("grain", [1000], "array"),
    ],
)
def test_a_non_string_value_where_text_is_expected_is_refused(
    catalogue, tmp_path, field, value, kind
):
    message = refusal(catalogue, ndjson(tmp_path, record(), record(**{field: value})))
    assert message.startswith("row 2: ")
    assert f"'{field}'" in message and kind in message
    assert catalogue.replay("jobs") == []


@pytest.mark.parametrize(
    ("literal", "stored"),
    [("59000", "59000"), ("1.50", "1.50"), ("-0", "-0"), ("131045.0", "131045.0")],
)
def test_a_json_number_value_is_stored_as_written(catalogue, tmp_path, literal, stored):
    line = record(value="@").replace('"@"', literal)
    assert catalogue.import_file(ndjson(tmp_path, line), "ndjson").rows == 1
    assert [r.text for r in catalogue.replay("jobs")] == [stored]


def test_a_json_number_grain_is_read_like_its_text(catalogue, tmp_path):
    line = record(value="59,000", grain="@").replace('"@"', "1000")
    catalogue.import_file(ndjson(tmp_path, line), "ndjson")
    assert [str(r.grain) for r in catalogue.replay("jobs")] == ["1000"]


def test_null_means_absent_for_an_optional_field(catalogue, tmp_path):
    line = record(note=None, url=None, grain=None, status=None, release=None, quote=None)
    assert catalogue.import_file(ndjson(tmp_path, line), "ndjson").rows == 1
    [row] = catalogue.replay("jobs")
    assert row.status == "normal"


def test_null_for_a_required_field_is_refused_as_missing(catalogue, tmp_path):
    message = refusal(catalogue, ndjson(tmp_path, record(value=None)))
    assert message == "row 1: missing value"


def test_a_field_given_twice_in_one_object_is_refused(catalogue, tmp_path):
    line = record()[:-1] + ', "value": "1"}'
    message = refusal(catalogue, ndjson(tmp_path, line))
    assert message.startswith("row 1: ") and "'value'" in message and "twice" in message


# -- grains and CSV headers ----------------------------------------------------------


@pytest.mark.parametrize(
    "grain", ["1,,000", "1,00", "10,00,000", ",1000", "1000,", "1,000,", "1_000", "1,0000",
              "0.5,0", "١٠٠٠", "1 000", "", "NaN"],
)  # fmt: skip
def test_a_malformed_grain_is_refused_naming_it(grain):
    with pytest.raises(InvalidInput) as refused:
        check_grain(grain)
    assert repr(grain) in str(refused.value)


@pytest.mark.parametrize(
    ("grain", "stored"),
    [("1,000", "1000"), (" 1,000 ", "1000"), ("1000", "1000"), ("0.5", "0.5"),
     ("1,000,000", "1000000"), ("12,345.5", "12345.5"), ("100000", "100000")],
)  # fmt: skip
def test_a_plain_or_properly_grouped_grain_is_accepted(grain, stored):
    assert check_grain(grain) == stored


def test_a_non_positive_grain_is_still_refused_naming_it():
    with pytest.raises(InvalidInput, match="grain '-5'"):
        check_grain("-5")


def test_a_grain_of_thousands_of_digits_is_refused_cut_short(catalogue, tmp_path):
    line = record(grain="@").replace('"@"', LONG_NUMBER)
    message = refusal(catalogue, ndjson(tmp_path, line))
    assert message.startswith("row 1: grain '1234567890") and "5,000 characters" in message


def test_a_malformed_grain_in_a_csv_row_is_refused(catalogue, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(f'{HEADER},grain\njobs,2020-04,"59,000",bls,2020-05-08,"1,,000"\n')
    message = refusal(catalogue, path, "csv")
    assert message.startswith("row 1: ") and "'1,,000'" in message


@pytest.mark.parametrize(
    "header",
    [HEADER + ",value", HEADER + ",note,note", "value," + HEADER],
)
def test_a_csv_header_with_a_column_twice_is_refused_naming_it(catalogue, tmp_path, header):
    cells = len(header.split(","))
    path = tmp_path / "figures.csv"
    path.write_text(header + "\n" + ",".join(["x"] * cells) + "\n")
    message = refusal(catalogue, path, "csv")
    twice = next(c for c in header.split(",") if header.split(",").count(c) > 1)
    assert f"'{twice}'" in message and "twice" in message


# -- nothing written, wherever the bad row lies ----------------------------------------

ROWS = 10
SMALL_BATCH = 3
POSITIONS = {
    "first": 1,
    "middle": 5,
    "last-of-a-batch": SMALL_BATCH,
    "first-after-a-batch": SMALL_BATCH + 1,
    "last": ROWS,
}
BAD_NDJSON = {
    "long-number": record(value="@").replace('"@"', LONG_NUMBER),
    "surrogate": record()[:-1] + ', "note": "\\udfff"}',
    "nesting": "[" * 100_000,
    "non-string": record(url=False),
    "bad-grain": record(grain="1,,000"),
}


def figure_line(month: int, format: str) -> str:
    fields = {**GOOD, "statistic": "gdp", "source": "bea", "period": f"2019-{month:02d}"}
    if format == "csv":
        return ",".join(fields.values())
    return json.dumps(fields)


def bad_file(tmp_path: Path, format: str, position: int, bad: str) -> Path:
    lines = [figure_line(month, format) for month in range(1, ROWS + 1)]
    lines[position - 1] = bad
    if format == "csv":
        lines.insert(0, HEADER + ",grain")
        lines = [line + "," if i and i != position else line for i, line in enumerate(lines)]
    path = tmp_path / f"figures.{format}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CASES = [
    pytest.param("csv", 'gdp,2019-06,"59,000",bea,2020-05-08,"1,,000"', id="csv-bad-grain"),
    *(pytest.param("ndjson", line, id=f"ndjson-{name}") for name, line in BAD_NDJSON.items()),
]


@pytest.mark.parametrize("position", list(POSITIONS.values()), ids=list(POSITIONS))
@pytest.mark.parametrize(("format", "bad"), CASES)
def test_a_refused_file_leaves_every_table_as_it_was(ledger_db, tmp_path, monkeypatch, format,
                                                      bad, position):
    monkeypatch.setattr(importing, "BATCH", SMALL_BATCH)
    db = ledger_db
    with open_ledger(db, by="tester", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
        ledger.record("jobs", "2020-04", "131045", "bls", "2020-05-08")
    before = dump(db)
    with open_ledger(db, by="tester") as ledger, pytest.raises(InvalidInput) as refused:
        # create_missing: the statistic and source the rows name are created
        # inside the transaction, and must roll back with it.
        ledger.import_file(bad_file(tmp_path, format, position, bad), format, True)
    assert str(refused.value).startswith(f"row {position}: ")
    assert "\n" not in str(refused.value)
    assert dump(db) == before


# -- the CLI ---------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cli.main import app  # late: after tests/cli's conftest may have fixed `cli`

    for name in ("RECOUNT_DB", "RECOUNT_DEBUG", "RECOUNT_ARCHIVIST", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    db = backends.new_db(tmp_path, "cli.db")
    with open_ledger(db, by="ann", create=True) as ledger:
        ledger.add_statistic("jobs", "Payroll jobs", "thousands")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")

    def run(*args: str) -> str:
        """Run a command that must be refused; returns its single stderr line."""
        before = dump(db)
        result = CliRunner().invoke(app, ["--db", str(db), "--by", "ann", *args])
        assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "unexpected" not in lines[0] and "Traceback" not in result.stderr
        assert dump(db) == before
        return lines[0]

    return run


@pytest.mark.parametrize(
    ("line", "named"),
    [
        (record(url=False), "'url'"),
        (record(quote="\ud800"), "\\ud800"),
        (record(value="@").replace('"@"', "9" * 10**6), "row 1: "),
        ("[" * 100_000, "row 1: "),
    ],
    ids=["non-string", "surrogate", "long-number", "nesting"],
)
def test_the_cli_refuses_a_bad_ndjson_file_in_one_line(cli, tmp_path, line, named):
    path = ndjson(tmp_path, line)
    message = cli("import", str(path), "--format", "ndjson")
    assert named in message and len(message) < 300


def test_the_cli_refuses_a_csv_header_with_a_column_twice(cli, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(HEADER + ",value\njobs,2020-04,1,bls,2020-05-08,2\n")
    assert "'value'" in cli("import", str(path), "--format", "csv")


def test_the_cli_refuses_a_malformed_grain_when_recording(cli):
    message = cli("record", "jobs", "--period", "2020-04", "--value", "59,000",
                  "--source", "bls", "--published", "2020-05-08", "--grain", "1,,000")  # fmt: skip
    assert "'1,,000'" in message
