"""The figure aggregate on its own: publish, correct, retract, amend, and the refusals.

Told as a story, step by step, in the voice of the eventsourcing library's
bank-account example. No ledger, no CLI: the aggregate and its events only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from eventsourcing.application import Application

from ledger.domain import Figure
from ledger.errors import Conflict, InvalidInput
from ledger.semantics import clock

RECORDED = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    with clock.frozen(RECORDED):
        yield


def publish(**changes) -> Figure:
    """A figure as ``recount record`` would publish it: removals, Q4 2010, by ICE."""
    fields = {
        "statistic": "ice.removals",
        "period": "2010-Q4",
        "source": "ice",
        "text": "more than 59,000",
        "grain": None,
        "status": "normal",
        "published": "2011-01-10",
        "release": None,
        "url": "https://example.org/ice",
        "quote": None,
        "note": None,
        "by": "archivist",
    }
    return Figure(**{**fields, **changes})


def event_names(figure: Figure) -> list[str]:
    return [type(event).__name__ for event in figure.collect_events()]


def test_publish_a_figure():
    # Publish a figure.
    figure = publish()

    # It says what was published, by whom and when, and is not retracted.
    assert (figure.statistic, figure.period, figure.source) == ("ice.removals", "2010-Q4", "ice")
    assert figure.text == "more than 59,000"
    assert figure.published == "2011-01-10"
    assert figure.retracted is None
    assert figure.correction_dates == []

    # One event, stamped by the ledger's clock.
    assert figure.version == 1
    assert figure.created_on == RECORDED
    assert event_names(figure) == ["Published"]


def test_each_figure_is_its_own_stream():
    # Publish the same value twice: a revision is a new figure, never the same one.
    assert publish().id != publish().id


def test_correct_a_figure():
    # Publish a figure.
    figure = publish()

    # Correct it: the source gives a replacement, with a reason.
    figure.correct(
        text="59,112", grain=None, published="2011-02-01", reason="final count", by="archivist"
    )

    # The correction is an event of its own; the text first recorded stays.
    assert figure.correction_dates == ["2011-02-01"]
    assert figure.text == "more than 59,000"
    assert event_names(figure) == ["Published", "Corrected"]


def test_fail_to_correct_a_figure_before_it_was_published():
    # Publish a figure.
    figure = publish()
    figure.collect_events()

    # Fail to correct it: the correction is dated before the publication.
    with pytest.raises(InvalidInput, match="correction date '2011-01-09' is before"):
        figure.correct(text="1", grain=None, published="2011-01-09", reason="r", by="a")

    # Nothing happened.
    assert figure.collect_events() == []
    assert figure.version == 1


def test_retract_a_figure():
    # Publish a figure.
    figure = publish()

    # Retract it: the source withdraws it without replacement.
    figure.retract(published="2011-03-01", reason="withdrawn", by="archivist")

    # It is retracted from that date on.
    assert figure.retracted == "2011-03-01"
    assert event_names(figure) == ["Published", "Retracted"]


def test_fail_to_retract_a_figure_before_it_was_published():
    # Publish a figure.
    figure = publish()

    # Fail to retract it: the retraction is dated before the publication.
    with pytest.raises(InvalidInput, match="retraction date '2010-12-31' is before"):
        figure.retract(published="2010-12-31", reason="r", by="a")
    assert figure.retracted is None


def test_fail_to_correct_or_retract_a_retracted_figure():
    # Publish a figure, and retract it.
    figure = publish()
    figure.retract(published="2011-03-01", reason="withdrawn", by="archivist")
    figure.collect_events()

    # Fail to correct it: it was retracted.
    with pytest.raises(Conflict, match="was retracted on 2011-03-01 and cannot be corrected"):
        figure.correct(text="1", grain=None, published="2011-04-01", reason="r", by="a")

    # Fail to retract it again.
    with pytest.raises(Conflict, match="cannot be retracted again"):
        figure.retract(published="2011-04-01", reason="r", by="a")

    # Nothing happened.
    assert figure.collect_events() == []


def test_amend_a_figure():
    # Publish a figure with a recording mistake: the wrong period and text.
    figure = publish(period="2010-Q3", text="more than 5,900")

    # Amend it: the archivist fixes their own mistake.
    figure.amend(
        text="more than 59,000",
        grain=None,
        period="2010-Q4",
        source=None,
        published=None,
        reason="typo",
        by="archivist",
    )

    # The figure is fixed as it was first recorded; what was not given stays.
    assert (figure.period, figure.text) == ("2010-Q4", "more than 59,000")
    assert (figure.source, figure.published) == ("ice", "2011-01-10")
    assert event_names(figure) == ["Published", "Amended"]


def test_amend_the_text_and_the_grain_go_together():
    # Publish a figure with a stated grain.
    figure = publish(text="59000", grain="1")

    # Amend its text without a grain: the grain comes from the new digits again.
    figure.amend(
        text="59,000", grain=None, period=None, source=None, published=None, reason="r", by="a"
    )
    assert (figure.text, figure.grain) == ("59,000", None)


def test_amend_the_publication_date_up_to_the_first_correction():
    # Publish a figure, and correct it.
    figure = publish()
    figure.correct(text="59,112", grain=None, published="2011-02-01", reason="r", by="a")
    figure.collect_events()

    # Fail to amend its publication date past the correction.
    with pytest.raises(InvalidInput, match="after this figure's correction or retraction"):
        figure.amend(
            text=None, grain=None, period=None, source=None,
            published="2011-02-02", reason="r", by="a",
        )  # fmt: skip
    assert figure.collect_events() == []

    # Amend it to the correction's own date.
    figure.amend(
        text=None, grain=None, period=None, source=None,
        published="2011-02-01", reason="r", by="a",
    )  # fmt: skip
    assert figure.published == "2011-02-01"


def test_amend_a_retracted_figure():
    # Publish a figure, and retract it.
    figure = publish()
    figure.retract(published="2011-03-01", reason="withdrawn", by="archivist")

    # Fail to amend its publication date past the retraction.
    with pytest.raises(InvalidInput, match="retraction of 2011-03-01"):
        figure.amend(
            text=None, grain=None, period=None, source=None,
            published="2011-03-02", reason="r", by="a",
        )  # fmt: skip

    # Amend its source: an erratum fixes the record, retracted or not.
    figure.amend(
        text=None, grain=None, period=None, source="dhs", published=None, reason="r", by="a"
    )
    assert (figure.source, figure.retracted) == ("dhs", "2011-03-01")


def test_the_events_rebuild_the_figure():
    # Publish a figure, correct it, amend it, retract it.
    figure = publish()
    figure.correct(text="59,112", grain=None, published="2011-02-01", reason="r", by="a")
    figure.amend(
        text=None, grain=None, period="2010-Q3", source=None, published=None, reason="r", by="a"
    )
    figure.retract(published="2011-03-01", reason="withdrawn", by="archivist")

    # Save it, and get it back: the stored events give the same figure.
    app = Application()
    app.save(figure)
    copy = app.repository.get(figure.id)
    assert copy.version == 4
    assert (copy.period, copy.text, copy.retracted) == ("2010-Q3", "more than 59,000", "2011-03-01")
    assert copy.correction_dates == ["2011-02-01"]

    # Get it back as it was before it was retracted.
    before = app.repository.get(figure.id, version=3)
    assert before.retracted is None
