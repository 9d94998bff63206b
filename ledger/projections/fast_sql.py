"""Plain ``executemany`` of positional rows, for the projections' bulk writes.

SQLAlchemy's Core insert builds and processes a dictionary per row; for a
page of ten thousand events that overhead was a third of catching up (seen
with cProfile). The statements here go straight to the driver, written in
the driver's own parameter style, so they serve SQLite and PostgreSQL alike.
On PostgreSQL a page's rows go in through ``COPY``: an ``executemany`` there
sends a statement per row, and a 10^5-figure import spent 10 s in them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

# Fewer rows than this go in as an executemany: a COPY costs a round trip or two more.
COPY_FROM = 8


def _marks(db: Connection, count: int) -> str:
    mark = "?" if db.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _executemany(db: Connection, sql: str, rows: list[Sequence[Any]]) -> None:
    # The driver's cursor of the connection's own transaction.
    cursor = db.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def _copy(db: Connection, sql: str, rows: list[Sequence[Any]]) -> None:
    # psycopg's COPY, in the connection's transaction: values are sent as text
    # by their Python types (bytes as bytea), as the INSERT's parameters are.
    cursor = db.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def insert_rows(
    db: Connection, table: Table, columns: Sequence[str], rows: list[Sequence[Any]]
) -> None:
    if not rows:
        return
    quote = db.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if db.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(db, f"COPY {quote(table.name)} ({names}) FROM STDIN", rows)
        return
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({_marks(db, len(columns))})"
    _executemany(db, sql, rows)


def update_rows(db: Connection, table: Table, set_column: str, key_column: str,
                rows: list[tuple[Any, Any]]) -> None:
    """``UPDATE table SET set_column = ? WHERE key_column = ?`` for each (value, key)."""
    if not rows:
        return
    quote = db.dialect.identifier_preparer.quote
    mark = "?" if db.dialect.paramstyle == "qmark" else "%s"
    sql = (f"UPDATE {quote(table.name)} SET {quote(set_column)} = {mark} "
           f"WHERE {quote(key_column)} = {mark}")
    _executemany(db, sql, rows)
