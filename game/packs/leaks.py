"""The leak check: a question whose prompt, options or hint give away another one's answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .grounding import normalise_passage
from .model import QuestionBase

PathPart = str | int
Loc = tuple[PathPart, ...]

_COMMON = """
    a about above after all also an and any are as at be been before below both but by can
    did do does each either for from had has have he her his how i if in into is it its
    many more most much neither no none nor not of on one or other our she should so some
    than that the their them then there these they this those to true false two under up
    us was we were what when where which while who whom whose why will with would yes you
"""
COMMON_WORDS = frozenset(_COMMON.split())
"""Words that say nothing about an answer on their own: an answer made only of these
(`None of the above`, `Both`) is not looked for in other questions."""

MIN_LETTERS = 4
"""A one-word answer without a digit needs this many characters to be looked for: `EU`
or `USA` turn up everywhere without giving anything away."""

MAX_POSTING = 1000
"""An answer whose rarest word is in more shown texts than this is not looked for: it names
what the whole pack is about, and looking would cost time a hostile pack could multiply."""

_NOT_WORD = re.compile(r"[^\w]+|_+")


def leak_form(text: str) -> str:
    """Text as the leak check compares it: compatibility forms and typography made uniform,
    case folded, every run of punctuation and whitespace one space (`9/11` is `9 11`)."""
    text = normalise_passage(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def telling(answer: str) -> bool:
    """Whether an answer says enough to give itself away in another question: not only
    common words, and not one short word without a digit."""
    words = leak_form(answer).split()
    if not words or all(w in COMMON_WORDS for w in words):
        return False
    word = words[0]
    short = len(words) == 1 and len(word) < MIN_LETTERS
    return not short or any(c.isdigit() for c in word)


def gives_away(shown: str, answer: str) -> bool:
    """Whether a shown text holds an answer, word for word (both normalised)."""
    needle = leak_form(answer)
    return bool(needle) and f" {needle} " in f" {leak_form(shown)} "


@dataclass(frozen=True, slots=True)
class Leak:
    """Question `giver` shows, at `shown_at`, the answer of question `of` (at `answer_at`)."""

    giver: int
    """Index of the question whose text gives the answer away."""
    shown_at: Loc
    of: int
    """Index of the question whose answer is given away."""
    answer_at: Loc
    answer: str


@dataclass(frozen=True, slots=True)
class _Field:
    question: int
    loc: Loc
    padded: str
    """The text in leak form, with a space either side (so `in` respects word bounds)."""


def find_leaks(questions: Sequence[QuestionBase | None], *, limit: int) -> list[Leak]:
    """Each pair of questions (A, B) where a text B shows holds an answer of A, in the order
    of A; once per pair: the first of A's answers that B holds, at the first text of B that
    holds it. At most `limit` of them. A question that is None (invalid) neither gives nor
    has an answer."""
    from ..kinds import kind_of  # the kinds import the model: imported late

    fields: list[_Field] = []
    postings: dict[str, list[int]] = {}
    for index, question in enumerate(questions):
        if question is None:
            continue
        for loc, text in kind_of(question).shown_texts(question):
            form = leak_form(text)
            if not form:
                continue
            for word in set(form.split()):
                postings.setdefault(word, []).append(len(fields))
            fields.append(_Field(index, loc, f" {form} "))
    leaks: list[Leak] = []
    for index, question in enumerate(questions):
        if question is None:
            continue
        found: set[int] = set()
        for answer_at, answer in kind_of(question).answer_places(question):
            if not telling(answer):
                continue
            needle = leak_form(answer)
            padded = f" {needle} "
            for field_index in _candidates(needle, postings):
                field = fields[field_index]
                if field.question == index or field.question in found:
                    continue
                if padded in field.padded:
                    found.add(field.question)
                    leaks.append(Leak(field.question, field.loc, index, answer_at, answer))
                    if len(leaks) >= limit:
                        return leaks
    return leaks


def _candidates(needle: str, postings: dict[str, list[int]]) -> list[int]:
    """The fields that hold every word of the answer, in field order (none when even its
    rarest word is in more than MAX_POSTING fields)."""
    lists = sorted((postings.get(word, []) for word in set(needle.split())), key=len)
    if len(lists[0]) > MAX_POSTING:
        return []
    found = set(lists[0])
    for other in lists[1:]:
        found.intersection_update(other)
        if not found:
            return []
    return sorted(found)
