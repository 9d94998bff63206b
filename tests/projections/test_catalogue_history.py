"""The catalogue's history: every definition of a statistic and registration of a
source, as each event left it, in log order, rebuilt from the log like any read model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from ledger.bootstrap import open_ledger
from ledger.errors import InvalidInput, NotFound
from ledger.projections import queries
from ledger.semantics import clock
from ledger.service import Ledger

FIXED_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def described(ledger_db: str) -> Iterator[Ledger]:
    """A statistic defined, then described twice by two archivists a day apart."""
    with clock.frozen(FIXED_NOW):
        ledger = open_ledger(ledger_db, by="ann", create=True)
        ledger.add_statistic("gdp", "gdp", "unstated")
        ledger.add_source("bls", "bls", kind="unattributed")
    with clock.frozen(FIXED_NOW + timedelta(days=1)):
        ledger.describe_statistic("gdp", name="Real GDP", unit="billions of dollars")
        ledger.update_source("bls", name="Bureau of Labor Statistics", kind="agency")
    ledger.archivist = "bob"
    with clock.frozen(FIXED_NOW + timedelta(days=2)):
        ledger.describe_statistic("gdp", definition="Chained 2012 dollars")
    try:
        yield ledger
    finally:
        ledger.close()


def test_a_statistics_definitions_are_listed_oldest_first_with_who_and_when(described):
    history = described.statistic_history("gdp")
    assert [(h.event, h.name, h.unit, h.definition, h.recorded_by) for h in history] == [
        ("defined", "gdp", "unstated", None, "ann"),
        ("described", "Real GDP", "billions of dollars", None, "ann"),
        ("described", "Real GDP", "billions of dollars", "Chained 2012 dollars", "bob"),
    ]
    # Each line is stamped with its own recorded time, in log order.
    assert [h.recorded for h in history] == sorted(h.recorded for h in history)
    assert [h.seq for h in history] == sorted(h.seq for h in history)


def test_a_sources_registrations_are_listed_apart_from_the_statistics(described):
    history = described.source_history("bls")
    assert [(h.entry, h.event, h.name, h.kind, h.unit) for h in history] == [
        ("source", "registered", "bls", "unattributed", None),
        ("source", "updated", "Bureau of Labor Statistics", "agency", None),
    ]


def test_the_query_finds_nothing_for_an_entry_the_catalogue_lacks(described):
    with described.engines.reader.connect() as db:
        assert queries.catalogue_history(db, "statistic", "bls") == []
        assert queries.catalogue_history(db, "source", "gdp") == []
    with pytest.raises(NotFound, match="no statistic 'nope'"):
        described.statistic_history("nope")
    with pytest.raises(NotFound, match="no source 'nope'"):
        described.source_history("nope")


def test_a_rebuild_gives_the_same_history(described):
    before = (described.statistic_history("gdp"), described.source_history("bls"))
    described.rebuild()
    assert (described.statistic_history("gdp"), described.source_history("bls")) == before


def test_an_edit_that_changes_nothing_records_nothing(described):
    events = described.log_position()
    with pytest.raises(InvalidInput, match="nothing to change for statistic 'gdp'"):
        described.describe_statistic("gdp")
    with pytest.raises(InvalidInput, match="already reads so"):
        described.describe_statistic("gdp", name=" Real GDP ")
    with pytest.raises(InvalidInput, match="already reads so"):
        described.update_source("bls", kind="agency")
    assert described.log_position() == events
    assert len(described.statistic_history("gdp")) == 3
