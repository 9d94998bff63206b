"""Native import: streamed, all or nothing, and through a fast path equal to the slow one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain import Figure
from ledger.domain import figure as figure_module
from ledger.errors import InvalidInput, NotFound
from ledger.semantics import clock
from ledger.write.event_writer import EventWriter

HEADER = "statistic,period,value,source,published"


def write(tmp_path: Path, *lines: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_fast_path_writes_the_very_bytes_the_object_path_writes(ledger, monkeypatch):
    # Same id, same clock, same fields: the stored events must be identical.
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(int=42))
    moment = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    fields = {
        "statistic": "jobs", "period": "2020-04", "source": "bls", "text": "about 1,056.50",
        "grain": None, "status": "provisional", "published": "2020-05-08", "release": "ES May",
        "url": "https://example.org/ü", "quote": 'He said "[red]x[/red]"', "note": None,
    }  # fmt: skip
    with clock.frozen(moment):
        slow = Figure(**fields, by="archivist")
    expected = ledger.app.mapper.to_stored_event(slow.collect_events()[0])

    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    figure_id, row = writer.figure_published(fields, "archivist", moment)

    assert figure_id == expected.originator_id
    assert row["originator_version"] == expected.originator_version
    assert row["topic"] == expected.topic
    assert row["state"] == expected.state


# Any text a file can hold (a UTF-8 file has no lone surrogates), or none.
texts = st.text(st.characters(blacklist_categories=("Cs",)))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=texts,
    quote=st.one_of(st.none(), texts),
    note=st.one_of(st.none(), texts),
    url=st.one_of(st.none(), texts),
)
def test_the_fast_path_equals_the_object_path_for_any_text(ledger, text, quote, note, url):
    moment = datetime(2024, 5, 1, 9, 30, 0, 123456, tzinfo=UTC)
    fields = {
        "statistic": "jobs", "period": "2020-04", "source": "bls", "text": text,
        "grain": "0.5", "status": "normal", "published": "2020-05-08", "release": None,
        "url": url, "quote": quote, "note": note,
    }  # fmt: skip
    with clock.frozen(moment):
        slow = Figure(**fields, by="archivist ☃")
    expected = ledger.app.mapper.to_stored_event(slow.collect_events()[0])
    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    _figure_id, row = writer.figure_published(fields, "archivist ☃", moment)
    assert row["state"] == expected.state


def test_imports_a_csv_file_and_replays_it(catalogue, tmp_path):
    path = write(
        tmp_path, HEADER + ",status,note",
        "jobs,2020-04,131045,bls,2020-05-08,provisional,first print",
        "jobs,2020-04,130403,bls,2020-06-05,,",
        "jobs,2020-05,132912,bls,2020-06-05,,",
    )  # fmt: skip
    report = catalogue.import_file(path, "csv")
    assert report.rows == 3
    # As of the first release only the first print is known; now, the revision.
    first = catalogue.replay("jobs", as_of="2020-05-31")
    assert [(r.period, r.text, r.status) for r in first] == [("2020-04", "131045", "provisional")]
    now = catalogue.replay("jobs")
    assert [(r.period, r.text) for r in now] == [("2020-04", "130403"), ("2020-05", "132912")]
    history = catalogue.history("jobs", period="2020-04")
    assert [h.event for h in history] == ["published", "revised"]


def test_imports_ndjson_with_numbers_and_text(catalogue, tmp_path):
    path = write(
        tmp_path,
        json.dumps({"statistic": "jobs", "period": "2020-04", "value": "about 131,000",
                    "source": "bls", "published": "2020-05-08", "quote": "[red]x[/red]"}),
        "",
        json.dumps({"statistic": "jobs", "period": "2020-05", "value": 132912,
                    "source": "bls", "published": "2020-06-05"}),
        name="figures.ndjson",
    )  # fmt: skip
    assert catalogue.import_file(path, "ndjson").rows == 2
    rows = catalogue.replay("jobs")
    assert [r.qualifier for r in rows] == ["about", "bare"]


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("jobs,2020-04,lots,bls,2020-05-08", "'lots'"),
        ("jobs,2011-13,100,bls,2020-05-08", "'2011-13'"),
        ("jobs,2020-04,100,bls,2011-02-30", "'2011-02-30'"),
        ("jobs,2020-04,100,bls,2999-01-01", "'2999-01-01'"),
        ("nope,2020-04,100,bls,2020-05-08", "'nope'"),
        ("jobs,2020-04,100,nobody,2020-05-08", "'nobody'"),
    ],
)
def test_a_bad_row_stops_the_import_and_nothing_of_the_file_is_written(
    catalogue, tmp_path, line, named
):
    path = write(tmp_path, HEADER, "jobs,2020-03,151786,bls,2020-04-03", line)
    before = catalogue.projections.log_position()
    with pytest.raises((InvalidInput, NotFound)) as refused:
        catalogue.import_file(path, "csv")
    # One line naming the row and the bad value.
    assert str(refused.value).startswith("row 2: ")
    assert named in str(refused.value)
    assert "\n" not in str(refused.value)
    assert catalogue.projections.log_position() == before
    assert catalogue.replay("jobs") == []


def test_unknown_statistics_and_sources_are_created_only_when_asked(ledger, tmp_path):
    path = write(tmp_path, HEADER, "gdp,2020-Q1,19010.8,bea,2020-04-29")
    with pytest.raises(NotFound, match="--create-missing"):
        ledger.import_file(path, "csv")
    report = ledger.import_file(path, "csv", create_missing=True)
    assert report.created_statistics == ["gdp"]
    assert report.created_sources == ["bea"]
    assert [s.code for s in ledger.statistics()] == ["gdp"]
    assert ledger.replay("gdp")[0].period == "2020-Q1"


def test_a_header_without_the_required_columns_is_refused(ledger, tmp_path):
    path = write(tmp_path, "statistic,period,value", "jobs,2020-04,1")
    with pytest.raises(InvalidInput, match="source, published"):
        ledger.import_file(path, "csv")


def test_an_unreadable_file_is_refused_by_name(ledger, tmp_path):
    with pytest.raises(InvalidInput, match="missing.csv"):
        ledger.import_file(tmp_path / "missing.csv", "csv")


def test_releases_named_in_the_file_are_recorded_once(catalogue, tmp_path):
    path = write(
        tmp_path, HEADER + ",release",
        "jobs,2020-04,131045,bls,2020-05-08,Employment Situation April 2020",
        "jobs,2020-03,151582,bls,2020-05-08,Employment Situation April 2020",
    )  # fmt: skip
    assert catalogue.import_file(path, "csv").releases == 1
    assert catalogue.import_file(path, "csv").releases == 0


def test_progress_is_reported_up_to_the_file_size(catalogue, tmp_path):
    path = write(tmp_path, HEADER, *[f"jobs,2020-{m:02d},{m},bls,2020-12-04" for m in range(1, 13)])
    seen = []
    catalogue.import_file(path, "csv", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)


def test_a_byte_order_mark_before_the_header_is_ignored(catalogue, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "\njobs,2020-04,131045,bls,2020-05-08\n").encode())
    assert catalogue.import_file(path, "csv").rows == 1


def test_a_file_that_is_not_utf8_is_refused_and_nothing_is_written(catalogue, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\njobs,2020-04,1,bls,2020-05-08\n").encode()
                     + "jobs,2020-05,2,bls,2020-06-05,café\n".encode("latin-1"))
    before = catalogue.projections.log_position()
    with pytest.raises(InvalidInput, match="is not UTF-8 text"):
        catalogue.import_file(path, "csv")
    assert catalogue.projections.log_position() == before
