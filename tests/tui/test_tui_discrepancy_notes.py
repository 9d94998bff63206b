"""The discrepancy screen keeps the notes as a history: explain, resolve, reopen (issue 9)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select
from tui_support import pilot_test, screen_text, settle, shows

from tui.app import build_app
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.modals import ExplainModal, NoteModal
from tui.timepoint import TimePoint

REMOVALS = ("ice.sc.removals", "2008-10-27/2011-01-10")


async def open_discrepancies(app, pilot) -> DiscrepanciesScreen:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, DiscrepanciesScreen)
    return app.screen


async def write_note(app, pilot, key: str, note: str) -> None:
    """Press ``key`` (r or o), type the note and submit the form."""
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, NoteModal)
    await pilot.press(*note)
    await pilot.press("enter")
    await settle(pilot)


def notes_text(app) -> str:
    return str(app.screen.query_one("#discrepancy-notes").render())


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


@pilot_test
async def test_the_selected_discrepancy_shows_that_it_has_no_notes_yet(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_discrepancies(app, pilot)
        assert "No notes yet" in notes_text(app)


@pilot_test
async def test_explain_resolve_and_reopen_are_kept_and_shown_in_order(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_discrepancies(app, pilot)
        # Explain the hard one.
        await pilot.press("x")
        await settle(pilot)
        form = app.screen
        form.query_one("#kind", Select).value = "definition"
        form.query_one("#note", Input).focus()
        await pilot.press(*"removals vs. returns", "enter")
        await settle(pilot)
        # Resolve it, with a note of its own.
        await write_note(app, pilot, "r", "ICE confirmed")
        assert screen.table.current_item.state == "resolved"
        # The register still shows the explanation, not the resolve note under its kind.
        text = screen_text(app)
        assert "definition: removals vs. returns" in text
        assert "definition: ICE confirmed" not in text
        # Reopen it.
        await write_note(app, pilot, "o", "new figures")
        assert screen.table.current_item.state == "open"
        # Every note is kept, oldest first, with its action and kind.
        assert [(n.action, n.kind, n.note) for n in ledger.discrepancy_notes(*REMOVALS)] == [
            ("explained", "definition", "removals vs. returns"),
            ("resolved", None, "ICE confirmed"),
            ("reopened", None, "new figures"),
        ]
        assert await shows(pilot, "reopened: new figures"), screen_text(app)
        lines = notes_text(app).splitlines()
        assert ["explained (definition): removals vs. returns" in lines[0],
                "resolved: ICE confirmed" in lines[1],
                "reopened: new figures" in lines[2]] == [True, True, True]
        assert all("ann" in line for line in lines)  # who recorded it


@pilot_test
async def test_explaining_again_says_the_earlier_explanation_is_kept(ledger):
    ledger.explain(*REMOVALS, "timing", "different cut-off dates")
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_discrepancies(app, pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExplainModal)
        said = str(app.screen.query_one("#explained-before").render())
        assert "timing" in said and "different cut-off dates" in said and "kept" in said


@pilot_test
async def test_a_note_on_a_past_view_is_recorded_now_and_the_ledger_shown_now(ledger):
    app = build_app(ledger, point=TimePoint(as_of=date(2011, 1, 25)), poll_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_discrepancies(app, pilot)
        # The form says the note is recorded now, not at the point shown.
        await pilot.press("r")
        await settle(pilot)
        assert "Recorded now, not as of 2011-01-25" in str(
            app.screen.query_one("#recorded-now").render())
        await pilot.press(*"settled", "enter")
        await settle(pilot)
        # Said once more when recorded, and the screen moved to now.
        assert "Recorded now (not as of 2011-01-25 · known at now): showing the ledger now." in (
            messages(app))
        assert app.point.is_now
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert app.screen.table.current_item.state == "resolved"
        assert await shows(pilot, "resolved: settled"), screen_text(app)


@pilot_test
async def test_a_refused_note_says_why_and_records_nothing(ledger):
    app = build_app(ledger, poll_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_discrepancies(app, pilot)
        position = ledger.projections.log_position()
        # Fail to submit: no note.
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("enter")
        assert "Write a note" in str(app.screen.query_one("#error").render())
        # Fail to reopen: it is open already.
        await pilot.press(*"again", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert any("already open" in m for m in messages(app)), messages(app)
        assert ledger.projections.log_position() == position
        # Escape cancels the resolve form.
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert ledger.projections.log_position() == position


@pilot_test
async def test_r_and_o_with_nothing_selected_say_so(empty_ledger):
    app = build_app(empty_ledger, poll_interval=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_discrepancies(app, pilot)
        await pilot.press("r", "o")
        assert isinstance(app.screen, DiscrepanciesScreen)
        assert messages(app) == ["No discrepancy selected.", "No discrepancy selected."]
