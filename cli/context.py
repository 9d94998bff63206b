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
from pathlib import Path

import typer
from sqlalchemy.engine import make_url

from cli.errors import warn
from ledger.bootstrap import open_ledger
from ledger.service import Ledger
from ledger.storage import resolve_url


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


def database_url(ctx: typer.Context) -> str:
    """The ledger's SQLAlchemy URL, as the UI is handed it."""
    return resolve_url(settings(ctx).db)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def printable(url: str) -> str:
    """Where the ledger is, for people: a SQLite file's path, or the URL without password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)
