"""The bench's import, as-of and rebuild on a PostgreSQL server (``bench/run.py --db URL``).

    python -m bench.postgres N WORKDIR URL [--seed S]

``URL`` names a server and its maintenance database
(``postgresql+psycopg://postgres@127.0.0.1/postgres``): the bench makes a
database of its own there for each ledger and for the raw side, and drops
them afterwards. Databases sort text with ICU ``en-US``, as the test suite's
do, so the project is measured on a collation that is not ``C``. The raw
baseline is psycopg on the same server: ``COPY`` of the CSV's five columns
(import), the as-of query of ``bench.baselines`` on it, and ``COPY`` out and
in again of the ledger's event table (rebuild). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from bench.baselines import EVENTS_TABLE, _csv_rows
from bench.measure import PhaseClock, median, timed
from bench.synthetic import COLUMNS, write_csv

AS_OF_CALLS = 50
COLLATION = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
AS_OF_SQL = """
SELECT period, source, value, published FROM (
    SELECT period, source, value, published,
           ROW_NUMBER() OVER (
               PARTITION BY period, source ORDER BY published DESC, id DESC
           ) AS newest
    FROM figures
    WHERE statistic = %s AND published <= %s
) AS ranked
WHERE newest = 1
ORDER BY period, source
"""


class Server:
    """Makes and drops the bench's databases on the server ``url`` names."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        if not self.url.drivername.startswith("postgresql"):
            raise SystemExit(f"--db must be a postgresql+psycopg:// URL, not {url!r}")
        self.prefix = f"recount_bench_{os.getpid()}_"
        self.numbers = itertools.count(1)
        self.made: list[str] = []

    def _connect(self, database: str, autocommit: bool = True):
        import psycopg

        url = self.url
        return psycopg.connect(
            host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
            password=url.password, dbname=database, autocommit=autocommit,
        )  # fmt: skip

    def new(self) -> str:
        name = f"{self.prefix}{next(self.numbers)}"
        with self._connect(self.url.database or "postgres") as admin:
            admin.execute(f'CREATE DATABASE "{name}" {COLLATION}')
        self.made.append(name)
        return name

    def sqlalchemy_url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def connect(self, name: str):
        return self._connect(name)

    def drop_all(self) -> None:
        with self._connect(self.url.database or "postgres") as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


def raw_import(server: Server, database: str, csv_path: Path) -> tuple[int, float]:
    """Stream the CSV's 5 columns into a plain table with one ``COPY``, one transaction."""
    import time

    with server.connect(database) as db:
        columns = ", ".join(f"{c} text" for c in COLUMNS)
        db.execute(f"CREATE TABLE figures (id bigserial, {columns})")
        started = time.perf_counter()
        with db.transaction(), db.cursor().copy(
            f"COPY figures ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in _csv_rows(csv_path):
                copy.write_row(row)
        seconds = time.perf_counter() - started
        db.execute("CREATE INDEX figures_as_of ON figures (statistic, published)")
        db.execute("ANALYZE figures")
        rows = db.execute("SELECT count(*) FROM figures").fetchone()[0]
    return rows, seconds


def raw_copy_events(server: Server, ledger: str, target: str) -> tuple[int, float]:
    """``COPY`` every row of the ledger's event table out and into a fresh table."""
    import time

    with server.connect(ledger) as source, server.connect(target) as into:
        into.execute("DROP TABLE IF EXISTS copied")
        columns = source.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            (EVENTS_TABLE,),
        ).fetchall()
        into.execute(f"CREATE TABLE copied ({', '.join(f'{n} {t}' for n, t in columns)})")
        started = time.perf_counter()
        with into.transaction(), source.cursor().copy(
            f"COPY (SELECT * FROM {EVENTS_TABLE} ORDER BY id) TO STDOUT"
        ) as out, into.cursor().copy("COPY copied FROM STDIN") as copy:
            for block in out:
                copy.write(block)
        seconds = time.perf_counter() - started
        rows = into.execute("SELECT count(*) FROM copied").fetchone()[0]
        into.execute("DROP TABLE copied")
    return rows, seconds


