"""Issue 13: a source's counts say what they count.

A value that a later vintage lacks is a drop-out, not a withdrawal: the
sources' counts keep them apart (``dropped`` beside ``retracted``), whether
kept by deltas, recounted after an erratum, rebuilt from the log, or read
from an older log whose retractions carry no mark.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import backends
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from ledger.bootstrap import open_ledger
from ledger.compression import decompress
from ledger.domain import Figure
from ledger.domain import figure as figure_module
from ledger.projections import queries
from ledger.semantics import clock
from ledger.service import Ledger
from ledger.storage import resolve_url
from ledger.write.event_writer import RETRACTED_TOPIC, EventWriter

# Two vintages; the second lacks 1999-Q2: one drop-out.
TWO_VINTAGES = """observation_date,GDPX_20000101,GDPX_20000201
1999-01-01,100.0,100.0
1999-04-01,101.0,
1999-07-01,102.0,102.5
"""


@pytest.fixture
def vintages(tmp_path: Path) -> Path:
    path = tmp_path / "gdpx.csv"
    path.write_text(TWO_VINTAGES)
    return path


def counts(ledger: Ledger, source: str = "bea") -> tuple[int, int, int, int, int]:
    row = ledger.source(source)
    return (row.figures, row.revised, row.corrected, row.retracted, row.dropped)


def kept_equals_counted(ledger: Ledger) -> None:
    """The counts kept by deltas equal the counts from every figure."""
    with ledger.engines.reader.connect() as db:
        counted = queries.sources_counted(db)
    kept = {s.source_id: (s.figures, s.revised, s.corrected, s.retracted, s.dropped)
            for s in ledger.sources() if s.figures}  # fmt: skip
    assert kept == counted


def figure_of(ledger: Ledger, period: str) -> str:
    return ledger.history("gdp", period=period)[0].figure


def test_a_period_a_later_vintage_lacks_is_dropped_not_retracted(ledger, vintages):
    # Import two vintages; the second no longer holds 1999-Q2.
    report = ledger.import_vintages(vintages, "alfred", "gdp", "bea")
    assert report.retractions == 1

    # The source has one drop-out and no withdrawal.
    row = ledger.source("bea")
    assert (row.retracted, row.dropped) == (0, 1)
    kept_equals_counted(ledger)

    # The history still tells it as a retraction, its reason naming the vintage.
    entry = ledger.history("gdp", period="1999-Q2")[-1]
    assert (entry.event, entry.reason) == ("retracted", "not in vintage GDPX_20000201")


def test_a_withdrawal_by_hand_is_retracted(ledger, vintages):
    ledger.import_vintages(vintages, "alfred", "gdp", "bea")

    # The source withdraws its 1999-Q1 figure.
    ledger.retract(figure_of(ledger, "1999-Q1"), "2000-03-01", "withdrawn")

    # One withdrawal beside the drop-out.
    row = ledger.source("bea")
    assert (row.retracted, row.dropped) == (1, 1)
    kept_equals_counted(ledger)


def test_a_withdrawal_in_the_import_s_words_is_still_a_withdrawal(ledger, vintages):
    # New retractions carry the mark: the reason no longer decides.
    ledger.import_vintages(vintages, "alfred", "gdp", "bea")
    ledger.retract(figure_of(ledger, "1999-Q1"), "2000-03-01", "not in vintage GDPX_20000301")
    assert counts(ledger)[3:] == (1, 1)
    kept_equals_counted(ledger)


def test_rebuilt_counts_equal_the_kept_ones(ledger, vintages):
    ledger.import_vintages(vintages, "alfred", "gdp", "bea")
    ledger.retract(figure_of(ledger, "1999-Q1"), "2000-03-01", "withdrawn")
    kept = counts(ledger)

    # The same from read models rebuilt from the log alone.
    ledger.rebuild()
    assert counts(ledger) == kept
    kept_equals_counted(ledger)
    assert ledger.verify().problem is None


def test_an_erratum_moving_a_drop_out_recounts_both_sources(ledger, vintages):
    ledger.import_vintages(vintages, "alfred", "gdp", "bea")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    ledger.retract(figure_of(ledger, "1999-Q1"), "2000-03-01", "withdrawn")

    # The archivist had the dropped figure under the wrong source.
    ledger.amend(figure_of(ledger, "1999-Q2"), "wrong source", source="bls")

    # Counted afresh: the drop-out went with its figure, the withdrawal stayed.
    assert counts(ledger, "bea")[3:] == (1, 0)
    assert counts(ledger, "bls")[3:] == (0, 1)
    kept_equals_counted(ledger)
    kept = (counts(ledger, "bea"), counts(ledger, "bls"))
    ledger.rebuild()
    assert (counts(ledger, "bea"), counts(ledger, "bls")) == kept


def unmark_retractions(db: str) -> int:
    """Store every retraction as an older Recount did: no mark, no class version."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.begin() as log:
            rows = log.execute(
                text("SELECT id, state FROM recount_events WHERE topic = :topic"),
                {"topic": RETRACTED_TOPIC},
            ).fetchall()
            for position, stored in rows:
                state = json.loads(decompress(stored))
                del state["dropped"], state["class_version"]
                plain = json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode()
                log.execute(text("UPDATE recount_events SET state = :state WHERE id = :id"),
                            {"state": plain, "id": position})
    finally:
        engine.dispose()
    return len(rows)


