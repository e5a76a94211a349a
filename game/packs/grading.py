"""Grading of players' responses to pack questions: pure functions, one per question type."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from game.packs.model import (
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

AnyQuestion = (
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | TextQuestion
    | OrderQuestion
    | MatchQuestion
)
"""Any question this module can grade."""

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


_RIGHT = Grade(1.0)
_WRONG = Grade(0.0)


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


def _close_enough(given: str, accepted: str) -> bool:
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


def _near(a: float, b: float, slack: float = 0.0) -> bool:
    """Whether `a` is within `slack` of `b`, allowing for float rounding."""
    epsilon = NUMERIC_EPSILON * max(abs(a), abs(b), 1.0)
    return abs(a - b) <= slack + epsilon


# --- Response shapes --------------------------------------------------------------------------


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


def _require_strs(value: object, what: str, kind: type) -> None:
    if isinstance(value, str) or not isinstance(value, kind):
        raise TypeError(f"{what} must be a {kind.__name__} of str, not {type(value).__name__}")
    for item in value:  # type: ignore[attr-defined]
        _require_str(item, f"each item of {what}")


# --- Grading ----------------------------------------------------------------------------------


def grade_choice(q: ChoiceQuestion, picked: str) -> Grade:
    """Full credit when `picked` is the text of a correct option, else none."""
    _require_str(picked, "a choice answer")
    return _RIGHT if picked in q.correct_texts() else _WRONG


def grade_multi(q: MultiQuestion, picked: Collection[str]) -> Grade:
    """Partial credit: +1/k per correct pick, -1/k per wrong pick, never below 0.

    `k` is the number of correct options; a pick made twice counts once. A question with no
    correct option gives full credit only for picking nothing.
    """
    _require_strs(picked, "multi answers", Collection)
    correct = set(q.correct_texts())
    picks = set(picked)
    hits = len(picks & correct)
    misses = len(picks - correct)
    detail = f"{hits} of {len(correct)} correct" + (f", {misses} wrong" if misses else "")
    if not correct:
        return Grade(0.0 if picks else 1.0, detail)
    return Grade(max(0, hits - misses) / len(correct), detail)


def grade_truefalse(q: TrueFalseQuestion, answer: bool) -> Grade:
    """Full credit when `answer` is the statement's truth value."""
    if not isinstance(answer, bool):
        raise TypeError(f"a true/false answer must be a bool, not {type(answer).__name__}")
    return _RIGHT if answer is q.answer else _WRONG


def grade_numeric(q: NumericQuestion, given: str | float) -> Grade:
    """Full credit for a number within `tolerance` of `answer` or inside `range` (inclusive).

    Strings go through `parse_number` with the question's unit; text that isn't a number,
    and NaN or infinite values, get no credit. With both `answer` and `range` set, either
    one accepts. ValueError for a question with neither.
    """
    if isinstance(given, bool) or not isinstance(given, str | int | float):
        raise TypeError(f"a numeric answer must be a str or number, not {type(given).__name__}")
    if q.answer is None and q.range is None:
        raise ValueError(f"numeric question {q.id!r} has neither `answer` nor `range`")
    value = parse_number(given, q.unit) if isinstance(given, str) else float(given)
    if value is None:
        return Grade(0.0, "not a number")
    if not math.isfinite(value):
        return _WRONG
    if q.answer is not None and _near(value, q.answer, q.tolerance):
        return _RIGHT
    if q.range is not None:
        low, high = min(q.range), max(q.range)
        if (low <= value <= high) or _near(value, low) or _near(value, high):
            return _RIGHT
    return _WRONG


def grade_text(q: TextQuestion, given: str) -> Grade:
    """Full credit when `given` matches an accepted answer once both are normalised.

    Spaces don't matter to the match, so `E.U.` (normalised `e u`) is `EU`. Unless the
    question is `exact`, a few typos are forgiven, by the length of the accepted answer
    (`TYPO_TOLERANCE`); digits and the first character must still match exactly.
    Empty or blank input gets no credit.
    """
    _require_str(given, "a text answer")
    typed = normalise_text(given)
    if not typed:
        return _WRONG
    accepted = [(a, normalise_text(a)) for a in q.answer]
    compact = typed.replace(" ", "")
    if any(compact == norm.replace(" ", "") for _, norm in accepted):
        return _RIGHT
    if not q.exact:
        for original, norm in accepted:
            if _close_enough(typed, norm):
                return Grade(1.0, f"accepted as a typo of {original!r}")
    return _WRONG


