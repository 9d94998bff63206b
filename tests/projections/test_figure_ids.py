"""Finding a figure by its id or a prefix of it, through the log's own index.

The figures read model is keyed by log position and keeps no index on ids,
so these tests pin the prefix ranges: odd lengths, the top of the range,
dashes, and aggregates that are not figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from ledger.domain import figure as figure_module
from ledger.domain.statistic import Statistic
from ledger.errors import InvalidInput, NotFound

IDS = [
    "abcd0000000000000000000000000001",
    "abcdf000000000000000000000000002",
    "abce0000000000000000000000000003",
    "ffff0000000000000000000000000004",
]


@pytest.fixture
def figures(ledger, monkeypatch) -> Iterator[list[str]]:
    ids = iter(IDS)
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(hex=next(ids)))
    ledger.add_statistic("s", "S", "u")
    ledger.add_source("a", "A")
    recorded = [ledger.record("s", str(2000 + n), str(n), "a", "2011-01-21") for n in range(4)]
    yield recorded


def test_each_figure_is_found_by_its_whole_id_with_or_without_dashes(ledger, figures):
    assert figures == IDS
    for figure in IDS:
        assert ledger.resolve_figure(figure).hex == figure
        assert ledger.resolve_figure(str(UUID(hex=figure))).hex == figure
        assert ledger.figure(figure).figure == figure


def test_a_prefix_finds_the_one_figure_it_begins(ledger, figures):
    assert ledger.resolve_figure("abcdf").hex == IDS[1]  # odd length
    assert ledger.resolve_figure("abce").hex == IDS[2]
    assert ledger.resolve_figure("ffff").hex == IDS[3]  # no id follows the range
    assert ledger.figure("abce").period == "2002"


def test_a_prefix_of_two_figures_is_ambiguous(ledger, figures):
    with pytest.raises(InvalidInput, match="ambiguous"):
        ledger.resolve_figure("abcd")


def test_a_prefix_of_no_figure_is_not_found_even_if_another_aggregate_has_it(ledger, figures):
    statistic_id = Statistic.create_id("s").hex
    with pytest.raises(NotFound, match="no figure"):
        ledger.resolve_figure(statistic_id[:12])
    with pytest.raises(NotFound, match="no figure"):
        ledger.resolve_figure("abcc")


@pytest.mark.parametrize("reference", ["abc", "abcg", "", "a" * 33])
def test_an_unreadable_reference_is_refused(ledger, figures, reference):
    with pytest.raises(InvalidInput, match="cannot read figure id"):
        ledger.resolve_figure(reference)


def test_a_correction_reaches_a_figure_recorded_pages_ago(ledger, figures):
    # The figure is no longer in the projector's memory: it is found by id.
    ledger.correct("abce", "33", "2011-02-01", "typo")
    assert ledger.figure("abce").corrections == 1
    [row] = ledger.replay(statistic="s", period="2002")
    assert row.text == "33"
