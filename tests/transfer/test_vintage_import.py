"""Vintage import: every vintage replays exactly, re-imports add nothing, all or nothing.

The expected values come from an independent reading of each file (plain
``csv``, below), never from the readers under test. The helpers here are
shared with tests/test_vintage_export.py and tests/test_vintage_real_data.py.
"""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from ledger.domain import Figure, Release
from ledger.domain import figure as figure_module
from ledger.errors import Conflict, InvalidInput, NotFound
from ledger.files.vintages import VintageFileError
from ledger.semantics import clock
from ledger.service import Ledger
from ledger.transfer.vintage_import import release_key
from ledger.write.event_writer import EventWriter

FIXTURES = Path(__file__).resolve().parents[1] / "files" / "fixtures"

ALFRED = FIXTURES / "alfred_dropouts.csv"
RTDSM_QUARTERLY = FIXTURES / "rtdsm_century.csv"
RTDSM_MONTHLY = FIXTURES / "rtdsm_monthly.csv"
CES = FIXTURES / "ces_century.csv"
CES_DATES = FIXTURES / "ces_release_dates.csv"

# -- an independent reading of the three formats ------------------------------

ABSENT = {"", "#N/A", "."}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

#: [(vintage label, vintage date, {period: value})] in file order.
Expected = list[tuple[str, date, dict[str, Decimal]]]


def number(cell: str) -> Decimal | None:
    text = cell.strip()
    return None if text in ABSENT else Decimal(text.replace(",", ""))


def alfred_period(first_day: str, quarterly: bool) -> str:
    year, month = first_day[:4], int(first_day[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}" if quarterly else first_day[:7]


def rtdsm_date(label: str) -> date:
    stem = label.rstrip()
    if stem[-2] == "Q":  # PREFIXyyQq
        yy, month = int(stem[-4:-2]), 3 * int(stem[-1]) - 1
    else:  # PREFIXyyMmm
        yy, month = int(stem[-5:-3]), int(stem[-2:])
    return date(1900 + yy if yy >= 65 else 2000 + yy, month, 15)


def first_friday_after(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1)
    while day.weekday() != 4:
        day += timedelta(days=1)
    return day


def read_dates(path: Path | None) -> dict[str, date]:
    if path is None:
        return {}
    with path.open(newline="") as lines:
        return {row[0]: date.fromisoformat(row[1]) for row in list(csv.reader(lines))[1:]}


def expected_vintages(path: Path, format: str, release_dates: Path | None = None) -> Expected:
    """Every vintage of a file with its date and values, read with plain ``csv``."""
    with path.open(newline="") as lines:
        rows = [row for row in csv.reader(lines) if row]
    header, body = rows[0], rows[1:]
    dates = read_dates(release_dates)
    if format == "bls-ces":
        periods = []
        for column in header[2:]:
            month, yy = column.split("_")
            year = 1900 + int(yy) if int(yy) >= 39 else 2000 + int(yy)
            periods.append(f"{year}-{MONTHS.index(month) + 1:02d}")
        found: Expected = []
        for row in body:
            year, month = int(row[0]), int(row[1])
            label = f"{year:04d}-{month:02d}"
            values = {p: v for p, c in zip(periods, row[2:], strict=True) if (v := number(c))}
            found.append((label, dates.get(label) or first_friday_after(year, month), values))
        return found
    labels = [cell.strip() for cell in header[1:]]
    if format == "alfred":
        quarterly = len(body) < 2 or int(body[1][0][5:7]) - int(body[0][0][5:7]) in (3, -9)
        period_of = lambda cell: alfred_period(cell, quarterly)  # noqa: E731
        vintage_dates = [date(int(x[-8:-4]), int(x[-4:-2]), int(x[-2:])) for x in labels]
    else:
        period_of = lambda cell: cell.strip().replace(":", "-")  # noqa: E731
        vintage_dates = [rtdsm_date(label) for label in labels]
    columns: list[dict[str, Decimal]] = [{} for _ in labels]
    for row in body:
        for values, cell in zip(columns, row[1:], strict=True):
            if (value := number(cell)) is not None:
                values[period_of(row[0])] = value
    return [
        (label, dates.get(label, day), values)
        for label, day, values in zip(labels, vintage_dates, columns, strict=True)
    ]


def replayed(ledger: Ledger, statistic: str, day: date, source: str | None = None):
    """{period: value} of the ledger's replay as of ``day``."""
    return {
        row.period: row.value
        for row in ledger.replay(statistic, as_of=day)
        if source is None or row.source == source
    }


def assert_every_vintage_replays(
    ledger: Ledger, statistic: str, expected: Expected, source: str | None = None
) -> None:
    """Replaying as of each vintage's date gives exactly that vintage's periods and values."""
    first_day = expected[0][1]
    assert replayed(ledger, statistic, first_day - timedelta(days=1), source) == {}
    for label, day, values in expected:
        got = replayed(ledger, statistic, day, source)
        assert got == values, f"vintage {label} ({day})"
        # Decimal equality, not float: the texts are the file's numbers.
        assert all(type(value) is Decimal for value in got.values())


def cut_columns(path: Path, keep: int, out: Path) -> Path:
    """An earlier download of a file whose columns are vintages: the first ``keep``."""
    with path.open(newline="") as lines:
        rows = list(csv.reader(lines))
    with out.open("w", newline="") as target:
        csv.writer(target, lineterminator="\n").writerows(row[: keep + 1] for row in rows)
    return out


def cut_rows(path: Path, keep: int, out: Path) -> Path:
    """An earlier download of a CES triangle: its first ``keep`` rows (vintages)."""
    lines = path.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[: keep + 1]))
    return out


