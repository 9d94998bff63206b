"""Checks on what a person typed: codes, choices, grains, dates, texts.

Each refuses with one line that names the bad value (escaped, cut short when
long) and returns the value in the form the ledger stores. The service runs
them before anything is written; the importers run the same ones per row.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ledger.errors import InvalidInput
from ledger.semantics import clock
from ledger.semantics.dates import parse_date, parse_datetime
from ledger.semantics.qualifiers import MAX_VALUE_LENGTH

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*\Z")


def when(as_of: str | date | None, known_at: str | datetime | None) -> tuple[str, str]:
    """The (as_of, known_at) point as the tables store them; now by default."""
    if as_of is None:
        day = clock.today().isoformat()
    elif isinstance(as_of, date):
        day = as_of.isoformat()
    else:
        day = parse_date(as_of).isoformat()
    if known_at is None:
        moment = clock.now()
    elif isinstance(known_at, datetime):
        moment = known_at
    else:
        moment = parse_datetime(known_at)
    return day, clock.stamp(moment)


def check_published(text: str) -> str:
    day = parse_date(text)
    if day > clock.today():
        raise InvalidInput(f"publication date '{text}' is in the future")
    return day.isoformat()


def check_code(text: str, what: str) -> str:
    if not CODE.match(text or ""):
        raise InvalidInput(
            f"cannot use {what} '{text}': use letters, digits and . _ : - "
            "(starting with a letter or digit)"
        )
    return text


def check_choice(text: str, choices: tuple[str, ...], what: str) -> str:
    if text not in choices:
        raise InvalidInput(f"unknown {what} '{text}' (choose from {', '.join(choices)})")
    return text


# A grain as people write it: plain ("1000", "0.5", "1e3") or grouped by thousands
# ("1,000"). Only ASCII digits: Decimal alone would also read "1_000" and "١٠٠٠".
GRAIN = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"
)


def check_grain(text: str | None) -> str | None:
    """The grain in its stored form. Its commas must group thousands: stripping any
    comma would read "1,,000" or "10,00" as a number nobody wrote."""
    if text is None:
        return None
    if len(text.strip()) > MAX_VALUE_LENGTH:  # no grain is longer than a value may be
        raise InvalidInput(
            f"grain {shown(text)} is too long (at most {MAX_VALUE_LENGTH} characters)"
        )
    if not GRAIN.match(text.strip()):
        raise InvalidInput(f"cannot read grain {shown(text)}")
    try:
        grain = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:  # an exponent beyond any context, "1e99999999999999999999"
        raise InvalidInput(f"cannot read grain {shown(text)}") from None
    if grain <= 0:
        raise InvalidInput(f"grain {shown(text)} must be a positive number")
    return str(grain)


def required(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise InvalidInput(f"{what} cannot be empty")
    return text.strip()


def optional(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return text.strip()


# How much of a bad value a refusal quotes: enough to find it, one line at most.
SHOWN_CHARS = 40


def shown(text: str) -> str:
    """``text`` as a refusal quotes it: escaped like ``repr`` (control characters and
    lone surrogates too, so the message stays one printable line), cut short when long."""
    if len(text) <= SHOWN_CHARS:
        return repr(text)
    head = repr(text[:SHOWN_CHARS])
    return f"{head[:-1]}…{head[-1]} ({len(text):,} characters)"
