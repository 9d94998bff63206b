"""Figure ids drawn in bulk: still random version-4 UUIDs, never shared with a fork."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from uuid import RFC_4122, UUID

import pytest

from ledger.domain import figure as figure_module
from ledger.domain.figure import Figure, new_figure_id
from ledger.write.event_writer import EventWriter


def test_ids_are_version_4_rfc_4122() -> None:
    for _ in range(3 * figure_module.ID_BLOCK):  # across refills
        figure_id = new_figure_id()
        assert figure_id.version == 4
        assert figure_id.variant == RFC_4122


def test_no_duplicates_in_a_million() -> None:
    seen = {new_figure_id().int for _ in range(1_000_000)}
    assert len(seen) == 1_000_000


def test_first_hex_digit_is_uniform() -> None:
    # The CLI and UI find figures by prefix: the leading digit must be spread evenly.
    n = 160_000
    counts = Counter(new_figure_id().hex[0] for _ in range(n))
    expected = n / 16
    chi_square = sum((counts.get(d, 0) - expected) ** 2 / expected for d in "0123456789abcdef")
    # 15 degrees of freedom: p < 1e-6 beyond about 55, so this fails only when skewed.
    assert chi_square < 60, counts


def test_the_random_bits_are_all_used() -> None:
    # Every bit but the six fixed ones is sometimes set and sometimes clear.
    ored, anded = 0, (1 << 128) - 1
    for _ in range(2000):
        value = new_figure_id().int
        ored |= value
        anded &= value
    fixed = (0xF000 << 64) | (0xC000 << 48)
    assert ored & ~fixed == ((1 << 128) - 1) & ~fixed
    assert anded & ~fixed == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_draws_other_ids() -> None:
    new_figure_id()  # the parent's pool now holds ids
    count = 500
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write its ids and leave at once
        try:
            os.close(read_end)
            data = b"".join(new_figure_id().bytes for _ in range(count))
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()
    os.waitpid(pid, 0)
    child = {UUID(bytes=data[i : i + 16]) for i in range(0, len(data), 16)}
    parent = {new_figure_id() for _ in range(count)}
    assert len(child) == count
    assert not child & parent


def test_patching_new_figure_id_still_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(int=42))
    assert Figure.create_id() == UUID(int=42)


def test_patching_uuid4_still_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    # tests/tui fixes ids by patching this module's uuid4.
    monkeypatch.setattr(figure_module, "uuid4", lambda: UUID(int=7))
    assert new_figure_id() == UUID(int=7)
    assert Figure.create_id() == UUID(int=7)


def test_the_bulk_writer_draws_from_new_figure_id(ledger, monkeypatch) -> None:
    ids = iter(UUID(int=n) for n in range(1, 10))
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: next(ids))
    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    fields = {"statistic": "jobs", "source": "bls", "status": "final", "published": "2020-05-08"}
    moment = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    one, _row = writer.figure_published({**fields, "period": "2020-04", "text": "1"}, "a", moment)
    publish = writer.figure_publisher(fields, "a", moment)
    assert [one, publish("2020-05", "2")[0], publish("2020-06", "3")[0]] == [
        UUID(int=1),
        UUID(int=2),
        UUID(int=3),
    ]