def log_position(ledger: Ledger) -> int:
    return ledger.projections.log_position()


FIXTURE_CASES = [
    pytest.param(ALFRED, "alfred", None, id="alfred"),
    pytest.param(RTDSM_QUARTERLY, "rtdsm", None, id="rtdsm-quarterly"),
    pytest.param(RTDSM_MONTHLY, "rtdsm", None, id="rtdsm-monthly"),
    pytest.param(CES, "bls-ces", None, id="ces-nominal-dates"),
    pytest.param(CES, "bls-ces", CES_DATES, id="ces-release-dates"),
]


# -- every vintage, exactly -----------------------------------------------------


@pytest.mark.parametrize(("path", "format", "dates"), FIXTURE_CASES)
def test_replay_as_of_every_vintage_gives_that_vintage(ledger, path, format, dates):
    report = ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    expected = expected_vintages(path, format, dates)
    assert report.vintages_total == report.vintages_new == len(expected)
    assert_every_vintage_replays(ledger, "series", expected)
    # The same from read models rebuilt from the log alone.
    ledger.rebuild()
    assert_every_vintage_replays(ledger, "series", expected)


def test_drop_outs_that_come_back_are_retractions_then_new_figures(ledger):
    report = ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    # 1998-Q4: 100.5, gone, 100.5 again, 100.7, back to 100.5.
    history = ledger.history("gdp", period="1998-Q4")
    assert [(h.event, h.text, h.published) for h in history] == [
        ("published", "100.5", "1999-10-27"),
        ("retracted", None, "1999-10-28"),
        ("revised", "100.5", "1999-10-29"),  # a new figure: the slot's next value
        ("revised", "100.7", "2000-01-31"),
        ("revised", "100.5", "2000-02-28"),
    ]
    assert history[1].reason == "not in vintage GDPX_19991028"
    # 1999-Q1 written 101.0 then 101.00: the same number, no new figure.
    assert [h.text for h in ledger.history("gdp", period="1999-Q1")] == [
        "101.0", None, "101.0", "101.2",
    ]  # fmt: skip
    # The all-empty first vintage and the all-empty row write no figure.
    assert ledger.replay("gdp", as_of="1999-10-01") == []
    assert ledger.figures("gdp", period="1999-Q2") == []
    assert (report.figures, report.retractions) == (10, 3)
    assert report.events == 2 + 6 + 10 + 3  # statistic, source, releases, figures, retractions


