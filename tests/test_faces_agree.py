"""The CLI, the Python API and the UI give the same figures and states at every point.

One history of one statistic: two sources publish, the agency corrects its
figure, the newspaper retracts its own, the agency revises with a new figure,
and the archivist fixes three recording mistakes (a value, the period of the
revision, a publication date). At points before and after each event, in
published time and in recorded time, every face must show what the ledger
answers (``Ledger.figures``), which must say what DESIGN.md says and agree
with the oracle that folds the events.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import backends
import pytest
from typer.testing import CliRunner

from ledger.bootstrap import open_ledger
from ledger.errors import NotFound
from ledger.oracle import read_log, replay_by_folding
from ledger.rows import FigureDetail
from ledger.semantics import clock
from ledger.service import Ledger
from tests.tui.tui_support import screen_text, settle
from tui.app import build_app
from tui.statistic_view import read_period
from tui.timepoint import TimePoint
from tui.widgets.figure_details import card_heading

ROOT = Path(__file__).resolve().parents[1]
STAT = "us.jobs"
PERIODS = ("2010", "2011")


def recorded(day: int) -> datetime:
    """The archivist's working days: 1 to 7 January 2024, at nine."""
    return datetime(2024, 1, day, 9, 0, tzinfo=UTC)


R = {n: recorded(n) for n in range(1, 8)}  # R[n]: when the n-th step was recorded
LATER = datetime(2024, 2, 1, tzinfo=UTC)
JUST = timedelta(microseconds=1)


def tell(ledger: Ledger) -> dict[str, str]:
    """The history; returns the figure ids by name."""
    with clock.frozen(R[1] - timedelta(days=1)):
        ledger.add_statistic(STAT, "Jobs added", "jobs")
        ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
        ledger.add_source("press", "The Daily", "Daily Group", "media")
    with clock.frozen(R[1]):
        agency = ledger.record(STAT, "2010", "100", "bls", "2011-01-10")
        paper = ledger.record(STAT, "2010", "about 120", "press", "2011-01-12")
    with clock.frozen(R[2]):
        ledger.correct(agency, "105", "2011-02-01", "typo in table 1")
    with clock.frozen(R[3]):
        ledger.retract(paper, "2011-03-01", "withdrawn")
    with clock.frozen(R[4]):
        revision = ledger.record(STAT, "2010", "110", "bls", "2011-04-01")
    with clock.frozen(R[5]):
        ledger.amend(agency, "recorded 100 for 101", value="101")
    with clock.frozen(R[6]):
        ledger.amend(revision, "it was about 2011", period="2011")
    with clock.frozen(R[7]):
        ledger.amend(agency, "published a day later", published="2011-01-11")
    return {"agency": agency, "paper": paper, "revision": revision}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Where the story's ledger is, for the CLI to open."""
    return backends.new_db(tmp_path_factory.mktemp("faces"), "faces.db", lasting=True)


@pytest.fixture(scope="module")
def story(db: str) -> Iterator[tuple[Ledger, dict[str, str]]]:
    with open_ledger(db, "ann", create=True) as ledger:
        yield ledger, tell(ledger)


# In published time: before and on each publication date. In recorded time:
# just before each step after the first, and after all of them.
AS_OF = ("2011-01-09", "2011-01-10", "2011-01-11", "2011-01-31", "2011-02-01", "2011-02-28",
         "2011-03-01", "2011-03-31", "2011-04-01")  # fmt: skip
KNOWN_AT = tuple(R[n] - JUST for n in range(2, 8)) + (LATER,)
KNOWN_AT_IDS = [f"before-step-{n}" for n in range(2, 8)] + ["after-all"]
POINTS = [(day, moment) for day in AS_OF for moment in KNOWN_AT]


def seen(details: list[FigureDetail], names: dict[str, str]) -> dict[str, tuple]:
    """{name: (the value it gave, its states)}: what a person reads of each figure."""
    by_id = {figure: name for name, figure in names.items()}
    return {by_id[d.figure]: (d.standing_text, d.states) for d in details}


# -- what the ledger answers, against DESIGN.md --------------------------------


