"""The write side retries a save only while another writer holds the lock."""

import time

import pytest
from eventsourcing.persistence import OperationalError

from ledger.errors import StorageError
from ledger.write import application
from ledger.write.application import Recount


def failing(message: str):
    calls = []

    def attempt():
        calls.append(time.monotonic())
        raise OperationalError(message)

    return attempt, calls


def test_a_full_disk_is_raised_at_once_not_waited_on():
    # Try to save on a full disk: no other writer will ever free it.
    attempt, calls = failing("database or disk is full")
    with pytest.raises(OperationalError):
        Recount._retrying(None, attempt)
    # It was tried once.
    assert len(calls) == 1


def test_a_read_only_database_is_raised_at_once():
    attempt, calls = failing("attempt to write a readonly database")
    with pytest.raises(OperationalError):
        Recount._retrying(None, attempt)
    assert len(calls) == 1


def test_a_locked_database_is_tried_again_until_the_wait_runs_out(monkeypatch):
    # Another writer holds the lock past a short wait.
    monkeypatch.setattr(application, "RETRY_SECONDS", 0.05)
    attempt, calls = failing("database is locked")
    with pytest.raises(StorageError, match="stayed busy"):
        Recount._retrying(None, attempt)
    # It was tried more than once before giving up.
    assert len(calls) > 1


def test_a_figure_and_the_new_release_it_names_are_saved_together_or_not_at_all(
    ledger_db, monkeypatch
):
    from ledger.bootstrap import open_ledger
    from ledger.domain import Release

    with open_ledger(ledger_db, by="tester", create=True) as ledger:
        ledger.add_statistic("s", "S", "people")
        ledger.add_source("a", "A")
        # The disk fills as the figure is saved (a save of the release alone would pass).
        save = Recount.save

        def full_for_figures(self, *objs, **kwargs):
            if any(type(o).__qualname__.startswith("Figure.") for o in objs):
                raise OperationalError("database or disk is full")
            return save(self, *objs, **kwargs)

        monkeypatch.setattr(Recount, "save", full_for_figures)
        with pytest.raises(StorageError, match="full"):
            ledger.record("s", "2010", "5", "a", "2011-01-01", release="r1")
        monkeypatch.undo()
        # Neither the figure nor its release was kept.
        assert not ledger.app.has_aggregate(Release.create_id("a", "r1"))
        assert ledger.replay("s") == []
        # Record it again once there is room: both are saved, in one go.
        ledger.record("s", "2010", "5", "a", "2011-01-01", release="r1")
        assert ledger.app.has_aggregate(Release.create_id("a", "r1"))
