"""``recount source list`` and ``show`` count drop-outs apart from withdrawals (issue 13)."""

from __future__ import annotations

from pathlib import Path

from cli_support import Recount

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"
# Three values in it drop out of a later vintage (tests/transfer/test_vintage_import.py).
ALFRED = FIXTURES / "alfred_dropouts.csv"


def imported_and_one_withdrawn(recount: Recount) -> None:
    recount.ok("import", str(ALFRED), "--format", "alfred", "--statistic", "gdpx",
               "--source", "bea")  # fmt: skip
    replayed = recount.json("replay", "--statistic", "gdpx")
    standing = [r for r in replayed if r["period"] == "1999-Q1"]
    recount.ok("retract", standing[0]["figure"], "--published", "2000-03-01",
               "--reason", "withdrawn")  # fmt: skip


def test_the_json_listing_counts_withdrawals_and_drop_outs_apart(recount: Recount) -> None:
    imported_and_one_withdrawn(recount)
    (bea,) = recount.json("source", "list")
    assert (bea["source_id"], bea["retracted"], bea["dropped"]) == ("bea", 1, 3)
    # The keys stay in the row's order: dropped comes after retracted.
    assert list(bea)[-2:] == ["retracted", "dropped"]
    shown = recount.json("source", "show", "bea")
    assert (shown["retracted"], shown["dropped"]) == (1, 3)


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│┃ ").replace("┃", "│").split("│")]


def test_the_tables_show_both_counts(recount: Recount) -> None:
    imported_and_one_withdrawn(recount)
    lines = recount.ok("source", "list").stdout.splitlines()
    header = next(cells(line) for line in lines if "retracted" in line)
    bea = next(cells(line) for line in lines if line.startswith("│ bea"))
    assert dict(zip(header, bea, strict=True))["retracted"] == "1"
    assert dict(zip(header, bea, strict=True))["dropped"] == "3"
    shown = dict(cells(line) for line in recount.ok("source", "show", "bea").stdout.splitlines()
                 if line.startswith("│"))  # fmt: skip
    assert (shown["retracted"], shown["dropped"]) == ("1", "3")
