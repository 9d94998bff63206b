"""Plain ``executemany`` of positional rows, for the projections' bulk writes.

SQLAlchemy's Core insert builds and processes a dictionary per row; for a
page of ten thousand events that overhead was a third of catching up (seen
with cProfile). The statements here go straight to the driver, written in
the driver's own parameter style, so they serve SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table


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


def insert_rows(
    db: Connection, table: Table, columns: Sequence[str], rows: list[Sequence[Any]]
) -> None:
    if not rows:
        return
    quote = db.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
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
