"""Fixtures shared by the import tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def catalogue(ledger):
    """A ledger that knows the statistic ``jobs`` and the source ``bls``."""
    ledger.add_statistic("jobs", "Payroll jobs", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    return ledger