def test_in_an_older_log_the_import_s_reason_makes_a_drop_out(tmp_path, vintages):
    db = backends.new_db(tmp_path, "old.db")
    with open_ledger(db, by="tester", create=True) as ledger:
        ledger.import_vintages(vintages, "alfred", "gdp", "bea")
        ledger.retract(figure_of(ledger, "1999-Q1"), "2000-03-01", "withdrawn")

    # The log now reads as one written before drop-outs were marked.
    assert unmark_retractions(db) == 2

    # Rebuilt from it, the vintage import's reason tells the drop-out.
    with open_ledger(str(db), by="tester") as ledger:
        ledger.rebuild()
        assert counts(ledger)[3:] == (1, 1)
        kept_equals_counted(ledger)


def test_the_fast_drop_out_writes_the_very_bytes_the_object_path_writes(ledger, monkeypatch):
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(int=7))
    moment = datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    reason = 'not in vintage "GDPX_19991029" – ü'
    with clock.frozen(moment):
        slow = Figure(
            statistic="gdp", period="1999-Q3", source="bea", text="102.3", grain=None,
            status="normal", published="1999-10-28", release="gdp/X", url=None, quote=None,
            note=None, by="archivist",
        )  # fmt: skip
        slow.collect_events()
        slow.retract("2000-01-31", reason, "archivist", dropped=True)
    expected = ledger.app.mapper.to_stored_event(slow.collect_events()[0])

    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    row = writer.figure_retracted(UUID(int=7), 2, "2000-01-31", reason, "archivist", moment,
                                  dropped=True)  # fmt: skip

    assert (row["originator_id"], row["originator_version"]) == (expected.originator_id, 2)
    assert row["topic"] == expected.topic
    assert row["state"] == expected.state


# -- any matrix of vintages -------------------------------------------------------------

PERIODS = ["1999-01-01", "1999-04-01", "1999-07-01"]
cells = st.one_of(st.none(), st.sampled_from(["1.0", "2.0"]))
matrices = st.integers(1, 4).flatmap(
    lambda vintages: st.lists(
        st.lists(cells, min_size=vintages, max_size=vintages),
        min_size=len(PERIODS),
        max_size=len(PERIODS),
    )
)


def alfred_text(matrix: list[list[str | None]]) -> str:
    header = ["observation_date"] + [f"GDPX_2000{v + 1:02d}01" for v in range(len(matrix[0]))]
    rows = [[day] + [cell or "" for cell in row] for day, row in zip(PERIODS, matrix, strict=True)]
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


def drop_outs_of(matrix: list[list[str | None]]) -> int:
    """The obvious count: a vintage lacking a value the period held just before."""
    dropped = 0
    for row in matrix:
        held = False
        for cell in row:
            dropped += held and cell is None
            held = cell is not None
    return dropped


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrix=matrices, withdraw=st.lists(st.booleans(), min_size=3, max_size=3))
def test_any_vintages_count_their_drop_outs_and_withdrawals_apart(matrix, withdraw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gdpx.csv"
        path.write_text(alfred_text(matrix))
        with open_ledger(backends.new_db(Path(folder), "l.db"), by="tester", create=True) as ledger:
            ledger.import_vintages(path, "alfred", "gdp", "bea")
            # The source withdraws some of the figures it still stands by.
            standing = ledger.replay("gdp", source="bea")
            withdrawn = [row for i, row in enumerate(standing) if withdraw[i]]  # at most 3 rows
            for row in withdrawn:
                ledger.retract(row.figure, "2001-01-01", "withdrawn")
            assert counts(ledger)[3:] == (len(withdrawn), drop_outs_of(matrix))
            kept_equals_counted(ledger)
            kept = counts(ledger)
            ledger.rebuild()
            assert counts(ledger) == kept
