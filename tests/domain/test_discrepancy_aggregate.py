"""The discrepancy aggregate on its own: what an archivist says about a disagreement.

Whether figures disagree is the projections' business; this aggregate holds
only the archivist's notes: explained, resolved, reopened.
"""

from __future__ import annotations

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from ledger.domain import Discrepancy
from ledger.domain.base import natural_id
from ledger.errors import Conflict


def track() -> Discrepancy:
    return Discrepancy(statistic="ice.removals", period="2010-Q4", by="archivist")


def event_names(discrepancy: Discrepancy) -> list[str]:
    return [type(event).__name__ for event in discrepancy.collect_events()]


def test_track_a_discrepancy():
    # Track a discrepancy: it starts open.
    discrepancy = track()
    assert discrepancy.state == "open"
    assert (discrepancy.statistic, discrepancy.period) == ("ice.removals", "2010-Q4")

    # Its id is its statistic and period: one discrepancy per slot of the register.
    assert discrepancy.id == natural_id("discrepancy", "ice.removals", "2010-Q4")
    assert event_names(discrepancy) == ["Tracked"]


def test_explain_resolve_and_reopen_a_discrepancy():
    # Track a discrepancy.
    discrepancy = track()

    # Explain it: the sources count different things.
    discrepancy.explain(kind="definition", note="removals vs returns", by="archivist")
    assert discrepancy.state == "explained"

    # Resolve it.
    discrepancy.resolve(note="agreed", by="archivist")
    assert discrepancy.state == "resolved"

    # Reopen it: a new figure revives the question.
    discrepancy.reopen(note="new count", by="archivist")
    assert discrepancy.state == "open"

    assert event_names(discrepancy) == ["Tracked", "Explained", "Resolved", "Reopened"]


def test_resolve_an_open_discrepancy_without_explaining_it():
    # Track a discrepancy, and resolve it straight away.
    discrepancy = track()
    discrepancy.resolve(note="a rounding, nothing more", by="archivist")
    assert discrepancy.state == "resolved"


def test_fail_to_resolve_a_resolved_discrepancy():
    # Track a discrepancy, and resolve it.
    discrepancy = track()
    discrepancy.resolve(note="agreed", by="archivist")
    discrepancy.collect_events()

    # Fail to resolve it again: it is already resolved.
    with pytest.raises(Conflict, match="ice.removals 2010-Q4 is already resolved"):
        discrepancy.resolve(note="again", by="archivist")

    # Nothing happened.
    assert discrepancy.collect_events() == []


def test_fail_to_reopen_an_open_discrepancy():
    # Track a discrepancy.
    discrepancy = track()

    # Fail to reopen it: it is already open.
    with pytest.raises(Conflict, match="ice.removals 2010-Q4 is already open"):
        discrepancy.reopen(note="why", by="archivist")


def test_reopen_an_explained_discrepancy():
    # Track a discrepancy, and explain it.
    discrepancy = track()
    discrepancy.explain(kind="unknown", note="no idea yet", by="archivist")

    # Reopen it: an explanation is not the last word.
    discrepancy.reopen(note="the explanation was wrong", by="archivist")
    assert discrepancy.state == "open"


def test_explain_a_discrepancy_again():
    # Track a discrepancy, and explain it.
    discrepancy = track()
    discrepancy.explain(kind="unknown", note="no idea yet", by="archivist")

    # Explain it again, better: each explanation is an event.
    discrepancy.explain(kind="timing", note="different cut-off dates", by="archivist")
    assert discrepancy.state == "explained"
    assert event_names(discrepancy) == ["Tracked", "Explained", "Explained"]


def test_the_events_rebuild_the_discrepancy():
    # Track a discrepancy, explain it and resolve it.
    discrepancy = track()
    discrepancy.explain(kind="scope", note="national vs border", by="archivist")
    discrepancy.resolve(note="agreed", by="archivist")

    # Save it, and get it back: resolved, at version 3.
    app = Application()
    app.save(discrepancy)
    copy = app.repository.get(discrepancy.id)
    assert (copy.state, copy.version) == ("resolved", 3)

    # Fail to track it twice: the second save finds version 1 taken.
    with pytest.raises(IntegrityError):
        app.save(track())