def grade_order(q: OrderQuestion, sequence: Sequence[str]) -> Grade:
    """Partial credit: the share of items the player put in their correct position."""
    _require_strs(sequence, "an order answer", Sequence)
    total = len(q.items)
    if total == 0:
        return _RIGHT if not sequence else _WRONG
    placed = sum(1 for want, got in zip(q.items, sequence, strict=False) if want == got)
    return Grade(placed / total, f"{placed} of {total} in the right place")


def grade_match(q: MatchQuestion, pairs: Mapping[str, str]) -> Grade:
    """Partial credit: the share of left sides the player paired with their right side."""
    if not isinstance(pairs, Mapping):
        raise TypeError(f"a match answer must be a Mapping, not {type(pairs).__name__}")
    for left, right in pairs.items():
        _require_str(left, "each left side of a match answer")
        _require_str(right, "each right side of a match answer")
    total = len(q.pairs)
    if total == 0:
        return _RIGHT
    matched = sum(1 for p in q.pairs if pairs.get(p.left) == p.right)
    return Grade(matched / total, f"{matched} of {total} pairs right")


def grade(question: AnyQuestion, response: Response) -> Grade:
    """Grade a response to any question, by the question's type.

    The response's shape depends on the type: `choice` and `text` take a str, `multi` a
    collection of option texts, `truefalse` a bool, `numeric` a str or a number, `order` a
    sequence of item texts, `match` a mapping of left side to right side. TypeError for a
    response of the wrong shape, or an object that isn't a question.
    """
    match getattr(question, "type", None):
        case "choice" if isinstance(question, ChoiceQuestion):
            return grade_choice(question, response)  # type: ignore[arg-type]
        case "multi" if isinstance(question, MultiQuestion):
            return grade_multi(question, response)  # type: ignore[arg-type]
        case "truefalse" if isinstance(question, TrueFalseQuestion):
            return grade_truefalse(question, response)  # type: ignore[arg-type]
        case "numeric" if isinstance(question, NumericQuestion):
            return grade_numeric(question, response)  # type: ignore[arg-type]
        case "text" if isinstance(question, TextQuestion):
            return grade_text(question, response)  # type: ignore[arg-type]
        case "order" if isinstance(question, OrderQuestion):
            return grade_order(question, response)  # type: ignore[arg-type]
        case "match" if isinstance(question, MatchQuestion):
            return grade_match(question, response)  # type: ignore[arg-type]
    raise TypeError(f"can't grade a {type(question).__name__}")


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


def _with_unit(text: str, unit: str | None) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _numeric_text(q: NumericQuestion) -> str:
    between = None
    if q.range is not None:
        low, high = min(q.range), max(q.range)
        between = f"between {format_number(low)} and {_with_unit(format_number(high), q.unit)}"
    if q.answer is None:
        return between or ""
    exact = _with_unit(format_number(q.answer), q.unit)
    if q.tolerance:
        exact = f"{exact} (± {format_number(q.tolerance)})"
    return f"{exact} (anything {between} accepted)" if between else exact


def correct_answer_text(question: AnyQuestion) -> str:
    """A human-readable statement of the correct answer, for feedback screens.

    For example `Brussels (also accepted: Bruxelles)`, `2 percent`, `between 1 and 3 percent`,
    `70 years (± 0.5)`, `1. a → 2. b → 3. c`, or `France → Paris; Italy → Rome`.
    """
    match question:
        case ChoiceQuestion():
            return " or ".join(question.correct_texts())
        case MultiQuestion():
            return "; ".join(question.correct_texts())
        case TrueFalseQuestion():
            return "True" if question.answer else "False"
        case NumericQuestion():
            return _numeric_text(question)
        case TextQuestion():
            first, *others = question.answer
            return f"{first} (also accepted: {', '.join(others)})" if others else first
        case OrderQuestion():
            return " → ".join(f"{i}. {item}" for i, item in enumerate(question.items, 1))
        case MatchQuestion():
            return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
    raise TypeError(f"not a question: {type(question).__name__}")
