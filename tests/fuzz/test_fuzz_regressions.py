"""The bugs the fuzz tests found, each pinned by a plain test."""

from __future__ import annotations

import pytest
from fuzz_support import PUBLISHED, SOURCES, STATISTIC, seed, snapshot

from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput, NotFound
from ledger.semantics.texts import check_storable, unstorable_at


@pytest.fixture
def seeded(ledger_db, fixed_clock):
    seed(ledger_db)
    with open_ledger(ledger_db, by="tester") as ledger:
        yield ledger, ledger_db


def test_an_unknown_source_with_a_line_break_is_refused_in_one_line(seeded):
    ledger, db = seeded
    before = snapshot(db)
    with pytest.raises(NotFound) as refused:
        ledger.record(STATISTIC, "2019", "12", "a\nb", PUBLISHED)
    assert str(refused.value) == r"no source 'a\nb'"
    assert snapshot(db) == before


def test_an_unknown_statistic_with_a_line_break_is_refused_in_one_line(seeded):
    ledger, _ = seeded
    with pytest.raises(NotFound) as refused:
        ledger.history("x\r\ny")
    assert str(refused.value) == r"no statistic 'x\r\ny'"


@pytest.mark.parametrize("read", [
    lambda ledger: ledger.statistic("a\nb"),
    lambda ledger: ledger.source("a\nb"),
    lambda ledger: ledger.figure("abcd\nef"),
    lambda ledger: ledger.resolve_figure("zz\nzz"),
])
def test_a_refusal_from_below_the_door_is_one_line(seeded, read):
    # The read models quote these values raw; the door keeps the refusal one line.
    ledger, _ = seeded
    with pytest.raises((NotFound, InvalidInput)) as refused:
        read(ledger)
    assert "\n" not in str(refused.value) and "\\n" in str(refused.value)


@pytest.mark.parametrize("field", ["note", "quote", "url", "release"])
def test_a_lone_surrogate_in_free_text_is_refused_before_anything_is_written(seeded, field):
    ledger, db = seeded
    before = snapshot(db)
    with pytest.raises(InvalidInput) as refused:
        ledger.record(STATISTIC, "2018", "12", SOURCES[0], PUBLISHED, **{field: "a\ud800b"})
    assert str(refused.value).startswith(f"{field} 'a\\ud800b' holds a lone surrogate (U+D800)")
    assert snapshot(db) == before


@pytest.mark.parametrize("field", ["note", "quote", "url", "release"])
def test_a_nul_in_free_text_is_refused_before_anything_is_written(seeded, field):
    # SQLite would keep it; PostgreSQL cannot, and its read models halted on it.
    ledger, db = seeded
    before = snapshot(db)
    with pytest.raises(InvalidInput) as refused:
        ledger.record(STATISTIC, "2018", "12", SOURCES[0], PUBLISHED, **{field: "a\x00b"})
    assert str(refused.value) == (
        f"{field} 'a\\x00b' holds a NUL character (U+0000), which no ledger can store"
    )
    assert snapshot(db) == before


@pytest.mark.parametrize("read", [
    lambda ledger: ledger.replay("a\x00b"),
    lambda ledger: ledger.statistic("a\x00b"),
    lambda ledger: ledger.history(STATISTIC, "2018\x00"),
])
def test_a_nul_in_a_lookup_is_refused_alike_on_every_backend(seeded, read):
    ledger, _ = seeded
    with pytest.raises(InvalidInput, match=r"holds a NUL character \(U\+0000\)"):
        read(ledger)


def test_a_lone_surrogate_in_a_catalogue_name_is_refused(seeded):
    ledger, db = seeded
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="name"):
        ledger.add_source("fz.new", "\udfff")
    assert snapshot(db) == before


def test_storable_text():
    assert unstorable_at("plain é 😀") is None
    assert unstorable_at("ab\udc80") == 2
    assert unstorable_at("abc\x00") == 3
    assert check_storable("ok", "note") == "ok"
    with pytest.raises(InvalidInput, match=r"^note '\\udc80' holds a lone surrogate \(U\+DC80\)"):
        check_storable("\udc80", "note")


def test_a_csv_header_cell_beyond_the_field_limit_is_refused(seeded, tmp_path):
    ledger, db = seeded
    before = snapshot(db)
    file = tmp_path / "huge.csv"
    file.write_text("x" * 200_000 + ",statistic\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        ledger.import_file(file, "csv")
    message = str(refused.value)
    assert message.startswith("line 1: field larger than field limit"), message
    assert snapshot(db) == before


def test_a_csv_row_beyond_the_field_limit_is_refused_with_its_own_line(seeded, tmp_path):
    ledger, _ = seeded
    file = tmp_path / "huge.csv"
    file.write_text("statistic,period,value,source,published\n"
                    f"{STATISTIC},2018,1,{SOURCES[0]},{PUBLISHED}\n"
                    f"{STATISTIC},2017,{'9' * 200_000},{SOURCES[0]},{PUBLISHED}\n",
                    encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^line 3: field larger than field limit"):
        ledger.import_file(file, "csv")
