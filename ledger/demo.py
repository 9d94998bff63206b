"""A demonstration ledger: the seed story of DESIGN.md and a real revision story.

:func:`load_demo` records two stories through the :class:`~ledger.service.Ledger`
service, exactly as an archivist would type them.

**1. ICE's counting problems (a news article, five figures).** Source: the
Colorlines article "Secure Communities and ICE's Counting Problems" by
Julianne Hing, published 2011-01-21, quoting Dara Lind at TAPPED (The
American Prospect's blog). The ledger has no URL for it: the
article's title goes into each figure's ``release`` and the attribution into
its ``note``. The figures, as the article reports them:

* an ICE official said Secure Communities led to the deportation of "more
  than 59,000" immigrants;
* another ICE official said "nearly 51,000";
* progressives point to 800,000 deportations under the administration;
* multiple outlets reported that ICE wants to deport 404,000 people a year, a
  quota that no official source confirms (status ``target``);
* 36 states "and counting" take part in Secure Communities.

Every figure carries the article's date, 2011-01-21, as its publication date.
The article states no reference period for any of them, so each period here
is an assumption, said so in the figure's note: the two ICE figures are filed
under the same period (``2010``) so that the ledger compares them. "More than
59,000" and "nearly 51,000" then form a hard discrepancy between two sources
of one organisation (internal), with a gap of 8,000 (DESIGN.md's worked
example). The quota is a separate statistic and is never compared with a count.

**2. Payroll revisions (real data, twelve figures).** Source: the BLS Current
Employment Statistics vintage triangle for US total nonfarm payroll
employment, thousands of jobs, seasonally adjusted (``tri_000000_SA.csv`` in
the project's shared data folder). Each row (year, month) of that file is one
Employment Situation release; column ``Mon_YY`` is the reference month. The
values below were read off the file when this module was written and are
hard-coded, verbatim, so the demo needs no data files: the first print of
March, April and May 2020 and every later value that differs, from the rows
2020-03 to 2020-08 and the annual benchmark row 2021-01. (Rows 2020-08 to
2020-12 repeat the 2020-07 values; later benchmarks, such as January 2022,
revised these months again and are left out of this short story.) The file
gives no release dates, so each figure's publication date is the nominal
first Friday of the month after the row's month (DESIGN.md, "Real-world
formats"); some actual release days differed (the April 2020 report came out
on 2020-05-08, not 2020-05-01). A revision is simply a new figure from the
same source for the same statistic and period with a later publication date.

Loading is idempotent: when statistic ``ice.sc.removals`` exists, nothing is
recorded. That statistic is defined first, so two loaders racing on one
ledger cannot both record the story: the second one's definition is refused
and it stops.
"""

from __future__ import annotations

from datetime import date, timedelta

from ledger.errors import Conflict, NotFound
from ledger.service import Ledger

__all__ = ["CES_REVISIONS", "MARKER", "load_demo", "nominal_ces_release"]

#: The statistic whose presence means "the demo is loaded".
MARKER = "ice.sc.removals"

ARTICLE_DATE = "2011-01-21"
ARTICLE = (
    'Colorlines, "Secure Communities and ICE\'s Counting Problems", by Julianne Hing (2011-01-21)'
)
ATTRIBUTION = (
    "Reported by Julianne Hing in Colorlines, \"Secure Communities and ICE's Counting "
    'Problems" (2011-01-21), quoting Dara Lind at TAPPED; the ledger has no URL for it.'
)
ICE = "U.S. Immigration and Customs Enforcement"
BLS = "Bureau of Labor Statistics"

