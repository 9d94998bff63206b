"""What every screen that shows the ledger shares.

A screen reads at the app's time point in a thread worker and gets its result
back as a typed message; it re-reads when the time point moves or the ledger
grows, at once if it is on top, else when it comes back on top.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from ledger.errors import RecountError
from tui.timepoint import TimePoint

if TYPE_CHECKING:
    from ledger.service import Ledger
    from tui.app import RecountApp


class LedgerScreen(Screen):
    @dataclass
    class Failed(Message):
        """A read or write in a worker was refused; ``error`` is the one-line reason."""

        error: str

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown_version: tuple | None = None

    @property
    def recount(self) -> RecountApp:
        return self.app  # type: ignore[return-value]

    @property
    def ledger(self) -> Ledger:
        return self.recount.ledger

    @property
    def point(self) -> TimePoint:
        return self.recount.point

    # -- when to read --------------------------------------------------------
    # Textual calls the handlers of every class along the MRO: a subclass's own
    # on_mount runs first, then this one, without calling super().

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.shown_version is not None and self.shown_version != self.recount.version:
            self.reload()

    def reload(self) -> None:
        """Read again at the app's time point (in a worker)."""
        self.shown_version = self.recount.version
        self.read(self.point)

    def read(self, point: TimePoint) -> None:
        """Start the screen's read worker; it posts a typed message with the result."""
        raise NotImplementedError

    # -- inside workers --------------------------------------------------------

    def deliver(self, message: Message) -> None:
        """Post a worker's result unless a newer read has replaced this one."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Turn the ledger's refusals inside a worker into a :class:`Failed` message."""
        try:
            yield
        except RecountError as error:  # the door's refusals, storage failures included
            self.post_message(self.Failed(one_line(error)))

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        self.notify(message.error, title="Recount", severity="error", markup=False)


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
