"""What a dry run of an import found it would write, when nothing was written.

An import run dry goes through its whole writing loop inside its transaction,
then rolls it back: what it would add, revise, correct and retract is what the
real run writes, by the same code, and the ledger is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: What an import may do to a figure, in the order a dry run reports them.
ACTIONS = ("add", "revise", "correct", "retract")


class PlannedChange(NamedTuple):
    """One figure a dry run would have written."""

    action: str  # one of ACTIONS
    statistic: str
    period: str
    source: str
    published: str
    text: str | None  # None for a retraction
    reason: str | None = None  # a retraction's
    # A revision of a figure that came from elsewhere: where ("hand-recorded", "from
    # series GDPC1", "release 'KEY'"); None when the file's own release put it there.
    other_origin: str | None = None

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


@dataclass
class Plan:
    """The changes a dry run would have written, in the order it met them."""

    changes: list[PlannedChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(ACTIONS, 0)
        for change in self.changes:
            counted[change.action] += 1
        return counted

    def other_origins(self) -> list[PlannedChange]:
        """The revisions that would overwrite figures of another origin."""
        return [change for change in self.changes if change.other_origin is not None]

    def warning(self) -> str | None:
        """One line naming the revisions of figures from elsewhere, if any."""
        others = self.other_origins()
        if not others:
            return None
        first = others[0]
        return (
            f"would revise {len(others)} figure{'s' if len(others) > 1 else ''} of another "
            f"origin, e.g. {first.statistic} {first.period} by {first.source} "
            f"({first.other_origin})"
        )

    def summary(self) -> str:
        """``would add 3, revise 1, correct 0 and retract 0 figures``."""
        counted = self.counts()
        parts = [f"{action} {counted[action]}" for action in ACTIONS]
        return f"would {', '.join(parts[:-1])} and {parts[-1]} figures"
