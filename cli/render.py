"""Output: rich tables for people, JSON for scripts.

Everything a source or an archivist wrote (names, values, quotes, notes) is
put into tables as :class:`rich.text.Text`, so ``[red]x[/red]`` prints as
those eleven characters and is never read as markup, and goes through
:func:`~ledger.semantics.terminal.for_terminal` first, so an escape sequence
or a right-to-left override in it prints as visible stand-ins (``␛]0;x␇``),
never as a control. ``--json`` output goes to stdout alone; confirmations and
notices go to stderr.

JSON and NDJSON stay exact: the encoder escapes C0 controls, and
:func:`json_for_terminal` escapes the rest the same way (``\u009b``, ``\u202e``),
so a parser reads back exactly what was recorded. CSV keeps the text as
recorded (docs/csv-and-spreadsheets.md says what that means for spreadsheets).
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from itertools import chain, islice
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from ledger import row_json
from ledger.rows import (
    CatalogueEntry,
    DiscrepancyNote,
    DiscrepancyRow,
    FigureDetail,
    HistoryEntry,
    ReplayRow,
    SourceRow,
    StatisticRow,
)
from ledger.semantics.intervals import format_decimal
from ledger.semantics.terminal import for_terminal

SHORT_ID = 8
# Piped or redirected, a table is as wide as its content up to this, not 80 columns.
PIPED_WIDTH = 200


def stdout() -> Console:
    # Made per call: the test runner swaps sys.stdout between invocations.
    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPED_WIDTH
    return console


def stderr() -> Console:
    return Console(file=sys.stderr, highlight=False)


def note(message: str) -> None:
    """A confirmation or notice, on stderr, one line printed literally."""
    typer.echo(for_terminal(message), err=True)


def line(message: str) -> None:
    """A line of plain text on stdout, printed literally (control characters as stand-ins)."""
    typer.echo(for_terminal(message))


def short(figure: str) -> str:
    return figure[:SHORT_ID]


# -- JSON -------------------------------------------------------------------


# The layout and the escaping are the ledger's (ledger/row_json.py): the web API
# writes the same bytes for the same rows.
json_for_terminal = row_json.escaped
STREAMED_JSON = row_json.STREAMED_JSON
with_notes = row_json.with_notes
with_notes_each = row_json.with_notes_each


class JsonForTerminal:
    """A text stream that writes JSON through :func:`json_for_terminal`: for NDJSON the
    ledger writes itself (``export --format ndjson``). Escaping is per character, so
    any split of the text into writes gives the same output."""

    def __init__(self, out: Any) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(json_for_terminal(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


def emit_json(data: Any) -> None:
    """One JSON document on stdout; Decimals as numbers with their recorded digits."""
    typer.echo(row_json.document(data), nl=False)


# Rows written to stdout in one write: the cost of a call vanishes, memory stays flat.
WRITE_BATCH = 500


def _write_all(pieces: Iterable[str], escape: Callable[[str], str] = json_for_terminal) -> None:
    """Write ``pieces`` to stdout a batch at a time, each batch through ``escape``: nothing
    is written before the first piece is made, so a refusal there leaves stdout empty.

    Flushed at the end, as ``typer.echo`` flushes."""
    out = sys.stdout
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= WRITE_BATCH:
            out.write(escape("".join(batch)))
            batch.clear()
    out.write(escape("".join(batch)))
    out.flush()


def emit_json_rows(rows: Iterable[Any]) -> None:
    """:func:`emit_json` of a list of ``rows``, byte for byte, written as they come.

    ``json.dumps`` indents a list's items by one level, and JSON text holds no raw
    line break, so each item is its own document with every line indented once."""
    _write_all(row_json.array_pieces(rows))


def emit_ndjson(rows: Iterable[Any]) -> None:
    """One JSON object a line, written as the rows come."""
    _write_all(row_json.ndjson_pieces(rows))


REPLAY_CSV_FIELDS = (
    "statistic", "period", "source", "value", "text", "qualifier", "grain", "tight", "wide",
    "status", "published", "recorded", "recorded_by", "figure", "kind", "period_start",
    "period_end",
)


def emit_replay_csv(rows: Iterable[ReplayRow]) -> None:
    """A header line, then one line per row; intervals as their bracket text.

    Text stays as recorded, control characters and a leading ``=`` included: the
    file is data (docs/csv-and-spreadsheets.md)."""
    _write_all(_csv_lines(rows), escape=_as_recorded)


def _csv_lines(rows: Iterable[ReplayRow]) -> Iterator[str]:
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")
    items = iter(rows)
    first = next(items, _NOTHING)
    writer.writerow(REPLAY_CSV_FIELDS)
    if first is _NOTHING:
        yield line.getvalue()
        return
    for row in chain((first,), items):
        writer.writerow([_csv_value(getattr(row, name)) for name in REPLAY_CSV_FIELDS])
        yield line.getvalue()
        line.seek(0)
        line.truncate()


_NOTHING = object()


def _as_recorded(text: str) -> str:
    return text


def _csv_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    return "" if value is None else str(value)


# -- tables -----------------------------------------------------------------


def cell(value: Any) -> Text:
    """A table cell shown literally: never markup, never a float artefact."""
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, Decimal):
        return Text(format_decimal(value))
    return Text(for_terminal(value))


def when(stamp: str | None) -> Text:
    """A recorded time, to the second, for people."""
    if not stamp:
        return cell(None)
    return Text(for_terminal(stamp[:19].replace("T", " ")))


def table(title: str | None, columns: Sequence[str]) -> Table:
    grid = Table(title=None if title is None else Text(for_terminal(title)),
                 title_justify="left")
    for name in columns:
        grid.add_column(Text(for_terminal(name)), overflow="fold")
    return grid


def print_table(grid: Table, empty: str) -> None:
    """Print a table, or say on stderr that there is nothing to show."""
    if grid.row_count == 0:
        note(empty)
        return
    stdout().print(grid)


# Rows of a human table laid out at once: rich needs a table's rows to size its
# columns, so a long one is printed in chunks sized like its first.
TABLE_CHUNK = 1000


def print_table_rows(
    build: Callable[[Iterable[Any]], Table], rows: Iterable[Any], empty: str
) -> None:
    """:func:`print_table` of ``build(rows)``, printed a chunk of rows at a time.

    A table of one chunk prints as :func:`print_table` prints it. A longer one is
    one table still: its title and header once, each later chunk's rows in the
    columns the first chunk's widths set (a longer cell folds), the borders
    between chunks left out."""
    items = iter(rows)
    chunk = list(islice(items, TABLE_CHUNK))
    if not chunk:
        note(empty)
        return
    following = list(islice(items, TABLE_CHUNK))
    console = stdout()
    grid = build(chunk)
    if not following:
        console.print(grid)
        return
    widths = _column_widths(console, grid)
    _print_lines(console, grid, widths, first=True, last=False)
    while following:
        chunk, following = following, list(islice(items, TABLE_CHUNK))
        grid = build(chunk)
        grid.title, grid.show_header = None, False
        _print_lines(console, grid, widths, first=False, last=not following)


def _column_widths(console: Console, grid: Table) -> list[int]:
    """The widths rich gives the columns (less their padding), as ``console.print`` would."""
    options = console.options.update_width(console.options.max_width - grid._extra_width)
    found = grid._calculate_column_widths(console, options)
    return [width - grid._get_padding_width(i) for i, width in enumerate(found)]


def _print_lines(console: Console, grid: Table, widths: list[int], first: bool,
                 last: bool) -> None:
    """Print one chunk of a long table: its top border only on the first, its bottom
    border only on the last."""
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    lines = list(Segment.split_lines(console.render(grid, console.options)))
    lines = lines[(0 if first else 1) : (None if last else -1)]
    console.print(Segments([s for line in lines for s in (*line, Segment.line())]), end="")


def record_table(title: str, fields: dict[str, Any]) -> Table:
    """One object as a two-column table of field and value."""
    grid = Table(title=Text(for_terminal(title)), title_justify="left", show_header=False)
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for name, value in fields.items():
        grid.add_row(Text(for_terminal(name)), cell(value))
    return grid


def statistics_table(rows: Iterable[StatisticRow]) -> Table:
    grid = table(None, ("code", "name", "unit", "periods", "figures", "hard", "soft",
                        "last published"))
    for r in rows:
        grid.add_row(cell(r.code), cell(r.name), cell(r.unit), cell(r.periods),
                     cell(r.figures), cell(r.hard), cell(r.soft), cell(r.last_published))
    return grid


def statistic_table(row: StatisticRow) -> Table:
    return record_table(f"statistic {row.code}", {
        "code": row.code, "name": row.name, "unit": row.unit, "definition": row.definition,
        "scope": row.scope, "periods": row.periods, "figures": row.figures,
        "open hard discrepancies": row.hard, "open soft discrepancies": row.soft,
        "last published": row.last_published,
    })


def sources_table(rows: Iterable[SourceRow]) -> Table:
    grid = table(None, ("id", "name", "organisation", "kind", "figures", "revised",
                        "corrected", "retracted", "dropped"))
    for r in rows:
        grid.add_row(cell(r.source_id), cell(r.name), cell(r.organisation), cell(r.kind),
                     cell(r.figures), cell(r.revised), cell(r.corrected), cell(r.retracted),
                     cell(r.dropped))
    return grid


def source_table(row: SourceRow) -> Table:
    return record_table(f"source {row.source_id}", {
        "id": row.source_id, "name": row.name, "organisation": row.organisation,
        "kind": row.kind, "figures": row.figures, "revised": row.revised,
        "corrected": row.corrected, "retracted": row.retracted, "dropped": row.dropped,
    })


def replay_table(rows: Iterable[ReplayRow], title: str | None = None) -> Table:
    grid = table(title, ("statistic", "period", "source", "text", "value", "tight", "wide",
                         "status", "published", "figure"))
    for r in rows:
        grid.add_row(cell(r.statistic), cell(r.period), cell(r.source), cell(r.text),
                     cell(r.value), cell(r.tight), cell(r.wide), cell(r.status),
                     cell(r.published), cell(short(r.figure)))
    return grid


def history_table(rows: Iterable[HistoryEntry]) -> Table:
    grid = table(None, ("recorded", "by", "event", "period", "source", "figure", "text",
                        "previous", "published", "reason", "detail"))
    for r in rows:
        grid.add_row(when(r.recorded), cell(r.recorded_by), cell(r.event), cell(r.period),
                     cell(r.source), cell(short(r.figure)), cell(r.text), cell(r.previous),
                     cell(r.published), cell(r.reason), cell(r.detail))
    return grid


def discrepancies_table(rows: Iterable[DiscrepancyRow], title: str | None = None) -> Table:
    grid = table(title, ("statistic", "period", "severity", "internal", "gap", "sources",
                         "figures", "state", "explanation"))
    for r in rows:
        explanation = None
        if r.explanation_kind or r.explanation_note:
            explanation = ": ".join(p for p in (r.explanation_kind, r.explanation_note) if p)
        grid.add_row(cell(r.statistic), cell(r.period), cell(r.severity), cell(r.internal),
                     cell(r.gap), cell(", ".join(r.sources)),
                     cell(" ".join(short(f) for f in r.figures)), cell(r.state),
                     cell(explanation))
    return grid


def discrepancy_notes_table(notes: Iterable[DiscrepancyNote]) -> Table:
    """Each discrepancy's notes in the order they were recorded."""
    grid = table("notes", ("statistic", "period", "recorded", "by", "action", "kind", "note"))
    for n in notes:
        grid.add_row(cell(n.statistic), cell(n.period), when(n.recorded), cell(n.by),
                     cell(n.action), cell(n.kind), cell(n.note))
    return grid