def test_a_value_that_reverts_is_a_new_figure_with_the_earlier_value(ledger):
    ledger.import_vintages(RTDSM_MONTHLY, "rtdsm", "pcpi", "philfed")
    figures = ledger.figures("pcpi", period="1998-09")
    assert [(f.text, f.published) for f in figures] == [
        ("1162.5", "1998-11-15"),
        ("1162.6", "1999-01-15"),
        ("1162.5", "1999-03-15"),
    ]
    # Vintage 99M02 holds nothing: every figure standing then was retracted.
    assert ledger.replay("pcpi", as_of="1999-02-15") == []
    assert [r.value for r in ledger.replay("pcpi", as_of="1999-03-15")] == [
        Decimal("1162.5"), Decimal("1163.1"),
    ]  # fmt: skip


def test_each_vintage_is_one_release_even_when_empty(ledger):
    ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    release = ledger.app.repository.get(
        Release.create_id("bea", release_key("gdp", "GDPX_19991001"))
    )
    assert (release.title, release.published, release.url) == (
        "GDPX vintage GDPX_19991001", "1999-10-01", None,
    )  # fmt: skip
    figure = ledger.figures("gdp", period="1998-Q4")[0]
    assert figure.release == "gdp/GDPX_19991027"
    assert (figure.status, figure.source) == ("normal", "bea")


def test_the_statistic_and_source_are_created_with_what_the_file_says(ledger):
    report = ledger.import_vintages(RTDSM_QUARTERLY, "rtdsm", "noutput", "philfed")
    assert report.created_statistic and report.created_source
    statistic = ledger.statistic("noutput")
    assert (statistic.name, statistic.unit) == ("NOUTPUT", "unstated")
    assert "quarterly" in statistic.definition and "rtdsm" in statistic.definition
    source = ledger.source("philfed")
    assert (source.name, source.kind) == ("philfed", "agency")


def test_an_existing_statistic_and_source_are_used_as_they_are(ledger):
    ledger.add_statistic("jobs", "Payroll employment", "thousands")
    ledger.add_source("bls", "Bureau of Labor Statistics", "BLS", "agency")
    report = ledger.import_vintages(CES, "bls-ces", "jobs", "bls", release_dates=CES_DATES)
    assert not report.created_statistic and not report.created_source
    assert ledger.statistic("jobs").unit == "thousands"
    assert report.series == "ces_century"  # a CES file names no series: its file does


def test_two_statistics_of_one_source_keep_their_own_vintages(ledger):
    # Every CES triangle has vintages labelled 2000-01: the keys are per statistic.
    first = ledger.import_vintages(CES, "bls-ces", "jobs.total", "bls")
    second = ledger.import_vintages(CES, "bls-ces", "jobs.private", "bls")
    assert first.vintages_new == second.vintages_new == 4
    assert_every_vintage_replays(ledger, "jobs.private", expected_vintages(CES, "bls-ces"))


# -- re-imports and longer downloads ----------------------------------------------


@pytest.mark.parametrize(("path", "format", "dates"), FIXTURE_CASES)
def test_importing_the_same_file_again_adds_nothing(ledger, path, format, dates):
    ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    before = log_position(ledger)
    again = ledger.import_vintages(path, format, "series", "agency", release_dates=dates)
    assert (again.vintages_new, again.figures, again.retractions, again.events) == (0, 0, 0, 0)
    assert again.vintages_total == len(expected_vintages(path, format, dates))
    assert log_position(ledger) == before


@pytest.mark.parametrize(
    ("path", "format", "keep"),
    [
        (ALFRED, "alfred", 2),  # the next vintage retracts what the first download published
        (ALFRED, "alfred", 4),
        (RTDSM_MONTHLY, "rtdsm", 3),  # the next vintage brings values back after an empty one
        (RTDSM_MONTHLY, "rtdsm", 1),
        (RTDSM_QUARTERLY, "rtdsm", 2),
        (CES, "bls-ces", 2),
    ],
)
def test_a_longer_download_adds_only_the_new_vintages(ledger, tmp_path, path, format, keep):
    cut = cut_rows if format == "bls-ces" else cut_columns
    early = cut(path, keep, tmp_path / f"early_{path.name}")
    first = ledger.import_vintages(early, format, "series", "agency")
    later = ledger.import_vintages(path, format, "series", "agency")
    expected = expected_vintages(path, format)
    assert first.vintages_new == keep
    assert later.vintages_new == len(expected) - keep
    assert_every_vintage_replays(ledger, "series", expected)

    # The two downloads write what one import of the whole file writes.
    whole = ledger.import_vintages(path, format, "whole", "agency")
    assert (first.figures + later.figures, first.retractions + later.retractions) == (
        whole.figures, whole.retractions,
    )  # fmt: skip


