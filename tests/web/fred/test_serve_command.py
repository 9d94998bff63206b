"""``recount serve`` itself: the command starts a server fredapi can use, and stops."""

from __future__ import annotations

import urllib.error
import urllib.request

import backends
import pytest
from conftest import fred_client

from ledger.bootstrap import open_ledger


def test_recount_serve_answers_fredapi(tmp_path) -> None:
    import server

    db = backends.new_db(tmp_path, "served.db")
    with open_ledger(db, by="tester", create=True) as ledger:
        ledger.add_statistic("us.cpi", "Consumer prices", "index")
        ledger.add_source("bls", "BLS", None, "agency")
        ledger.record("us.cpi", "2010-12", "219.2", "bls", "2011-01-14")
        ledger.record("us.cpi", "2010-12", "219.18", "bls", "2011-02-17")
    with server.serve_process(db, "--host", "127.0.0.1") as url:
        fred = fred_client(url)
        latest = fred.get_series("us.cpi")
        assert [(day.date().isoformat(), value) for day, value in latest.items()] == [
            ("2010-12-01", 219.18)
        ]  # fmt: skip
        first = fred.get_series_first_release("us.cpi")
        assert list(first.values) == [219.2]
        dates = fred.get_series_vintage_dates("us.cpi")
        assert [day.date().isoformat() for day in dates] == ["2011-01-14", "2011-02-17"]
        with pytest.raises(ValueError, match="The series does not exist: 'us.gdp'"):
            fred.get_series("us.gdp")
        refused = urllib.request.Request(f"{url}/fred/series?series_id=us.cpi", method="POST")
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(refused)
        assert raised.value.code == 405
