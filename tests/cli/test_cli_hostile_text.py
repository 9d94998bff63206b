"""Hostile recorded text reaches no terminal as controls, from any command.

A statistic, source, figure and note are recorded with escape sequences, an
OSC 8 hyperlink, a C1 control and a right-to-left override in them. Every
table and message shows them as visible stand-ins (``␛]0;title␇``,
``⁅U+202E⁆``); ``--json`` still gives back exactly what was recorded. The last
tests run the installed ``recount`` on a pipe and on a pseudo-terminal and
look at the bytes themselves.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import unicodedata
from pathlib import Path

import backends
import pytest
from cli_support import NOW, UNSET, Recount, ledger_made

from ledger.service import Ledger

ESC_RED = "\x1b[31m"
TITLE = "\x1b]0;title\x07"
OSC8 = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"
C1 = "\x9b31m"
RLO = "\u202e"
HOSTILE = f"{ESC_RED}red{TITLE} {OSC8} {C1} {RLO}evil\x7f \u2066iso\u2069"
# What the terminal is shown instead: every piece visible, none obeyed.
STAND_INS = ("␛[31mred", "␛]0;title␇", "␛]8;;http://evil␛\\click␛]8;;␛\\", "⁅U+009B⁆31m",
             "⁅U+202E⁆evil␡", "⁅U+2066⁆iso⁅U+2069⁆")
OBEYED = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def obeyed(text: str) -> list[str]:
    """Every character of ``text`` a terminal would act on (newlines end lines)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in OBEYED]


def assert_inert(text: str, *, shown: bool = True) -> None:
    assert obeyed(text) == [], text
    if shown:
        for stand_in in STAND_INS:
            assert stand_in in text, (stand_in, text)


