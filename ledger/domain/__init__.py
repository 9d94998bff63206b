"""The write model: aggregates whose events are the ledger's facts."""

from ledger.domain.discrepancy import Discrepancy
from ledger.domain.figure import Figure
from ledger.domain.release import Release
from ledger.domain.source import Source
from ledger.domain.statistic import Statistic

__all__ = ["Discrepancy", "Figure", "Release", "Source", "Statistic"]
