"""A retraction says whether it is a drop-out: version 2 of Figure.Retracted.

Version 1 events (older logs) lack the mark; the upcaster gives them the one
rule for old logs (ledger.semantics.drop_outs): the vintage import's own
reason makes a drop-out, any other a withdrawal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from ledger.domain import Figure
from ledger.semantics import clock

RECORDED = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    with clock.frozen(RECORDED):
        yield


def publish() -> Figure:
    return Figure(
        statistic="gdp", period="1999-Q3", source="bea", text="102.3", grain=None,
        status="normal", published="1999-10-28", release=None, url=None, quote=None,
        note=None, by="archivist",
    )  # fmt: skip


def stored_retraction(app: Application, reason: str, dropped: bool) -> StoredEvent:
    figure = publish()
    figure.collect_events()
    figure.retract(published="1999-10-29", reason=reason, by="archivist", dropped=dropped)
    (retracted,) = figure.collect_events()
    return app.mapper.to_stored_event(retracted)


def as_version_1(stored: StoredEvent) -> StoredEvent:
    """The same event as an older Recount stored it: no mark, no class version."""
    state = json.loads(stored.state)
    del state["dropped"], state["class_version"]
    return StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic,
        json.dumps(state, separators=(",", ":")).encode(),
    )  # fmt: skip


@pytest.fixture
def app() -> Iterator[Application]:
    application = Application(env={"IS_SNAPSHOTTING_ENABLED": "n"})
    yield application
    application.close()


def test_a_withdrawal_is_stored_unmarked_as_a_drop_out(app):
    # Retract a figure by hand: the source withdrew it.
    stored = stored_retraction(app, "withdrawn", dropped=False)

    # The stored event says it is no drop-out, at the event's second version.
    state = json.loads(stored.state)
    assert (state["dropped"], state["class_version"]) == (False, 2)
    assert app.mapper.to_domain_event(stored).dropped is False


def test_a_drop_out_is_stored_with_its_mark(app):
    # The vintage import retracts a value a later vintage lacks.
    stored = stored_retraction(app, "not in vintage GDPX_19991029", dropped=True)

    assert json.loads(stored.state)["dropped"] is True
    assert app.mapper.to_domain_event(stored).dropped is True


@pytest.mark.parametrize(
    ("reason", "dropped"),
    [("not in vintage GDPX_19991029", True), ("withdrawn", False), ("not in vintage ", False)],
)
def test_an_old_unmarked_retraction_is_upcast_by_its_reason(app, reason, dropped):
    # An older Recount stored the retraction without the mark.
    old = as_version_1(stored_retraction(app, reason, dropped=False))
    assert b"dropped" not in old.state

    # Read back, it carries the mark the old-log rule gives it.
    event = app.mapper.to_domain_event(old)
    assert (event.reason, event.dropped) == (reason, dropped)


def test_a_figure_with_an_old_retraction_loads_as_retracted(app):
    # Save a published figure, then put an old-style retraction behind it.
    figure = publish()
    app.save(figure)
    old = as_version_1(stored_retraction(app, "withdrawn", dropped=False))
    app.recorder.insert_events([StoredEvent(figure.id, 2, old.topic, old.state)])

    # The figure folds the old event as it always did.
    copy = app.repository.get(figure.id)
    assert (copy.version, copy.retracted) == (2, "1999-10-29")
