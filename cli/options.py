"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE",
        help="Keep what was published on or before DATE (YYYY-MM-DD). Default: today.",
    ),
]
KnownAt = Annotated[
    str | None,
    typer.Option(
        "--known-at", metavar="DATETIME",
        help="Keep what the ledger had recorded by DATETIME (UTC; a bare date means the "
        "end of that day). Default: now.",
    ),
]
Json = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (stable snake_case keys), no table."),
]
Period = Annotated[
    str | None,
    typer.Option("--period", metavar="P", help="A reference period: 2010, FY2010, 2010-Q4, "
                 "2010-12, 2010-12-31 or start/end."),
]
RequiredPeriod = Annotated[
    str,
    typer.Option("--period", metavar="P", help="A reference period: 2010, FY2010, 2010-Q4, "
                 "2010-12, 2010-12-31 or start/end."),
]
StatisticCode = Annotated[str, typer.Argument(metavar="CODE", help="The statistic's code.")]
FigureId = Annotated[
    str, typer.Argument(metavar="FIGURE", help="A figure id, or an unambiguous prefix of it."),
]
OnlyStatistic = Annotated[
    str | None, typer.Option("--statistic", metavar="CODE", help="Only this statistic."),
]