#: BLS CES vintage triangle, total nonfarm, SA, thousands: for each Employment
#: Situation row (year, month), the reference months whose value is new or
#: changed in that row, with the cell text verbatim.
CES_REVISIONS: tuple[tuple[tuple[int, int], tuple[tuple[str, str], ...]], ...] = (
    ((2020, 3), (("2020-03", "151786"),)),
    ((2020, 4), (("2020-03", "151582"), ("2020-04", "131045"))),
    ((2020, 5), (("2020-03", "151090"), ("2020-04", "130403"), ("2020-05", "132912"))),
    ((2020, 6), (("2020-04", "130303"), ("2020-05", "133002"))),
    ((2020, 7), (("2020-05", "133028"),)),
    # Row 2020-08 changes none of these three months.
    ((2021, 1), (("2020-03", "150840"), ("2020-04", "130161"), ("2020-05", "132994"))),
)

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def nominal_ces_release(year: int, month: int) -> date:
    """The first Friday of the month after (year, month): the nominal CES release day."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    first = date(year, month, 1)
    return first + timedelta(days=(4 - first.weekday()) % 7)


def load_demo(ledger: Ledger) -> None:
    """Record the demo stories, unless statistic ``ice.sc.removals`` already exists."""
    try:
        ledger.statistic(MARKER)
        return
    except NotFound:
        pass
    try:
        ledger.add_statistic(
            MARKER,
            "Removals through Secure Communities",
            "people",
            definition="People removed (deported) from the United States by ICE after being "
            "identified through the Secure Communities programme.",
            scope="United States",
        )
    except Conflict:
        return  # another loader defined it a moment ago and records the story
    _load_ice_story(ledger)
    _load_payroll_story(ledger)


def _load_ice_story(ledger: Ledger) -> None:
    ledger.add_statistic(
        "us.removals.obama-admin",
        "Deportations under the Obama administration",
        "people",
        definition="Removals (deportations) from the United States under the administration "
        "in office since January 2009.",
        scope="United States",
    )
    ledger.add_statistic(
        "ice.removals.annual-quota",
        "ICE annual removals quota (reported)",
        "people a year",
        definition="The number of removals a year that ICE is reported to aim for: a target, "
        "not a count.",
        scope="United States",
    )
    ledger.add_statistic(
        "ice.sc.participating-states",
        "States taking part in Secure Communities",
        "states",
        definition="US states in which the Secure Communities programme operates.",
        scope="United States",
    )

    ledger.add_source("ice-official-1", "ICE official (first, unnamed)", ICE, kind="official")
    ledger.add_source("ice-official-2", "ICE official (second, unnamed)", ICE, kind="official")
    ledger.add_source(
        "progressives", "Progressives (unnamed, as the article puts it)", kind="unattributed"
    )
    ledger.add_source(
        "multiple-outlets", "Multiple news outlets (unnamed in the article)", kind="media"
    )
    ledger.add_source("colorlines", "Colorlines (Julianne Hing)", "Colorlines", kind="media")

    period_unstated = (
        "The article does not state the period these removals cover; the ledger files both "
        "ICE officials' figures under 2010, an assumption made so that the two are compared "
        "(they may instead be totals since the programme began)."
    )
    ledger.record(
        MARKER,
        "2010",
        "more than 59,000",
        "ice-official-1",
        ARTICLE_DATE,
        release=ARTICLE,
        note="An ICE official said Secure Communities led to the deportation of more than "
        "59,000 immigrants; the article does not name the official nor give the date of "
        f"the statement. {period_unstated} {ATTRIBUTION}",
    )
    ledger.record(
        MARKER,
        "2010",
        "nearly 51,000",
        "ice-official-2",
        ARTICLE_DATE,
        release=ARTICLE,
        note="Another ICE official said nearly 51,000; the article does not name the official "
        f"nor give the date of the statement. {period_unstated} {ATTRIBUTION}",
    )
    ledger.record(
        "us.removals.obama-admin",
        "2009-01-20/2011-01-21",
        "800,000",
        "progressives",
        ARTICLE_DATE,
        release=ARTICLE,
        note="Progressives point to 800,000 deportations under the administration. The article "
        "states no period: assumed to run from the inauguration (2009-01-20) to the "
        f"article's date. {ATTRIBUTION}",
    )
    ledger.record(
        "ice.removals.annual-quota",
        "FY2011",
        "404,000",
        "multiple-outlets",
        ARTICLE_DATE,
        status="target",
        release=ARTICLE,
        note="Multiple outlets reported that ICE wants to deport 404,000 people a year; no "
        "official source confirms this quota. The article names no year: filed under "
        "FY2011, ICE's fiscal year in progress at the article's date (an assumption), and "
        f"the outlets' own publication dates are not given. {ATTRIBUTION}",
    )
    ledger.record(
        "ice.sc.participating-states",
        "2011-01-21",
        "36 and counting",
        "colorlines",
        ARTICLE_DATE,
        release=ARTICLE,
        note='36 states "and counting" take part in Secure Communities. The article gives no '
        "as-of date for the count: the article's date is used as the period. "
        f"{ATTRIBUTION}",
    )


def _load_payroll_story(ledger: Ledger) -> None:
    ledger.add_statistic(
        "us.ces.payrolls",
        "Total nonfarm payroll employment, seasonally adjusted",
        "thousands of jobs",
        definition="US total nonfarm payroll employment from the BLS Current Employment "
        "Statistics survey (CES), seasonally adjusted.",
        scope="United States",
    )
    ledger.add_source("bls", "Bureau of Labor Statistics", BLS, kind="agency")
    for (year, month), cells in CES_REVISIONS:
        published = nominal_ces_release(year, month).isoformat()
        row = f"{year}-{month:02d}"
        release = f"The Employment Situation, {MONTH_NAMES[month - 1]} {year}"
        for period, value in cells:
            column = f"{MONTH_NAMES[int(period[5:]) - 1][:3]}_{period[2:4]}"
            ledger.record(
                "us.ces.payrolls",
                period,
                value,
                "bls",
                published,
                grain="1",
                release=release,
                note=f"BLS CES vintage triangle tri_000000_SA.csv, row {row}, column {column}, "
                "verbatim. The file gives no release dates: published is the nominal "
                f"first Friday of the month after {row} (DESIGN.md), not the actual "
                "release day.",
            )