def test_a_correction_applies_from_its_publication_date(story):
    ledger, names = story
    # Known before the correction was recorded, the agency's figure stands as published.
    before = ledger.figures(STAT, "2010", as_of="2011-02-01", known_at=R[2] - JUST)
    assert seen(before, names)["agency"] == ("100", ("current",))
    # Known since, it is corrected from the correction's publication date on, not before.
    day_before = ledger.figures(STAT, "2010", as_of="2011-01-31", known_at=R[2])
    on_the_day = ledger.figures(STAT, "2010", as_of="2011-02-01", known_at=R[2])
    assert seen(day_before, names)["agency"] == ("100", ("current",))
    assert seen(on_the_day, names)["agency"] == ("105", ("current", "corrected ×1"))


def test_a_retraction_applies_from_its_publication_date(story):
    ledger, names = story
    assert seen(ledger.figures(STAT, "2010", as_of="2011-02-28", known_at=LATER),
                names)["paper"] == ("about 120", ("current",))  # fmt: skip
    assert seen(ledger.figures(STAT, "2010", as_of="2011-03-01", known_at=LATER),
                names)["paper"] == ("about 120", ("retracted 2011-03-01",))  # fmt: skip
    assert seen(ledger.figures(STAT, "2010", as_of="2011-03-01", known_at=R[3] - JUST),
                names)["paper"] == ("about 120", ("current",))  # fmt: skip


def test_a_revision_supersedes_from_its_publication_date(story):
    ledger, names = story
    known = R[5] - JUST  # the revision recorded, the errata not yet
    assert seen(ledger.figures(STAT, "2010", as_of="2011-03-31", known_at=known), names) == {
        "agency": ("105", ("current", "corrected ×1")),
        "paper": ("about 120", ("retracted 2011-03-01",)),
    }
    assert seen(ledger.figures(STAT, "2010", as_of="2011-04-01", known_at=known), names) == {
        "agency": ("105", ("superseded", "corrected ×1")),
        "paper": ("about 120", ("retracted 2011-03-01",)),
        "revision": ("110", ("current",)),
    }


def test_errata_apply_from_their_recorded_time_at_every_date(story):
    ledger, names = story
    # The value: before the erratum the ledger showed the mistake, after it the fixed value.
    [mistake] = [d for d in ledger.figures(STAT, "2010", "2011-01-31", R[5] - JUST)
                 if d.figure == names["agency"]]  # fmt: skip
    [fixed] = [d for d in ledger.figures(STAT, "2010", "2011-01-31", R[5])
               if d.figure == names["agency"]]  # fmt: skip
    assert (mistake.text, mistake.amendments) == ("100", 0)
    assert (fixed.text, fixed.standing_text, fixed.states) == (
        "101", "101", ("current", "amended ×1"))
    # The period: once the revision is known to be about 2011, the agency's 2010 figure stands.
    known = R[7] - JUST
    assert seen(ledger.figures(STAT, "2010", as_of="2011-04-01", known_at=known), names) == {
        "agency": ("105", ("current", "corrected ×1", "amended ×1")),
        "paper": ("about 120", ("retracted 2011-03-01",)),
    }
    assert seen(ledger.figures(STAT, "2011", as_of="2011-04-01", known_at=known), names) == {
        "revision": ("110", ("current", "amended ×1")),
    }
    # The publication date: published on the 10th as first recorded, on the 11th since.
    assert "agency" in seen(ledger.figures(STAT, "2010", "2011-01-10", known), names)
    assert "agency" not in seen(ledger.figures(STAT, "2010", "2011-01-10", LATER), names)
    assert seen(ledger.figures(STAT, "2010", "2011-01-11", LATER), names) == {
        "agency": ("101", ("current", "amended ×2")),
    }


def test_one_figure_reads_as_it_does_among_its_period(story):
    ledger, names = story
    for day, moment in POINTS:
        for period in PERIODS:
            for detail in ledger.figures(STAT, period, day, moment):
                assert ledger.figure(detail.figure[:8], day, moment) == detail
    with pytest.raises(NotFound, match="not published by 2011-01-10"):
        ledger.figure(names["agency"], as_of="2011-01-10", known_at=LATER)
    with pytest.raises(NotFound):
        ledger.figure(names["revision"], as_of="2011-12-31", known_at=R[4] - JUST)


