"""For analysts: releases, revision statistics, and two sources side by side.

What the numbers mean is the ledger's (docs/semantics.md, "Releases and
revisions"); these commands ask the door and render what it returns.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import fields
from decimal import Decimal
from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from cli import render
from cli.context import open_from
from cli.options import AsOf, KnownAt, StatisticCode
from ledger.rows import ComparisonRow, ReleaseRow, RevisionRow, RevisionSummary
from ledger.semantics.intervals import format_decimal

app = typer.Typer()
PANEL = "Analysis"

Release = Annotated[
    str,
    typer.Option(
        "--release",
        metavar="first|K|latest",
        help="Which release of each period: first (the initial release), 2, 3, ... or latest.",
    ),
]
Source = Annotated[str | None, typer.Option("--source", metavar="ID", help="Only this source.")]
Format = Annotated[
    Literal["table", "json", "csv"],
    typer.Option(
        "--format",
        help="table for people; json: one array; csv: a header, then rows.",
    ),
]
JsonToo = Annotated[bool, typer.Option("--json", help="The same as --format json.")]


def _format(format: str, json: bool) -> str:
    if json and format not in ("table", "json"):
        raise typer.BadParameter("--json cannot go with --format " + format, param_hint="'--json'")
    return "json" if json else format


@app.command("releases", rich_help_panel=PANEL)
def releases(
    ctx: typer.Context,
    statistic: StatisticCode,
    release: Release = "first",
    source: Source = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    format: Format = "table",
    json: JsonToo = False,
) -> None:
    """Each period's value in its k-th release, by source (ALFRED's initial release,
    RTDSM's first, second, third release files).

    A release of a period is a vintage, publication, correction or retraction of
    the source's on which the period has a value (docs/semantics.md).
    """
    shape = _format(format, json)
    with open_from(ctx) as ledger:
        rows = ledger.iter_releases(statistic, release, as_of, known_at, source)
        _emit(rows, shape, ReleaseRow, _releases_table, "no releases")


@app.command("revisions", rich_help_panel=PANEL)
def revisions(
    ctx: typer.Context,
    statistic: StatisticCode,
    earlier: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="first|K",
            help="The earlier release: first, 2, 3, ...",
        ),
    ] = "first",
    later: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="latest|K|after:DURATION",
            help="The later value: latest, a release number, or the value as it stood a "
            "duration after the first release (after:90d, after:6w, after:3m, after:2q, after:1y).",
        ),
    ] = "latest",
    source: Source = None,
    periods: Annotated[
        str | None,
        typer.Option(
            "--periods",
            metavar="RANGE",
            help="Only these periods: FROM..TO, FROM.., ..TO or one.",
        ),
    ] = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON: rows and summaries.")] = False,
) -> None:
    """Each period's revision (later − earlier) and, over the periods, its statistics.

    Count, mean with its t-statistic, mean absolute, root mean square, standard
    deviation, min, max, the shares keeping their sign and their direction, and
    the noise and news regressions of Mankiw and Shapiro (revision on the later
    and on the earlier value).
    """
    with open_from(ctx) as ledger:
        found = ledger.revisions(statistic, earlier, later, source, periods, as_of, known_at)
    if json:
        render.emit_json(found)
        return
    render.print_table_rows(_revisions_table, found.rows, "no period has both values")
    console = render.stdout()
    for summary in found.summaries:
        console.print(_summary_table(summary))


@app.command("compare", rich_help_panel=PANEL)
def compare(
    ctx: typer.Context,
    statistic: StatisticCode,
    sources: Annotated[
        str,
        typer.Option(
            "--sources",
            metavar="A,B",
            help="The two sources, as A,B: differences are B − A.",
        ),
    ],
    release: Annotated[
        str,
        typer.Option(
            "--release",
            metavar="first|K|latest",
            help="Compare each period's latest values (default) or its k-th releases.",
        ),
    ] = "latest",
    as_of: AsOf = None,
    known_at: KnownAt = None,
    format: Format = "table",
    json: JsonToo = False,
) -> None:
    """Two sources' values of each period side by side, B − A, and whether their
    intervals overlap (agree, soft, hard: as a discrepancy is decided)."""
    shape = _format(format, json)
    with open_from(ctx) as ledger:
        rows = ledger.iter_compare(statistic, sources, release, as_of, known_at)
        _emit(rows, shape, ComparisonRow, _compare_table, "no period has a value")


# -- output ------------------------------------------------------------------


def _emit(rows: Iterable[Any], shape: str, kind: type, table, empty: str) -> None:
    if shape == "json":
        render.emit_json_rows(rows)
    elif shape == "csv":
        _emit_csv(rows, [f.name for f in fields(kind)])
    else:
        render.print_table_rows(table, rows, empty)


def _emit_csv(rows: Iterable[Any], names: Sequence[str]) -> None:
    """A header, then one line a row; text as recorded (docs/csv-and-spreadsheets.md)."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(getattr(row, name)) for name in names])
        if line.tell() > 1 << 16:
            sys.stdout.write(line.getvalue())
            line.seek(0)
            line.truncate()
    sys.stdout.write(line.getvalue())
    sys.stdout.flush()


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    return "" if value is None else str(value)


def _releases_table(rows: Iterable[ReleaseRow]) -> Table:
    grid = render.table(
        None, ["period", "source", "release", "released", "value", "published", "releases"]
    )
    for r in rows:
        grid.add_row(
            *map(
                render.cell,
                (
                    r.period,
                    r.source,
                    str(r.release),
                    r.released,
                    r.text,
                    r.published,
                    str(r.releases),
                ),
            )
        )
    return grid


def _revisions_table(rows: Iterable[RevisionRow]) -> Table:
    grid = render.table(
        None, ["period", "source", "earlier on", "earlier", "later on", "later", "revision"]
    )
    for r in rows:
        grid.add_row(
            *map(
                render.cell,
                (r.period, r.source, r.earlier_on, r.earlier, r.later_on, r.later, r.revision),
            )
        )
    return grid


def _summary_table(s: RevisionSummary) -> Table:
    def line(regression) -> str | None:
        if regression is None:
            return None
        r_squared = "-" if regression.r_squared is None else format_decimal(regression.r_squared)
        return (
            f"slope {format_decimal(regression.slope)}, intercept "
            f"{format_decimal(regression.intercept)}, R² {r_squared}"
        )

    return render.record_table(f"{s.source}: revisions from {s.earlier} to {s.later}", {
        "periods": s.count, "left out": s.left_out, "mean": s.mean,
        "t-statistic": s.t_statistic, "mean absolute": s.mean_absolute,
        "root mean square": s.root_mean_square, "standard deviation": s.standard_deviation,
        "min": s.minimum, "max": s.maximum, "sign kept": s.sign_kept,
        "direction kept": s.direction_kept, "direction periods": s.direction_count,
        "noise (on later)": line(s.noise), "news (on earlier)": line(s.news),
    })  # fmt: skip


def _compare_table(rows: Iterable[ComparisonRow]) -> Table:
    first = None
    grid = None
    for r in rows:
        if grid is None:
            first = r
            grid = render.table(
                None,
                [
                    "period",
                    first.source_a,
                    first.source_b,
                    f"{first.source_b} − {first.source_a}",
                    "tight overlap",
                    "wide overlap",
                    "agreement",
                ],
            )
        grid.add_row(
            *map(
                render.cell,
                (
                    r.period,
                    r.text_a,
                    r.text_b,
                    r.difference,
                    r.tight_overlap,
                    r.wide_overlap,
                    r.agreement,
                ),
            )
        )
    return grid if grid is not None else render.table(None, ["period"])
