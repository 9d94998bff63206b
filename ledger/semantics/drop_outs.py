"""Drop-outs and withdrawals: the two kinds of retraction.

A retraction ends a figure without replacement. Either its source withdrew it
(``recount retract``: a *withdrawal*), or a vintage file no longer holds the
value an earlier vintage held (the vintage import: a *drop-out*, which
usually comes back in a later vintage). A watchdog counting withdrawals must
not count drop-outs, so the ledger tells them apart (docs/semantics.md,
"Drop-outs and withdrawals").

Retractions recorded now say which they are (the Retracted event's
``dropped``). Those in older logs lack the mark; for them, and only for them,
the reason decides: the vintage import has always written ``not in vintage
LABEL``. That rule lives here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The reason the vintage import gives a drop-out, before the vintage's label.
DROP_OUT_REASON = "not in vintage "


def drop_out_reason(vintage: str) -> str:
    """The reason of a retraction of a value that ``vintage`` (its label) lacks."""
    return DROP_OUT_REASON + vintage


def reads_as_drop_out(reason: str) -> bool:
    """The rule for old logs: a retraction whose reason is the vintage import's own
    text, ``not in vintage`` and a label, is a drop-out; any other is a withdrawal.

    Only for events written before the mark: a withdrawal recorded by hand with
    that very reason in an old log counts as a drop-out too (nothing else in
    the log tells them apart).
    """
    return reason.startswith(DROP_OUT_REASON) and reason[len(DROP_OUT_REASON) :].strip() != ""


def is_drop_out(retracted: Mapping[str, Any]) -> bool:
    """Whether a Retracted event's data is a drop-out (else a withdrawal): its
    ``dropped`` mark where it has one, else the rule for old logs on its reason."""
    dropped = retracted.get("dropped")
    if dropped is not None:
        return bool(dropped)
    return reads_as_drop_out(retracted["reason"])
