"""Whole-ledger output written as it is read: the same bytes as the output built at once."""

from __future__ import annotations

import io
import json
import sys
from decimal import Decimal

import pytest
from cli_support import REMOVALS, Recount

from cli import render
from ledger.bootstrap import open_ledger
from ledger.rows import DiscrepancyRow, HistoryEntry

HOSTILE = "\x1b]0;x\x07 \u202egnp.exe \u009b31m [red]x[/red] \u2028 é"


def _discrepancy(n: int, note: str | None = None) -> DiscrepancyRow:
    return DiscrepancyRow(
        statistic=f"s{n % 3}", period=f"20{10 + n % 10}", severity="hard" if n % 2 else "soft",
        internal=bool(n % 2), gap=Decimal("1050.50") + n, figures=(f"{n:032x}", "ab" * 16),
        sources=("ons", HOSTILE), state="open", explanation_kind=None, explanation_note=note,
        period_start="2010-01-01",
    )  # fmt: skip


@pytest.mark.parametrize("items", [
    [],
    [_discrepancy(1)],
    [_discrepancy(n, HOSTILE if n % 4 == 0 else None) for n in range(7)],
    [{"a": [], "b": {}, "c": [1, {"d": Decimal("0.10")}], "e": None}, {"f": "x\ny"}],
])  # fmt: skip
def test_a_json_array_written_incrementally_is_emit_jsons(items, capsys, monkeypatch) -> None:
    render.emit_json(items)
    whole = capsys.readouterr().out
    monkeypatch.setattr(render, "WRITE_BATCH", 2)  # several writes, cut between items
    render.emit_json_rows(iter(items))
    assert capsys.readouterr().out == whole
    assert json.loads(whole) is not None


def test_whole_ledger_commands_write_what_they_wrote_at_once(recount: Recount, removals) -> None:
    with open_ledger(recount.db, by="ann") as ledger:
        rows, found = ledger.replay(), ledger.discrepancies()
        history = ledger.history(REMOVALS)
        notes = [ledger.discrepancy_notes(d.statistic, d.period) for d in found]
    assert found and history

    def emitted(data) -> str:
        saved, sys.stdout = sys.stdout, io.StringIO()
        try:
            render.emit_json(data)
            return sys.stdout.getvalue()
        finally:
            sys.stdout = saved

    assert recount.ok("replay").stdout == emitted(rows)
    assert recount.ok("replay", "--json").stdout == emitted(rows)
    assert recount.ok("discrepancies", "--json").stdout == emitted(found)
    assert recount.ok("discrepancies", "--notes", "--json").stdout == emitted(
        render.with_notes(found, notes))
    assert recount.ok("history", REMOVALS, "--json").stdout == emitted(history)
    ndjson = recount.ok("replay", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line) for line in ndjson] == json.loads(emitted(rows))
    csv_lines = recount.ok("replay", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == ",".join(render.REPLAY_CSV_FIELDS) and len(csv_lines) == 1 + len(rows)


def test_an_empty_replay_is_an_empty_array_and_a_header(recount: Recount) -> None:
    recount.ok("init")
    assert recount.ok("replay").stdout == "[]\n"
    assert recount.ok("replay", "--format", "ndjson").stdout == ""
    assert recount.ok("replay", "--format", "csv").stdout == ",".join(
        render.REPLAY_CSV_FIELDS) + "\n"


@pytest.fixture(autouse=True)
def piped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as a pipe gets them, whatever terminal the tests run in."""
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def _entry(n: int, text: str) -> HistoryEntry:
    return HistoryEntry(
        seq=n, statistic="s", period="2010", source="ons", figure=f"{n:032x}", event="published",
        text=text, previous=None, published="2011-01-01", recorded="2026-01-01T00:00:00.000000Z",
        recorded_by="ann", reason=None, detail=None,
    )  # fmt: skip


def test_a_table_of_several_chunks_is_the_table_printed_at_once(capsys, monkeypatch) -> None:
    # Cells of one width: the chunks' columns are the whole table's, line for line.
    rows = [_entry(n, f"text {n % 10}") for n in range(10)]
    render.print_table(render.history_table(rows), "no history")
    whole = capsys.readouterr().out
    monkeypatch.setattr(render, "TABLE_CHUNK", 3)
    render.print_table_rows(render.history_table, iter(rows), "no history")
    assert capsys.readouterr().out == whole


def test_a_long_table_keeps_one_header_and_its_columns(capsys, monkeypatch) -> None:
    monkeypatch.setattr(render, "TABLE_CHUNK", 4)
    # A later chunk's longer cell folds in the first chunk's column; hostile text stays visible.
    rows = [_entry(n, "short" if n < 4 else f"a much longer text {n} {HOSTILE}") for n in range(11)]
    render.print_table_rows(render.history_table, iter(rows), "no history")
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert sum("recorded" in line for line in lines) == 1  # one header
    assert sum(line.startswith("┏") for line in lines) == 1
    assert sum(line.startswith("└") for line in lines) == 1 and lines[-1].startswith("└")
    assert not any(line.startswith(("┌", "┗")) for line in lines[1:-1])
    assert len({len(line) for line in lines}) == 1  # the same columns all the way
    for n in range(11):
        assert f"{n:032x}"[:8] in out
    assert "\x1b" not in out and "\u202e" not in out and "\u009b" not in out


def test_an_empty_table_says_so(capsys) -> None:
    render.print_table_rows(render.history_table, iter([]), "no history")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "no history\n"
