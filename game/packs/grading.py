"""What grading shares across question kinds: the Grade, text and number reading, typo tolerance.

Each kind grades its own questions (game/kinds/); `grade` and `correct_answer_text` ask the
question's kind."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

Response = str | float | bool | Collection[str] | Sequence[str] | Mapping[str, str]
"""Any response `grade` accepts; which shape is right depends on the question's type."""

CREDIT_EPSILON = 1e-9
"""How close to 1.0 a credit must be to count as fully correct."""

NUMERIC_EPSILON = 1e-9
"""Relative slack when comparing numbers, so float rounding never fails an exact answer."""

TYPO_TOLERANCE: tuple[tuple[int, int], ...] = (
    (4, 0),  # up to 4 characters (EU, G7, Iran, NATO): must be exact
    (9, 1),  # 5-9 characters (Brussels, Austria, Slovenia): 1 edit
    (15, 2),  # 10-15 characters (Parliament, Commission): 2 edits
)
"""Edits (Levenshtein) allowed in a typed answer, by length of the normalised accepted answer.

Each row is (longest length, edits allowed); answers longer than the last row allow
`TYPO_TOLERANCE_LONG` edits. The rows are tight on purpose: with 2 edits at 7-9 characters,
`Slovakia` would pass for `Slovenia` and `Australia` for `Austria`.
"""

TYPO_TOLERANCE_LONG = 3
"""Edits allowed in a typed answer longer than every row of `TYPO_TOLERANCE`."""


@dataclass(frozen=True)
class Grade:
    """The result of grading one response: `credit` from 0.0 (wrong) to 1.0 (right)."""

    credit: float
    detail: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.credit <= 1.0:  # also rejects NaN
            raise ValueError(f"credit must be between 0 and 1, not {self.credit!r}")

    @property
    def correct(self) -> bool:
        """Whether the response earned full credit."""
        return abs(self.credit - 1.0) <= CREDIT_EPSILON


# --- Text -------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Reduce a typed answer to a canonical form for comparison.

    The text is NFKD-decomposed and casefolded (so `ß` becomes `ss` and `ﬁ` becomes `fi`),
    combining marks are dropped (`Brüssel` becomes `brussel`), punctuation and symbols
    (Unicode categories P* and S*) and control characters become spaces, invisible format
    characters (such as soft hyphens) are dropped, and runs of whitespace collapse to one
    space with none at either end. The result is idempotent: normalising it again changes
    nothing.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out: list[str] = []
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        out.append(" " if category[0] in "PS" or category == "Cc" else ch)
    return " ".join("".join(out).split())


def _allowed_edits(length: int) -> int:
    for longest, edits in TYPO_TOLERANCE:
        if length <= longest:
            return edits
    return TYPO_TOLERANCE_LONG


