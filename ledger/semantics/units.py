"""Whether a value's unit sign fits its statistic's unit.

A published value may carry a sign: ``12%``, ``$5 billion``, ``€3.2 million``,
``£40k``. The reader (:mod:`ledger.semantics.qualifiers`) reads the number and
lets the sign be; this module decides whether the sign fits the unit the
statistic is counted in, so that "12%" is not taken into a statistic of people.

The rule, written once here:

* ``%`` fits a unit that says percent: "percent", "per cent", "percentage
  points", "pct" or "%";
* ``$`` fits a unit naming dollars ("dollars", "US dollars", "USD", "$", …);
  ``€`` one naming euros ("euros", "EUR", "€"); ``£`` one naming pounds
  ("pounds", "pounds sterling", "GBP", "£");
* a statistic whose unit is not known ("unstated", as ``--create-missing``
  makes it, or empty) takes any sign: nothing says it does not fit.

The sign stays in the value's text, which is kept as written.

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

import re

from ledger.errors import InvalidInput
from ledger.semantics.checks import shown

__all__ = ["SIGNS", "UNKNOWN_UNITS", "check_unit_fits", "sign_fits", "unit_signs"]

#: Each sign a value may carry, and what it says the value is.
SIGNS: dict[str, str] = {
    "%": "a percentage",
    "$": "an amount in dollars",
    "€": "an amount in euros",
    "£": "an amount in pounds",
}

#: Units that say nothing of what is counted: any sign fits them.
UNKNOWN_UNITS = frozenset({"", "unstated", "unknown", "n/a", "-"})

# What a unit says, per sign: the sign itself, or its words and currency codes.
_FITTING_UNIT: dict[str, re.Pattern[str]] = {
    "%": re.compile(r"%|\bper ?cent|\bpercentage\b|\bpct\b"),
    "$": re.compile(r"\$|\bdollars?\b|\b(?:usd|cad|aud|nzd|hkd|sgd)\b"),
    "€": re.compile(r"€|\beuros?\b|\beur\b"),
    "£": re.compile(r"£|\bpounds?\b|\bsterling\b|\bgbp\b"),
}


def unit_signs(text: str) -> list[str]:
    """The signs written in a value, in the order of :data:`SIGNS` (none: an empty list)."""
    return [sign for sign in SIGNS if sign in text]


def sign_fits(sign: str, unit: str) -> bool:
    """Whether a value carrying ``sign`` may be a figure of a statistic counted in ``unit``."""
    cleaned = " ".join(unit.split()).lower()
    if cleaned in UNKNOWN_UNITS:
        return True
    return _FITTING_UNIT[sign].search(cleaned) is not None


def check_unit_fits(text: str, statistic: str, unit: str) -> None:
    """Refuse a value whose sign does not fit its statistic's unit, in one line.

    ``text`` is a value the reader has read; a value with no sign always fits.
    """
    for sign in unit_signs(text):
        if not sign_fits(sign, unit):
            counted = unit.strip() if unit.strip().isprintable() else shown(unit)
            raise InvalidInput(
                f"value {shown(text)} is {SIGNS[sign]}, but statistic {shown(statistic)} "
                f"counts {counted}"
            )
