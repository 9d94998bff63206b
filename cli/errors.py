"""How the CLI reports failure: one line on stderr, and a documented exit code.

Exit codes: 0 ok, 1 refused input or conflict (or an unexpected failure),
2 usage. Every refusal the ledger makes on purpose is a
:class:`~ledger.errors.RecountError`; the root group turns it into
``error: <message>`` and exit 1, so no command needs its own ``try``.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from typer.core import TyperGroup

from ledger.errors import RecountError

REFUSED = 1


def one_line(message: str) -> str:
    """The message on one line: line breaks inside a quoted value are shown escaped."""
    return message.strip().replace("\r", "\\r").replace("\n", "\\n")


def report(message: str) -> None:
    typer.echo(f"error: {one_line(message)}", err=True)


def warn(message: str) -> None:
    """Say something is wrong without failing the command: one line on stderr."""
    typer.echo(f"warning: {one_line(message)}", err=True)


def refuse(message: str) -> NoReturn:
    """Refuse on the CLI's own account: one error line, exit 1."""
    report(message)
    raise typer.Exit(REFUSED)


class RefusalsAsErrors(TyperGroup):
    """The root group: a refusal anywhere below it becomes one error line and exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RecountError as error:
            report(str(error))
            raise typer.Exit(REFUSED) from None
