"""Shared by the UI tests: the fixture ledger, the pinned clock and waiting for workers.

The fixture ledger is a small story told through the service: an official
and a spokesperson of one agency disagree (a hard, internal discrepancy), an
agency revises and corrects GDP, a newspaper whose name is full of markup and
an escape sequence disagrees with the statistics office (a soft discrepancy)
and retracts a misprint.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from unittest import mock
from uuid import UUID

import eventsourcing.domain
from textual.pilot import Pilot

from ledger.bootstrap import open_ledger
from ledger.domain import figure as figure_module
from ledger.semantics import clock
from ledger.service import Ledger


def pilot_test(scenario: Callable[..., Coroutine]) -> Callable[..., None]:
    """Run an async test on its own event loop (the project has no async pytest plugin)."""

    @functools.wraps(scenario)
    def run(*args, **kwargs) -> None:
        asyncio.run(scenario(*args, **kwargs))

    return run


# "Now" for every UI test: the day the archivist recorded everything.
NOW = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
HOSTILE_NAME = "[red]x[/red] Daily \x1b[31mHerald"
HOSTILE_QUOTE = "We removed more than 59,000 [bold]criminal aliens[/bold]"


@contextmanager
def fixed_ids() -> Iterator[None]:
    """Aggregates created inside get ids 00000000-0000-4000-8000-000000000001, …002, …

    Random ids come from ``uuid4`` as imported by eventsourcing's Aggregate and,
    where the ledger makes figure ids itself, by its figure module.
    """
    counter = iter(range(1, 1_000_000))

    def next_id() -> UUID:
        return UUID(int=(0x4000 << 64) | (0x8000 << 48) | next(counter))

    with ExitStack() as patches:
        for module in (eventsourcing.domain, figure_module):
            if hasattr(module, "uuid4"):
                patches.enter_context(mock.patch.object(module, "uuid4", next_id))
        yield


def tell_the_story(ledger: Ledger) -> None:
    """Record the fixture ledger's statistics, sources and figures."""
    # Three statistics.
    ledger.add_statistic("ice.sc.removals", "Removals under Secure Communities", "people",
                         "Aliens removed after identification through Secure Communities",
                         "United States")
    ledger.add_statistic("us.gdp.real", "Real gross domestic product", "USD bn (2005)")
    ledger.add_statistic("uk.net.migration", "Net migration to the UK", "people")

    # Two officials of one agency, an agency, a statistics office and a newspaper.
    ledger.add_source("ice.morton", "John Morton", "ICE", "official")
    ledger.add_source("ice.spokes", "ICE spokesperson", "ICE", "official")
    ledger.add_source("bea", "Bureau of Economic Analysis", "BEA", "agency")
    ledger.add_source("ons", "Office for National Statistics", "ONS", "agency")
    ledger.add_source("daily", HOSTILE_NAME, "Herald Group", "media")

    # ICE's director and its spokesperson disagree about the programme's removals.
    removals = "2008-10-27/2011-01-10"
    ledger.record("ice.sc.removals", "FY2010", "about 40,000", "ice.morton", "2010-11-01")
    ledger.record("ice.sc.removals", "FY2010", "40k", "daily", "2010-11-15")
    ledger.record("ice.sc.removals", removals, "more than 59,000", "ice.morton", "2011-01-10",
                  url="https://example.org/morton?a=[b]", quote=HOSTILE_QUOTE)
    ledger.record("ice.sc.removals", removals, "nearly 51,000", "ice.spokes", "2011-01-20",
                  note="Emailed statement \x1b[2J to the press")

    # The BEA publishes GDP for 2010-Q4, revises it, and corrects the revision.
    ledger.record("us.gdp.real", "2010-Q4", "13,380.7", "bea", "2011-01-28",
                  status="provisional", release="advance estimate")
    revised = ledger.record("us.gdp.real", "2010-Q4", "13,382.6", "bea", "2011-02-25")
    ledger.correct(revised, "13,383.1", "2011-03-01", "transcription error in table 3")
    ledger.record("us.gdp.real", "2011-Q1", "13,438.8", "bea", "2011-04-28")

    # The newspaper misprints 2009, retracts it, and disagrees with the ONS about 2010.
    misprint = ledger.record("uk.net.migration", "2009", "196,000", "daily", "2010-12-01")
    ledger.retract(misprint, "2011-01-05", "misprint")
    ledger.record("uk.net.migration", "2010", "252,000", "ons", "2011-05-26")
    ledger.record("uk.net.migration", "2010", "252,400", "daily", "2011-06-01")


def build_fixture(db: str, story=tell_the_story) -> str:
    """Tell ``story`` into a new ledger at ``db`` and close it, ready for ``backends.copy_db``."""
    with clock.frozen(NOW), fixed_ids():
        ledger = open_ledger(db, "ann", create=True)
        try:
            story(ledger)
        finally:
            ledger.close()
    return db


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until no worker (but the log poller) runs and the screen has caught up."""
    app = pilot.app
    quiet = 0
    for _ in range(int(timeout / 0.01)):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "poll" and not w.is_finished]
        if busy:
            quiet = 0
            await app.workers.wait_for_complete(busy)
        else:
            # A worker's result arrives as a message, whose handler may start
            # another read or only repaint: quiet for a few turns in a row.
            quiet += 1
            if quiet >= 3:
                return
    raise AssertionError("the app kept working")


async def wait_for(pilot: Pilot, condition, timeout: float = 5.0) -> None:
    """Pause until ``condition()`` holds, failing after ``timeout`` seconds."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "timed out waiting"


async def shows(pilot: Pilot, text: str, timeout: float = 5.0) -> bool:
    """Whether ``text`` appears on screen within ``timeout`` (a repaint may trail the data)."""
    for _ in range(int(timeout / 0.02)):
        if text in screen_text(pilot.app):
            return True
        await pilot.pause(0.02)
    return False


def screen_text(app) -> str:
    """The text on screen, line by line, as a person would read it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
