"""Clearer values: a refusal says which forms are read, a sign must fit the unit,
and `record --release` names the release a figure appeared in."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from cli_support import PERIOD, REMOVALS, Recount, query, stored

FORMS = ("write a number (59,000, 1.2 million, 59k), optionally with a hedge "
         "(more than 59,000, nearly 51,000, between 10 and 20)")


def dump(recount: Recount) -> list[str]:
    """Every row of the ledger: a refusal leaves them all as they were."""
    return stored(recount.db)


def record_args(value: str, statistic: str = REMOVALS, period: str = "2012") -> list[str]:
    return [statistic, "--period", period, "--value", value,
            "--source", "ice.morton", "--published", "2013-01-02"]


@pytest.mark.parametrize(("value", "hint"), [
    ("a few thousand", FORMS),
    ("lots", FORMS),
    ("40 000", f"group thousands with commas, not spaces (40,000); {FORMS}"),
    ("1,2 million", f"write decimals with a point, not a comma (1.2 million); {FORMS}"),
])
def test_an_unreadable_value_is_refused_saying_which_forms_are_read(
    recount: Recount, removals, value: str, hint: str
) -> None:
    before = dump(recount)
    line = recount.refused("record", *record_args(value))
    assert line == f"error: cannot read value {value!r}: {hint}"
    assert dump(recount) == before


@pytest.mark.parametrize(("value", "what"), [
    ("12%", "a percentage"),
    ("$5 billion", "an amount in dollars"),
    ("about €3 million", "an amount in euros"),
    ("more than £40k", "an amount in pounds"),
])
def test_a_signed_value_that_does_not_fit_the_unit_is_refused(
    recount: Recount, removals, value: str, what: str
) -> None:
    before = dump(recount)
    line = recount.refused("record", *record_args(value))
    assert line == f"error: value {value!r} is {what}, but statistic '{REMOVALS}' counts people"
    assert dump(recount) == before


def test_a_signed_value_that_fits_keeps_its_sign(recount: Recount, removals) -> None:
    recount.ok("statistic", "add", "ice.share", "--name", "Share removed", "--unit", "percent")
    recount.ok("statistic", "add", "ice.budget", "--name", "Budget", "--unit", "US dollars")
    recount.record(*record_args("12%", "ice.share"))
    recount.record(*record_args("$5 billion", "ice.budget"))
    [share] = recount.json("replay", "--statistic", "ice.share")
    [budget] = recount.json("replay", "--statistic", "ice.budget")
    assert (share["text"], budget["text"]) == ("12%", "$5 billion")


def test_correct_and_amend_refuse_a_sign_that_does_not_fit(recount: Recount, removals) -> None:
    morton = removals["ice.morton"]
    before = dump(recount)
    line = recount.refused("correct", morton, "--value", "12%", "--published", "2011-03-01",
                           "--reason", "x")
    assert line == f"error: value '12%' is a percentage, but statistic '{REMOVALS}' counts people"
    line = recount.refused("amend", morton, "--value", "$59,000", "--reason", "typo")
    assert line.startswith("error: value '$59,000' is an amount in dollars, but statistic")
    line = recount.refused("correct", morton, "--value", "40 000", "--published", "2011-03-01",
                           "--reason", "x")
    assert line.startswith("error: cannot read value '40 000': group thousands with commas")
    assert dump(recount) == before


def test_a_native_import_refuses_a_sign_that_does_not_fit_naming_the_row(
    recount: Recount, removals, tmp_path
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "statistic,period,value,source,published\n"
        f"{REMOVALS},2012,36,ice.morton,2013-01-02\n"
        f"{REMOVALS},2013,12%,ice.morton,2014-01-02\n"
    )
    before = dump(recount)
    line = recount.refused("import", str(path), "--format", "csv")
    assert line == (
        f"error: row 2: value '12%' is a percentage, but statistic '{REMOVALS}' counts people"
    )
    assert dump(recount) == before


def test_a_native_import_keeps_a_sign_that_fits(recount: Recount, removals, tmp_path) -> None:
    # A statistic the import creates has an unstated unit: nothing says a sign does not fit.
    recount.ok("statistic", "add", "ice.share", "--name", "Share removed", "--unit", "% of all")
    path = tmp_path / "figures.csv"
    path.write_text(
        "statistic,period,value,source,published\n"
        "ice.share,2012,12%,ice.morton,2013-01-02\n"
        "ice.new,2012,$5 billion,ice.morton,2013-01-02\n"
    )
    recount.ok("import", str(path), "--format", "csv", "--create-missing")
    share = recount.json("replay", "--statistic", "ice.share")
    created = recount.json("replay", "--statistic", "ice.new")
    assert ([row["text"] for row in share], [row["text"] for row in created]) == (
        ["12%"], ["$5 billion"]
    )


def test_record_names_its_release_as_the_csv_column_does(recount: Recount, removals) -> None:
    before = recount.events()
    recount.record(*record_args("36"), "--release", "annual-report-2012")
    # The release is recorded the first time it is named, then only referred to.
    assert recount.events() == before + 2
    recount.record(*record_args("40", period="2013"), "--release", "annual-report-2012")
    assert recount.events() == before + 3
    exported = recount.ok("export", "--statistic", REMOVALS, "--format", "csv").stdout
    rows = [line for line in exported.splitlines() if line.endswith(",annual-report-2012")]
    assert len(rows) == 2
    releases = query(recount.db, "SELECT source, key, title, published FROM catalogue_releases")
    assert releases == [
        ("ice.morton", "annual-report-2012", "annual-report-2012", "2013-01-02")
    ]


def test_a_refused_record_with_a_release_writes_no_release(recount: Recount, removals) -> None:
    before = dump(recount)
    recount.refused("record", *record_args("lots"), "--release", "annual-report-2012")
    recount.refused("record", *record_args("36", period="2099-99"), "--release", "r")
    assert dump(recount) == before


def test_the_worked_example_still_reads(recount: Recount, removals) -> None:
    # The hedged figures of the worked example are untouched by the sign check.
    rows = recount.json("replay", "--statistic", REMOVALS)
    assert {row["text"] for row in rows if row["period"] == PERIOD} == {
        "more than 59,000", "nearly 51,000"
    }


# -- the README's session, as a newcomer types it --------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_session() -> list[list[str]]:
    """The command lines of the README's session, each split as a shell would."""
    text = README.read_text()
    section = text[text.index("## The command line"):text.index("## Python API")]
    lines = [line[4:] for line in section.splitlines()
             if line.startswith(("    recount ", "    printf "))]
    return [shlex.split(line, comments=True) for line in lines
            if "[--db" not in line and not line.startswith("recount browse")]


def test_the_readme_session_runs_as_written_in_an_empty_folder(
    recount: Recount, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    session = readme_session()
    assert len(session) > 10
    outputs: dict[str, str] = {}
    for words in session:
        target = None
        if ">" in words:
            words, target = words[: words.index(">")], words[words.index(">") + 1]
        if words[0] == "printf":
            (tmp_path / target).write_text(words[1].replace("\\n", "\n"))
            continue
        result = recount.bare(*words[1:])
        assert result.exit_code == 0, (words, result.stdout, result.stderr)
        outputs[" ".join(words)] = result.stdout
        if target is not None:
            (tmp_path / target).write_text(result.stdout)
    # The as-of read returns the figures published by then, before the revision.
    [as_of] = [out for line, out in outputs.items() if "--as-of" in line]
    texts = [json.loads(row)["text"] for row in as_of.splitlines()]
    assert texts == ["more than 59,000", "nearly 51,000"]
    assert "13382.6" in (tmp_path / "GDPC1-again.csv").read_text()
