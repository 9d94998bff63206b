"""Empty exports say so: an export with nothing to write explains why on stderr and
exits 1, and writes nothing on stdout."""

from __future__ import annotations

import pytest
from cli_support import REMOVALS, Recount


@pytest.mark.parametrize("format", ["alfred", "rtdsm", "bls-ces"])
def test_a_hand_recorded_statistic_has_no_vintages_to_export(
    recount: Recount, removals, format: str
) -> None:
    before = recount.state()
    line = recount.refused("export", "--statistic", REMOVALS, "--format", format)
    assert line == (
        f"error: statistic '{REMOVALS}' has no vintages from a vintage import: "
        f"nothing to export as {format}; use --format csv for its figures"
    )
    assert recount.state() == before


def test_the_figures_it_points_to_do_export(recount: Recount, removals) -> None:
    exported = recount.ok("export", "--statistic", REMOVALS, "--format", "csv").stdout
    assert len(exported.splitlines()) == 3  # the header and the two sources' figures


@pytest.mark.parametrize("format", ["csv", "ndjson"])
def test_a_statistic_with_no_figures_at_the_date_has_nothing_to_export(
    recount: Recount, removals, format: str
) -> None:
    line = recount.refused("export", "--statistic", REMOVALS, "--format", format,
                           "--as-of", "2010-12-31")
    assert line == (
        f"error: statistic '{REMOVALS}' has no figures published by 2010-12-31: "
        f"nothing to export as {format}"
    )


def test_an_empty_statistic_has_nothing_to_export(recount: Recount, removals) -> None:
    recount.ok("statistic", "add", "empty", "--name", "Nothing yet", "--unit", "people")
    line = recount.refused("export", "--statistic", "empty", "--format", "csv")
    assert line == "error: statistic 'empty' has no figures: nothing to export as csv"


def test_one_source_with_no_vintages_says_which(recount: Recount, removals) -> None:
    line = recount.refused("export", "--statistic", REMOVALS, "--format", "alfred",
                           "--source", "ice.release")
    assert line.startswith(
        f"error: statistic '{REMOVALS}' has no vintages from a vintage import "
        "by source 'ice.release': nothing to export as alfred"
    )
