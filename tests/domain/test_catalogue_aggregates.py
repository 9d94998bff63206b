"""The catalogue's aggregates on their own: statistics, sources and releases.

Their ids come from their natural keys (a code, a source id, a source and a
release key), so defining one twice is a storage conflict even between two
processes: the second save finds version 1 taken.
"""

from __future__ import annotations

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from ledger.domain import Release, Source, Statistic


def event_names(aggregate) -> list[str]:
    return [type(event).__name__ for event in aggregate.collect_events()]


# -- statistics -------------------------------------------------------------------


def define_removals() -> Statistic:
    return Statistic(
        code="ice.removals",
        name="Removals",
        unit="people",
        definition=None,
        scope="United States",
        by="archivist",
    )


def test_define_and_describe_a_statistic():
    # Define a statistic.
    statistic = define_removals()
    assert (statistic.code, statistic.name) == ("ice.removals", "Removals")
    assert (statistic.unit, statistic.definition) == ("people", None)

    # Describe it better: every field is given again.
    statistic.describe(
        name="Removals and returns",
        unit="people",
        definition="Removals under title 8",
        scope="United States",
        by="archivist",
    )
    assert statistic.name == "Removals and returns"
    assert statistic.definition == "Removals under title 8"
    assert event_names(statistic) == ["Defined", "Described"]


def test_fail_to_define_a_statistic_twice():
    # Define a statistic, and save it.
    app = Application()
    app.save(define_removals())

    # The same code is the same id.
    assert define_removals().id == Statistic.create_id("ice.removals")

    # Fail to define it again: the second save finds version 1 taken.
    with pytest.raises(IntegrityError):
        app.save(define_removals())


def test_the_events_rebuild_the_statistic():
    # Define a statistic, describe it, save it, and get it back.
    statistic = define_removals()
    statistic.describe(name="Removals", unit="persons", definition=None, scope=None, by="a")
    app = Application()
    app.save(statistic)
    copy = app.repository.get(statistic.id)
    assert (copy.unit, copy.scope, copy.version) == ("persons", None, 2)


# -- sources ----------------------------------------------------------------------


def register(source_id: str, organisation: str | None = "DHS") -> Source:
    return Source(
        source_id=source_id, name=source_id.upper(), organisation=organisation,
        kind="agency", by="archivist",
    )  # fmt: skip


def test_register_and_update_a_source():
    # Register a source.
    source = register("ice")
    assert (source.source_id, source.organisation, source.kind) == ("ice", "DHS", "agency")

    # Update it: it turns out to be an official speaking for the agency.
    source.update(name="ICE director", organisation="DHS", kind="official", by="archivist")
    assert (source.name, source.kind) == ("ICE director", "official")
    assert event_names(source) == ["Registered", "Updated"]


def test_two_sources_of_one_organisation_are_two_sources():
    # Register two officials of one agency.
    ice, cbp = register("ice"), register("cbp")

    # They are two sources of one organisation.
    assert ice.id != cbp.id
    assert ice.organisation == cbp.organisation


def test_fail_to_register_a_source_twice():
    # Register a source, and save it.
    app = Application()
    app.save(register("ice"))

    # Fail to register it again, even under another organisation.
    with pytest.raises(IntegrityError):
        app.save(register("ice", organisation=None))


# -- releases ---------------------------------------------------------------------


def publish_release(source: str = "bls", key: str = "ces:2003-05") -> Release:
    return Release(
        source=source, key=key, title="Employment Situation, May 2003",
        url=None, published="2003-06-06", by="archivist",
    )  # fmt: skip


def test_publish_a_release():
    # Publish a release: a document that published figures together.
    release = publish_release()
    assert (release.source, release.key, release.published) == ("bls", "ces:2003-05", "2003-06-06")
    assert release.url is None
    assert event_names(release) == ["Published"]


def test_a_release_is_known_by_its_source_and_key():
    # The same key from another source is another release.
    assert publish_release().id == Release.create_id("bls", "ces:2003-05")
    assert publish_release(source="mirror").id != publish_release().id

    # Fail to publish the same release twice.
    app = Application()
    app.save(publish_release())
    with pytest.raises(IntegrityError):
        app.save(publish_release())
