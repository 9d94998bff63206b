"""Vintage import and export on the real files of ../shared/data (skipped when absent).

Each file is imported once per module; then, for EVERY vintage, the replay as
of the vintage's date must give exactly that vintage's periods and values
(Decimal equality, read independently from the file), and exporting in the
file's own format must give back the same value in every cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import backends
import pytest
from test_vintage_import import (
    Expected,
    assert_every_vintage_replays,
    cut_columns,
    expected_vintages,
)

from ledger.bootstrap import open_ledger
from ledger.service import Ledger
from ledger.transfer.vintage_import import VintageImportReport

#: As in tests/conftest.py: the shared folder beside the repository, never copied in.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

GDPC1 = "alfred/GDPC1.csv"
RUC = "rtdsm/RUC_QvMd.csv"
CES = "bls-ces/tri_000000_SA.csv"

#: name: (file, format, statistic code)
FILES = {
    "GDPC1": (GDPC1, "alfred", "us.gdp.real"),
    "RUC": (RUC, "rtdsm", "us.unemployment.rate"),
    "CES": (CES, "bls-ces", "us.payrolls.total"),
}


def shared_data(relative: str, root: Path | None = None) -> Path:
    """A file of ../shared/data, or skip the test with the reason (tests/conftest.py's rule)."""
    path = (root or SHARED_DATA) / relative
    if not path.exists():
        pytest.skip(f"../shared/data not found ({path}): real-data checks need the shared folder")
    return path


@dataclass
class Imported:
    ledger: Ledger
    path: Path
    format: str
    statistic: str
    report: VintageImportReport
    expected: Expected


@pytest.fixture(scope="module", params=list(FILES))
def imported(request, tmp_path_factory) -> Iterator[Imported]:
    relative, format, statistic = FILES[request.param]
    path = shared_data(relative)
    folder = tmp_path_factory.mktemp(request.param)
    with open_ledger(backends.new_db(folder, lasting=True), by="tester", create=True) as ledger:
        report = ledger.import_vintages(path, format, statistic, "agency")
        yield Imported(ledger, path, format, statistic, report, expected_vintages(path, format))


def test_every_vintage_replays_exactly(imported):
    assert imported.report.vintages_new == len(imported.expected)
    assert_every_vintage_replays(imported.ledger, imported.statistic, imported.expected)


def test_export_in_its_own_format_gives_back_every_cell(imported, tmp_path):
    out = io.StringIO()
    report = imported.ledger.export(imported.statistic, imported.format, out)
    written = tmp_path / "exported.csv"
    written.write_text(out.getvalue())
    again = expected_vintages(written, imported.format)
    # Same vintages (labels, dates), same periods, numerically equal values;
    # periods empty in every vintage have no row.
    assert [(label, day) for label, day, _ in again] == [
        (label, day) for label, day, _ in imported.expected
    ]
    for (label, _, values), (_, _, original) in zip(again, imported.expected, strict=True):
        assert values == original, label
    assert report.values == sum(len(values) for _, _, values in imported.expected)


def test_importing_the_file_again_adds_nothing(imported):
    before = imported.ledger.projections.log_position()
    again = imported.ledger.import_vintages(
        imported.path, imported.format, imported.statistic, "agency"
    )
    assert again.events == 0
    assert imported.ledger.projections.log_position() == before


def test_the_facts_of_the_data_readme(imported):
    ledger, statistic = imported.ledger, imported.statistic

    def value(period: str, as_of: str) -> Decimal:
        (row,) = ledger.replay(statistic, period=period, as_of=as_of)
        return row.value

    if imported.format == "rtdsm":
        # 14.7 in vintage 20Q2, 14.8 in 21Q1, 14.7 in 22Q1, 14.8 in 24Q1.
        assert [value("2020-04", d) for d in ("2020-05-15", "2021-02-15", "2022-02-15")] == [
            Decimal("14.7"), Decimal("14.8"), Decimal("14.7"),
        ]  # fmt: skip
        assert value("2020-04", "2024-02-15") == Decimal("14.8")
        # 1,867 first-or-changed values; nothing ever drops out.
        assert (imported.report.figures, imported.report.retractions) == (1867, 0)
    elif imported.format == "bls-ces":
        # May 2003: 130067 in row 2003-05, 129992 in 2003-06, 129986 in 2003-07,
        # 129873 in 2004-01 (nominal release dates: first Fridays).
        days = {label: day for label, day, _ in imported.expected}
        assert [value("2003-05", days[row]) for row in ("2003-05", "2003-06", "2003-07")] == [
            Decimal(130067), Decimal(129992), Decimal(129986),
        ]  # fmt: skip
        assert value("2003-05", days["2004-01"]) == Decimal(129873)
        assert len({f.text for f in ledger.figures(statistic, period="2003-05")}) == 18
        april = value("2020-04", days["2020-04"]) - value("2020-03", days["2020-04"])
        assert april == Decimal(-20537)
    else:
        # 1960-01-01: 1977.8 in the first vintage, 1976.9 from 19920428.
        assert value("1960-Q1", "1991-12-04") == Decimal("1977.8")
        assert value("1960-Q1", "1992-04-27") == Decimal("1977.8")
        assert value("1960-Q1", "1992-04-28") == Decimal("1976.9")
        # Vintage 19991028 holds only 1994 onward; the quarters come back the next day.
        assert ledger.replay(statistic, period="1993-Q4", as_of="1999-10-28") == []
        assert value("1993-Q4", "1999-10-29") > 0
        # Vintage 20031210 lacks 2003Q3 alone; the vintages before and after hold it.
        assert value("2003-Q3", "2003-12-09") > 0
        assert ledger.replay(statistic, period="2003-Q3", as_of="2003-12-10") == []
        assert len(ledger.replay(statistic, as_of="2003-12-10")) == 174
        assert value("2003-Q3", "2003-12-23") > 0


def test_a_longer_download_of_gdpc1_adds_only_the_new_vintages(tmp_path):
    path = shared_data(GDPC1)
    expected = expected_vintages(path, "alfred")
    # The first download ends the day before the earlier quarters drop out.
    keep = [label for label, _, _ in expected].index("GDPC1_19991028")
    early = cut_columns(path, keep, tmp_path / "GDPC1_early.csv")
    with open_ledger(backends.new_db(tmp_path), by="tester", create=True) as ledger:
        first = ledger.import_vintages(early, "alfred", "gdp", "bea")
        later = ledger.import_vintages(path, "alfred", "gdp", "bea")
        assert (first.vintages_new, later.vintages_new) == (keep, len(expected) - keep)
        # The drop-outs of 19991028 retract figures of the first download.
        assert later.retractions > 0
        assert_every_vintage_replays(ledger, "gdp", expected)


def test_absent_shared_data_skips_with_the_reason(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="real-data checks need the shared folder"):
        shared_data(GDPC1, root=tmp_path)
