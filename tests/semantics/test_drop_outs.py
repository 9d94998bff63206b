"""Drop-outs and withdrawals: the mark decides, and in old logs the reason does."""

from __future__ import annotations

import pytest

from ledger.semantics.drop_outs import drop_out_reason, is_drop_out, reads_as_drop_out


def test_the_vintage_import_s_reason_names_the_vintage():
    assert drop_out_reason("GDPC1_20110225") == "not in vintage GDPC1_20110225"


@pytest.mark.parametrize("label", ["GDPC1_20110225", "ROUTPUT65Q4", "Jan_39", "x"])
def test_the_import_s_own_reason_reads_as_a_drop_out(label):
    assert reads_as_drop_out(drop_out_reason(label))


@pytest.mark.parametrize(
    "reason",
    [
        "withdrawn",
        "misprint",
        "",
        "not in vintage",  # no label
        "not in vintage ",  # nor here
        "not in vintage   ",
        "Not in vintage GDPC1_20110225",  # not the import's text
        "value not in vintage GDPC1_20110225",
        " not in vintage GDPC1_20110225",
    ],
)
def test_any_other_reason_reads_as_a_withdrawal(reason):
    assert not reads_as_drop_out(reason)


def test_an_unmarked_retraction_is_told_by_its_reason():
    # Events of older logs carry no mark: the reason decides.
    assert is_drop_out({"published": "1999-10-28", "reason": "not in vintage GDPX_19991028"})
    assert not is_drop_out({"published": "2011-03-01", "reason": "withdrawn"})


def test_the_mark_decides_whatever_the_reason_says():
    # A withdrawal typed by hand with the import's words is still a withdrawal.
    assert not is_drop_out({"reason": "not in vintage GDPX_19991028", "dropped": False})
    # A marked drop-out is one whatever its reason.
    assert is_drop_out({"reason": "gone", "dropped": True})