@pytest.fixture
def hostile(recount: Recount, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A ledger whose every kind of recorded text is hostile. Returns the figure ids."""
    monkeypatch.setenv("COLUMNS", "3000")  # no cell folded: the stand-ins stay whole
    recount.ok("statistic", "add", "s", "--name", HOSTILE, "--unit", HOSTILE,
               "--definition", HOSTILE, "--scope", HOSTILE)
    recount.ok("source", "add", "a", "--name", HOSTILE, "--organisation", HOSTILE)
    recount.ok("source", "add", "b", "--name", "B")
    recount.by = HOSTILE
    first = recount.record("s", "--period", "2010", "--value", "about 100", "--source", "a",
                           "--published", "2011-01-01", "--url", f"http://x.org/{HOSTILE}",
                           "--quote", f"{HOSTILE}\nsecond line", "--note", HOSTILE,
                           "--release", HOSTILE)
    second = recount.record("s", "--period", "2010", "--value", "500", "--source", "b",
                            "--published", "2011-02-01")
    recount.ok("correct", second, "--value", "400", "--published", "2011-03-01",
               "--reason", HOSTILE)
    recount.ok("explain", "s", "--period", "2010", "--kind", "timing", "--note", HOSTILE)
    return {"a": first, "b": second}


TABLES = [
    ("statistic", "list"),
    ("statistic", "show", "s"),
    ("statistic", "history", "s"),
    ("source", "list"),
    ("source", "show", "a"),
    ("source", "history", "a"),
    ("show", "s"),
    ("show", "s", "--period", "2010"),
    ("history", "s"),
    ("discrepancies",),
    ("discrepancies", "--notes"),
]


@pytest.mark.parametrize("command", TABLES, ids=" ".join)
def test_tables_show_stand_ins_and_no_control(recount: Recount, hostile, command) -> None:
    result = recount.ok(*command)
    assert_inert(result.stdout)
    assert_inert(result.stderr, shown=False)


def test_history_shows_reasons_and_who_recorded(recount: Recount, hostile) -> None:
    out = recount.ok("history", "s").stdout
    assert "␛]0;title␇" in out and HOSTILE not in out
    # The quote's newline is shown in its one-line cell.
    assert "second line" in recount.ok("show", "s", "--period", "2010").stdout


@pytest.mark.parametrize("command", TABLES, ids=" ".join)
def test_json_gives_back_exactly_what_was_recorded(recount: Recount, hostile, command) -> None:
    result = recount.ok(*command, "--json")
    # Escaped by the encoder: nothing raw on the terminal, the same text when parsed.
    assert obeyed(result.stdout) == []
    assert HOSTILE in texts(json.loads(result.stdout))


def texts(document) -> set[str]:
    """Every string inside a JSON document."""
    if isinstance(document, str):
        return {document}
    if isinstance(document, dict):
        return set().union(*map(texts, document.values())) if document else set()
    if isinstance(document, list):
        return set().union(*map(texts, document)) if document else set()
    return set()


def test_replay_json_and_ndjson_are_exact_and_inert(recount: Recount, hostile) -> None:
    for format in ("json", "ndjson"):
        out = recount.ok("replay", "--format", format).stdout
        assert obeyed(out) == []
        rows = json.loads(out) if format == "json" else [json.loads(x) for x in out.splitlines()]
        assert {r["recorded_by"] for r in rows} >= {HOSTILE}
        assert f"http://x.org/{HOSTILE}" in texts(rows) or HOSTILE in texts(rows)


def test_replay_csv_keeps_the_text_as_recorded(recount: Recount, hostile) -> None:
    # CSV is data: the recorded text, untouched (docs/csv-and-spreadsheets.md).
    assert HOSTILE in recount.ok("replay", "--format", "csv").stdout


def test_export_ndjson_is_exact_and_inert(recount: Recount, hostile) -> None:
    out = recount.ok("export", "--statistic", "s", "--format", "ndjson").stdout
    assert obeyed(out) == []
    assert HOSTILE in texts([json.loads(x) for x in out.splitlines()])


def test_refusals_quote_hostile_text_on_one_inert_line(recount: Recount, hostile) -> None:
    # The ledger quotes a bad value escaped (``shown``): visible, and nothing to obey.
    assert recount.refused("statistic", "show", TITLE) == r"error: no statistic '\x1b]0;title\x07'"
    for args in (
        ("show", HOSTILE),
        ("history", "s", "--period", HOSTILE),
        ("source", "show", HOSTILE),
        ("record", "s", "--period", "2011", "--value", HOSTILE, "--source", "a",
         "--published", "2011-01-01"),
        ("replay", "--as-of", f"{HOSTILE}\nx"),
        ("explain", "s", "--period", "2010", "--kind", HOSTILE, "--note", "n"),
    ):
        line = recount.refused(*args)
        assert_inert(line, shown=False)
        assert "\x1b" not in line and RLO not in line


def test_a_refusal_the_ledger_words_raw_is_made_inert(recount: Recount, monkeypatch) -> None:
    from ledger.errors import InvalidInput

    def refuse(self):
        raise InvalidInput(f"first\n{HOSTILE}\r")

    monkeypatch.setattr(Ledger, "sources", refuse)
    recount.ok("init")
    line = recount.refused("source", "list")
    assert line.startswith("error: first\\n␛[31mred␛]0;title␇")
    assert_inert(line)


def test_warnings_are_one_inert_line(recount: Recount, hostile, monkeypatch) -> None:
    monkeypatch.setattr(Ledger, "attention", lambda self: f"{HOSTILE}\nmore")
    result = recount.ok("statistic", "list")
    [line] = result.stderr.splitlines()
    assert line.startswith("warning: ␛[31mred") and line.endswith("\\nmore")
    assert_inert(line)


def test_usage_errors_are_one_inert_line_with_exit_2(recount: Recount, hostile) -> None:
    for args in (
        ("statistic", "show", "s", HOSTILE),  # an extra argument
        ("replay", "--format", HOSTILE),  # not a choice
        (f"no{HOSTILE}such",),  # no such command
        ("statistic", "show", f"--{HOSTILE}"),  # no such option
        ("record", "s"),  # missing options
        ("replay", "--json", "--format", "csv"),
    ):
        result = recount(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("error: ") and "--help" in line, line
        assert_inert(line, shown=False)


def test_a_missing_choice_lists_the_choices_on_the_line(recount: Recount,
                                                        tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    data.write_text("statistic,period,value,source,published\n", encoding="utf-8")
    result = recount("import", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: Missing option '--format'. Choose from: csv, ndjson, alfred, rtdsm, bls-ces "
    ), result.stderr


def test_paths_in_import_messages_are_inert(recount: Recount, tmp_path: Path) -> None:
    data = tmp_path / f"figures{TITLE}.csv"
    data.write_text("statistic,period,value,source,published\n"
                    "t,2010,12,c,2011-01-01\n", encoding="utf-8")
    for args in (("--dry-run",), ()):
        result = recount.ok("import", str(data), "--format", "csv", "--create-missing", *args)
        assert "figures␛]0;title␇.csv" in result.stdout
        assert_inert(result.stdout + result.stderr, shown=False)


def test_arguments_that_are_not_utf8_are_refused_in_one_line(recount: Recount,
                                                             hostile) -> None:
    before = recount.state()
    typed = b"\xffab".decode("utf-8", "surrogateescape")
    result = recount("record", "s", "--period", "2012", "--value", "1", "--source", "a",
                     "--published", "2012-01-01", "--note", typed)
    assert result.exit_code == 2
    assert result.stderr == "error: argument 16 is not valid UTF-8: b'\\xffab'\n"
    assert result.stdout == ""
    assert recount.state() == before


# -- the installed command, on a pipe and on a pseudo-terminal ---------------

RECOUNT = Path(sys.executable).with_name("recount")
needs_script = pytest.mark.skipif(not RECOUNT.exists(), reason=f"no {RECOUNT}")
SHOWN = "␛]0;title␇".encode()
# Each command and how the title sequence appears in what it writes.
ON_SCREEN = [
    (("statistic", "list"), SHOWN),
    (("source", "list"), SHOWN),
    (("show", "s", "--period", "2010"), SHOWN),
    (("history", "s"), SHOWN),
    (("discrepancies", "--notes"), SHOWN),
    (("statistic", "show", TITLE), b"\\x1b]0;title\\x07"),  # the refusal quotes it escaped
    (("replay", "--format", HOSTILE), b"\\x1b]0;title\\x07"),  # click quotes it as repr
]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(RECOUNT_NOW=NOW, COLUMNS="3000", LINES="50", **extra)
    return env


def on_a_pty(argv: list[str | bytes], env: dict[str, str]) -> bytes:
    """Every byte the command writes to a pseudo-terminal (stdout and stderr both)."""
    master, slave = os.openpty()
    try:
        process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                   close_fds=True)
    finally:
        os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                process.kill()
                raise AssertionError(f"{argv} wrote nothing for 30 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command ended and closed its side
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        process.wait(timeout=30)
    return b"".join(chunks)


# Byte sequences no recorded text may put on a terminal: OSC (ESC ]) at all, the
# payloads behind an ESC, C1 controls in UTF-8 (U+0080..U+009F), BEL, DEL, and
# the bidirectional overrides and isolates.
FORBIDDEN = [b"\x1b]", b"\x1b[31mred", b"\x07", b"\x7f",
             *(chr(c).encode() for c in range(0x80, 0xA0)),
             *(chr(c).encode() for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))]


@needs_script
@pytest.mark.parametrize(("command", "marker"), ON_SCREEN, ids=[" ".join(c) for c, _ in ON_SCREEN])
def test_nothing_hostile_reaches_a_pseudo_terminal(recount: Recount, hostile, command,
                                                   marker) -> None:
    shown = on_a_pty([str(RECOUNT), "--db", recount.db, *command],
                     environment(TERM="xterm-256color"))
    for sequence in FORBIDDEN:
        assert sequence not in shown, (sequence, shown)
    assert marker in shown
    if "┃".encode() in shown:  # a table: rich knew it wrote to a terminal, and styled it
        assert b"\x1b[1m" in shown


@needs_script
@pytest.mark.parametrize(("command", "marker"), ON_SCREEN, ids=[" ".join(c) for c, _ in ON_SCREEN])
def test_nothing_hostile_reaches_a_pipe(recount: Recount, hostile, command, marker) -> None:
    done = subprocess.run([str(RECOUNT), "--db", recount.db, *command],
                          capture_output=True, env=environment(), timeout=60)
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream  # piped, rich styles nothing: no ESC at all
        for sequence in FORBIDDEN:
            assert sequence not in stream, (sequence, stream)
    assert marker in done.stdout + done.stderr


@needs_script
def test_the_console_script_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    db = backends.new_db(tmp_path, "l.db")
    done = subprocess.run([str(RECOUNT), "--db", db, "record", b"\xffab", "--period",
                           "2010"], capture_output=True, env=environment(), timeout=60)
    assert done.returncode == 2
    assert done.stderr == b"error: argument 4 is not valid UTF-8: b'\\xffab'\n"
    assert done.stdout == b""
    assert not ledger_made(db)  # nothing written, not even an empty ledger
