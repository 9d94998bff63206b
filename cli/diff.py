"""``recount diff``: what changed between two points.

What a change is, and what a point is, is the ledger's (docs/semantics.md,
"Diff between two points"); this command asks the door and renders its rows.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import fields
from itertools import chain
from typing import Annotated, Literal

import typer
from rich.table import Table

from cli import render
from cli.context import open_from
from cli.options import OnlyStatistic
from ledger.rows import DiffRow
from ledger.semantics.intervals import format_decimal

app = typer.Typer()
PANEL = "Analysis"

POINT_HELP = (
    "a date (published time, as known now), a time YYYY-MM-DDTHH:MM (what the ledger "
    "said then, UTC) or a release key (its publication date)"
)
Start = Annotated[str, typer.Option("--from", metavar="POINT", help="The first point: "
                                    + POINT_HELP + ".")]
End = Annotated[str, typer.Option("--to", metavar="POINT", help="The second point, not "
                                  "earlier than the first: " + POINT_HELP + ".")]
Source = Annotated[str | None, typer.Option("--source", metavar="ID", help="Only this source.")]
Format = Annotated[Literal["table", "json", "csv"], typer.Option(
    "--format", help="table for people; json: one array; csv: a header, then rows, text as "
    "recorded (docs/csv-and-spreadsheets.md).",
)]
JsonToo = Annotated[bool, typer.Option("--json", help="The same as --format json.")]

CSV_FIELDS = tuple(f.name for f in fields(DiffRow))


@app.command("diff", rich_help_panel=PANEL)
def diff(
    ctx: typer.Context,
    start: Start,
    end: End,
    statistic: OnlyStatistic = None,
    source: Source = None,
    format: Format = "table",
    json: JsonToo = False,
) -> None:
    """What changed from one point to another, per statistic, period and source.

    Figures added, revised, corrected, retracted (gone) or amended (an
    archivist's erratum), with both values and the change; discrepancies
    opened, closed or changed.
    """
    if json and format not in ("table", "json"):
        raise typer.BadParameter("--json cannot go with --format " + format,
                                 param_hint="'--json'")
    with open_from(ctx) as ledger:
        rows = ledger.iter_diff(start, end, statistic, source)
        if json or format == "json":
            render.emit_json_rows(rows)
        elif format == "csv":
            _emit_csv(rows)
        else:
            render.print_table_rows(diff_table, rows, "nothing changed")


def diff_table(rows: Iterable[DiffRow]) -> Table:
    grid = render.table(None, ("statistic", "period", "source", "change", "from", "to",
                               "difference", "published", "reason"))
    for r in rows:
        if r.entry == "figure":
            change = r.change if not r.amended or r.change == "amended" else f"{r.change}, amended"
            old, new = r.old_text, r.new_text
            published = r.new_published or r.old_published
        else:
            change = f"discrepancy {r.change}"
            old, new = _discrepancy(r.old_severity, r.old_gap, r.old_state), _discrepancy(
                r.new_severity, r.new_gap, r.new_state)
            published = None
        grid.add_row(render.cell(r.statistic), render.cell(r.period), render.cell(r.source),
                     render.cell(change), render.cell(old), render.cell(new),
                     render.cell(r.difference), render.cell(published), render.cell(r.reason))
    return grid


def _discrepancy(severity, gap, state) -> str | None:
    """A discrepancy at one point, in a cell: ``hard, gap 8000, open``."""
    if severity is None:
        return None
    return f"{severity}, gap {format_decimal(gap)}, {state}"


def _emit_csv(rows: Iterable[DiffRow]) -> None:
    """A header, then a line a row, written as the rows come; nothing before the first
    row is read, so a refused point leaves stdout empty."""
    out = sys.stdout
    for piece in _csv_lines(rows):
        out.write(piece)
    out.flush()


def _csv_lines(rows: Iterable[DiffRow]) -> Iterator[str]:
    items = iter(rows)
    first = next(items, None)
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in chain(() if first is None else (first,), items):
        writer.writerow([_csv_value(getattr(row, name)) for name in CSV_FIELDS])
        yield line.getvalue()
        line.seek(0)
        line.truncate()
    yield line.getvalue()


def _csv_value(value) -> str:
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_decimal(value)
