"""The projections' own page reader sees the same events as the library's."""

from __future__ import annotations

import json

from ledger.projections.log import read_page


def test_read_page_equals_select_notifications(ledger, fixed_clock):
    ledger.add_statistic("s", "S", "u")
    ledger.add_source("a", "A", organisation="Org")
    figure = ledger.record("s", "2010", "about 1,200", "a", "2011-01-21", note="[red]x[/red]")
    ledger.correct(figure, "1,250", "2011-02-01", "typo")
    ledger.retract(figure, "2011-03-01", "withdrawn")

    with ledger.engines.reader.connect() as db:
        ours = read_page(db, ledger.projections.events, 0, 100)
    theirs = ledger.app.recorder.select_notifications(1, 100)

    assert [e.position for e in ours] == [n.id for n in theirs]
    for event, notification in zip(ours, theirs, strict=True):
        assert event.originator_id == notification.originator_id.hex
        assert event.version == notification.originator_version
        assert event.kind == notification.topic.rpartition(":")[2]
        state = json.loads(ledger.app.mapper.compressor.decompress(notification.state))
        state.pop("timestamp")
        assert event.data == state
        assert event.recorded.startswith(fixed_clock.strftime("%Y-%m-%dT%H:%M:%S"))


def test_read_page_starts_after_a_position_and_stops_at_the_limit(ledger, fixed_clock):
    ledger.add_statistic("s", "S", "u")
    ledger.add_source("a", "A")
    for year in range(2000, 2005):
        ledger.record("s", str(year), "1", "a", "2011-01-21")
    with ledger.engines.reader.connect() as db:
        page = read_page(db, ledger.projections.events, 3, 2)
    assert [e.position for e in page] == [4, 5]
