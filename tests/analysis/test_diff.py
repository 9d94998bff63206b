"""The diff between two points, on hand-made rows: each kind of change read from the facts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from ledger.analysis.diff import diff_statistic, learned_between
from ledger.analysis.points import Point, check_in_order, read_point
from ledger.errors import InvalidInput
from ledger.rows import DiscrepancyRow, HistoryEntry, ReplayRow
from ledger.semantics import clock

# The first point: published by 2011-01-31, known at noon on 2011-02-01.
START = Point("2011-01-31", "2011-02-01T12:00:00.000000Z")
EARLY = "2011-01-20T09:00:00.000000Z"  # recorded before START
LATE = "2011-03-02T09:00:00.000000Z"  # recorded after START


def row(figure: str, text: str, period: str = "2010", source: str = "a",
        kind: str = "published", published: str = "2011-01-21",
        status: str = "normal") -> ReplayRow:
    value = Decimal(text)
    return ReplayRow(
        statistic="s", period=period, source=source, value=value, text=text,
        qualifier="bare", grain=Decimal(1), tight=f"[{text},{text}]", wide=f"[{text},{text}]",
        status=status, published=published, recorded=EARLY, recorded_by="ann", figure=figure,
        kind=kind, period_start=f"{period}-01-01", period_end=f"{period}-12-31",
    )  # fmt: skip


def entry(figure: str, event: str, published: str | None, recorded: str = LATE,
          period: str = "2010", source: str = "a", reason: str | None = None) -> HistoryEntry:
    return HistoryEntry(
        seq=0, statistic="s", period=period, source=source, figure=figure, event=event,
        text=None, previous=None, published=published, recorded=recorded, recorded_by="ann",
        reason=reason, detail=None,
    )  # fmt: skip


def discrepancy(period: str = "2010", severity: str = "hard", gap: str = "10",
                state: str = "open") -> DiscrepancyRow:
    return DiscrepancyRow(
        statistic="s", period=period, severity=severity, internal=False, gap=Decimal(gap),
        figures=("f1", "g1"), sources=("a", "b"), state=state, explanation_kind=None,
        explanation_note=None, period_start=f"{period}-01-01",
    )  # fmt: skip


def only(changes):
    assert len(changes) == 1, changes
    return changes[0]


# -- each kind of change -------------------------------------------------------


def test_a_figure_published_in_between_is_added():
    history = [entry("f1", "published", "2011-02-10")]
    change = only(diff_statistic([], [row("f1", "100", published="2011-02-10")], history, START))
    assert (change.change, change.amended) == ("added", False)
    assert (change.old_value, change.new_value, change.difference) == (None, Decimal(100), None)


def test_a_newer_figure_of_the_source_is_a_revision_with_its_difference():
    history = [entry("f1", "published", "2011-01-21", EARLY),
               entry("f2", "revised", "2011-03-01")]
    change = only(diff_statistic([row("f1", "100")], [row("f2", "110.5")], history, START))
    assert change.change == "revised"
    assert (change.old_text, change.new_text, change.difference) == ("100", "110.5",
                                                                       Decimal("10.5"))
    assert (change.old_figure, change.new_figure) == ("f1", "f2")


def test_the_same_figure_corrected_by_its_source_is_a_correction_with_its_reason():
    history = [entry("f1", "corrected", "2011-03-01", reason="typo at source")]
    change = only(diff_statistic([row("f1", "100")], [row("f1", "99", kind="corrected")],
                                 history, START))
    assert (change.change, change.difference, change.reason) == ("corrected", Decimal(-1),
                                                                 "typo at source")


def test_a_withdrawn_figure_is_retracted_gone():
    history = [entry("f1", "retracted", "2011-03-01", reason="withdrawn")]
    change = only(diff_statistic([row("f1", "100")], [], history, START))
    assert (change.change, change.new_value, change.reason) == ("retracted", None, "withdrawn")


def test_a_slot_emptied_by_withdrawing_a_newer_figure_is_retracted():
    # f2 superseded f1 and was withdrawn in between: the slot is empty at the end.
    history = [entry("f2", "revised", "2011-02-10"), entry("f2", "retracted", "2011-02-20")]
    assert only(diff_statistic([row("f1", "100")], [], history, START)).change == "retracted"


def test_an_erratum_alone_is_amended():
    # The archivist fixed their own typing: recorded after the first point.
    history = [entry("f1", "amended", None, reason="my typo")]
    change = only(diff_statistic([row("f1", "100")], [row("f1", "1000")], history, START))
    assert (change.change, change.amended, change.reason) == ("amended", True, "my typo")


def test_an_erratum_that_moves_a_figure_away_is_amended_not_retracted():
    history = [entry("f1", "amended", None, period="2011")]
    changes = diff_statistic([row("f1", "100")], [row("f1", "100", period="2011")], history,
                             START)
    assert [(c.period, c.change) for c in changes] == [("2010", "amended"), ("2011", "amended")]


def test_a_slot_both_corrected_and_amended_says_both():
    history = [entry("f1", "corrected", "2011-03-01", reason="source fix"),
               entry("f1", "amended", None, reason="my typo")]
    change = only(diff_statistic([row("f1", "100")], [row("f1", "98", kind="corrected")],
                                 history, START))
    assert (change.change, change.amended) == ("corrected", True)


def test_a_correction_the_ledger_learned_late_counts_though_published_early():
    # Published before the first point, recorded after it: the first point did not see it.
    history = [entry("f1", "corrected", "2011-01-25")]
    change = only(diff_statistic([row("f1", "100")], [row("f1", "99", kind="corrected")],
                                 history, START))
    assert change.change == "corrected"


def test_a_status_change_alone_is_in_the_diff():
    history = [entry("f2", "revised", "2011-03-01")]
    change = only(diff_statistic([row("f1", "100", status="provisional")], [row("f2", "100")],
                                 history, START))
    assert (change.change, change.difference) == ("revised", Decimal(0))


def test_a_new_figure_with_the_same_reading_is_not_a_change():
    history = [entry("f2", "revised", "2011-03-01")]
    assert diff_statistic([row("f1", "100")], [row("f2", "100")], history, START) == []


def test_the_same_replay_at_both_points_is_an_empty_diff():
    rows = [row("f1", "100"), row("g1", "120", source="b")]
    assert diff_statistic(rows, rows, [], START, [discrepancy()], [discrepancy()]) == []


def test_entries_the_first_point_saw_are_not_between():
    seen = [entry("f1", "published", "2011-01-21", EARLY),
            entry("f1", "amended", "2011-06-01", EARLY)]  # an erratum applies when recorded
    assert learned_between(seen, START).figures == {}


# -- discrepancies -------------------------------------------------------------


def test_a_discrepancy_opened_closed_and_changed():
    before = [discrepancy("2010"), discrepancy("2011", gap="5")]
    after = [discrepancy("2011", gap="8", state="explained"), discrepancy("2012")]
    changes = diff_statistic([], [], [], START, before, after)
    assert [(c.period, c.entry, c.change) for c in changes] == [
        ("2010", "discrepancy", "closed"),
        ("2011", "discrepancy", "changed"),
        ("2012", "discrepancy", "opened"),
    ]
    changed = changes[1]
    assert (changed.old_gap, changed.new_gap, changed.difference) == (Decimal(5), Decimal(8),
                                                                        Decimal(3))
    assert (changed.old_state, changed.new_state) == ("open", "explained")


def test_a_discrepancy_soft_then_hard_is_changed():
    changes = diff_statistic([], [], [], START, [discrepancy(severity="soft")], [discrepancy()])
    assert [(c.change, c.old_severity, c.new_severity) for c in changes] == [
        ("changed", "soft", "hard")
    ]


def test_a_period_lists_its_figures_before_its_discrepancy():
    history = [entry("g1", "published", "2011-02-10", source="b")]
    changes = diff_statistic([row("f1", "100")], [row("f1", "100"), row("g1", "120", source="b")],
                             history, START, [], [discrepancy()])
    assert [(c.entry, c.change) for c in changes] == [("figure", "added"),
                                                      ("discrepancy", "opened")]


def test_one_source_keeps_its_slots_and_its_discrepancies():
    history = [entry("g1", "published", "2011-02-10", source="b")]
    after = [row("f1", "100"), row("g1", "120", source="b")]
    changes = diff_statistic([row("f1", "100")], after, history, START, [], [discrepancy()],
                             source="a")
    assert [(c.entry, c.change) for c in changes] == [("discrepancy", "opened")]
    assert diff_statistic([row("f1", "100")], after, history, START, [], [], source="c") == []


# -- the points ----------------------------------------------------------------


def no_release(key: str) -> None:
    return None


def test_a_date_is_a_point_in_published_time_known_now():
    with clock.frozen(datetime(2026, 1, 15, 12, 0, tzinfo=UTC)):
        assert read_point("2011-01-31", no_release, "--from") == Point(
            "2011-01-31", "2026-01-15T12:00:00.000000Z")


def test_a_time_is_what_the_ledger_said_then():
    noon = Point("2011-02-01", START.known_at)  # as of that day (UTC), known at that time
    assert read_point("2011-02-01T12:00", no_release, "--from") == noon
    assert read_point("2011-02-01 14:00+02:00", no_release, "--from") == noon


def test_a_release_key_is_its_publication_date():
    def published(key: str) -> str | None:
        return {"gdp/GDPC1_20110225": "2011-02-25"}.get(key)

    assert read_point("gdp/GDPC1_20110225", published, "--to").as_of == "2011-02-25"


@pytest.mark.parametrize("text", ["", "yesterday", "2011-1-31", "no-such-release"])
def test_a_point_that_is_neither_is_refused_naming_it(text):
    with pytest.raises(InvalidInput, match="cannot read --to") as refused:
        read_point(text, no_release, "--to")
    assert repr(text) in str(refused.value)


def test_an_impossible_date_is_refused_naming_the_option():
    with pytest.raises(InvalidInput, match=r"--from: no such date '2011-02-30'"):
        read_point("2011-02-30", no_release, "--from")


def test_a_diff_runs_forward_in_both_times():
    later = Point("2011-03-31", "2011-04-01T00:00:00.000000Z")
    check_in_order(START, later, "a", "b")
    check_in_order(START, START, "a", "a")  # one point: an empty diff
    with pytest.raises(InvalidInput, match="later than --to 'a' in published time"):
        check_in_order(later, START, "b", "a")
    with pytest.raises(InvalidInput, match="in recorded time"):
        check_in_order(Point("2011-01-01", later.known_at), START, "b", "a")
