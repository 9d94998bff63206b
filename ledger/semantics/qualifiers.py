"""Reading a published value such as "more than 59,000" into numbers and intervals.

A figure is published as text. :func:`read_value` reads that text into a
:class:`Reading`: which hedge the speaker used (the qualifier), the number, its
grain, and the two intervals of DESIGN.md's table "Qualifiers and intervals":

* **tight**: the numbers the speaker most plausibly meant;
* **wide**: every number the words still allow.

The grain ``g`` is the place value of the last non-zero digit as written
(59,000 gives 1,000; 11,599.4 gives 0.1; 36 gives 1) unless the archivist
states it. Text that cannot be read raises :class:`ledger.errors.InvalidInput`
naming the text and the forms that are read (:data:`FORMS`): the reader never
guesses.

Pure module: no I/O, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ledger.errors import InvalidInput
from ledger.semantics.intervals import EXACT, Interval, format_decimal, plain

__all__ = [
    "ABOUT",
    "AT_LEAST",
    "BARE",
    "BETWEEN",
    "EXACTLY",
    "FEWER_THAN",
    "FORMS",
    "MAX_DIGITS",
    "MAX_VALUE_LENGTH",
    "MORE_THAN",
    "NEARLY",
    "QUALIFIERS",
    "UP_TO",
    "Reading",
    "format_decimal",
    "read_value",
]

BARE = "bare"
EXACTLY = "exactly"
ABOUT = "about"
MORE_THAN = "more_than"
AT_LEAST = "at_least"
NEARLY = "nearly"
UP_TO = "up_to"
FEWER_THAN = "fewer_than"
BETWEEN = "between"

#: Every qualifier name, in the order of DESIGN.md's table.
QUALIFIERS: tuple[str, ...] = (
    BARE,
    EXACTLY,
    ABOUT,
    MORE_THAN,
    AT_LEAST,
    NEARLY,
    UP_TO,
    FEWER_THAN,
    BETWEEN,
)

# Words written before the number, per qualifier (DESIGN.md's table). "~" is
# handled apart because it needs no space after it.
_PREFIXES: dict[str, tuple[str, ...]] = {
    EXACTLY: ("exactly",),
    ABOUT: ("about", "around", "approximately", "roughly", "some"),
    MORE_THAN: ("more than", "over", "above"),
    AT_LEAST: ("at least",),
    NEARLY: ("nearly", "almost", "close to", "just under"),
    UP_TO: ("up to", "at most", "as many as"),
    FEWER_THAN: ("fewer than", "less than", "under", "below"),
}

# Longest phrase first, so that "just under 5" is read as nearly, not as
# "under" applied to "just ... 5".
_PREFIX_RE = re.compile(
    r"^(?P<phrase>"
    + "|".join(
        re.escape(phrase)
        for phrase in sorted((p for ps in _PREFIXES.values() for p in ps), key=len, reverse=True)
    )
    + r") (?P<rest>.+)$"
)
_QUALIFIER_OF_PHRASE = {phrase: q for q, phrases in _PREFIXES.items() for phrase in phrases}

# Scale words and suffixes, as powers of ten.
_SCALES = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "bn": 9,
    "billion": 9,
    "trillion": 12,
}

# One number as written. [0-9] rather than \d: \d also matches other scripts'
# digits, which Decimal would quietly accept. Thousands separators must come in
# full groups of three after a first group of one to three digits that does not
# start with 0 (so '1,00,0', '59,00' and '0,500' are refused).
_NUMBER_RE = re.compile(
    r"""
    ^(?P<sign>[+-]?)
    (?:(?P<currency>[$€£])\ ?)?
    (?P<sign_after_currency>[+-]?)
    (?P<digits>
        [1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?   # 59,000  1,056.5
      | (?:0|[1-9][0-9]*)(?:\.[0-9]+)?               # 36  0.5  11599.4
      | \.[0-9]+                                     # .5
    )
    (?:\ ?(?P<scale>k|thousand|mn|m|million|bn|billion|trillion))?
    \ ?%?$
    """,
    re.VERBOSE,
)

#: The most characters a value's text may have, surrounding whitespace aside.
#: Checked before anything else, so that a cell of a million digits is refused
#: at once rather than parsed. Every path that takes a value (record, correct,
#: native and vintage import) reads it with :func:`read_value`, so shares it.
MAX_VALUE_LENGTH = 200

#: The most significant digits a number in a value may have. More is a typing
#: accident, and keeping the count small keeps every derived end well inside
#: exact arithmetic.
MAX_DIGITS = 24

# Longest piece of an over-long value echoed in its refusal.
_SHOWN_LENGTH = 40

# A stated grain finer or coarser than 10**±40 is likewise a typing accident.
_MAX_PLACE = 40

_QUOTES = "\"'“”‘’«»"

#: What a refusal of unreadable text says is read: the forms, by example.
FORMS = (
    "write a number (59,000, 1.2 million, 59k), optionally with a hedge "
    "(more than 59,000, nearly 51,000, between 10 and 20)"
)

# Two common ways of writing numbers that are not read, each with its own hint:
# thousands grouped by spaces ("40 000") and a decimal comma ("1,2 million").
_SPACE_GROUPS_RE = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?![0-9])")
_DECIMAL_COMMA_RE = re.compile(r"(?<![0-9,])(?:[0-9]+,[0-9]{1,2}|0,[0-9]+)(?![0-9,])")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a published value says, read per DESIGN.md's qualifier table.

    ``text`` is the value exactly as given; ``qualifier`` one of
    :data:`QUALIFIERS`; ``value`` the number as written and scaled (for a range
    the midpoint); ``grain`` the place value used for the intervals; ``tight``
    and ``wide`` the plausible and the permitted numbers.
    """

    text: str
    qualifier: str
    value: Decimal
    grain: Decimal
    tight: Interval
    wide: Interval


@dataclass(frozen=True, slots=True)
class _Number:
    """One number read from text: its scaled value, grain, and scale power."""

    value: Decimal
    grain: Decimal
    scale: int  # power of ten of the scale word, 0 when none was written
    has_scale: bool
    digits: Decimal  # the number as written before scaling, sign included

    def rescaled(self, scale: int) -> _Number:
        """The same written digits under another scale word ("1–2 million")."""
        return _Number(
            value=plain(self.digits.scaleb(scale, context=EXACT)),
            grain=plain(self.grain.scaleb(scale - self.scale, context=EXACT)),
            scale=scale,
            has_scale=True,
            digits=self.digits,
        )


class _TooManyDigits(Exception):
    """A well-formed number with more than :data:`MAX_DIGITS` significant digits."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def _unreadable(text: object) -> InvalidInput:
    """The refusal of a text no form reads: it names the text and the forms that are read."""
    hint = FORMS
    if isinstance(text, str):
        if _SPACE_GROUPS_RE.search(text):
            hint = f"group thousands with commas, not spaces (40,000); {FORMS}"
        elif _DECIMAL_COMMA_RE.search(text):
            hint = f"write decimals with a point, not a comma (1.2 million); {FORMS}"
    return InvalidInput(f"cannot read value {text!r}: {hint}")


def _check_length(text: str) -> None:
    """Refuse a text longer than :data:`MAX_VALUE_LENGTH`, echoing only its start."""
    length = len(text.strip())
    if length > MAX_VALUE_LENGTH:
        shown = text.strip()[:_SHOWN_LENGTH] + "…"
        raise InvalidInput(
            f"cannot read value {shown!r} ({length:,} characters): "
            f"a value has at most {MAX_VALUE_LENGTH} characters"
        )


def _clean(text: str) -> str:
    """Lower-case, trim whitespace and surrounding quotes, collapse inner spaces."""
    s = text.strip()
    while len(s) >= 1 and (s[0] in _QUOTES or s[-1] in _QUOTES):
        s = s.strip(_QUOTES).strip()
    s = " ".join(s.split()).lower()
    # The typographic minus sign means the same as '-'. The en dash does not:
    # it is the range separator, handled by the caller.
    return s.replace("\u2212", "-")


def _read_number(s: str) -> _Number | None:
    """Read one cleaned number, or None when ``s`` is not a well-formed number."""
    match = _NUMBER_RE.match(s)
    if match is None or (match["sign"] and match["sign_after_currency"]):
        return None
    try:
        digits = Decimal(match["digits"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid digits
        return None
    count = len(digits.as_tuple().digits)
    if count > MAX_DIGITS:
        raise _TooManyDigits(count)
    if "-" in (match["sign"], match["sign_after_currency"]):
        digits = -digits
    scale = _SCALES[match["scale"]] if match["scale"] else 0
    return _Number(
        value=plain(digits.scaleb(scale, context=EXACT)),
        grain=_grain_of(digits, scale),
        scale=scale,
        has_scale=match["scale"] is not None,
        digits=digits,
    )


def _grain_of(digits: Decimal, scale: int) -> Decimal:
    """Place value of the last non-zero digit as written, times the scale.

    2.50 gives 0.1 (the trailing 0 is not a non-zero digit), 59,000 gives
    1,000, 1.2 million gives 100,000. Zero has no non-zero digit: its grain is
    1, scaled ("0" gives 1, "0k" gives 1,000).
    """
    if digits.is_zero():
        return plain(Decimal(1).scaleb(scale, context=EXACT))
    # normalize() drops trailing zeros, leaving the exponent at the place of
    # the last non-zero digit: 59000 -> 59E+3, 2.50 -> 25E-1.
    place = digits.normalize(context=EXACT).as_tuple().exponent
    return plain(Decimal(1).scaleb(place + scale, context=EXACT))  # type: ignore[operator]


def _split_range(s: str) -> tuple[_Number, _Number] | None:
    """Read ``a to b``, ``a–b`` or ``a-b`` into two numbers, or None if not a range."""
    candidates: list[tuple[str, str]] = []
    # "a to b" and the dashes are unambiguous separators.
    for separator in (" to ", "–", "—"):
        if separator in s:
            left, _, right = s.partition(separator)
            candidates.append((left, right))
    # A plain hyphen is also a minus sign: try every hyphen that is not the
    # first character and keep the splits where both sides are numbers
    # ("-10--5" splits only at its second hyphen).
    for index, char in enumerate(s):
        if char == "-" and index > 0:
            candidates.append((s[:index], s[index + 1 :]))
    readings = []
    for left, right in candidates:
        a, b = _read_number(left.strip()), _read_number(right.strip())
        if a is not None and b is not None:
            readings.append((a, b))
    if len(readings) != 1:
        return None
    return _share_scale(*readings[0])


def _share_scale(a: _Number, b: _Number) -> tuple[_Number, _Number]:
    """Apply a scale word written only on the upper end to both ends.

    "1–2 million" means one million to two million, not 1 to 2,000,000.
    """
    if b.has_scale and not a.has_scale:
        a = a.rescaled(b.scale)
    return a, b


def _checked_grain(grain: Decimal | int | str) -> Decimal:
    """An archivist's stated grain: a finite number greater than zero."""
    try:
        g = grain if isinstance(grain, Decimal) else Decimal(str(grain).strip())
    except InvalidOperation:
        raise InvalidInput(f"cannot read grain {str(grain)!r}") from None
    if not g.is_finite() or g <= 0:
        shown = format_decimal(g) if g.is_finite() else str(g)
        raise InvalidInput(f"grain must be a number greater than 0, not {shown!r}")
    # Bounded like the numbers themselves, so that v ± g stays exact.
    if len(g.as_tuple().digits) > MAX_DIGITS or not -_MAX_PLACE <= g.adjusted() <= _MAX_PLACE:
        raise InvalidInput(
            f"grain {str(grain)!r} is out of range (at most {MAX_DIGITS} digits, "
            f"between 1E-{_MAX_PLACE} and 1E+{_MAX_PLACE})"
        )
    return plain(g)


def _intervals(qualifier: str, v: Decimal, g: Decimal, text: str) -> tuple[Interval, Interval]:
    """Tight and wide intervals for one number, row by row of DESIGN.md's table."""
    half = EXACT.divide(g, 2)
    below, above = EXACT.subtract(v, g), EXACT.add(v, g)
    if qualifier == BARE:
        return Interval.point(v), Interval(EXACT.subtract(v, half), EXACT.add(v, half), True, False)
    if qualifier == EXACTLY:
        return Interval.point(v), Interval.point(v)
    if qualifier == ABOUT:
        tight = Interval(EXACT.subtract(v, half), EXACT.add(v, half), True, False)
        return tight, Interval(below, above, True, True)
    if qualifier == MORE_THAN:
        return Interval(v, above, False, False), Interval(v, None, False, False)
    if qualifier == AT_LEAST:
        return Interval(v, above, True, False), Interval(v, None, True, False)
    if qualifier == NEARLY:
        return Interval(below, v, False, False), Interval(below, v, True, False)
    if qualifier in (UP_TO, FEWER_THAN):
        # The wide reading starts at 0: these hedges are said of counts. A
        # negative bound (or "fewer than 0") leaves no count at all.
        up_to = qualifier == UP_TO
        if v < 0 or (v == 0 and not up_to):
            bound = "at most" if up_to else "below"
            raise InvalidInput(
                f"cannot read value {text!r}: no count is {bound} {format_decimal(v)}"
            )
        wide = Interval(Decimal(0), v, True, up_to)
        tight = Interval(below, v, False, up_to)
        # Only when v < g (v = 0, or a coarse stated grain) does the tight
        # interval reach below 0; clip it so that tight stays inside wide.
        clipped = tight.intersection(wide)
        assert clipped is not None  # both hold v, or (for fewer_than) numbers just below v
        return clipped, wide
    raise AssertionError(f"unknown qualifier {qualifier!r}")  # pragma: no cover


def read_value(text: str, grain: Decimal | int | str | None = None) -> Reading:
    """Read a published value into a :class:`Reading`.

    Accepts every row of DESIGN.md's qualifier table, case-insensitively,
    with surrounding whitespace and quotes tolerated: ``59,000``, ``exactly
    36``, ``about 1.2 million``, ``~800 thousand``, ``more than 59,000``,
    ``59k+``, ``at least 10``, ``40 and counting``, ``nearly 51,000``, ``up to
    400``, ``fewer than 5``, ``between 10 and 20``, ``10–20``, ``10-20``,
    ``10 to 20``. Numbers may carry a sign, thousands separators, decimals, a
    scale word (k, thousand, m, mn, million, bn, billion, trillion), a leading
    ``$``, ``€`` or ``£`` and a trailing ``%``; the symbols do not change the
    number. A scale word on the upper end of a range only applies to both ends
    ("1–2 million").

    ``grain``, when given, overrides the grain read from the digits (it must
    be greater than 0; a Decimal, an int or the text of a decimal number).
    For a range the grain is the finer of the two ends'.

    A text of more than :data:`MAX_VALUE_LENGTH` characters, or a number of
    more than :data:`MAX_DIGITS` significant digits, is refused whatever it says.

    Raises :class:`InvalidInput` naming the text when it cannot be read.
    """
    if not isinstance(text, str):
        raise _unreadable(text)
    _check_length(text)
    stated_grain = None if grain is None else _checked_grain(grain)
    try:
        return _read(text, stated_grain)
    except _TooManyDigits as error:
        raise InvalidInput(
            f"cannot read value {text!r}: {error.count} significant digits, "
            f"a number has at most {MAX_DIGITS}"
        ) from None


def _read(text: str, stated_grain: Decimal | None) -> Reading:
    """:func:`read_value` of a text within the length limit, its grain checked."""
    s = _clean(text)
    if not s:
        raise InvalidInput(f"cannot read value {text!r}: it is empty")

    # "between a and b": the whole text must be that range.
    if s.startswith("between "):
        left, separator, right = s[len("between ") :].partition(" and ")
        a, b = _read_number(left), _read_number(right)
        if not separator or a is None or b is None:
            raise _unreadable(text)
        return _range_reading(text, *_share_scale(a, b), stated_grain)

    # A hedge word before the number: the rest must be one number, so that
    # "about 5-10" is refused rather than half read.
    qualifier, rest = BARE, s
    prefix = _PREFIX_RE.match(s)
    if prefix is not None:
        qualifier, rest = _QUALIFIER_OF_PHRASE[prefix["phrase"]], prefix["rest"]
    elif s.startswith("~"):
        qualifier, rest = ABOUT, s[1:].strip()
    elif s.endswith(" and counting"):
        qualifier, rest = AT_LEAST, s[: -len(" and counting")]
    elif s.endswith("+") and len(s) > 1:
        qualifier, rest = MORE_THAN, s[:-1].strip()

    number = _read_number(rest)
    if number is None and qualifier == BARE:
        pair = _split_range(s)
        if pair is not None:
            return _range_reading(text, *pair, stated_grain)
    if number is None:
        raise _unreadable(text)

    g = stated_grain if stated_grain is not None else number.grain
    tight, wide = _intervals(qualifier, number.value, g, text)
    return Reading(
        text=text, qualifier=qualifier, value=number.value, grain=g, tight=tight, wide=wide
    )


def _range_reading(text: str, a: _Number, b: _Number, stated_grain: Decimal | None) -> Reading:
    """A ``between`` reading: both intervals are [a, b]; its value is the midpoint."""
    if a.value > b.value:
        raise InvalidInput(
            f"cannot read value {text!r}: the range runs backwards "
            f"({format_decimal(a.value)} > {format_decimal(b.value)})"
        )
    g = stated_grain if stated_grain is not None else min(a.grain, b.grain)
    interval = Interval.closed(a.value, b.value)
    midpoint = EXACT.divide(EXACT.add(a.value, b.value), 2)
    return Reading(
        text=text, qualifier=BETWEEN, value=midpoint, grain=g, tight=interval, wide=interval
    )
