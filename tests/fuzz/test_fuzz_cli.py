"""Fuzzing the command line (``recount``) in-process, with typer's CliRunner.

Properties, for every generated command line and import file:

* the exit code is 0, 1 or 2, and nothing escapes but ``SystemExit``: no
  traceback, no ``unexpected`` error line;
* a command that fails prints exactly one line on stderr, ``error: ...``;
* a refused command leaves every table of the SQLite file as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import backends
import pytest
from fuzz_support import (
    NOW,
    PERCENT,
    SOURCES,
    STATISTIC,
    codes,
    dates,
    figure_refs,
    mostly,
    nasty_text,
    numbers,
    periods,
    seed,
    snapshot,
    valid_dates,
    valid_numbers,
    valid_periods,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_fuzz_imports import alfred, bls_ces, native_csv, native_ndjson, rtdsm
from typer.testing import CliRunner

from ledger.semantics import clock

ROOT = Path(__file__).resolve().parents[2]
# As in tests/cli/conftest.py: `import cli` must find the real package, not tests/cli.
if getattr(sys.modules.get("cli"), "__file__", None) is None:
    sys.modules.pop("cli", None)
    sys.path.insert(0, str(ROOT))

UNSET = ("RECOUNT_DB", "RECOUNT_DEBUG", "RECOUNT_ARCHIVIST", "COLUMNS", "FORCE_COLOR",
         "TTY_COMPATIBLE", "NO_COLOR")

# A CLI run opens the ledger afresh (~0.15 s), so these take fewer examples than
# the service's: the door's properties are fuzzed harder in test_fuzz_service.py.
FUZZ = settings(max_examples=60, deadline=None,
                # One ledger file for all examples on purpose: see Cli.run.
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


class Cli:
    """``recount --db <ledger> --by fuzzer ...`` on one seeded ledger."""

    def __init__(self, db: str, figures: list[str], folder: Path) -> None:
        from cli.main import app  # late: see above

        self.app = app
        self.db = db
        self.figures = figures
        self.file = folder / "input.csv"
        self.runner = CliRunner()
        self.before = snapshot(db)

    def run(self, args: list[str]) -> None:
        result = self.runner.invoke(self.app, ["--db", self.db, "--by", "fuzzer", *args])
        shown = (args, result.exit_code, result.stdout[-500:], result.stderr[-500:])
        assert result.exit_code in (0, 1, 2), shown
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            shown, repr(result.exception))
        assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
        assert "error: unexpected" not in result.stderr, shown
        if result.exit_code == 0:
            event("accepted")
            self.before = snapshot(self.db)
            return
        event(f"exit {result.exit_code}")
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), shown
        assert snapshot(self.db) == self.before, (shown, "refused, yet wrote")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    db = backends.new_db(tmp_path_factory.mktemp("fuzz-cli-template"), lasting=True)
    with clock.frozen(clock.now().fromisoformat(NOW + "+00:00")):
        figures = seed(db)
    return db, figures


@pytest.fixture
def cli(template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    folder = tmp_path_factory.mktemp("fuzz-cli")
    db = backends.copy_db(template[0], folder, "l.db")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("RECOUNT_NOW", NOW)
        for name in UNSET:
            monkeypatch.delenv(name, raising=False)
        yield Cli(db, template[1], folder)


def option(name: str, value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return value.map(lambda text: [name, text])


def maybe(name: str, value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), option(name, value))


def line(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda lists: [arg for part in lists for arg in part])


def word(text: str) -> st.SearchStrategy[list[str]]:
    return st.just(text.split())


statistic = mostly(st.sampled_from((STATISTIC, PERCENT)), codes())
source = mostly(st.sampled_from(SOURCES), codes())
published = mostly(valid_dates, dates())
value = mostly(valid_numbers, numbers())
period = mostly(valid_periods, periods())
text = mostly(st.sampled_from(("a reason", "typo")), nasty_text())
as_of = maybe("--as-of", published)
known_at = maybe("--known-at", mostly(st.just("2026-01-01T00:00:00Z"), dates()))
# A figure reference, resolved against the seeded ids when the example runs.
FIGURE = "{figure}"

commands = st.one_of(
    line(word("record"), statistic.map(lambda s: [s]), option("--period", period),
         option("--value", value), option("--source", source), option("--published", published),
         maybe("--status", mostly(st.just("normal"), nasty_text(8))),
         maybe("--grain", numbers()), maybe("--note", nasty_text()), maybe("--url", nasty_text()),
         maybe("--release", nasty_text()), st.sampled_from(([], ["--json"]))),
    line(word("correct"), st.just([FIGURE]), option("--value", value),
         option("--published", published), option("--reason", text), maybe("--grain", numbers())),
    line(word("retract"), st.just([FIGURE]), option("--published", published),
         option("--reason", text)),
    line(word("amend"), st.just([FIGURE]), option("--reason", text), maybe("--value", value),
         maybe("--period", period), maybe("--source", source), maybe("--published", published)),
    line(word("statistic add"), codes().map(lambda c: [c]), option("--name", text),
         option("--unit", text)),
    line(word("source add"), codes().map(lambda c: [c]), option("--name", text),
         maybe("--organisation", nasty_text()),
         maybe("--kind", mostly(st.just("agency"), nasty_text(8)))),
    line(st.sampled_from((["explain"], ["resolve"], ["reopen"])), statistic.map(lambda s: [s]),
         option("--period", mostly(st.just("2019"), periods())), option("--note", text),
         maybe("--kind", nasty_text(8))),
    line(word("replay"), maybe("--statistic", statistic), maybe("--period", period), as_of,
         known_at, st.sampled_from(([], ["--json"]))),
    line(word("history"), statistic.map(lambda s: [s]), maybe("--period", period), as_of),
    line(word("figure"), st.just([FIGURE]), as_of, known_at),
    line(word("discrepancies"), maybe("--statistic", statistic), as_of, known_at),
    line(word("export"), option("--statistic", statistic), option("--format", mostly(
        st.sampled_from(("alfred", "rtdsm", "bls-ces", "csv", "ndjson")), nasty_text(8))),
        as_of, maybe("--source", source)),
    line(word("statistic list"), as_of), line(word("source list")),
    # Arbitrary argv: unknown commands, options where arguments go, and so on.
    st.lists(st.one_of(
        st.sampled_from(("record", "replay", "--json", "--help", "-h", "--", "--db", "import",
                         "statistic", "add", "--period", "--value", "ui")),
        nasty_text(12)), max_size=5),
)


def _no_surrogates(args: list[str]) -> bool:
    # Left to the engineer making the CLI refuse non-UTF-8 argv (a lone surrogate
    # is what Python makes of such bytes): the service's own refusal is fuzzed in
    # test_fuzz_service.py. Kept out, not xfailed, so the rest of argv is fuzzed.
    return all(not any("\ud800" <= ch <= "\udfff" for ch in arg) for arg in args)


@FUZZ
@given(args=commands, ref=figure_refs())
def test_commands(cli, args, ref):
    figure = ref(cli.figures)
    argv = [figure if arg == FIGURE else arg for arg in args]
    if "ui" in argv or "--help" in argv or "-h" in argv:
        return  # the UI takes the terminal; help pages are not refusals
    cli.run(argv)


@settings(FUZZ, max_examples=50)
@given(
    fmt_content=st.one_of(
        st.tuples(st.just("csv"), native_csv()),
        st.tuples(st.just("ndjson"), native_ndjson()),
        st.tuples(st.just("alfred"), alfred()),
        st.tuples(st.just("rtdsm"), rtdsm()),
        st.tuples(st.just("bls-ces"), bls_ces()),
    ),
    extra=st.sampled_from(([], ["--dry-run"], ["--create-missing"], ["--json"],
                           ["--into-existing"])),
    target=st.sampled_from((["--statistic", "fz.vintage", "--source", "fz.fed"],
                            ["--statistic", STATISTIC, "--source", SOURCES[0]], [])),
)
def test_import(cli, fmt_content, extra, target):
    fmt, content = fmt_content
    cli.file.write_bytes(content)
    vintage = fmt not in ("csv", "ndjson")
    args = ["import", str(cli.file), "--format", fmt, *extra]
    cli.run(args + (target if vintage else []))
