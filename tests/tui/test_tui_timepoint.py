"""The time point: what the header says, and stepping between publication dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import backends

import tui.app
from ledger.bootstrap import open_ledger
from tui.timepoint import TimePoint, format_recorded, next_date, previous_date

DATES = ["2010-11-01", "2010-12-01", "2011-01-10"]


def test_the_label_says_now_or_both_times():
    assert TimePoint().label() == "now"
    assert TimePoint(date(2010, 12, 31)).label() == "as of 2010-12-31 · known at now"
    moment = datetime(2011, 1, 21, 10, 30, tzinfo=UTC)
    assert TimePoint(None, moment).label() == "as of today · known at 2011-01-21 10:30 UTC"
    end_of_day = datetime(2011, 1, 21, 23, 59, 59, 999999, tzinfo=UTC)
    assert TimePoint(date(2011, 1, 1), end_of_day).label() == (
        "as of 2011-01-01 · known at 2011-01-21 (end of day UTC)")


def test_stepping_goes_to_the_neighbouring_publication_dates():
    # From now (the clock is pinned in 2024): back to the last date.
    assert previous_date(DATES, TimePoint()) == date(2011, 1, 10)
    assert next_date(DATES, TimePoint()) is None
    # From a publication date, and from between two.
    on_a_date = TimePoint(date(2010, 12, 1))
    assert (previous_date(DATES, on_a_date), next_date(DATES, on_a_date)) == (
        date(2010, 11, 1), date(2011, 1, 10))
    between = TimePoint(date(2010, 12, 15))
    assert (previous_date(DATES, between), next_date(DATES, between)) == (
        date(2010, 12, 1), date(2011, 1, 10))
    # Before the first date.
    assert previous_date(DATES, TimePoint(date(2010, 11, 1))) is None
    assert previous_date([], TimePoint()) is None


def test_recorded_times_read_as_utc():
    assert format_recorded("2024-03-01T09:00:00.000000Z") == "2024-03-01 09:00 UTC"
    assert format_recorded("2024-03-01T09:00:05.250000Z") == "2024-03-01 09:00:05 UTC"
    assert format_recorded("not a time") == "not a time"


def test_browse_opens_the_ledger_runs_the_app_and_closes_it(tmp_path: Path, monkeypatch):
    ran = []
    monkeypatch.setattr(tui.app.RecountApp, "run", lambda app: ran.append(app))
    db = backends.new_db(tmp_path, "browse.db")
    open_ledger(db, create=True).close()
    tui.app.browse(db, "ann")
    (app,) = ran
    assert app.ledger.archivist == "ann"
    assert app.point == TimePoint()
    assert backends.exists(db)