def details_table(rows: Iterable[FigureDetail], title: str | None = None) -> Table:
    """Each figure as it stood at the point read: the value it gave then and its states."""
    grid = table(title, ("figure", "period", "source", "text", "status", "published",
                         "recorded", "by", "url", "quote", "note", "state"))
    for r in rows:
        grid.add_row(cell(short(r.figure)), cell(r.period), cell(r.source),
                     cell(r.standing_text), cell(r.status), cell(r.published), when(r.recorded),
                     cell(r.recorded_by), cell(r.url), cell(r.quote), cell(r.note),
                     cell(", ".join(r.states)))
    return grid


def statistic_history_table(rows: Sequence[CatalogueEntry]) -> Table:
    """A statistic's definitions, oldest first: each as the event left it."""
    grid = table(f"statistic {rows[0].key}" if rows else None,
                 ("recorded", "by", "event", "name", "unit", "definition", "scope"))
    for r in rows:
        grid.add_row(when(r.recorded), cell(r.recorded_by), cell(r.event), cell(r.name),
                     cell(r.unit), cell(r.definition), cell(r.scope))
    return grid


def source_history_table(rows: Sequence[CatalogueEntry]) -> Table:
    """A source's registrations, oldest first: each as the event left it."""
    grid = table(f"source {rows[0].key}" if rows else None,
                 ("recorded", "by", "event", "name", "organisation", "kind"))
    for r in rows:
        grid.add_row(when(r.recorded), cell(r.recorded_by), cell(r.event), cell(r.name),
                     cell(r.organisation), cell(r.kind))
    return grid


# -- progress ---------------------------------------------------------------


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on stderr, or None when
    stderr is not a terminal (scripts and logs get no bar)."""
    console = stderr()
    if not console.is_terminal:
        yield None
        return
    # The description names a file as typed: shown literally, never read as markup.
    with Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), TaskProgressColumn(),
        TimeRemainingColumn(), console=console, transient=True,
    ) as bar:
        task = bar.add_task(for_terminal(description), total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield progress


def dry_run_line(file: Any, plan: Any, more: str = "") -> str:
    """One line for an import run dry: what the ledger's plan says it would write."""
    return f"dry run of {file}: {plan.summary()}{more}; nothing was written"
