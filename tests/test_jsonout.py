"""The fast JSON of rows read in bulk is, byte for byte, what the generic ``dumps`` writes.

``jsonout.dumps`` is the oracle: every row type with a fast encoder is drawn with
arbitrary text (quotes, backslashes, control characters, lone surrogates, emoji),
Decimals of any sign and exponent, None where a text may be missing and intervals
as the codec writes them, and written both ways, compact and with ``indent=2``.
"""

from __future__ import annotations

import importlib
import sys
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ledger import jsonout
from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput
from ledger.rows import DiscrepancyRow, HistoryEntry, ReplayRow
from ledger.semantics.interval_codec import encode_interval
from ledger.semantics.intervals import Interval

ROOT = Path(__file__).resolve().parents[1]
INDENTS = (None, 2)


def cli_module(name: str) -> Any:
    """A module of the CLI (see tests/cli/conftest.py: ``cli`` must be the real package)."""
    if getattr(sys.modules.get("cli"), "__file__", None) is None:
        sys.modules.pop("cli", None)
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(name)


def fast(indent: int | None) -> Any:
    """The encoder the CLI streams rows with."""
    return jsonout.encoder(indent, cli_module("cli.render").STREAMED_JSON)


# -- what rows hold ------------------------------------------------------------

# Every character, surrogates included, with the ones an encoder can get wrong common.
texts = st.text(
    st.one_of(
        st.sampled_from('"\\/%\x00\x01\x08\t\n\x0c\r\x1b\x1f\x7f\x85\x9b\u2028\u202e\ufeffé😀'),
        st.characters(codec=None, exclude_categories=()),
    ),
    max_size=12,
)

# Any sign and exponent, so -0, 1E+3, 0.000001 and 2.50 all come up.
decimals = st.one_of(
    st.sampled_from(
        [
            Decimal(s)
            for s in ("0", "-0", "-0.00", "1E+3", "0.000001", "2.50", "-1.2E+6", "5E-7", "1056.50")
        ]
    ),
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, digits, exponent)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=20).map(tuple),
        st.integers(-25, 25),
    ),
)

ends = st.one_of(st.none(), decimals)


@st.composite
def intervals(draw: st.DrawFn) -> str:
    """An interval's bracket text, as the codec writes it: open, closed or unbounded."""
    low, high = draw(ends), draw(ends)
    if low is not None and high is not None and low > high:
        low, high = high, low
    low_closed, high_closed = draw(st.booleans()), draw(st.booleans())
    if low is not None and high is not None and low == high:
        low_closed = high_closed = True  # the only non-empty interval on one number
    return encode_interval(Interval(low, high, low_closed, high_closed))


