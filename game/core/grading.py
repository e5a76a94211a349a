"""What grading shares across question kinds: the Grade, text and number reading, typo tolerance.

Each kind grades its own questions (game/kinds/); `grade` and `correct_answer_text` in
game/kinds/registry.py ask the question's kind."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..util.numbers import NotANumber, read_number

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
    spelling: str = ""
    """The accepted answer a typed answer was taken as a typo of (empty when it was not one):
    shown with the verdict, so a student learns the right spelling."""

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


LEADING_ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an", "the"}),
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem"}),
    # `l'` is normalised to `l` (the apostrophe becomes a space), so it is a word here.
    "fr": frozenset({"le", "la", "les", "l", "un", "une"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una"}),
    "it": frozenset({"il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una"}),
    "nl": frozenset({"de", "het", "een"}),
}
"""The articles a typed answer may begin with, by the pack's language (its primary subtag);
a language not listed has none, since a wrong table would strip real words."""


def without_article(normalised: str, language: str = "en") -> str:
    """A normalised text without its one leading article (`the constitutional court` ->
    `constitutional court`), by `language`; unchanged when nothing would be left of it."""
    articles = LEADING_ARTICLES.get(language.split("-")[0].lower(), frozenset())
    first, _, rest = normalised.partition(" ")
    return rest if rest and first in articles else normalised


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


def parse_number(text: str, unit: str | None = None) -> float | None:
    """The number a player typed (`game.util.numbers.read_number`, whose docstring has the
    rules); None when the text is not one, or is ambiguous (`1,200`: 1200 or 1.2?)."""
    try:
        return read_number(text, unit)
    except NotANumber:
        return None


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
    # kind is a collection class (list, tuple), so value is iterable.
    for item in value:  # type: ignore[attr-defined]
        require_str(item, f"each item of {what}")


# --- Feedback ---------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """A number as the game shows it: `2` not `2.0`, `0.00001` not `1e-05`, `12 500`.

    Thousands are grouped with spaces from 10 000 up, so years stay `1948`; never with a
    comma, which a player could not type back (`12,500` is ambiguous to `parse_number`).
    The result is always text `parse_number` reads back to the same value.
    """
    if value == 0:
        return "0"
    grouping = "," if abs(value) >= 10_000 else ""
    if value.is_integer():
        text = format(int(value), grouping)
    else:
        text = format(Decimal(repr(value)), f"{grouping}f")
    return text.replace(",", " ")