def _digit_runs(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def close_enough(given: str, accepted: str) -> bool:
    """Whether normalised `given` is a typo of normalised `accepted` (which it doesn't equal).

    Digits are never typo-tolerated (`1948` is not `1949`, `G7` is not `G8`), nor is the first
    character (`Gambia` is not `Zambia`).
    """
    if not given or not accepted or given[0] != accepted[0]:
        return False
    if _digit_runs(given) != _digit_runs(accepted):
        return False
    edits = _allowed_edits(len(accepted))
    if edits == 0:
        return False
    # Imported here: loading and checking packs needs the kinds, not the fuzzy matching.
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(given, accepted, score_cutoff=edits) <= edits


# --- Numbers ----------------------------------------------------------------------------------

_NUMBER_PATTERN = r"""
    (?P<sign>[+\-\u2212])?
    (?:
        (?P<commas>[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<commas_frac>[0-9]+))?
      | (?P<spaces>[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+)
        (?:(?:\.|,(?![0-9]{3}(?![0-9])))(?P<spaces_frac>[0-9]+))?
      | (?P<plain>[0-9]+)(?:(?:\.|,(?![0-9]{3}(?![0-9])))(?P<plain_frac>[0-9]+))?
      | \.(?P<bare_frac>[0-9]+)
    )
    \s*
    (?:%|percent|per\s+cent{unit})?
"""


@lru_cache(maxsize=64)
def _number_regex(unit: str | None) -> re.Pattern[str]:
    words = unit.split() if unit else []
    unit_alternative = "|" + r"\s+".join(re.escape(w) for w in words) if words else ""
    return re.compile(
        _NUMBER_PATTERN.replace("{unit}", unit_alternative), re.VERBOSE | re.IGNORECASE
    )


def parse_number(text: str, unit: str | None = None) -> float | None:
    """Read a number typed by a player; None when the text isn't one.

    The rules, applied to the text with surrounding whitespace removed:

    - an optional sign, `+`, `-` or U+2212 MINUS SIGN, right before the digits;
    - digits, optionally grouped in thousands by commas (`1,000,000`) or by spaces, including
      no-break and thin spaces (`1 000`); groups after the first have exactly three digits;
    - an optional fraction after a decimal point (`2.5`, `1,000.5`, `.5`), or after a decimal
      comma (`2,5`) when the comma isn't followed by exactly three digits: `1,000` is a
      thousand, `2,50` is two and a half, `1,00,0` is not a number;
    - an optional suffix after the number, with or without a space and in any case: `%`,
      `percent`, `per cent`, or the question's `unit` (`70 years` with unit `years`).

    Anything else is not a number: words (`two`), exponents (`1e3`), `nan`, `inf`, empty text,
    or a value too large to be finite.
    """
    match = _number_regex(unit).fullmatch(text.strip())
    if match is None:
        return None
    groups = match.groupdict()
    whole = groups["commas"] or groups["spaces"] or groups["plain"] or "0"
    frac = (
        groups["commas_frac"]
        or groups["spaces_frac"]
        or groups["plain_frac"]
        or groups["bare_frac"]
        or "0"
    )
    digits = re.sub(r"[^0-9]", "", whole)
    sign = "-" if groups["sign"] in ("-", "\u2212") else ""
    value = float(f"{sign}{digits}.{frac}")
    return value if math.isfinite(value) else None


def near(a: float, b: float, slack: float = 0.0) -> bool:
    """Whether `a` is within `slack` of `b`, allowing for float rounding."""
    epsilon = NUMERIC_EPSILON * max(abs(a), abs(b), 1.0)
    return abs(a - b) <= slack + epsilon


# --- Response shapes --------------------------------------------------------------------------


def require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


def require_strs(value: object, what: str, kind: type) -> None:
    if isinstance(value, str) or not isinstance(value, kind):
        raise TypeError(f"{what} must be a {kind.__name__} of str, not {type(value).__name__}")
    for item in value:  # type: ignore[attr-defined]
        require_str(item, f"each item of {what}")


# --- Grading ---------------------------------------------------------------------------------


def grade(question: Any, response: Response) -> Grade:
    """Grade a response to a question of any registered kind, by asking its kind.

    The response's shape depends on the kind: `choice` and `text` take a str, `multi` a
    collection of option texts, `truefalse` a bool, `numeric` a str or a number, `order` a
    sequence of item texts, `match` a mapping of left side to right side. TypeError for a
    response of the wrong shape, or an object that isn't a question.
    """
    from ..kinds import kind_of  # the kinds import this module

    try:
        kind = kind_of(question)
    except TypeError:
        raise TypeError(f"can't grade a {type(question).__name__}") from None
    return kind.grade(question, response)


# --- Feedback ---------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """A number as the game shows it: `2` not `2.0`, `0.00001` not `1e-05`, `12,500`.

    Thousands are grouped with commas from 10,000 up, so years stay `1948`. The result is
    always text `parse_number` reads back to the same value.
    """
    if value == 0:
        return "0"
    grouping = "," if abs(value) >= 10_000 else ""
    if value.is_integer():
        return format(int(value), grouping)
    return format(Decimal(repr(value)), f"{grouping}f")


def correct_answer_text(question: Any) -> str:
    """A human-readable statement of the correct answer, for feedback screens, by asking the
    question's kind: `Brussels (also accepted: Bruxelles)`, `between 1 and 3 percent`,
    `1. a → 2. b → 3. c`, `France → Paris; Italy → Rome`."""
    from ..kinds import kind_of  # the kinds import this module

    try:
        kind = kind_of(question)
    except TypeError:
        raise TypeError(f"not a question: {type(question).__name__}") from None
    return kind.correct_text(question)
