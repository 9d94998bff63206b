"""The demonstration ledger (ledger/demo.py): the seed story and the payroll revisions."""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import backends
import pytest

from ledger.bootstrap import open_ledger
from ledger.demo import CES_REVISIONS, MARKER, load_demo, nominal_ces_release
from ledger.service import Ledger

ARTICLE_DATE = "2011-01-21"
PAYROLLS = "us.ces.payrolls"
QUOTA = "ice.removals.annual-quota"

#: ../shared/data beside the repository: present on the developers' machines only.
DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CES_RELATIVE = Path("bls-ces") / "tri_000000_SA.csv"

#: What the demo promises, written out by hand: (period, value, published), oldest first.
PAYROLL_STORY = {
    "2020-03": [
        ("151786", "2020-04-03"),
        ("151582", "2020-05-01"),
        ("151090", "2020-06-05"),
        ("150840", "2021-02-05"),
    ],
    "2020-04": [
        ("131045", "2020-05-01"),
        ("130403", "2020-06-05"),
        ("130303", "2020-07-03"),
        ("130161", "2021-02-05"),
    ],
    "2020-05": [
        ("132912", "2020-06-05"),
        ("133002", "2020-07-03"),
        ("133028", "2020-08-07"),
        ("132994", "2021-02-05"),
    ],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Ledger]:
    """One demo ledger, loaded once, for the tests that only read."""
    path = backends.new_db(tmp_path_factory.mktemp("demo"), "d.db", lasting=True)
    with open_ledger(path, by="test", create=True) as ledger:
        load_demo(ledger)
        yield ledger


@pytest.fixture
def fresh(ledger_db: str) -> Iterator[Ledger]:
    with open_ledger(ledger_db, by="test", create=True) as ledger:
        yield ledger


def snapshot(ledger: Ledger) -> tuple:
    return (
        ledger.app.recorder.max_notification_id(),
        ledger.statistics(),
        ledger.sources(),
        ledger.replay(),
        ledger.discrepancies(),
    )


def test_loading_twice_changes_nothing(fresh: Ledger, ledger_db: str) -> None:
    load_demo(fresh)
    before = snapshot(fresh)
    load_demo(fresh)
    assert snapshot(fresh) == before
    fresh.close()
    with open_ledger(ledger_db, by="someone else", create=True) as reopened:
        load_demo(reopened)
        assert snapshot(reopened) == before


def test_the_demo_loads_in_under_a_second(fresh: Ledger) -> None:
    started = time.process_time()
    load_demo(fresh)
    assert time.process_time() - started < 1.0


def test_catalogue(demo: Ledger) -> None:
    assert {s.code: s.unit for s in demo.statistics()} == {
        "ice.sc.removals": "people",
        "ice.sc.participating-states": "states",
        QUOTA: "people a year",
        "us.removals.obama-admin": "people",
        PAYROLLS: "thousands of jobs",
    }
    sources = {s.source_id: (s.organisation, s.kind) for s in demo.sources()}
    assert sources["ice-official-1"] == ("U.S. Immigration and Customs Enforcement", "official")
    assert sources["ice-official-2"] == ("U.S. Immigration and Customs Enforcement", "official")
    assert sources["multiple-outlets"][1] == "media"
    assert sources["progressives"][1] in ("secondary", "unattributed")
    assert sources["bls"] == ("Bureau of Labor Statistics", "agency")


def test_the_article_figures_are_verbatim_and_dated(demo: Ledger) -> None:
    figures = {
        f.statistic: f
        for code in ("ice.sc.participating-states", QUOTA, "us.removals.obama-admin")
        for f in demo.figures(code)
    }
    removals = demo.figures(MARKER)
    assert sorted((f.source, f.period, f.text) for f in removals) == [
        ("ice-official-1", "2010", "more than 59,000"),
        ("ice-official-2", "2010", "nearly 51,000"),
    ]
    assert figures["us.removals.obama-admin"].text == "800,000"
    assert figures[QUOTA].text == "404,000"
    assert figures["ice.sc.participating-states"].text == "36 and counting"
    for figure in [*removals, *figures.values()]:
        assert figure.published == ARTICLE_DATE
        assert "Secure Communities and ICE's Counting Problems" in figure.release
        assert figure.url is None
        assert "Julianne Hing" in figure.note and "Dara Lind" in figure.note
        assert "TAPPED" in figure.note
    for figure in removals:
        assert "does not state the period" in figure.note
    assert "no official source confirms" in figures[QUOTA].note


