"""Fixtures for the CLI tests: a fresh ledger per test (on the run's backend),
a pinned clock, a runner.

The clock is pinned through ``RECOUNT_NOW`` (read on every call), so a test
moves recorded time forward with :meth:`Recount.at`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import backends
import pytest
from cli_support import NOW, PERIOD, REMOVALS, UNSET, Recount
from typer.testing import CliRunner

# pytest puts tests/ on sys.path (for tests/conftest.py), where this folder,
# tests/cli, makes `import cli` a namespace package (tests/cli plus cli/, with
# cli/__init__.py never run) before the editable install's finder is asked.
# With the project root first, `import cli` is the real package.
ROOT = Path(__file__).resolve().parents[2]
if getattr(sys.modules.get("cli"), "__file__", None) is None:
    sys.modules.pop("cli", None)
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def recount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Recount:
    monkeypatch.setenv("RECOUNT_NOW", NOW)
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    return Recount(db=backends.new_db(tmp_path, "l.db"), monkeypatch=monkeypatch,
                   runner=CliRunner())


@pytest.fixture(scope="session")
def removals_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """The worked example, recorded once per session through the CLI itself."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("RECOUNT_NOW", NOW)
        for name in UNSET:
            monkeypatch.delenv(name, raising=False)
        where = backends.new_db(tmp_path_factory.mktemp("template"), "l.db", lasting=True)
        template = Recount(db=where,
                           monkeypatch=monkeypatch, runner=CliRunner())
        template.ok("statistic", "add", REMOVALS, "--name", "Removals under Secure Communities",
                    "--unit", "people")
        template.ok("source", "add", "ice.morton", "--name", "John Morton",
                    "--organisation", "ICE")
        template.ok("source", "add", "ice.release", "--name", "ICE press release",
                    "--organisation", "ICE", "--kind", "agency")
        first = template.record(REMOVALS, "--period", PERIOD, "--value", "more than 59,000",
                                "--source", "ice.morton", "--published", "2011-01-20")
        second = template.record(REMOVALS, "--period", PERIOD, "--value", "nearly 51,000",
                                 "--source", "ice.release", "--published", "2011-02-01")
    # Every command closed its ledger: nothing holds the template open to be copied.
    return template.db, {"ice.morton": first, "ice.release": second}


@pytest.fixture
def removals(recount: Recount, removals_template, tmp_path: Path) -> dict[str, str]:
    """The worked example of DESIGN.md: two sources of one agency disagree.

    A copy of the session's template ledger. Returns the figure ids by source.
    """
    template, figures = removals_template
    recount.db = backends.copy_db(template, tmp_path, "l.db")
    return figures
