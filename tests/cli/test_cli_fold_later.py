"""A save stands when the catch-up after it fails: success, one warning, folded later."""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from cli_support import Recount
from sqlalchemy.exc import OperationalError

from ledger.projections import Projections


@contextmanager
def folding_fails() -> Iterator[None]:
    """The catch-up right after a save meets a database that gives up (a lock held past the
    wait, a lost connection); every other catch-up works."""
    catch_up = Projections.catch_up

    def failing_after_a_save(self, *args, **kwargs):
        if inspect.stack()[1].function == "fold_saved":
            raise OperationalError("SELECT …", {}, sqlite3.OperationalError("database is locked"))
        return catch_up(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Projections, "catch_up", failing_after_a_save)
        yield


def test_a_record_whose_fold_fails_reports_success_and_the_next_read_folds_it(
    recount: Recount,
) -> None:
    recount.ok("statistic", "add", "jobs", "--name", "Payroll jobs", "--unit", "thousands")
    recount.ok("source", "add", "bls", "--name", "BLS")
    with folding_fails():
        result = recount("record", "jobs", "--period", "2020-01", "--value", "150",
                         "--source", "bls", "--published", "2020-02-07")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip()) == 32  # the figure's id: it was saved
    assert result.stderr.splitlines() == [
        "warning: saved, but the read models could not follow yet (OperationalError: "
        "database is locked); the next command catches up",
        f"recorded figure {result.stdout[:8]}: jobs 2020-01 by bls",
    ]
    assert [row["value"] for row in recount.json("replay", "--statistic", "jobs")] == [150]
