"""Replay by source: one source's figures, exactly the rows of the whole replay that are its."""

from __future__ import annotations

import pytest

from ledger.errors import NotFound
from ledger.service import Ledger


@pytest.fixture
def two_sources(ledger: Ledger) -> Ledger:
    # Two statistics, two sources of one agency, a revision and a retraction.
    ledger.add_statistic("removals", "Removals", "people")
    ledger.add_statistic("returns", "Returns", "people")
    ledger.add_source("ice.morton", "John Morton", "ICE")
    ledger.add_source("ice.release", "ICE press release", "ICE", "agency")
    ledger.add_source("silent", "Says nothing")
    ledger.record("removals", "2010", "more than 59,000", "ice.morton", "2011-01-20")
    ledger.record("removals", "2010", "nearly 51,000", "ice.release", "2011-02-01")
    ledger.record("removals", "2011", "60,000", "ice.release", "2012-01-10")
    ledger.record("removals", "2011", "61,000", "ice.release", "2012-03-10")
    gone = ledger.record("returns", "2010", "100", "ice.morton", "2011-01-20")
    ledger.record("returns", "2011", "120", "ice.morton", "2012-01-20")
    ledger.retract(gone, "2011-06-01", "withdrawn")
    return ledger


@pytest.mark.parametrize("source", ["ice.morton", "ice.release"])
@pytest.mark.parametrize("statistic", [None, "removals", "returns"])
@pytest.mark.parametrize("as_of", [None, "2011-03-01", "2012-02-01"])
def test_a_source_s_replay_is_its_rows_of_the_whole_replay(two_sources, source, statistic, as_of):
    whole = two_sources.replay(statistic, as_of=as_of)
    assert two_sources.replay(statistic, as_of=as_of, source=source) == [
        row for row in whole if row.source == source
    ]


def test_a_source_s_replay_takes_the_period_too(two_sources):
    rows = two_sources.replay("removals", "2011", source="ice.release")
    assert [(r.period, r.text) for r in rows] == [("2011", "61,000")]
    assert two_sources.replay("removals", "2011", source="ice.morton") == []


def test_the_streamed_replay_by_source_gives_the_same_rows(two_sources):
    assert list(two_sources.iter_replay(source="ice.morton")) == two_sources.replay(
        source="ice.morton"
    )


def test_a_source_with_nothing_to_show_replays_empty(two_sources):
    assert two_sources.replay(source="silent") == []
    # Its retracted figure is gone from the retraction's date on.
    assert [r.period for r in two_sources.replay("returns", source="ice.morton")] == ["2011"]


def test_an_unknown_source_is_refused_by_name(two_sources):
    with pytest.raises(NotFound, match="^no source 'nobody'$"):
        two_sources.replay(source="nobody")
    with pytest.raises(NotFound, match="^no source 'nobody'$"):
        list(two_sources.iter_replay("removals", source="nobody"))
    # An unknown statistic is named first, as before.
    with pytest.raises(NotFound, match="^no statistic 'nope'$"):
        two_sources.replay("nope", source="nobody")
