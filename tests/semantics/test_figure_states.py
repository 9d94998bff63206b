"""The rule of a figure's states at a point, told as stories of one slot.

Each story writes a figure's history as the read models keep it (one entry
per event, with its log position and recorded time), then asks
:func:`figures_at` what the figures were at several (as_of, known_at) points.
"""

from __future__ import annotations

from ledger.semantics.figure_states import FigureEvent, figures_at, states_of

MONDAY = "2024-01-01T09:00:00.000000Z"
TUESDAY = "2024-01-02T09:00:00.000000Z"
WEDNESDAY = "2024-01-03T09:00:00.000000Z"
THURSDAY = "2024-01-04T09:00:00.000000Z"
LATER = "2024-02-01T00:00:00.000000Z"


class History:
    """A statistic's history, written one event at a time in log order."""

    def __init__(self) -> None:
        self.events: list[FigureEvent] = []
        self.where: dict[str, tuple[str, str]] = {}

    def _add(self, figure: str, event: str, recorded: str, text: str | None,
             published: str | None) -> None:  # fmt: skip
        period, source = self.where[figure]
        self.events.append(FigureEvent(len(self.events) + 1, figure, event, recorded, period,
                                       source, text, published))  # fmt: skip

    def publish(self, figure: str, text: str, published: str, recorded: str = MONDAY,
                period: str = "2010", source: str = "bls") -> None:  # fmt: skip
        event = "revised" if (period, source) in self.where.values() else "published"
        self.where[figure] = (period, source)
        self._add(figure, event, recorded, text, published)

    def correct(self, figure: str, text: str, published: str, recorded: str) -> None:
        self._add(figure, "corrected", recorded, text, published)

    def retract(self, figure: str, published: str, recorded: str) -> None:
        self._add(figure, "retracted", recorded, None, published)

    def amend(self, figure: str, recorded: str, text: str | None = None,
              period: str | None = None, source: str | None = None,
              published: str | None = None) -> None:  # fmt: skip
        old_period, old_source = self.where[figure]
        self.where[figure] = (period or old_period, source or old_source)
        self._add(figure, "amended", recorded, text, published)

    def at(self, as_of: str, known_at: str = LATER) -> dict[str, tuple[str, tuple[str, ...]]]:
        """{figure: (the value it gave, its states)} at the point."""
        return {f.figure: (f.standing_text, f.states)
                for f in figures_at(self.events, as_of, known_at)}  # fmt: skip


def test_a_figure_is_there_once_published_and_recorded():
    story = History()
    # Publish a figure on 10 January, recorded on Monday.
    story.publish("a", "100", "2011-01-10")
    # Before its publication date it is not there; on and after it, it is current.
    assert story.at("2011-01-09") == {}
    assert story.at("2011-01-10") == {"a": ("100", ("current",))}
    # Known before it was recorded, it is not there at any date.
    assert story.at("2011-12-31", known_at="2023-12-31T23:59:59.999999Z") == {}


def test_a_correction_applies_from_its_own_publication_date():
    story = History()
    story.publish("a", "100", "2011-01-10")
    # Correct the figure: from its publication date on it is corrected.
    story.correct("a", "105", "2011-02-01", recorded=TUESDAY)
    assert story.at("2011-01-31") == {"a": ("100", ("current",))}
    assert story.at("2011-02-01") == {"a": ("105", ("current", "corrected ×1"))}
    # Known before the correction was recorded, the figure is not corrected at any date.
    assert story.at("2011-06-01", known_at=MONDAY) == {"a": ("100", ("current",))}
    # A second correction counts from its own date, and its value stands from then.
    story.correct("a", "106", "2011-03-01", recorded=WEDNESDAY)
    assert story.at("2011-02-15") == {"a": ("105", ("current", "corrected ×1"))}
    assert story.at("2011-03-01") == {"a": ("106", ("current", "corrected ×2"))}


def test_a_retraction_applies_from_its_own_publication_date():
    story = History()
    story.publish("a", "100", "2011-01-10")
    # Retract the figure: from its publication date on it is retracted, and no longer current.
    story.retract("a", "2011-03-01", recorded=TUESDAY)
    assert story.at("2011-02-28") == {"a": ("100", ("current",))}
    assert story.at("2011-03-01") == {"a": ("100", ("retracted 2011-03-01",))}
    # Known before the retraction was recorded, it still stands.
    assert story.at("2011-03-01", known_at=MONDAY) == {"a": ("100", ("current",))}


def test_a_revision_supersedes_from_its_publication_date():
    story = History()
    story.publish("a", "100", "2011-01-10")
    # The source publishes a new figure for the same period: it supersedes the first from then.
    story.publish("b", "110", "2011-04-01", recorded=TUESDAY)
    assert story.at("2011-03-31") == {"a": ("100", ("current",))}
    assert story.at("2011-04-01") == {
        "a": ("100", ("superseded",)),
        "b": ("110", ("current",)),
    }
    assert story.at("2011-04-01", known_at=MONDAY) == {"a": ("100", ("current",))}


def test_what_supersedes_is_the_later_publication_not_the_later_record():
    story = History()
    story.publish("a", "100", "2011-04-01")
    # Recorded later but published earlier: the older publication is the superseded one.
    story.publish("b", "90", "2011-01-10", recorded=TUESDAY)
    assert story.at("2011-02-01") == {"b": ("90", ("current",))}
    assert story.at("2011-04-01") == {
        "a": ("100", ("current",)),
        "b": ("90", ("superseded",)),
    }
    # On one publication date, the figure recorded last stands.
    story.publish("c", "101", "2011-04-01", recorded=WEDNESDAY)
    assert story.at("2011-04-01")["a"] == ("100", ("superseded",))
    assert story.at("2011-04-01")["c"] == ("101", ("current",))


