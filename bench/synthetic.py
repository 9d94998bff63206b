"""A deterministic synthetic ledger of N figures, written as a native CSV.

Each statistic has the same shape whatever N is (so per-statistic reads such
as an as-of replay should cost the same at every N): ``PERIODS`` consecutive
monthly periods, 2 or 3 sources, and for each (statistic, period, source) a
first print shortly after the month ends plus 0 to 3 revisions at later
publication dates. N only changes how many statistics there are (about
N / 500); the last one is cut short so that the file has exactly N rows.

Values are mostly plain numbers (some with thousands separators, some with
decimals) and about one in six carries a qualifier ("about 1,200", "more than
59,000"). Publication dates lie in 2000-2025. Rows are grouped by statistic
and, within one, ordered by publication date, as an archive export would be.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

COLUMNS = ("statistic", "period", "value", "source", "published")
SOURCES = ("ONS", "EUROSTAT", "OECD", "IMF", "WB")
PERIODS = 100  # monthly periods per statistic
REVISIONS = (0, 1, 2, 3)
REVISION_WEIGHTS = (40, 30, 20, 10)  # mean 1.0 revision: ~2 rows per slot, ~500 per statistic
QUALIFIERS = ("about", "more than", "nearly", "fewer than", "up to", "at least")
FIRST_START = date(2000, 1, 1).toordinal()
LAST_DAY = date(2025, 12, 31).toordinal()
LAST_START_MONTH = (2013 - 2000) * 12  # the latest first period is 2013-01


@dataclass
class SyntheticLedger:
    path: Path
    rows: int = 0
    statistics: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


def write_csv(path: Path, n: int, seed: int = 1) -> SyntheticLedger:
    """Write exactly ``n`` figure rows to ``path`` (streamed: memory is flat in ``n``)."""
    rng = random.Random(seed)
    made = SyntheticLedger(Path(path))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        index = 0
        while made.rows < n:
            code = f"S{index:06d}"
            made.statistics.append(code)
            rows = _statistic_rows(rng, code)
            rows = rows[: n - made.rows]
            writer.writerows(rows)
            made.rows += len(rows)
            made.sources.update(r[3] for r in rows)
            index += 1
    return made


def _statistic_rows(rng: random.Random, code: str) -> list[tuple[str, str, str, str, str]]:
    start = rng.randint(0, LAST_START_MONTH)
    sources = rng.sample(SOURCES, rng.choice((2, 3)))
    magnitude = 10 ** rng.randint(1, 7)
    decimals = magnitude <= 100 and rng.random() < 0.5
    trend = rng.uniform(-0.3, 0.6) / PERIODS
    rows = []
    for step in range(PERIODS):
        month = start + step
        year, month0 = divmod(month, 12)
        period = f"{2000 + year}-{month0 + 1:02d}"
        month_end = _month_end(2000 + year, month0 + 1)
        level = magnitude * (1 + trend * step) * rng.uniform(0.9, 1.1)
        for source in sources:
            for published, value in _prints(rng, month_end, level):
                rows.append((code, period, _text(rng, value, decimals), source, published))
    rows.sort(key=lambda r: (r[4], r[1], r[3]))
    return rows


def _prints(rng: random.Random, month_end: int, level: float) -> Iterator[tuple[str, float]]:
    """The first print and its revisions: strictly later dates, none after 2025."""
    day = month_end + rng.randint(10, 60)
    value = level * rng.uniform(0.98, 1.02)
    revisions = rng.choices(REVISIONS, REVISION_WEIGHTS)[0]
    for number in range(1 + revisions):
        if day > LAST_DAY:
            return
        yield date.fromordinal(day).isoformat(), value
        if number < revisions:
            day += rng.randint(20, 400)
            value *= rng.uniform(0.98, 1.02)


def _month_end(year: int, month: int) -> int:
    if month == 12:
        return date(year, 12, 31).toordinal()
    return date(year, month + 1, 1).toordinal() - 1


def _text(rng: random.Random, value: float, decimals: bool) -> str:
    draw = rng.random()
    if draw < 1 / 6:
        rounded = _round_significant(value, 2)
        return f"{rng.choice(QUALIFIERS)} {rounded:,}"
    if decimals:
        return f"{value:.1f}"
    number = max(1, round(value))
    return f"{number:,}" if draw < 1 / 3 else str(number)


def _round_significant(value: float, digits: int) -> int:
    number = max(1, round(value))
    scale = 10 ** max(0, len(str(number)) - digits)
    return max(1, round(number / scale)) * scale