def replay_rows(tight: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[ReplayRow]:
    return st.builds(
        ReplayRow, statistic=texts, period=texts, source=texts, value=decimals, text=texts,
        qualifier=texts, grain=decimals, tight=intervals() if tight is None else tight,
        wide=intervals(), status=texts,
        published=texts, recorded=texts, recorded_by=texts, figure=texts, kind=texts,
        period_start=texts, period_end=texts,
    )  # fmt: skip


maybe_texts = st.one_of(st.none(), texts)
text_tuples = st.lists(texts, max_size=3).map(tuple)

discrepancy_rows = st.builds(
    DiscrepancyRow, statistic=texts, period=texts, severity=texts, internal=st.booleans(),
    gap=decimals, figures=text_tuples, sources=text_tuples, state=texts,
    explanation_kind=maybe_texts, explanation_note=maybe_texts, period_start=texts,
)  # fmt: skip

history_entries = st.builds(
    HistoryEntry, seq=st.integers(-(2**70), 2**70), statistic=texts, period=texts, source=texts,
    figure=texts, event=texts, text=maybe_texts, previous=maybe_texts, published=maybe_texts,
    recorded=texts, recorded_by=texts, reason=maybe_texts, detail=maybe_texts,
)  # fmt: skip

rows = st.one_of(replay_rows(), discrepancy_rows, history_entries)


def outcome(write: Any, row: Any) -> tuple[str, str]:
    """What writing ``row`` gives: its text, or the error it is refused with."""
    try:
        return "written", write(row)
    except Exception as error:  # noqa: BLE001 - the refusal is what is compared
        return type(error).__name__, str(error)


# -- the fast path equals the oracle ---------------------------------------------


@given(rows)
def test_a_row_is_written_as_dumps_writes_it(row) -> None:
    for indent in INDENTS:
        assert fast(indent)(row) == jsonout.dumps(row, indent=indent)


@given(replay_rows())
@example(ReplayRow("s", "p", "o", Decimal("-0"), "t", "q", Decimal("1E+3"), "(,)", "[0.000001,]",
                   "", "", "", "", "", "", "", ""))  # fmt: skip
def test_a_replay_row_is_written_as_dumps_writes_it(row) -> None:
    for indent in INDENTS:
        assert fast(indent)(row) == jsonout.dumps(row, indent=indent)


def spellings(d: Decimal) -> list[str]:
    """Ways to write the number ``d`` that the codec would not: exponents, plus
    signs, leading zeros, a minus on zero."""
    written = [str(d), f"{d:E}", f"{d:e}"]
    if not d.is_signed():
        written += ["+" + str(d), "00" + str(d)]
    if d.is_zero():
        written += ["-" + str(abs(d)), "-0"]
    return written


@st.composite
def odd_intervals(draw: st.DrawFn) -> str:
    """A bracket text of an interval with its ends spelt otherwise than the codec does."""
    low, high = draw(ends), draw(ends)
    if low is not None and high is not None and low > high:
        low, high = high, low
    low_closed, high_closed = draw(st.booleans()), draw(st.booleans())
    if low is not None and high is not None and low == high:
        low_closed = high_closed = True
    text = encode_interval(Interval(low, high, low_closed, high_closed))
    opening, closing, (plain_low, plain_high) = text[0], text[-1], text[1:-1].split(",")
    if low is not None:
        plain_low = draw(st.sampled_from(spellings(low)))
    if high is not None:
        plain_high = draw(st.sampled_from(spellings(high)))
    return opening + plain_low + "," + plain_high + closing


# What the codec refuses or reads oddly: empty intervals, no brackets, no digits.
broken_intervals = st.sampled_from([
    "", "[]", "[5]", "[1,2", "1,2]", "[2,1]", "(1,1]", "[1,1)", "[,", "[.5,5.]", "[1_000,]",
    "[NaN,]", "[x,]", "[٣,]", "[1,2]]",
])  # fmt: skip


def replay_row(tight: str) -> ReplayRow:
    return ReplayRow("s", "p", "o", Decimal(1), "t", "q", Decimal(1), tight, "(,)",
                     "", "", "", "", "", "", "", "")  # fmt: skip


@settings(max_examples=300)  # many spellings to go through
@given(replay_rows(tight=odd_intervals() | broken_intervals))
@example(replay_row("[-0.00,1]"))
@example(replay_row("(-0,)"))
@example(replay_row("(,007]"))
@example(replay_row("[1E+3,+2000]"))
@example(replay_row("[-0.000100,-5E-5)"))
def test_an_interval_the_codec_did_not_write_is_read_or_refused_as_dumps_does(row) -> None:
    for indent in INDENTS:
        assert outcome(fast(indent), row) == outcome(partial(jsonout.dumps, indent=indent), row)


def test_an_empty_interval_is_refused_as_the_codec_refuses_it() -> None:
    row = replay_row("[2,1]")
    with pytest.raises(InvalidInput, match="is empty"):
        fast(None)(row)


# A field holding what its type does not say: the row goes to the oracle.
unexpected = st.one_of(st.none(), st.integers(), st.booleans(), texts, decimals,
                       st.decimals(allow_nan=True), st.lists(texts, max_size=2),
                       st.tuples(texts))  # fmt: skip


@given(rows, st.data())
def test_a_field_of_an_unexpected_type_is_written_or_refused_as_dumps_does(row, data) -> None:
    names = row._fields if isinstance(row, tuple) else [f for f in row.__slots__]
    name = data.draw(st.sampled_from(names))
    value = data.draw(unexpected)
    if isinstance(row, tuple):
        odd = row._replace(**{name: value})
    else:
        odd = type(row)(**{f: getattr(row, f) for f in names} | {name: value})
    for indent in INDENTS:
        assert outcome(fast(indent), odd) == outcome(partial(jsonout.dumps, indent=indent), odd)


@given(
    st.one_of(
        st.none(),
        texts,
        decimals,
        st.lists(decimals, max_size=3),
        st.dictionaries(texts, decimals, max_size=3),
    )
)
def test_anything_else_is_written_by_dumps(value) -> None:
    for indent in INDENTS:
        assert fast(indent)(value) == jsonout.dumps(value, indent=indent)


def test_a_subclass_of_a_row_type_is_written_by_dumps() -> None:
    class Noted(DiscrepancyRow):
        __slots__ = ()

        def to_json(self) -> dict[str, Any]:
            return {"noted": True}

    row = Noted("s", "p", "hard", True, Decimal(1), (), (), "open", None, None, "2010-01-01")
    assert fast(None)(row) == jsonout.dumps(row) == '{"noted": true}'


# -- the CLI writes what the generic path wrote -----------------------------------

STAT = "us.jobs"


@pytest.fixture
def small_ledger(ledger_db: str, fixed_clock) -> str:
    """Three sources that disagree about two periods, one figure corrected, one retracted."""
    db = ledger_db
    with open_ledger(db, "ann", create=True) as ledger:
        ledger.add_statistic(STAT, "Jobs added", "jobs")
        for source in ("bls", "press", "blog"):
            ledger.add_source(source, f"the {source}", None, "agency")
        agency = ledger.record(STAT, "2010", "1,056.50", "bls", "2011-01-10")
        ledger.record(STAT, "2010", "about 1,200", "press", "2011-01-12")
        ledger.record(STAT, "2010", "more than 59,000", "blog", "2011-01-13")
        paper = ledger.record(STAT, "2011", "nearly 0.000001", "press", "2012-01-12")
        ledger.record(STAT, "2011", "-5", "bls", "2012-01-10")
        ledger.correct(agency, "1,057", "2011-02-01", 'a "typo" \\ in table 1 \x1b[31m é 😀')
        ledger.retract(paper, "2012-03-01", "withdrawn\u202e")
    return db


@pytest.mark.parametrize("command", [
    ("replay", "--format", "ndjson"),
    ("replay", "--json"),
    ("replay", "--as-of", "2011-01-12", "--json"),
    ("discrepancies", "--json"),
    ("discrepancies", "--notes", "--json"),
    ("history", STAT, "--json"),
])  # fmt: skip
def test_the_cli_writes_what_the_generic_path_wrote(small_ledger, command, monkeypatch) -> None:
    def run() -> str:
        result = CliRunner().invoke(cli_module("cli.main").app, ["--db", small_ledger, *command])
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result.stdout

    fast = run()
    monkeypatch.setattr(
        jsonout, "encoder", lambda indent=None, rows=(): partial(jsonout.dumps, indent=indent)
    )
    generic = run()
    assert fast == generic
    assert fast.count("\n") > 3  # several rows, not an empty answer


class Measured(NamedTuple):
    share: float


def test_a_row_type_with_a_field_it_cannot_write_fast_is_refused_when_told() -> None:
    with pytest.raises(TypeError, match="no fast JSON for Measured.share"):
        jsonout.encoder(None, ((Measured, jsonout.RowJson()),))
