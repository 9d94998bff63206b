"""What the fuzz tests share: nasty inputs, a seeded ledger, and the "nothing written" check.

A refusal must leave the ledger exactly as it was, every table of it
(the event log, the read models, and any table added later), so the check
compares a dump of the whole database (the SQLite file, or the PostgreSQL
database of the run's backend), not a count of events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import backends
from hypothesis import strategies as st

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError

STATISTIC = "fz.stat"
PERCENT = "fz.rate"
SOURCES = ("fz.one", "fz.two")
PUBLISHED = "2020-03-01"
# Pinned recorded time: RECOUNT_NOW for the CLI, clock.frozen for the service.
NOW = "2026-01-01T00:00:00"

# -- nasty values -------------------------------------------------------------

EDGE_DATES = (
    "0001-01-01", "9999-12-31", "10000-01-01", "0000-01-01", "0000", "0000-00-00",
    "2020-02-30", "2021-02-29", "2020-13-01", "2020-1-1", " 2020-01-01 ", "2020-01-01T00:00",
    "20200101", "-2020-01-01", "+2020-01-01", "2020-01-01Z", "٢٠٢٠-٠١-٠١", "2020–01–01",
)
EDGE_NUMBERS = (
    "NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "-inf", "∞", "1e999999999",
    "1E-999999999", "1e99999999999999999999", "-0", "0", "0.0", "1_000", "١٠٠٠", "1,,000",
    "10,00", "1.2.3", "more than 1e400", "about NaN", "9" * 5000, "1" + "0" * 100_000,
    "0." + "0" * 3000 + "1", "12%", "$12", "10-12", "-5", "1 000", "1\u00a0000",
)
EDGE_PERIODS = (
    "0001", "9999", "10000", "0000", "0001-Q1", "9999-Q4", "2020-Q0", "2020-Q5", "2020-00",
    "2020-13", "0001-01-01/9999-12-31", "9999-12-31/0001-01-01", "2020-01-01/2020-01-01",
    "FY0001", "FY9999", "FY0000", "Q4 9999", "Dec 9999", "Foo 2020", "2020W01", "2020-W53",
    "0001-01-01", "9999-12-31", "10000-01-01/10000-12-31",
)
EDGE_TEXT = (
    "", " ", "\t", "\n", "\r\n", "\x00", "a\x00b", "\ud800", "a\udfffb", "\x1b[31mred",
    "\x7f", "\u2028", "\u202e", "\ufeff", "é", "\U0001f600", "x" * 100_000, "a\nb",
    "'", '"', "\\", "%s", "{}", "--help", "-", "--", "null", "None",
)


def nasty_chars() -> st.SearchStrategy[str]:
    # Every code point, lone surrogates and controls included.
    return st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())


def nasty_text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_TEXT),
        st.text(nasty_chars(), max_size=max_size),
        st.text(alphabet="0123456789-:/Q., eE+", max_size=max_size),
    )


def dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_DATES),
        st.dates().map(lambda d: d.isoformat()),
        st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
        nasty_text(12),
    )


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_NUMBERS),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.from_regex(r"\A(about |more than |~)?[0-9]{1,400}(\.[0-9]{0,40})?([eE][+-]?[0-9]{1,25})?"
                      r"( million| thousand|%)?\Z"),
        nasty_text(),
    )


def periods() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_PERIODS),
        st.integers(min_value=-5, max_value=12000).map(str),
        st.builds(lambda y, q: f"{y}-Q{q}", st.integers(0, 10000), st.integers(0, 9)),
        st.builds(lambda a, b: f"{a.isoformat()}/{b.isoformat()}", st.dates(), st.dates()),
        st.from_regex(r"\A[0-9]{4}[-:M ]?[0-9]{1,2}\Z"),
        nasty_text(24),
    )


def codes() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from((STATISTIC, PERCENT, *SOURCES, "missing.code")),
        st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,30}\Z"),
        nasty_text(),
    )


def figure_refs() -> st.SearchStrategy[Callable[[list[str]], str]]:
    """Figure ids, given the seeded ones at run time: known ones, prefixes of them,
    their mangled forms, garbage. (Resolved late, so no example needs ``data()``.)"""
    index = st.integers(0, 3)
    return st.one_of(
        index.map(lambda i: lambda known: known[i]),
        st.builds(lambda i, n: lambda known: known[i][:n], index, st.integers(0, 32)),
        index.map(lambda i: lambda known: known[i].upper()),
        index.map(lambda i: lambda known: " " + known[i] + "\n"),
        index.map(lambda i: lambda known: _dashed(known[i])),
        st.one_of(st.from_regex(r"\A[0-9a-f]{1,40}\Z"), st.sampled_from(("%", "_", "' OR 1=1 --")),
                  nasty_text()).map(lambda text: lambda known: text),
    )


def _dashed(figure: str) -> str:
    return f"{figure[:8]}-{figure[8:12]}-{figure[12:16]}-{figure[16:20]}-{figure[20:]}"


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


# -- the ledger --------------------------------------------------------------


def seed(db: str) -> list[str]:
    """A small ledger at ``db``: two statistics, two sources, a few figures; returns the
    figure ids. The caller pins the clock; the ledger is closed, ready for ``backends.copy_db``.
    """
    with open_ledger(db, by="fuzzer", create=True) as ledger:
        ledger.add_statistic(STATISTIC, "Fuzzed count", "people", definition="A count")
        ledger.add_statistic(PERCENT, "Fuzzed rate", "percent")
        ledger.add_source(SOURCES[0], "Source one", "Org", kind="official")
        ledger.add_source(SOURCES[1], "Source two", kind="agency")
        figures = [
            ledger.record(STATISTIC, "2019", "more than 59,000", SOURCES[0], "2020-01-20"),
            ledger.record(STATISTIC, "2019", "nearly 51,000", SOURCES[1], "2020-02-01"),
            ledger.record(STATISTIC, "2019-Q4", "1,200", SOURCES[0], "2020-01-20"),
            ledger.record(PERCENT, "2019-12", "4.5%", SOURCES[1], "2020-01-05"),
        ]
    return [str(f) for f in figures]


def snapshot(db: str) -> list[str]:
    """Every table of the ledger at ``db``, schema and rows, as text (committed data only)."""
    if not backends.exists(db):
        return ["no ledger"]
    if "://" in db:
        return _postgres_snapshot(db)
    with closing(sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)) as file:
        return list(file.iterdump())  # the write-ahead log included


def _postgres_snapshot(db: str) -> list[str]:
    """What iterdump gives for SQLite: every user table's columns, indexes and rows.

    Rows are sorted (a heap has no order); sequences are left out, since a
    refused write may use up a number without writing anything.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db)
    with psycopg.connect(host=url.host, port=url.port, user=url.username,
                         password=url.password, dbname=url.database) as server:
        dump = [f"column {row}" for row in server.execute(
            "SELECT table_schema, table_name, column_name, data_type, is_nullable"
            " FROM information_schema.columns"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            " ORDER BY 1, 2, ordinal_position")]
        dump += [f"index {row}" for row in server.execute(
            "SELECT indexdef FROM pg_indexes"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")]
        tables = server.execute(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
            " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            " AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            rows = sorted(repr(row) for row in server.execute(f"SELECT * FROM {table}"))
            dump += [f"row {table} {row}" for row in rows]
    return dump


def one_line_refusal(error: RecountError) -> None:
    message = str(error)
    assert message, f"empty refusal {type(error).__name__}"
    assert "\n" not in message and "\r" not in message, repr(message)


# -- mostly-valid input, one field spoiled -------------------------------------
# Random fields are almost never all valid together, and a refusal stops at the
# first bad one: so the tests build a valid input and spoil at most one field.

valid_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)).map(
    date.isoformat)
valid_numbers = st.one_of(
    st.integers(0, 10**12).map(str),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(str),
    st.integers(1, 999).map(lambda n: f"about {n} million"),
    st.integers(1, 10**6).map(lambda n: f"{n:,}"),
)
valid_periods = st.one_of(
    st.integers(1990, 2030).map(str),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(1990, 2030), st.integers(1, 4)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2030), st.integers(1, 12)),
    valid_dates,
)


def spoiled(valid: dict[str, st.SearchStrategy], bad: dict[str, st.SearchStrategy]):
    """Valid fields, with none or one of them replaced by a bad value."""
    fields = st.fixed_dictionaries(valid)
    names = sorted(bad)

    def spoil(values: dict) -> st.SearchStrategy[dict]:
        return st.one_of(
            st.just(values),
            st.sampled_from(names).flatmap(
                lambda name: bad[name].map(lambda text: {**values, name: text})),
        )

    return fields.flatmap(spoil)


def mostly(valid: st.SearchStrategy, bad: st.SearchStrategy, odds: int = 4) -> st.SearchStrategy:
    """``valid`` but one time in ``odds``, then ``bad``."""
    return st.integers(1, odds).flatmap(lambda i: bad if i == 1 else valid)