def test_other_sources_and_periods_supersede_nothing():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.publish("b", "120", "2011-02-01", source="press")
    story.publish("c", "130", "2011-03-01", period="2011")
    assert {f: states for f, (_, states) in story.at("2011-06-01").items()} == {
        "a": ("current",), "b": ("current",), "c": ("current",),
    }  # fmt: skip


def test_a_superseded_figure_stays_superseded_when_its_successor_is_retracted():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.publish("b", "110", "2011-04-01", recorded=TUESDAY)
    story.retract("b", "2011-05-01", recorded=WEDNESDAY)
    assert story.at("2011-05-01") == {
        "a": ("100", ("superseded",)),
        "b": ("110", ("retracted 2011-05-01",)),
    }


def test_an_erratum_of_the_value_applies_from_its_recorded_time_at_every_date():
    story = History()
    story.publish("a", "100", "2011-01-10")
    # Amend the figure's value: known before the erratum, the ledger showed the mistake ...
    story.amend("a", TUESDAY, text="101")
    assert story.at("2011-01-10", known_at=MONDAY) == {"a": ("100", ("current",))}
    # ... after it, the fixed value, at the original publication date.
    assert story.at("2011-01-10") == {"a": ("101", ("current", "amended ×1"))}


def test_an_erratum_fixes_the_figure_not_its_corrections():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.correct("a", "105", "2011-02-01", recorded=TUESDAY)
    # Amend the value as first published: the correction's value still stands from its date.
    story.amend("a", WEDNESDAY, text="101")
    [before] = figures_at(story.events, "2011-01-20", LATER)
    [after] = figures_at(story.events, "2011-02-01", LATER)
    assert (before.text, before.standing_text, before.states) == (
        "101", "101", ("current", "amended ×1"))
    assert (after.text, after.standing_text, after.states) == (
        "101", "105", ("current", "corrected ×1", "amended ×1"))


def test_an_erratum_of_the_period_moves_the_figure_out_of_its_old_slot():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.publish("b", "110", "2011-04-01", recorded=TUESDAY)
    # Amend the second figure's period: from the erratum's recorded time on it never was a
    # revision of the first, which stands again.
    story.amend("b", WEDNESDAY, period="2011")
    known_before = figures_at(story.events, "2011-06-01", TUESDAY)
    assert [(f.figure, f.period, f.states) for f in known_before] == [
        ("a", "2010", ("superseded",)), ("b", "2010", ("current",)),
    ]  # fmt: skip
    known_after = figures_at(story.events, "2011-06-01", LATER)
    assert [(f.figure, f.period, f.states) for f in known_after] == [
        ("a", "2010", ("current",)), ("b", "2011", ("current", "amended ×1")),
    ]  # fmt: skip


def test_an_erratum_of_the_source_moves_the_figure_to_the_other_source():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.publish("b", "120", "2011-02-01", source="press")
    # Amend the press figure's source: it was the agency's all along, a revision of its first.
    story.amend("b", TUESDAY, source="bls")
    [a, b] = figures_at(story.events, "2011-02-01", LATER)
    assert (a.states, b.source, b.states) == (("superseded",), "bls", ("current", "amended ×1"))
    [a, b] = figures_at(story.events, "2011-02-01", MONDAY)
    assert (a.states, b.source, b.states) == (("current",), "press", ("current",))


def test_an_erratum_of_the_publication_date_moves_when_the_figure_is_there():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.correct("a", "105", "2011-01-20", recorded=TUESDAY)
    # Amend its publication date to 15 January: before the erratum was recorded the figure
    # was there from the 10th; after it, only from the 15th.
    story.amend("a", WEDNESDAY, published="2011-01-15")
    assert story.at("2011-01-12", known_at=TUESDAY) == {"a": ("100", ("current",))}
    assert story.at("2011-01-12") == {}
    [moved] = figures_at(story.events, "2011-01-15", LATER)
    assert (moved.published, moved.states) == ("2011-01-15", ("current", "amended ×1"))


def test_a_correction_dated_before_a_moved_publication_holds_from_the_publication():
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.correct("a", "105", "2011-01-12", recorded=TUESDAY)
    # The erratum moves the publication after the correction's own date.
    story.amend("a", WEDNESDAY, published="2011-01-20")
    assert story.at("2011-01-19") == {}
    assert story.at("2011-01-20") == {"a": ("105", ("current", "corrected ×1", "amended ×1"))}


def test_events_recorded_at_the_point_count():
    # known_at keeps what was recorded at or before it: the instant itself included.
    story = History()
    story.publish("a", "100", "2011-01-10")
    story.correct("a", "105", "2011-01-12", recorded=THURSDAY)
    assert story.at("2011-02-01", known_at=THURSDAY)["a"] == ("105", ("current", "corrected ×1"))


def test_the_states_read_in_one_order():
    assert states_of(False, True, 2, "2011-03-01", 1) == (
        "superseded", "corrected ×2", "retracted 2011-03-01", "amended ×1")
    assert states_of(True, False, 0, None, 0) == ("current",)