def test_a_retraction_of_an_earlier_import_is_the_figures_next_event(ledger, tmp_path):
    early = cut_columns(ALFRED, 2, tmp_path / "early.csv")
    ledger.import_vintages(early, "alfred", "gdp", "bea")
    standing = ledger.figures("gdp", period="1998-Q4")[0]
    ledger.correct(standing.figure, "100.6", "1999-10-27", "typo in the release")
    report = ledger.import_vintages(ALFRED, "alfred", "gdp", "bea")
    assert report.retractions == 3
    # Published, corrected, then retracted at version 3: the object path agrees.
    figure = ledger.app.repository.get(UUID(standing.figure))
    assert (figure.version, figure.retracted) == (3, "1999-10-28")
    with pytest.raises(Conflict, match="retracted on 1999-10-28"):
        ledger.retract(standing.figure, "2000-01-01", "again")


def test_vintages_that_do_not_follow_the_ledgers_latest_are_refused(ledger, tmp_path):
    ledger.import_vintages(cut_columns(ALFRED, 3, tmp_path / "early.csv"), "alfred", "g", "s")
    before = log_position(ledger)
    # A later download without the ledger's latest vintage before its first new one.
    with ALFRED.open(newline="") as lines:
        rows = list(csv.reader(lines))
    gap = tmp_path / "gap.csv"
    with gap.open("w", newline="") as out:
        csv.writer(out).writerows([row[:3] + row[4:] for row in rows])
    with pytest.raises(Conflict, match="does not follow 'GDPX_19991028'"):
        ledger.import_vintages(gap, "alfred", "g", "s")
    # A file whose new vintage is dated before the ledger's latest.
    early = tmp_path / "earlier.csv"
    early.write_text("observation_date,GDPX_19990101\n1998-10-01,99\n1999-01-01,100\n")
    with pytest.raises(Conflict, match="is not after 'GDPX_19991028'"):
        ledger.import_vintages(early, "alfred", "g", "s")
    assert log_position(ledger) == before


# -- all or nothing ---------------------------------------------------------------


def test_a_malformed_file_stops_at_its_line_and_column_and_writes_nothing(ledger, tmp_path):
    ledger.import_vintages(RTDSM_MONTHLY, "rtdsm", "pcpi", "philfed")
    before = log_position(ledger)
    bad = tmp_path / "bad.csv"
    text = ALFRED.read_text().replace("102.4,.,102.4", "102.4,1O2.4,102.4")
    bad.write_text(text)
    with pytest.raises(VintageFileError) as refused:
        ledger.import_vintages(bad, "alfred", "gdp", "bea")
    assert (refused.value.line, refused.value.column) == (5, 6)
    assert "'1O2.4'" in str(refused.value)
    assert log_position(ledger) == before
    with pytest.raises(NotFound):  # not even the statistic was created
        ledger.replay("gdp")


def test_a_late_error_rolls_back_the_batches_already_inserted(ledger, tmp_path):
    # 6,000 daily periods: the first 5,000 figures are inserted before the bad row.
    day = date(1990, 1, 1)
    lines = ["observation_date,LONG_20000103,LONG_20000104"]
    for offset in range(6_000):
        lines.append(f"{day + timedelta(days=offset)},{offset},{offset}")
    lines.append(f"{day + timedelta(days=6_000)},1,#REF!")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    before = log_position(ledger)
    with pytest.raises(VintageFileError, match="line 6002, column 3"):
        ledger.import_vintages(path, "alfred", "long", "agency")
    assert log_position(ledger) == before
    assert ledger.statistics() == []


def test_an_unknown_format_or_bad_code_is_refused_before_reading(ledger):
    with pytest.raises(InvalidInput, match="unknown vintage format 'xls'"):
        ledger.import_vintages(ALFRED, "xls", "gdp", "bea")
    with pytest.raises(InvalidInput, match="statistic code 'g d p'"):
        ledger.import_vintages(ALFRED, "alfred", "g d p", "bea")
    with pytest.raises(InvalidInput, match="missing.csv"):
        ledger.import_vintages(ALFRED.parent / "missing.csv", "alfred", "gdp", "bea")