def test_removals_have_one_hard_internal_discrepancy_of_8000(demo: Ledger) -> None:
    [found] = demo.discrepancies(statistic=MARKER)
    assert found.period == "2010"
    assert found.severity == "hard"
    assert found.internal is True
    assert found.gap == 8000
    assert found.sources == ("ice-official-1", "ice-official-2")
    assert found.state == "open"
    assert [d.statistic for d in demo.discrepancies()] == [MARKER]


def test_the_quota_is_a_target_and_never_compared(fresh: Ledger) -> None:
    load_demo(fresh)
    [quota] = fresh.replay(QUOTA)
    assert quota.status == "target"
    assert quota.period == "FY2011"
    assert fresh.discrepancies(statistic=QUOTA) == []
    # Even an actual count from another source, far from 404,000, is not compared with it.
    fresh.record(QUOTA, "FY2011", "1", "ice-official-1", ARTICLE_DATE)
    assert fresh.discrepancies(statistic=QUOTA) == []
    assert fresh.discrepancies(statistic=QUOTA, as_of=ARTICLE_DATE) == []


def test_nominal_release_days() -> None:
    assert [nominal_ces_release(y, m).isoformat() for (y, m), _ in CES_REVISIONS] == [
        "2020-04-03",
        "2020-05-01",
        "2020-06-05",
        "2020-07-03",
        "2020-08-07",
        "2021-02-05",
    ]
    assert nominal_ces_release(2020, 12).isoformat() == "2021-01-01"


def test_payrolls_replay_to_the_first_print_then_to_the_latest(demo: Ledger) -> None:
    for period, story in PAYROLL_STORY.items():
        first_text, first_published = story[0]
        [first] = demo.replay(PAYROLLS, period, as_of=first_published)
        assert (first.text, first.published, first.source) == (first_text, first_published, "bls")
        day_before = demo.replay(PAYROLLS, period, as_of=_day_before(first_published))
        assert day_before == []
        [latest] = demo.replay(PAYROLLS, period)
        assert (latest.text, latest.published) == story[-1]
        for text, published in story:
            [then] = demo.replay(PAYROLLS, period, as_of=published)
            assert then.text == text
    # The April 2020 Employment Situation, as published: March revised, April first printed.
    as_published = demo.replay(PAYROLLS, as_of="2020-05-01")
    assert [(r.period, r.text) for r in as_published] == [
        ("2020-03", "151582"),
        ("2020-04", "131045"),
    ]
    assert demo.discrepancies(statistic=PAYROLLS) == []


def test_history_shows_the_revisions_oldest_first(demo: Ledger) -> None:
    for period, story in PAYROLL_STORY.items():
        history = demo.history(PAYROLLS, period)
        assert [(h.text, h.published) for h in history] == story
        assert [h.event for h in history] == ["published"] + ["revised"] * (len(story) - 1)
        assert [h.previous for h in history] == [None] + [text for text, _ in story[:-1]]


def test_the_hard_coded_story_matches_the_table_in_the_test() -> None:
    recorded = {}
    for (year, month), cells in CES_REVISIONS:
        for period, value in cells:
            recorded.setdefault(period, []).append(
                (value, nominal_ces_release(year, month).isoformat())
            )
    assert recorded == PAYROLL_STORY


def test_every_payroll_value_is_the_file_cell_and_every_change_is_there() -> None:
    with ces_file().open(newline="") as handle:
        rows = {(int(r["year"]), int(r["month"])): r for r in csv.DictReader(handle)}
    columns = {"2020-03": "Mar_20", "2020-04": "Apr_20", "2020-05": "May_20"}
    hard_coded = {(row, period): value for row, cells in CES_REVISIONS for period, value in cells}
    for (row, period), value in hard_coded.items():
        assert rows[row][columns[period]] == value, (row, period)
    # And nothing was left out: from row 2020-03 to the 2021-01 benchmark, every
    # new or changed cell of these months is in the demo, and only those.
    order = [(2020, m) for m in range(3, 13)] + [(2021, 1)]
    previous = {period: "" for period in columns}
    changed = set()
    for row in order:
        for period, column in columns.items():
            cell = rows[row][column].strip()
            if cell and cell != previous[period]:
                changed.add((row, period))
            previous[period] = cell
    assert changed == set(hard_coded)


def test_a_missing_shared_folder_skips_with_the_reason(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.modules[__name__], "DATA_DIR", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception, match="../shared/data not found"):
        ces_file()


def ces_file() -> Path:
    """The real CES file of ../shared/data, or skip the test, saying why."""
    if not DATA_DIR.is_dir():
        pytest.skip(f"../shared/data not found beside the repository: {DATA_DIR.resolve()}")
    path = DATA_DIR / CES_RELATIVE
    if not path.is_file():
        pytest.skip(f"BLS CES file not found in ../shared/data: {path.resolve()}")
    return path


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
