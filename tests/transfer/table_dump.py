"""Every table of a ledger, as plain values, read beside the code under test.

On SQLite it is the file's own SQL dump (schema and rows), read with ``sqlite3``;
on PostgreSQL it is every row of every table in the public schema, read with a
SQLAlchemy engine of its own, sorted so that two equal databases dump equal.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from ledger.storage import resolve_url, sqlite_file


def dump(db: str | Path) -> list:
    """Every table of the ledger at ``db`` (a path or a URL)."""
    if not isinstance(db, str | Path):  # a Ledger's text would be a new, empty file's name
        raise TypeError(f"dump takes a ledger's path or URL, not {type(db).__name__}")
    url = resolve_url(str(db))
    path = sqlite_file(url)
    if path is not None:
        with closing(sqlite3.connect(path)) as connection:
            return list(connection.iterdump())
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return [
                (table, sorted(map(repr, connection.execute(text(f'SELECT * FROM "{table}"')))))
                for table in tables
            ]
    finally:
        engine.dispose()
