"""The write model: aggregates whose events are the ledger's facts."""

from ledger.domain.discrepancy import EXPLANATION_KINDS, Discrepancy
from ledger.domain.figure import STATUSES, Figure
from ledger.domain.release import Release
from ledger.domain.source import SOURCE_KINDS, Source
from ledger.domain.statistic import Statistic

__all__ = [
    "EXPLANATION_KINDS",
    "SOURCE_KINDS",
    "STATUSES",
    "Discrepancy",
    "Figure",
    "Release",
    "Source",
    "Statistic",
]
