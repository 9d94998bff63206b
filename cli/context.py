"""Opening the ledger from the global options ``--db`` and ``--by``.

The root callback stores them in the typer context; each command opens the
ledger when it needs it, so ``recount --help`` and usage errors never touch
the database. Only the commands in :data:`CREATING` make a missing SQLite
file; the others refuse with ``no ledger at PATH``. A command that ends
while the ledger needs attention (its read models stopped at an event they
cannot fold) says so on stderr, one ``warning:`` line, and keeps its exit code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer

from cli.errors import warn
from ledger.bootstrap import Location, locate, open_ledger, remove_new_ledger
from ledger.service import Ledger


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # a path or SQLAlchemy URL; None: RECOUNT_DB, else recount.db
    by: str | None = None  # the archivist; None: RECOUNT_ARCHIVIST, else the OS user


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_object(Settings) or Settings()


# The commands that make a ledger where there is none: those that can start one
# from nothing. The rest (reads, and writes about figures that must already be
# there) say "no ledger at PATH", so a typo in --db never leaves an empty file.
CREATING = frozenset({"init", "demo", "statistic add", "source add", "import", "restore"})


def command_name(ctx: typer.Context) -> str:
    """The command as typed after the options: ``statistic add``, ``replay``."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def creates(ctx: typer.Context) -> bool:
    return command_name(ctx) in CREATING


@contextmanager
def open_from(ctx: typer.Context) -> Iterator[Ledger]:
    """Open the ledger named by the global options; use it in a ``with`` block.

    When the block ends well and the ledger needs attention, warns: what was
    read came from the events before the one the read models stopped at. A save
    whose catch-up failed warns too: the command succeeded, the next one folds it.
    A command that created the file and was then refused, with nothing
    recorded, takes the file away again: a refusal leaves no empty ledger.
    """
    chosen = settings(ctx)
    where = location(ctx)
    left_empty = False
    try:
        with open_ledger(chosen.db, chosen.by, create=creates(ctx)) as ledger:
            try:
                yield ledger
            except BaseException as error:
                ended_well = isinstance(error, typer.Exit) and error.exit_code == 0
                left_empty = ledger.created and not ended_well and ledger.log_position() == 0
                raise
            attention = ledger.attention()
            behind = ledger.behind
    finally:
        if left_empty:
            remove_new_ledger(where)
    if attention is not None:
        warn(attention)
    if behind is not None:
        warn(behind)


def location(ctx: typer.Context) -> Location:
    """Where the global options put the ledger: its URL, its file, and how to show it."""
    return locate(settings(ctx).db)
