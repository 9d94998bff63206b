"""Fuzzing whole import files through the service: native csv and ndjson, and the
vintage formats alfred, rtdsm and bls-ces (with or without a release-dates file).

Files are built from mostly-valid rows, then spoiled: a wrong header, a bad cell,
NUL bytes, invalid UTF-8, a byte-order mark, huge cells and lines, or plain
random bytes. Properties: only the ledger's errors escape, a refusal is one
line and writes nothing, and a dry run writes nothing even when it succeeds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import backends
import pytest
from fuzz_support import (
    EDGE_DATES,
    EDGE_NUMBERS,
    EDGE_PERIODS,
    SOURCES,
    STATISTIC,
    codes,
    mostly,
    nasty_text,
    one_line_refusal,
    seed,
    snapshot,
    valid_dates,
    valid_numbers,
    valid_periods,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.semantics import clock
from ledger.service import Ledger

FROZEN = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
FUZZ = settings(max_examples=150, deadline=None,
                # One ledger for all examples on purpose: see Guarded.
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


class Importing:
    """An open ledger, its snapshot, and a file path the examples write over."""

    def __init__(self, ledger: Ledger, db: str, folder: Path) -> None:
        self.ledger = ledger
        self.db = db
        self.file = folder / "input.txt"
        self.dates_file = folder / "release_dates.csv"
        self.before = snapshot(db)

    def run(self, content: bytes, call, dry_run: bool) -> None:
        self.file.write_bytes(content)
        try:
            call(self.ledger, self.file, dry_run)
        except RecountError as error:
            event(f"refused: {type(error).__name__}")
            one_line_refusal(error)
            assert snapshot(self.db) == self.before, f"refused {error!r}, yet wrote"
        else:
            event("dry run" if dry_run else "imported")
            now = snapshot(self.db)
            if dry_run:
                assert now == self.before, "a dry run wrote"
            self.before = now


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = backends.new_db(tmp_path_factory.mktemp("fuzz-import-template"), lasting=True)
    with clock.frozen(FROZEN):
        seed(db)
    return db


@pytest.fixture
def importing(template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importing]:
    folder = tmp_path_factory.mktemp("fuzz-import")
    db = backends.copy_db(template, folder)
    with clock.frozen(FROZEN), open_ledger(db, by="fuzzer") as ledger:
        yield Importing(ledger, db, folder)


# -- spoiling bytes ------------------------------------------------------------


def _insert(content: bytes, at: float, what: bytes) -> bytes:
    i = int(len(content) * at)
    return content[:i] + what + content[i:]


def spoil_bytes(content: bytes) -> st.SearchStrategy[bytes]:
    at = st.floats(0, 1)
    return mostly(st.just(content), st.one_of(
        at.map(lambda a: _insert(content, a, b"\x00")),
        st.builds(lambda a, b: _insert(content, a, b), at,
                  st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xf4\x90"))),
        st.just(b"\xef\xbb\xbf" + content),
        st.just(content.replace(b"\n", b"\r")),
        st.just(content.replace(b"\n", b"\r\n")),
        at.map(lambda a: content[: int(len(content) * a)]),
        st.just(content + b"\n" + b"9" * 200_000),
        st.just(content.replace(b",", b";")),
        st.binary(max_size=200),
    ), odds=3)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


cells = st.one_of(
    st.sampled_from(EDGE_NUMBERS + EDGE_DATES + EDGE_PERIODS), nasty_text(),
    st.just("x" * 150_000),
)


# -- native files --------------------------------------------------------------

COLUMNS = ("statistic", "period", "value", "source", "published", "status", "grain", "url",
           "quote", "note", "release")

native_row = st.fixed_dictionaries({
    "statistic": mostly(st.sampled_from((STATISTIC, "fz.new")), codes(), odds=10),
    "period": mostly(valid_periods, cells, odds=10),
    "value": mostly(valid_numbers, cells, odds=10),
    "source": mostly(st.sampled_from((*SOURCES, "fz.newsrc")), codes(), odds=10),
    "published": mostly(valid_dates, cells, odds=10),
}, optional={name: mostly(st.just(""), cells, odds=10) for name in COLUMNS[5:]})


@st.composite
def native_csv(draw) -> bytes:
    rows = draw(st.lists(native_row, max_size=6))
    header = list(COLUMNS)
    header = draw(mostly(st.one_of(st.just(header), st.permutations(header)), st.one_of(
        st.just(header[:4]), st.just([*header, "extra"]), st.just([*header, "value"]),
        st.just([c.upper() for c in header]), st.lists(cells, max_size=6),
    ), odds=6))
    table = [header] + [[row.get(c, "") for c in header] for row in rows]
    if table[1:] and draw(st.integers(0, 6)) == 0:
        table[-1] = table[-1] + draw(st.lists(cells, min_size=1, max_size=2))  # ragged row
    return draw(spoil_bytes(_csv(table)))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), cells,
              ),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
raw_json_numbers = st.sampled_from(
    ("NaN", "Infinity", "-Infinity", "1e999999", "1" * 5000, "-" + "9" * 5000, "-0",
     "0.1e-99999", "1.50", "01", "1.", ".5", "+1", "0x10"))


@st.composite
def native_ndjson(draw) -> bytes:
    lines = []
    for row in draw(st.lists(native_row, max_size=6)):
        row = dict(row)
        if draw(st.integers(0, 3)) == 0:
            row[draw(st.sampled_from((*COLUMNS, "extra")))] = draw(json_values)
        line = json.dumps(row, allow_nan=True)
        if draw(st.integers(0, 4)) == 0:
            number = draw(raw_json_numbers)
            line = line[:-1] + f', "grain": {number}' + "}"
        if draw(st.integers(0, 5)) == 0:
            line = draw(st.sampled_from(
                ("[]", "null", "{", '{"value": 1, "value": 2}', "[" * 100_000, "\ud800", "")))
        lines.append(line)
    return draw(spoil_bytes("\n".join(lines).encode("utf-8", "surrogatepass")))


@FUZZ
@given(content=native_csv(), create=st.booleans(), dry_run=st.booleans())
def test_native_csv(importing, content, create, dry_run):
    importing.run(content, lambda ledger, file, dry: ledger.import_file(
        file, "csv", create_missing=create, dry_run=dry), dry_run)


@FUZZ
@given(content=native_ndjson(), create=st.booleans(), dry_run=st.booleans())
def test_native_ndjson(importing, content, create, dry_run):
    importing.run(content, lambda ledger, file, dry: ledger.import_file(
        file, "ndjson", create_missing=create, dry_run=dry), dry_run)


# -- vintage files -------------------------------------------------------------

plain_numbers = st.one_of(
    st.integers(0, 10**9).map(str),
    st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False).map(str),
    st.sampled_from(("", "#N/A", ".", " 1,234.5 ")))
value_cells = mostly(plain_numbers, cells, odds=8)


def _matrix(draw, header: list[str], first_cells: list[str]) -> list[list[str]]:
    width = max(0, len(header) - len(first_cells[0])) if first_cells else 0
    rows = [header]
    for first in first_cells:
        rows.append([*first, *draw(st.lists(value_cells, min_size=width, max_size=width))])
    return rows


def _vintage_file(draw, header: list[str], firsts: list[list[str]]) -> bytes:
    if draw(st.integers(0, 8)) == 0:
        header = draw(st.lists(cells, min_size=1, max_size=5))
    return draw(spoil_bytes(_csv(_matrix(draw, header, firsts))))


def _later(days: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return mostly(days, st.one_of(st.sampled_from(EDGE_DATES), cells), odds=8)


@st.composite
def alfred(draw) -> bytes:
    vintages = draw(st.lists(_later(st.dates(date(2010, 1, 1), date(2025, 12, 31)).map(
        date.isoformat)), min_size=1, max_size=4, unique=True))
    header = ["observation_date", *[f"GDPX_{v.replace('-', '')}" for v in vintages]]
    start, count = draw(st.integers(1995, 2008)), draw(st.integers(0, 5))
    periods = [f"{start + i // 4}-{1 + 3 * (i % 4):02d}-01" for i in range(count)]
    periods = [draw(mostly(st.just(p), cells, odds=12)) for p in periods]
    return _vintage_file(draw, header, [[p] for p in periods])


@st.composite
def rtdsm(draw) -> bytes:
    monthly = draw(st.booleans())
    label = (st.builds(lambda y, m: f"PCPI{y:02d}M{m:02d}", st.integers(10, 25), st.integers(1, 12))
             if monthly else
             st.builds(lambda y, q: f"NOUTPUT{y:02d}Q{q}", st.integers(10, 25), st.integers(1, 4)))
    bad_label = st.one_of(cells, st.builds(lambda y, q: f"NOUTPUT{y}Q{q}", st.integers(0, 999),
                                           st.integers(0, 9)))
    labels = draw(st.lists(mostly(label, bad_label, odds=10), min_size=1, max_size=4, unique=True))
    start, count = draw(st.integers(1995, 2008)), draw(st.integers(0, 5))
    periods = [f"{start + i // 12}:{1 + i % 12:02d}" if monthly
               else f"{start + i // 4}:Q{1 + i % 4}" for i in range(count)]
    periods = [draw(mostly(st.just(p), st.one_of(cells, st.builds(
        lambda y, q: f"{y}:Q{q}", st.integers(0, 10000), st.integers(0, 9))), odds=12))
        for p in periods]
    return _vintage_file(draw, ["DATE", *labels], [[p] for p in periods])


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@st.composite
def bls_ces(draw) -> bytes:
    labels = draw(st.lists(mostly(
        st.builds(lambda m, y: f"{m}_{y:02d}", st.sampled_from(MONTHS), st.integers(10, 25)),
        cells, odds=10), min_size=1, max_size=4, unique=True))
    start, count = draw(st.integers(1995, 2008)), draw(st.integers(0, 5))
    rows = [[str(start + i // 12), str(1 + i % 12)] for i in range(count)]
    rows = [[draw(mostly(st.just(y), cells, odds=12)),
             draw(mostly(st.just(m), st.one_of(st.sampled_from(("0", "13")), cells), odds=12))]
            for y, m in rows]
    return _vintage_file(draw, ["year", "month", *labels], rows)


@st.composite
def release_dates(draw) -> bytes | None:
    if draw(st.integers(0, 3)):
        return None
    rows = [["vintage", "date"], *draw(st.lists(st.tuples(
        st.one_of(st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2025),
                            st.integers(1, 12)), cells),
        st.one_of(valid_dates, st.sampled_from(EDGE_DATES), cells)).map(list), max_size=4))]
    return draw(spoil_bytes(_csv(rows)))


@FUZZ
@given(
    format_and_file=mostly(st.one_of(
        st.tuples(st.just("alfred"), alfred()),
        st.tuples(st.just("rtdsm"), rtdsm()),
        st.tuples(st.just("bls-ces"), bls_ces()),
    ), st.one_of(
        st.tuples(st.sampled_from(("alfred", "rtdsm", "bls-ces")),
                  st.one_of(alfred(), rtdsm(), bls_ces())),
        st.tuples(st.one_of(st.sampled_from(("csv", " ALFRED ", "")), nasty_text(8)),
                  st.binary(max_size=50)),
    ), odds=5),
    statistic=mostly(st.sampled_from((STATISTIC, "fz.vintage", "fz.v2")), codes(), odds=8),
    source=mostly(st.sampled_from((*SOURCES, "fz.fed")), codes(), odds=8),
    dates=release_dates(),
    into_existing=st.booleans(),
    dry_run=st.integers(0, 2).map(lambda n: n == 0),
)
def test_vintages(importing, format_and_file, statistic, source, dates, into_existing, dry_run):
    format, content = format_and_file
    if dates is not None:
        importing.dates_file.write_bytes(dates)

    def call(ledger, file, dry):
        return ledger.import_vintages(
            file, format, statistic, source,
            release_dates=None if dates is None else importing.dates_file,
            into_existing=into_existing, dry_run=dry)

    importing.run(content, call, dry_run)
