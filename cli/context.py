"""Opening the ledger from the global options ``--db`` and ``--by``.

The root callback stores them in the typer context; each command opens the
ledger when it needs it, so ``recount --help`` and usage errors never touch
the database. A command that ends while the ledger needs attention (its read
models stopped at an event they cannot fold) says so on stderr, one
``warning:`` line, and keeps its exit code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer

from cli.errors import warn
from ledger.bootstrap import Location, locate, open_ledger
from ledger.service import Ledger


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # a path or SQLAlchemy URL; None: RECOUNT_DB, else recount.db
    by: str | None = None  # the archivist; None: RECOUNT_ARCHIVIST, else the OS user


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_object(Settings) or Settings()


@contextmanager
def open_from(ctx: typer.Context) -> Iterator[Ledger]:
    """Open the ledger named by the global options; use it in a ``with`` block.

    When the block ends well and the ledger needs attention, warns: what was
    read came from the events before the one the read models stopped at.
    """
    chosen = settings(ctx)
    with open_ledger(chosen.db, chosen.by) as ledger:
        yield ledger
        attention = ledger.attention()
    if attention is not None:
        warn(attention)


def location(ctx: typer.Context) -> Location:
    """Where the global options put the ledger: its URL, its file, and how to show it."""
    return locate(settings(ctx).db)
