"""The reads of FRED's per-request questions: which sources a statistic's series come
from, in one round trip of plain SQL.

``recount serve`` asks this for every request it answers, so it is written for
the driver as :func:`ledger.projections.queries.replay` is: building the
statement through the expression language cost more than running it.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ledger.projections import schema


def statistic_sources(db: Connection, statistic: str) -> list[str] | None:
    """The sources with figures of ``statistic`` (retracted ones too), sorted; None when
    there is no such statistic. A slot counts while a figure stands in it."""
    mark = "?" if db.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"SELECT c.code, s.source FROM {schema.statistics.name} c "
        f"LEFT JOIN {schema.slots.name} s ON s.statistic = c.code AND EXISTS "
        f"(SELECT 1 FROM {schema.figures.name} f WHERE f.slot = s.id) "
        f"WHERE c.code = {mark}"
    )
    cursor = db.connection.cursor()
    try:
        cursor.execute(sql, [statistic])
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return None
    return sorted({source for _, source in rows if source is not None})
