"""Fixtures of the UI tests: a pinned clock, the fixture ledger, and where snapshots live.

Snapshot SVGs are kept in the project's ``snapshots/`` folder (one subfolder
per test module) rather than syrupy's ``__snapshots__`` next to the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import backends
import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from tui_support import NOW, build_fixture

from ledger.bootstrap import open_ledger
from ledger.semantics import clock
from ledger.service import Ledger

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


class SnapshotsFolderSVG(SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / test_location.basename)


class SnapshotsFolderAssertion(SnapshotAssertion):
    """pytest-textual-snapshot asks for its SVG extension; hand it ours instead."""

    def use_extension(self, extension_class=None):
        if extension_class is SVGImageExtension:
            extension_class = SnapshotsFolderSVG
        return super().use_extension(extension_class)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return SnapshotsFolderAssertion(
        session=snapshot.session,
        extension_class=snapshot.extension_class,
        test_location=snapshot.test_location,
        update_snapshots=snapshot.update_snapshots,
    )


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture(scope="session")
def fixture_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture ledger, built once per test process and copied for each test."""
    folder = tmp_path_factory.mktemp("template")
    return build_fixture(backends.new_db(folder, "fixture.db", lasting=True))


@pytest.fixture
def ledger_db(fixture_template: str, tmp_path: Path) -> str:
    """Where this folder's ``ledger`` lives: a copy of the fixture ledger, the test's own."""
    return backends.copy_db(fixture_template, tmp_path)


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    with clock.frozen(NOW):
        opened = open_ledger(ledger_db, "ann")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def empty_ledger(tmp_path: Path) -> Iterator[Ledger]:
    opened = open_ledger(backends.new_db(tmp_path, "empty.db"), "ann", create=True)
    try:
        yield opened
    finally:
        opened.close()