def test_a_vintage_dated_in_the_future_is_refused(ledger, tmp_path):
    path = tmp_path / "future.csv"
    path.write_text("observation_date,X_20991231\n2000-01-01,1\n2000-04-01,2\n")
    with pytest.raises(InvalidInput, match="'X_20991231' is dated 2099-12-31, in the future"):
        ledger.import_vintages(path, "alfred", "x", "agency")


def test_a_bad_release_dates_file_is_named(ledger, tmp_path):
    dates = tmp_path / "dates.csv"
    dates.write_text("vintage,date\n2000-01,2000-02-31\n")
    with pytest.raises(VintageFileError, match=r"line 2, column 2: .*release dates dates\.csv"):
        ledger.import_vintages(CES, "bls-ces", "jobs", "bls", release_dates=dates)


def test_progress_is_reported_up_to_the_file_size(ledger, tmp_path):
    path = shutil.copy(CES, tmp_path / "ces.csv")
    seen: list[tuple[int, int]] = []
    ledger.import_vintages(
        Path(path), "bls-ces", "jobs", "bls", progress=lambda *p: seen.append(p)
    )
    size = Path(path).stat().st_size
    assert seen[-1] == (size, size)
    assert all(done <= total == size for done, total in seen)


# -- the fast path writes what the object path writes ---------------------------------


def test_the_fast_retraction_writes_the_very_bytes_the_object_path_writes(ledger, monkeypatch):
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(int=7))
    moment = datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    fields = {
        "statistic": "gdp", "period": "1999-Q3", "source": "bea", "text": "102.3",
        "grain": None, "status": "normal", "published": "1999-10-28", "release": "gdp/X",
        "url": None, "quote": None, "note": None,
    }  # fmt: skip
    reason = 'not in vintage "GDPX_19991029" – ü'
    with clock.frozen(moment):
        slow = Figure(**fields, by="archivist")
        slow.collect_events()
        slow.correct("102.4", None, "1999-10-29", "typo", "archivist")
        slow.collect_events()
        slow.retract("2000-01-31", reason, "archivist")
    expected = ledger.app.mapper.to_stored_event(slow.collect_events()[0])

    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    row = writer.figure_retracted(UUID(int=7), 3, "2000-01-31", reason, "archivist", moment)

    assert row["originator_id"] == expected.originator_id
    assert row["originator_version"] == expected.originator_version == 3
    assert row["topic"] == expected.topic
    assert row["state"] == expected.state
    # The same writer keeps encoding published events exactly (shared prefix caches).
    _, published = writer.figure_published(fields, "archivist", moment)
    with clock.frozen(moment):
        again = Figure(**fields, by="archivist")
    assert published["state"] == ledger.app.mapper.to_stored_event(again.collect_events()[0]).state


@pytest.mark.parametrize(
    ("period", "text"),
    [("1999-Q3", "102.3"), ("2010-12-31", 'about "1,056.50" \\ ü\t€'), ("FY2010", "\u2028x")],
)
def test_the_fast_publisher_writes_the_very_bytes_the_object_path_writes(
    ledger, monkeypatch, period, text
):
    monkeypatch.setattr(figure_module, "new_figure_id", lambda: UUID(int=9))
    moment = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    constant = {
        "statistic": "gdp", "source": "bea", "grain": "0.1", "status": "provisional",
        "published": "1999-10-28", "release": "gdp/GDPX_19991028 – ü", "url": "https://x/ü",
        "quote": 'He said "[red]x[/red]"', "note": None,
    }  # fmt: skip
    with clock.frozen(moment):
        slow = Figure(**constant, period=period, text=text, by="archivist")
    expected = ledger.app.mapper.to_stored_event(slow.collect_events()[0])

    writer = EventWriter(ledger.app.mapper, ledger.projections.events)
    publish = writer.figure_publisher(constant, "archivist", moment)
    figure_id, row = publish(period, text)
    assert figure_id == expected.originator_id
    assert (row["originator_version"], row["topic"]) == (1, expected.topic)
    assert row["state"] == expected.state
    assert (
        row
        == writer.figure_published(
            {**constant, "period": period, "text": text}, "archivist", moment
        )[1]
    )
