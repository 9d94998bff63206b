"""How the CLI reports failure: one line on stderr, and a documented exit code.

Exit codes: 0 ok, 1 refused input or conflict (or an unexpected failure),
2 usage. Every refusal the ledger makes on purpose is a
:class:`~ledger.errors.RecountError`; the root group turns it into
``error: <message>`` and exit 1, so no command needs its own ``try``.
Click's own usage errors (a bad option value, a missing argument, no such
command) are one ``error:`` line too, exit 2.

Every line is shown through :func:`~ledger.semantics.terminal.for_terminal`: a
message quoting what someone typed or recorded may hold escape sequences, and
they must reach the terminal as visible stand-ins, never as controls.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from typer.core import TyperGroup

try:  # typer >= 0.20 carries its own copy of click, whose exceptions these are
    from typer._click.exceptions import (
        ClickException,
        MissingParameter,
        NoArgsIsHelpError,
        UsageError,
    )
except ImportError:  # pragma: no cover - a typer that uses the click package
    from click.exceptions import ClickException, MissingParameter, NoArgsIsHelpError, UsageError

from ledger.errors import RecountError
from ledger.semantics.terminal import for_terminal

REFUSED = 1
USAGE = 2


def one_line(message: str) -> str:
    """The message on one line, safe for a terminal: line breaks inside a quoted value
    are shown escaped (``\\n``), every other control character as a visible stand-in."""
    return for_terminal(message.strip().replace("\r", "\\r").replace("\n", "\\n"))


def report(message: str) -> None:
    typer.echo(f"error: {one_line(message)}", err=True)


def warn(message: str) -> None:
    """Say something is wrong without failing the command: one line on stderr."""
    typer.echo(f"warning: {one_line(message)}", err=True)


def refuse(message: str) -> NoReturn:
    """Refuse on the CLI's own account: one error line, exit 1."""
    report(message)
    raise typer.Exit(REFUSED)


def not_utf8(args: list[str]) -> str | None:
    """The refusal of the first argument that is not UTF-8, or None.

    Python hands such bytes over as lone surrogates (``b"\\xff"`` is ``"\\udcff"``),
    which no ledger can store nor terminal print: the argument is named by its
    position and shown as the bytes that were typed.
    """
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                typed = os.fsencode(arg)
            except UnicodeEncodeError:  # a surrogate that no byte became
                typed = arg.encode("utf-8", "backslashreplace")
            return f"argument {position} is not valid UTF-8: {typed!r}"
    return None


@contextmanager
def usage_errors_on_one_line() -> Iterator[None]:
    """Click's own errors as one ``error:`` line with their exit code (2 for usage).

    Typer would print a usage line, a hint and a framed panel, the message raw;
    here the message goes through :func:`one_line` like every refusal.
    """
    try:
        yield
    except NoArgsIsHelpError:
        raise typer.Exit(USAGE) from None  # the help is already printed
    except ClickException as error:
        message = error.format_message()
        if isinstance(error, MissingParameter):
            # Its choices come a line each ("Choose from:\n\tcsv,\n\t…"): click's own
            # layout, holding nothing typed, so it joins into the line.
            message = message.replace(":\n\t", ": ").replace(",\n\t", ", ")
        ctx = getattr(error, "ctx", None)
        helped = ctx is not None and ctx.command.get_help_option(ctx) is not None
        if isinstance(error, UsageError) and helped:
            message = f"{message} (try '{ctx.command_path} --help')"
        report(message)
        raise typer.Exit(error.exit_code) from None


class RefusalsAsErrors(TyperGroup):
    """The root group: a refusal anywhere below it becomes one error line and exit 1;
    a usage error, while the options or any subcommand's are read, one line and exit 2."""

    def make_context(self, info_name, args, parent=None, **extra):
        # The console script checks sys.argv first; this is for ``app`` called
        # with a list (tests, other Python): an argument no terminal can print
        # is refused before anything reads it.
        refusal = not_utf8(list(args)) if parent is None else None
        if refusal is not None:
            report(refusal)
            raise typer.Exit(USAGE)
        with usage_errors_on_one_line():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        with usage_errors_on_one_line():
            try:
                return super().invoke(ctx)
            except RecountError as error:
                report(str(error))
                raise typer.Exit(REFUSED) from None