def test_the_current_figures_are_those_the_oracle_replays(story):
    ledger, _ = story
    log = read_log(ledger.app)
    for day, moment in POINTS:
        current = sorted(
            (d.period, d.source, d.figure, d.standing_text)
            for period in PERIODS
            for d in ledger.figures(STAT, period, day, moment)
            if d.current
        )
        folded = sorted(
            (r.period, r.source, r.figure, r.text)
            for r in replay_by_folding(log, day, clock.stamp(moment))
            if r.statistic == STAT
        )
        assert current == folded, (day, moment)


# -- every face shows what the ledger answers -----------------------------------


def cli_app():
    """The CLI's typer app (see tests/cli/conftest.py: ``cli`` must be the real package)."""
    if getattr(sys.modules.get("cli"), "__file__", None) is None:
        sys.modules.pop("cli", None)
        sys.path.insert(0, str(ROOT))
    from cli.main import app

    return app


def show(db: str, period: str, day: str, moment: datetime, *options: str) -> str:
    result = CliRunner().invoke(cli_app(), [
        "--db", db, "show", STAT, "--period", period, "--as-of", day,
        "--known-at", moment.isoformat(), *options,
    ])  # fmt: skip
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def table_rows(text: str) -> list[dict[str, str]]:
    """The rows of the last table printed, by column name (a wide terminal: no wrapping)."""
    lines = text.splitlines()
    header_at = max(i for i, line in enumerate(lines) if line.startswith("┃ figure "))
    names = [name.strip() for name in lines[header_at].strip("┃").split("┃")]
    rows = [line for line in lines[header_at:] if line.startswith("│")]
    cells = [[cell.strip() for cell in line.strip("│").split("│")] for line in rows]
    return [dict(zip(names, row, strict=True)) for row in cells]


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


@pytest.mark.parametrize("moment", KNOWN_AT, ids=KNOWN_AT_IDS)
def test_the_cli_shows_what_the_ledger_answers(story, db, wide, moment):
    ledger, _ = story
    for day in AS_OF:
        for period in PERIODS:
            answer = ledger.figures(STAT, period, day, moment)
            document = json.loads(show(db, period, day, moment, "--json"))
            assert document["details"] == [d.to_json() for d in answer], (period, day)
            rows = table_rows(show(db, period, day, moment)) if answer else []
            assert [(r["figure"], r["text"], r["state"]) for r in rows] == [
                (d.figure[:8], d.standing_text, ", ".join(d.states)) for d in answer
            ], (period, day)


def test_the_ui_shows_what_the_ledger_answers(story):
    ledger, _ = story
    sources = {s.source_id: s for s in ledger.sources()}
    for day, moment in POINTS:
        point = TimePoint(date.fromisoformat(day), moment)
        history = ledger.history(STAT, as_of=day, known_at=moment)
        for period in PERIODS:
            answer = ledger.figures(STAT, period, day, moment)
            cards = read_period(ledger, STAT, period, point, history, sources, "jobs").cards
            assert [c.detail for c in cards] == answer
            for card in cards:
                heading = card_heading(card).plain
                assert all(f" {state} " in heading for state in card.states)


@pytest.mark.parametrize(("known_at", "shown", "hidden"), [
    (R[2] - JUST, ["100 ", "about 120"], ["corrected", "105"]),
    (R[2], ["105 ", " corrected ×1 "], ["retracted"]),
    (LATER, ["105 ", " corrected ×1 ", " amended ×2 ", " retracted 2011-03-01 "], ["superseded"]),
], ids=["before-the-correction", "after-it", "after-everything"])
def test_the_statistic_screen_shows_the_states_at_its_point(story, known_at, shown, hidden):
    ledger, _ = story
    point = TimePoint(date(2011, 4, 1), known_at)

    async def scenario() -> str:
        app = build_app(ledger, point=point, poll_interval=None)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            app.open_statistic(STAT, "2010")
            await settle(pilot)
            return screen_text(app)

    text = asyncio.run(scenario())
    for words in shown:
        assert words in text
    for words in hidden:
        assert words not in text
