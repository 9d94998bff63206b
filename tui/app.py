"""The Recount terminal UI: who said what, when, how it changed, and where sources disagree.

:func:`build_app` is the one factory used by the CLI (through :func:`browse`),
the pilot tests and the snapshot tests. The app holds the ledger and the time
point every screen reads at. On PostgreSQL it follows the event log
(LISTEN/NOTIFY, :meth:`Ledger.follow`) so that what another machine records
appears within a second; on SQLite, whose saves notify nobody, it polls the log
every second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import HelpPanel

from ledger.bootstrap import open_ledger
from ledger.errors import RecountError
from ledger.service import Ledger
from tui.catalogue import Catalogue
from tui.commands import LedgerCommands
from tui.screens.base import LedgerScreen, one_line
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.modals import AsOfModal, DateChoice, KnownAtModal, MomentChoice
from tui.screens.sources import SourcesScreen
from tui.screens.statistic import StatisticScreen
from tui.screens.statistics import StatisticsScreen
from tui.timepoint import TimePoint, next_date, previous_date

POLL_SECONDS = 1.0

# Actions that make no sense while a form or the palette is open over a screen.
BLOCKED_UNDER_MODALS = {
    "quit", "toggle_help", "discrepancies", "sources", "as_of", "previous_date", "next_date",
    "known_at", "now",
}


@dataclass(frozen=True, slots=True)
class PaletteNames:
    """Names for the command palette: (code, name, unit) and (source id, name, organisation)."""

    statistics: list[tuple[str, str, str]]
    sources: list[tuple[str, str, str | None]]


class RecountApp(App):
    """Browse the ledger at any (as of, known at) point."""

    CSS_PATH = "app.tcss"
    TITLE = "Recount"
    COMMANDS = App.COMMANDS | {LedgerCommands}
    # In the footer's order; what does not fit a narrow terminal is in the keys panel (?).
    BINDINGS = [
        Binding("question_mark", "toggle_help", "Keys", id="app.help"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("d", "discrepancies", "Discrepancies", id="app.discrepancies"),
        Binding("s", "sources", "Sources", id="app.sources"),
        Binding("t", "as_of", "As of", id="app.as_of"),
        Binding("left_square_bracket", "previous_date", "Earlier", id="app.previous_date",
                tooltip="As of the previous publication date in the ledger"),
        Binding("right_square_bracket", "next_date", "Later", id="app.next_date",
                tooltip="As of the next publication date in the ledger"),
        Binding("k", "known_at", "Known at", show=False, id="app.known_at",
                tooltip="Show only what had been recorded by a time"),
        Binding("n", "now", "Now", id="app.now"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    @dataclass
    class LedgerGrew(Message):
        """The event log grew (another process recorded something); read models caught up."""

        position: int

    @dataclass
    class DatesRead(Message):
        """The ledger's publication dates, read to step to the previous or next one."""

        dates: list[str]
        direction: int

    @dataclass
    class Refused(Message):
        """A read the app itself made was refused; ``error`` is the one-line reason."""

        error: str

    def __init__(self, ledger: Ledger, *, point: TimePoint | None = None,
                 poll_interval: float | None = POLL_SECONDS, seen_position: int = 0) -> None:
        super().__init__()
        self.ledger = ledger
        self.point = point or TimePoint()
        self.poll_interval = poll_interval
        self.seen_position = seen_position
        self.follower = None  # on PostgreSQL: wakes the app when the log may have grown
        self.generation = 0
        self.catalogue = Catalogue(ledger)
        self._palette_names: tuple[int, PaletteNames] | None = None
        self.sub_title = self.point.label()

    @property
    def version(self) -> tuple[TimePoint, int]:
        """What a screen's contents depend on: the time point and the ledger's changes."""
        return self.point, self.generation

    def get_default_screen(self) -> Screen:
        return StatisticsScreen()

    def on_mount(self) -> None:
        if self.poll_interval:
            try:
                self.follower = self.ledger.follow(self.follow_log)
            except RecountError as error:  # cannot listen: polling still shows changes
                self.log.warning(f"following the ledger: {one_line(error)}")
            if self.follower is None:
                self.set_interval(self.poll_interval, self.poll_log)
        attention = self.ledger.attention()  # the read models stopped at a bad event
        if attention is not None:
            self.notify(attention, title="Recount", severity="warning", timeout=60, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        if self.point.is_now:
            shown = Content(sub_title).stylize("dim")
        else:
            # Away from now the point stands out: easy to forget, costly to misread.
            shown = Content(f" {sub_title} ").stylize("bold reverse")
        return Content.assemble(Content(title), (" — ", "dim"), shown)

    # -- the time point --------------------------------------------------------------

    def travel(self, point: TimePoint) -> None:
        """Show every screen at ``point``: the one on top re-reads now, the others when shown."""
        if point == self.point:
            return
        self.point = point
        self.sub_title = point.label()
        self.reload_top()

    def action_as_of(self) -> None:
        def chosen(choice: DateChoice | None) -> None:
            if choice is not None:
                self.travel(self.point.with_as_of(choice.day))

        self.push_screen(AsOfModal(self.point.as_of), chosen)

    def action_known_at(self) -> None:
        def chosen(choice: MomentChoice | None) -> None:
            if choice is not None:
                self.travel(self.point.with_known_at(choice.moment))

        self.push_screen(KnownAtModal(self.point.known_at), chosen)

    def action_now(self) -> None:
        self.travel(TimePoint())

    def action_previous_date(self) -> None:
        self.read_dates(-1)

    def action_next_date(self) -> None:
        self.read_dates(+1)

    @work(thread=True, group="travel")
    def read_dates(self, direction: int) -> None:
        try:
            self.post_message(self.DatesRead(self.ledger.publication_dates(), direction))
        except RecountError as error:
            self.post_message(self.Refused(one_line(error)))

    @on(DatesRead)
    def step(self, message: DatesRead) -> None:
        # Stepping from the point shown when the dates arrive makes two quick presses two steps.
        pick = previous_date if message.direction < 0 else next_date
        day: date | None = pick(message.dates, self.point)
        if day is None:
            where = "earlier" if message.direction < 0 else "later"
            self.notify(f"No {where} publication date in the ledger.", severity="warning")
            return
        self.travel(self.point.with_as_of(day))

    # -- places --------------------------------------------------------------------------

    def open_statistic(self, code: str, period: str | None = None) -> None:
        screen = self.screen
        if isinstance(screen, StatisticScreen) and screen.code == code:
            if period is not None:
                screen.select_period(period)
            return
        self.push_screen(StatisticScreen(code, period))

    def open_source(self, source_id: str) -> None:
        screen = self.screen
        if isinstance(screen, SourcesScreen):
            screen.select_source(source_id)
        else:
            self.push_screen(SourcesScreen(select=source_id))

    def action_discrepancies(self) -> None:
        if not isinstance(self.screen, DiscrepanciesScreen):
            self.push_screen(DiscrepanciesScreen())

    def action_sources(self) -> None:
        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen())

    def action_back(self) -> None:
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        elif len(self.screen_stack) > 1:
            self.pop_screen()

    def action_toggle_help(self) -> None:
        try:
            self.screen.query_one(HelpPanel)
        except NoMatches:
            self.action_show_help_panel()
        else:
            self.action_hide_help_panel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in BLOCKED_UNDER_MODALS and isinstance(self.screen, ModalScreen))

    # -- live: what other processes record -------------------------------------------------

    def on_unmount(self) -> None:
        if self.follower is not None:
            self.follower.close()

    def follow_log(self) -> None:
        """What the poll does, in the follower's thread when it wakes; raising makes it
        try again a second later (a busy database)."""
        try:
            self.catch_up_with_log()
        except RecountError as error:
            self.log.warning(f"following the ledger: {one_line(error)}")
            raise

    def catch_up_with_log(self) -> None:
        position = self.ledger.log_position()
        if position > self.seen_position:
            self.ledger.catch_up()
            # post_message is safe from any thread; LedgerGrew is handled on Textual's.
            self.post_message(self.LedgerGrew(position))

    def poll_log(self) -> None:
        # One poll at a time: a poll held up by a busy database is not joined by more.
        if not any(w.group == "poll" and not w.is_finished for w in self.workers):
            self.watch_log()

    @work(thread=True, group="poll", exit_on_error=False)
    def watch_log(self) -> None:
        try:
            self.catch_up_with_log()
        except RecountError as error:
            # A busy database: try again at the next tick.
            self.log.warning(f"polling the ledger: {one_line(error)}")

    @on(LedgerGrew)
    def ledger_grew(self, message: LedgerGrew) -> None:
        if message.position > self.seen_position:
            self.seen_position = message.position
            self.ledger_changed()

    def ledger_changed(self) -> None:
        """Something was recorded: every screen re-reads, the one on top at once."""
        self.generation += 1
        self.refresh_sources()
        self.reload_top()

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def refresh_sources(self) -> None:
        try:
            self.catalogue.refresh_sources()
        except RecountError as error:
            self.log.warning(f"reading the sources: {one_line(error)}")

    def reload_top(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, LedgerScreen):
                screen.reload()
                return

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.notify(message.error, title="Recount", severity="error", markup=False)

    # -- the command palette's names -----------------------------------------------------

    async def palette_names(self) -> PaletteNames:
        if self._palette_names is None or self._palette_names[0] != self.generation:
            worker = self.run_worker(self.read_palette_names, thread=True, group="palette",
                                     exit_on_error=False)
            self._palette_names = (self.generation, await worker.wait())
        return self._palette_names[1]

    def read_palette_names(self) -> PaletteNames:
        return PaletteNames(self.ledger.statistic_names(), self.ledger.source_names())


def build_app(ledger: Ledger, *, point: TimePoint | None = None,
              poll_interval: float | None = POLL_SECONDS) -> RecountApp:
    """The app on ``ledger``: for the CLI, the tests and the snapshot tests alike.

    ``poll_interval=None`` turns live refresh off (snapshot tests want a still screen).
    """
    return RecountApp(ledger, point=point, poll_interval=poll_interval,
                      seen_position=ledger.log_position())


def browse(db: str | None, by: str | None) -> None:
    """Open the ledger at ``db`` (a path or SQLAlchemy URL) and run the UI until quit."""
    ledger = open_ledger(db, by)
    try:
        build_app(ledger).run()
    finally:
        ledger.close()
