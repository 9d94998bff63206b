"""What the CLI tests share: a runner bound to a temporary ledger, and the worked example."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import backends
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner, Result

from ledger.bootstrap import open_ledger

NOW = "2026-01-01T00:00:00"

# What would change the output: other ledgers, archivists, terminal sizes and colours.
UNSET = ("RECOUNT_DB", "RECOUNT_DEBUG", "RECOUNT_ARCHIVIST", "COLUMNS", "FORCE_COLOR",
         "TTY_COMPATIBLE", "NO_COLOR")

REMOVALS = "ice.sc.removals"
PERIOD = "2008-10-27/2011-01-10"


def url(db: str) -> str:
    """The SQLAlchemy URL the CLI opens for ``--db db`` (what it hands the UI)."""
    return db if "://" in db else f"sqlite:///{Path(db).resolve()}"


def shown(db: str) -> str:
    """How the CLI names the ledger at ``db``: the file's whole path, or the URL as given."""
    return db if "://" in db else str(Path(db).resolve())


def query(db: str, sql: str, **params: Any) -> list[tuple]:
    """The rows of one query on the ledger at ``db``, on either backend."""
    engine = create_engine(url(db), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def stored(db: str) -> dict[str, list[tuple]]:
    """Every table of the ledger and every row in it: a refusal leaves them all alone."""
    engine = create_engine(url(db), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {table: sorted((tuple(row) for row in connection.execute(
                text(f'SELECT * FROM "{table}"'))), key=repr) for table in tables}
    finally:
        engine.dispose()


def ledger_made(db: str) -> bool:
    """Whether anything made a ledger at ``db``: a SQLite file, or tables in the database."""
    if not backends.exists(db):
        return False
    return "://" not in db or bool(stored(db))


def recount_app():
    from cli.main import app  # imported late: see conftest.py

    return app


@dataclass
class Recount:
    """Runs ``recount --db <ledger> --by <archivist> ...`` in-process.

    ``db`` is what ``--db`` takes on this run's backend: a file path or a database URL.
    """

    db: str
    monkeypatch: pytest.MonkeyPatch
    runner: CliRunner
    by: str = "ann"

    def __call__(self, *args: str) -> Result:
        return self.bare("--db", self.db, "--by", self.by, *args)

    def bare(self, *args: str) -> Result:
        """Run without the global options."""
        return self.runner.invoke(recount_app(), list(args))

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, (
            result.exit_code, result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def refused(self, *args: str) -> str:
        """Run a command that must be refused; returns its one error line."""
        result = self(*args)
        assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "Traceback" not in result.stderr
        return lines[0]

    def at(self, moment: str) -> None:
        """Move the recorded-time clock."""
        self.monkeypatch.setenv("RECOUNT_NOW", moment)

    def events(self) -> int:
        """How many events the log holds: unchanged after a refusal."""
        if not ledger_made(self.db):
            return 0
        with open_ledger(self.db, "checker") as ledger:
            return ledger.projections.log_position()

    def state(self) -> tuple[int, str, str, str]:
        """Everything a refusal must leave alone (no ledger at all stays so)."""
        if not ledger_made(self.db):
            return (0, "no ledger", "", "")
        return (
            self.events(),
            self.ok("replay").stdout,
            self.ok("statistic", "list", "--json").stdout,
            self.ok("source", "list", "--json").stdout,
        )

    def record(self, *args: str) -> str:
        """Record a figure; returns its full id."""
        return self.json("record", *args)["figure"]
