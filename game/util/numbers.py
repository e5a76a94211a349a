"""The one reader of numbers typed by people: players' answers and the cells of imported files.

It reads what people write in many countries (`1,000`, `1 000`, `2,5`, `1.000.000`) and
never guesses: `1,200` or `1.200` could be twelve hundred or one point two, so it says so
(AmbiguousNumber, whose message asks which) instead of picking one. The rules are in
`read_number`; docs/authoring.md ("How numbers are read") says the same for authors.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

GROUP_SPACES = " \u00a0\u2009\u202f"
"""Spaces that may group thousands: space, no-break space, thin space, narrow no-break space."""

_BODY = r"[0-9][0-9 \u00a0\u2009\u202f,.]*[0-9]|[0-9]|[.][0-9]+"

_PATTERN = r"""
    (?P<sign>[+\-\u2212])?
    (?P<body>{body})
    (?P<exponent>{exponent})
    \s*
    (?:%|percent|per\s+cent{unit})?
"""


class NotANumber(ValueError):
    """Text that is not a number; the message says what a number looks like."""


class NumberTooLarge(NotANumber):
    """A number too large to be finite (`1e999`, four hundred nines)."""


class AmbiguousNumber(NotANumber):
    """A number with one separator followed by exactly three digits (`1,200`, `1.200`):
    it could be a whole number with its thousands grouped, or a decimal one. The message
    asks which, and how to type it so that it is not ambiguous."""

    def __init__(self, text: str, whole: float, fraction: float, fraction_typed: str) -> None:
        self.text = text
        self.readings = (whole, fraction)
        """The two values the text could mean: grouped thousands, then a decimal."""
        whole_text = _plain(whole)
        super().__init__(
            f"Did you mean {whole_text} or {_plain(fraction)}? Type it without the separator:"
            f" {whole_text}, or {fraction_typed}."
        )


def _plain(value: float) -> str:
    """A value written without grouping: `1200`, `1.2`, `-0.5`."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)).normalize(), "f")


@lru_cache(maxsize=64)
def _regex(unit: str | None, exponent: bool) -> re.Pattern[str]:
    words = unit.split() if unit else []
    unit_alternative = "|" + r"\s+".join(re.escape(w) for w in words) if words else ""
    pattern = (
        _PATTERN.replace("{body}", _BODY)
        .replace("{exponent}", r"(?:[eE][+\-]?[0-9]+)?" if exponent else "")
        .replace("{unit}", unit_alternative)
    )
    return re.compile(pattern, re.VERBOSE | re.IGNORECASE)


def _grouped(text: str, separator: str) -> str | None:
    """The digits of a whole number grouped in thousands by `separator` (`1,000,000`), or
    None when the groups are not 1-3 digits then exactly three each."""
    groups = text.split(separator)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    if not all(g.isdigit() for g in groups):
        return None
    return "".join(groups)


def _whole(text: str) -> str | None:
    """The digits of a whole number, plain or grouped by single spaces; None otherwise."""
    if text.isdigit():
        return text
    return _grouped(text, " ")


def read_number(text: str, unit: str | None = None, *, exponent: bool = False) -> float:
    """The number a person typed. NotANumber when the text is not one; AmbiguousNumber
    when it could mean two numbers.

    The rules, applied to the text with surrounding whitespace removed:

    - an optional sign, `+`, `-` or U+2212 MINUS SIGN, right before the digits;
    - digits, with thousands grouped by spaces (also no-break and thin ones: `31 000`), or
      by commas or points used more than once (`1,000,000`, `1.000.000`); groups after the
      first have exactly three digits;
    - a fraction after a decimal point or comma: `2.5`, `2,5`, `.5`, `1 000,5`; with both a
      comma and a point, the last one is the decimal one (`1,000.5`, `1.000,5`);
    - one comma or point followed by exactly three digits, after one to three digits (not
      starting with 0), is ambiguous: `1,200` and `1.200` may be 1200 or 1.2, so it is
      refused with AmbiguousNumber rather than guessed (`0,125` is a decimal, `1234,567`
      too, and `1 000,500` groups with spaces so its comma is the decimal one);
    - an optional suffix, with or without a space and in any case: `%`, `percent`,
      `per cent`, or `unit` (`70 years` with unit `years`);
    - with `exponent` (imported files), an exponent right after a number: `1e3`.

    Anything else is not a number: words (`two`), `nan`, `inf`, empty text, mixed grouping
    (`1,000 000`), or a value too large to be finite.
    """
    stripped = text.strip()
    match = _regex(unit, exponent).fullmatch(stripped)
    if match is None:
        raise NotANumber(f"{stripped!r} is not a number")
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    body = match["body"]
    for space in GROUP_SPACES[1:]:
        body = body.replace(space, " ")
    value = _value(stripped, sign, body, match["exponent"] or "")
    if not math.isfinite(value):
        raise NumberTooLarge(f"{stripped!r} is too large a number")
    return value


def _value(text: str, sign: str, body: str, exponent: str) -> float:
    if exponent and not body.replace(".", "", 1).isdigit():
        raise NotANumber(f"{text!r}: an exponent goes after a plain number, like 1.5e3")
    marks = [c for c in body if c in ",."]
    if not marks:
        digits = _whole(body)
        if digits is None:
            raise NotANumber(f"{text!r} is not a number: its groups of digits are uneven")
        return float(f"{sign}{digits}{exponent}")
    if body.startswith("."):
        return float(f"{sign}0{body}{exponent}")
    if len(set(marks)) == 2:
        decimal = marks[-1]
        grouping = "," if decimal == "." else "."
        whole, _, fraction = body.rpartition(decimal)
        digits = _grouped(whole, grouping) if grouping in whole else whole
        if digits is None or not digits.isdigit() or not fraction.isdigit():
            raise NotANumber(f"{text!r} is not a number: its separators do not fit together")
        return float(f"{sign}{digits}.{fraction}")
    mark = marks[0]
    if len(marks) > 1:
        digits = _grouped(body, mark)
        if digits is None:
            raise NotANumber(f"{text!r} is not a number: its groups of digits are uneven")
        return float(f"{sign}{digits}")
    whole, fraction = body.split(mark)
    digits = _whole(whole)
    if digits is None or not fraction.isdigit():
        raise NotANumber(f"{text!r} is not a number")
    if len(fraction) == 3 and whole.isdigit() and len(whole) <= 3 and not whole.startswith("0"):
        significant = fraction.rstrip("0")
        typed = f"{whole}{mark}{significant}" if significant else whole
        if len(significant) == 3:
            typed += "0"  # a fourth decimal digit: no longer three after the separator
        raise AmbiguousNumber(
            text,
            float(f"{sign}{whole}{fraction}"),
            float(f"{sign}{whole}.{fraction}"),
            f"{sign}{typed}",
        )
    return float(f"{sign}{digits}.{fraction}{exponent}")
