"""The eventsourcing library's documented path, as a peer of Recount's import.

An ``eventsourcing`` :class:`Application` on the same persistence module the
ledger uses (``eventsourcing_sqlalchemy``, SQLite in WAL with
``synchronous=NORMAL``, as the ledger's own connections are) saves each CSV
row as a simple aggregate, in ``save(*aggregates)`` calls of ``BATCH``; then a
:class:`eventsourcing.projection.Projection`, whose view is a
``SQLAlchemyTrackingRecorder`` with a table of its own, writes one row per
figure, each with its tracking record in one transaction (the docs' pattern).

The docs run a projection with ``ProjectionRunner``, which subscribes to the
application's recorder; ``eventsourcing_sqlalchemy`` implements
``subscribe()`` only on PostgreSQL, so :func:`catch_up` does the runner's
work by pulling: ``select_notifications`` after the view's
``max_tracking_id``, ``mapper.to_domain_event``, ``process_event``.

    python -m bench.library_peer CSV WORKDIR   # prints one JSON line
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import sys
import time
from functools import singledispatchmethod
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from eventsourcing_sqlalchemy.recorders import SQLAlchemyTrackingRecorder
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

BATCH = 1000
PULL = 1000  # notifications read per select, as the runner's subscription pages them
# The creator is resolved by topic (a fresh import when run as __main__): the path goes by env.
PATH_VARIABLE = "RECOUNT_BENCH_PEER_DB"


def _connect() -> sqlite3.Connection:
    """The connection creator: the same tuning as the ledger's and the raw baselines'."""
    db = sqlite3.connect(os.environ[PATH_VARIABLE], check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class Figure(Aggregate):
    @event("Published")
    def __init__(self, statistic: str, period: str, value: str, source: str, published: str):
        self.statistic = statistic
        self.period = period
        self.value = value
        self.source = source
        self.published = published


class Figures(Application[Any]):
    pass


class FigureTableRecorder(SQLAlchemyTrackingRecorder):
    """The view: one row per figure, kept with the projection's tracking record."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.figures_table = Table(
            "peer_figures", MetaData(),
            Column("id", Integer, primary_key=True),
            Column("figure", String(36), nullable=False),
            Column("statistic", String, nullable=False),
            Column("period", String, nullable=False),
            Column("source", String, nullable=False),
            Column("value", String, nullable=False),
            Column("published", String, nullable=False),
        )  # fmt: skip

    def create_table(self) -> None:
        super().create_table()
        assert self.datastore.engine is not None
        self.figures_table.create(self.datastore.engine, checkfirst=True)

    def insert_figure(self, row: dict[str, str], tracking: Tracking) -> None:
        with self.transaction(commit=True) as session:
            session.execute(insert(self.figures_table).values(**row))
            self._insert_tracking(session, tracking)

    def count(self) -> int:
        with self.transaction(commit=False) as session:
            return session.query(self.figures_table).count()


class FigureProjection(Projection[FigureTableRecorder]):
    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Figure.Published, tracking: Tracking) -> None:
        self.view.insert_figure(
            {
                "figure": str(domain_event.originator_id),
                "statistic": domain_event.statistic,
                "period": domain_event.period,
                "source": domain_event.source,
                "value": domain_event.value,
                "published": domain_event.published,
            },
            tracking,
        )


def _rows(csv_path: Path):
    with open(csv_path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def save_figures(app: Figures, csv_path: Path) -> int:
    """Every row as a new ``Figure``, saved ``BATCH`` at a time."""
    saved, batch = 0, []
    for row in _rows(csv_path):
        batch.append(
            Figure(**{k: row[k] for k in ("statistic", "period", "value", "source", "published")})
        )
        if len(batch) == BATCH:
            app.save(*batch)
            saved += len(batch)
            batch = []
    if batch:
        app.save(*batch)
        saved += len(batch)
    return saved


def catch_up(app: Figures, projection: FigureProjection) -> int:
    """The projection runner's loop, pulling instead of subscribing (see the module's doc)."""
    done = 0
    position = projection.view.max_tracking_id(app.name) or 0
    while True:
        notifications = app.recorder.select_notifications(position, PULL, inclusive_of_start=False)
        if not notifications:
            return done
        for notification in notifications:
            domain_event = app.mapper.to_domain_event(notification)
            projection.process_event(domain_event, Tracking(app.name, notification.id))
            position = notification.id
            done += 1


def measure(csv_path: Path, workdir: Path) -> dict[str, Any]:
    db_path = str(Path(workdir) / "peer.db")
    os.environ[PATH_VARIABLE] = db_path
    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": f"sqlite:///{db_path}",
        "SQLALCHEMY_CONNECTION_CREATOR_TOPIC": "bench.library_peer:_connect",
    }
    app = Figures(env=env)
    view = FigureTableRecorder(datastore=app.factory.datastore)
    view.create_table()
    projection = FigureProjection(view=view)
    started = time.perf_counter()
    saved = save_figures(app, csv_path)
    save_s = time.perf_counter() - started
    processed = catch_up(app, projection)
    total_s = time.perf_counter() - started
    rows = view.count()
    if not saved == processed == rows:
        raise RuntimeError(f"peer saved {saved}, processed {processed}, wrote {rows} rows")
    app.close()
    return {
        "peer_figures": saved,
        "peer_save_s": save_s,
        "peer_project_s": total_s - save_s,
        "peer_s": total_s,
        "peer_rate": saved / total_s,
        "peer_bytes": sum(
            Path(f"{db_path}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{db_path}{suffix}").exists()
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("workdir", type=Path)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(measure(args.csv, args.workdir)) + "\n")


if __name__ == "__main__":
    main()