def measure(n: int, workdir: Path, url: str, seed: int = 1, times: int = 1) -> dict[str, Any]:
    from ledger.bootstrap import open_ledger

    server = Server(url)
    result: dict[str, Any] = {"n": n}
    csv_path = Path(workdir) / f"figures-{n}.csv"
    synthetic, _ = timed(write_csv, csv_path, n, seed)
    try:
        raw_db = server.new()
        raw_rows, result["raw_import_s"] = raw_import(server, raw_db, csv_path)
        runs = []
        for _ in range(times):
            ledger_db = server.new()
            with open_ledger(server.sqlalchemy_url(ledger_db), by="bench", create=True) as ledger:
                catch_up = PhaseClock()
                ledger.projections.catch_up = catch_up.wrap(ledger.projections.catch_up)
                report, seconds = timed(ledger.import_file, csv_path, "csv", create_missing=True)
            runs.append((seconds, catch_up.seconds, ledger_db))
            if report.rows != n or raw_rows != n:
                raise RuntimeError(f"imported {report.rows} rows, raw {raw_rows}, expected {n}")
        result["import_s"], result["import_catch_up_s"], ledger_db = min(runs)

        with server.connect(raw_db) as raw:
            spans = {
                code: (first, last) for code, first, last in raw.execute(
                    "SELECT statistic, min(published), max(published) FROM figures "
                    "GROUP BY statistic"
                )
            }  # fmt: skip
            rng = random.Random(seed + n)
            draws = []
            for _ in range(AS_OF_CALLS):
                code = rng.choice(synthetic.statistics)
                first, last = spans[code]
                draws.append((code, _iso(rng.randint(_ordinal(first), _ordinal(last)))))
            project_times, raw_times, disagreements = [], [], 0
            with open_ledger(server.sqlalchemy_url(ledger_db), by="bench") as ledger:
                ledger.replay(statistic=draws[0][0], as_of=draws[0][1])  # warm up both
                raw.execute(AS_OF_SQL, draws[0]).fetchall()
                for code, day in draws:
                    rows, seconds = timed(ledger.replay, statistic=code, as_of=day)
                    project_times.append(seconds)
                    expected, seconds = timed(_raw_as_of, raw, code, day)
                    raw_times.append(seconds)
                    got = sorted((r.period, r.source, r.text, r.published) for r in rows)
                    disagreements += got != sorted(expected)
        result.update(
            as_of_s=median(project_times), raw_as_of_s=median(raw_times),
            as_of_disagreements=disagreements,
        )  # fmt: skip

        rebuilds, copies = [], []
        with open_ledger(server.sqlalchemy_url(ledger_db), by="bench") as ledger:
            for _ in range(times):
                events, seconds = timed(ledger.rebuild)
                rebuilds.append(seconds)
                (copied, seconds) = raw_copy_events(server, ledger_db, raw_db)
                copies.append(seconds)
                if copied != events:
                    raise RuntimeError(f"rebuild applied {events} events, the log has {copied}")
        result.update(events=events, rebuild_s=min(rebuilds), raw_copy_s=min(copies))
    finally:
        server.drop_all()
        csv_path.unlink(missing_ok=True)
    return result


def table(sqlite_results: list[dict[str, Any]], pg_results: list[dict[str, Any]]) -> list[str]:
    """Markdown: each measurement on PostgreSQL, its psycopg baseline, and SQLite's time."""
    from bench.report import size_label

    on_sqlite = {r["n"]: r for r in sqlite_results}
    lines = [
        "| N | measurement | PostgreSQL | raw psycopg | ratio to raw | SQLite | PG / SQLite |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in pg_results:
        lite = on_sqlite.get(r["n"], {})
        for label, key, raw_key, unit in (
            ("import, incl. catch-up", "import_s", "raw_import_s", "s"),
            ("  of which catch-up", "import_catch_up_s", None, "s"),
            ("as-of one statistic (median)", "as_of_s", "raw_as_of_s", "ms"),
            ("rebuild", "rebuild_s", "raw_copy_s", "s"),
        ):
            shown = (lambda v: f"{v * 1000:.2f} ms") if unit == "ms" else (lambda v: f"{v:.1f} s")
            raw = r.get(raw_key) if raw_key else None
            theirs = lite.get(key)
            lines.append(
                f"| {size_label(r['n'])} | {label} | {shown(r[key])} "
                f"| {shown(raw) if raw else ''} | {f'{r[key] / raw:.2f}' if raw else ''} "
                f"| {shown(theirs) if theirs else ''} "
                f"| {f'{r[key] / theirs:.2f}' if theirs else ''} |"
            )
        if r["as_of_disagreements"]:
            lines.append(f"| | as-of disagreements with raw | {r['as_of_disagreements']} |||||")
    return lines


def _raw_as_of(raw, statistic: str, as_of: str) -> list[tuple]:
    return raw.execute(AS_OF_SQL, (statistic, as_of)).fetchall()


def _ordinal(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


def _iso(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("url")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(measure(args.n, args.workdir, args.url, args.seed)) + "\n")


if __name__ == "__main__":
    main()
