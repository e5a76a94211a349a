"""The leak check: a question whose texts, before or after its answer, give away another's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.grounding import normalise_passage
from ..core.model import QuestionBase
from ..kinds import kind_of
from ..kinds.match import MatchQuestion

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
"""An answer whose rarest word is in more texts than this is not looked for: it names what
the whole pack is about, and looking would cost time a hostile pack could multiply. It also
bounds the work for one answer: only the texts holding its rarest word are compared."""

PAIR_OVERLAP = 0.5
"""A match pair answers what another question asks when one side is named in its prompt or
hint and at least this share (and two) of the other side's telling words are in what that
question shows after its answer (its explanation, correction...): then the pair tells what
the question is about, not only a shared name."""

# Words are runs of letters and digits; a decimal (`3.5`) is one word, so `3` is not in it.
_WORD = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
# `12,500` is the number 12500 (a comma or no-break space before three digits and no more).
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAYS = rf"{_DAY}(?:\s*(?:-|\u2013|and|to|&)\s*{_DAY})?"
# The day (and month) numbers of dates, dropped before a number answer is looked for: `2`
# is not given away by `2 April 1949`, nor `11` by `9/11`. The year stays: it may be the
# answer.
_DATES = [
    (re.compile(rf"\b{_DAYS}\s+(?:of\s+)?{_MONTH}"), r"\1"),
    (re.compile(rf"\b{_MONTH}\.?\s+{_DAYS}\b(?!\d)"), r"\1"),
    (re.compile(r"\b(\d{4})-\d{1,2}-\d{1,2}\b"), r"\1"),
    (re.compile(r"\b\d{1,2}/\d{1,2}(?:/(\d{2,4}))?\b"), r"\1"),
]


def _folded(text: str) -> str:
    text = normalise_passage(unicodedata.normalize("NFKC", text)).casefold()
    return _THOUSANDS.sub("", text)


def leak_form(text: str) -> str:
    """Text as the leak check compares it: compatibility forms and typography made uniform,
    case folded, every run of punctuation and whitespace one space (`9/11` is `9 11`), but
    a decimal kept whole (`3.5`) and thousands joined (`12,500` is `12500`)."""
    return " ".join(_WORD.findall(_folded(text)))


def _dateless_form(text: str) -> str:
    """The leak form of a text without the day numbers of its dates."""
    text = _folded(text)
    for pattern, kept in _DATES:
        text = pattern.sub(kept, text)
    return " ".join(_WORD.findall(text))


def telling(answer: str) -> bool:
    """Whether an answer says enough to give itself away in another question: not only
    common words, and not one short word without a digit."""
    return _telling_form(leak_form(answer))


def _telling_form(form: str) -> bool:
    words = form.split()
    if not words or all(w in COMMON_WORDS for w in words):
        return False
    word = words[0]
    short = len(words) == 1 and len(word) < MIN_LETTERS
    return not short or any(c.isdigit() for c in word)


def _telling_words(form: str) -> set[str]:
    """The words of a text (in leak form) that say something: not common, and long or
    with a digit."""
    return {
        w
        for w in form.split()
        if w not in COMMON_WORDS and (len(w) >= MIN_LETTERS or any(c.isdigit() for c in w))
    }


def gives_away(shown: str, answer: str) -> bool:
    """Whether a shown text holds an answer, word for word (both normalised); a number
    answer is not found in the day or month of a date."""
    needle = leak_form(answer)
    if not needle:
        return False
    return _Text(shown, f" {leak_form(shown)} ", []).holds(needle)


@dataclass(frozen=True, slots=True)
class Leak:
    """Question `giver` shows, at `shown_at`, the answer of question `of` (at `answer_at`);
    or, when `asked`, a match pair of `giver` names what `of` asks at `answer_at` (its
    prompt or hint) and tells it (`answer` is the side named)."""

    giver: int
    """Index of the question whose text gives the answer away."""
    shown_at: Loc
    of: int
    """Index of the question whose answer is given away."""
    answer_at: Loc
    answer: str
    asked: bool = False


@dataclass(frozen=True, slots=True)
class _Field:
    """Where a text is shown: which question, where in it, and when it was added."""

    order: int
    question: int
    loc: Loc


@dataclass(slots=True)
class _Text:
    """One distinct text of a pack and the places that show it."""

    text: str
    padded: str
    """The text in leak form, with a space either side (so `in` respects word bounds)."""
    fields: list[_Field]
    dateless: str | None = None

    def holds(self, needle: str) -> bool:
        """Whether the text holds the needle (in leak form); a number not as a day."""
        if f" {needle} " not in self.padded:
            return False
        if not _NUMBER.fullmatch(needle):
            return True
        if self.dateless is None:  # worked out only for a text that holds a number answer
            self.dateless = f" {_dateless_form(self.text)} "
        return f" {needle} " in self.dateless


class _Index:
    """Texts of a pack, each with the words it holds (an inverted index). A text shown in
    many places (the same option, explanation or quote) is put in leak form and indexed
    once."""

    def __init__(self, forms: dict[str, str]) -> None:
        self.forms = forms
        """Texts in leak form, shared between indexes (a text is put in form once)."""
        self.by_text: dict[str, _Text] = {}
        self.postings: dict[str, list[_Text]] = {}
        self.added = 0

    def form(self, text: str) -> str:
        """The leak form of a text, worked out once."""
        form = self.forms.get(text)
        if form is None:
            form = self.forms[text] = leak_form(text)
        return form

    def add(self, question: int, loc: Loc, text: str) -> None:
        found = self.by_text.get(text)
        if found is None:
            form = self.form(text)
            found = _Text(text, f" {form} ", [])
            self.by_text[text] = found
            for word in set(form.split()):
                self.postings.setdefault(word, []).append(found)
        found.fields.append(_Field(self.added, question, loc))
        self.added += 1

    def holding(self, needle: str) -> list[_Field]:
        """The places whose text holds a needle (in leak form), in the order they were
        added.

        Only the texts holding its rarest word are compared, and none when even that word
        is in more than MAX_POSTING places: the work for one needle is bounded, so the
        whole check is linear in the size of the pack (intersecting the word lists was
        not: a word every text holds cost a pass over all of them for each answer)."""
        rarest = min((self.postings.get(w, []) for w in set(needle.split())), key=len)
        if len(rarest) > MAX_POSTING or sum(len(t.fields) for t in rarest) > MAX_POSTING:
            return []
        found = [place for text in rarest if text.holds(needle) for place in text.fields]
        return sorted(found, key=lambda place: place.order)


def after_texts(question: QuestionBase) -> list[tuple[Loc, str]]:
    """The texts a player reads once a question is answered, with their place: the
    explanation, the quote, the correction and the updates (each text and quote), then the
    kind's own (an option's feedback, the sentences around an evidence answer)."""
    shown: list[tuple[Loc, str]] = []
    if question.explanation is not None:
        shown.append((("explanation",), question.explanation))
    if isinstance(question.quote, list):  # several quotes: each is shown, in its place
        shown += [(("quote", number), quote) for number, quote in enumerate(question.quote)]
    elif question.quote is not None:
        shown.append((("quote",), question.quote))
    if question.correction is not None:
        shown.append((("correction", "text"), question.correction.text))
        shown.append((("correction", "quote"), question.correction.quote))
    for number, update in enumerate(question.updates):
        shown.append((("updates", number, "text"), update.text))
        shown.append((("updates", number, "quote"), update.quote))
    return shown + kind_of(question).feedback_texts(question)


def find_leaks(
    questions: Sequence[QuestionBase | None], *, limit: int, known: Sequence[str] = ()
) -> list[Leak]:
    """Each pair of questions (A, B) where a text B shows, before or after its answer, holds
    an answer of A, in the order of A; once per pair: the first of A's answers that B holds,
    at the first text of B that holds it. Then each match pair of B that names what A asks
    in its prompt or hint and tells it. At most `limit` of them. A question that is None
    (invalid) neither gives nor has an answer. An answer that one of the `known` texts holds
    (the pack's title and description, which every player reads before any question) is
    not looked for: no one question gives it away.

    The game shuffles and picks questions, so any may come first: what B shows after its
    answer can give A away as much as its prompt can."""
    forms: dict[str, str] = {}
    told = _Index(forms)
    for known_text in known:
        told.add(-1, (), known_text)
    shown = _Index(forms)
    for index, question in enumerate(questions):
        if question is None:
            continue
        for loc, text in kind_of(question).shown_texts(question) + after_texts(question):
            shown.add(index, loc, text)
    leaks: list[Leak] = []
    for index, question in enumerate(questions):
        if question is None:
            continue
        found: set[int] = set()
        for answer_at, answer in kind_of(question).answer_places(question):
            needle = shown.form(answer)
            if not _telling_form(needle) or told.holding(needle):
                continue
            for hit in shown.holding(needle):
                if hit.question == index or hit.question in found:
                    continue
                found.add(hit.question)
                leaks.append(Leak(hit.question, hit.loc, index, answer_at, answer))
                if len(leaks) >= limit:
                    return leaks
    return leaks + _pair_leaks(questions, limit - len(leaks), shown)


_ASKED = {("prompt",), ("hint",)}
"""The texts that say what a question asks."""


def _pair_leaks(questions: Sequence[QuestionBase | None], limit: int, shown: _Index) -> list[Leak]:
    """Match pairs that answer what another question asks (see PAIR_OVERLAP)."""
    sides: list[tuple[int, Loc, str, str]] = []
    for index, question in enumerate(questions):
        if isinstance(question, MatchQuestion):
            for number, pair in enumerate(question.pairs):
                sides.append((index, ("pairs", number), pair.left, pair.right))
                sides.append((index, ("pairs", number), pair.right, pair.left))
    leaks: list[Leak] = []
    told: dict[int, set[str]] = {}
    found: set[tuple[int, int]] = set()
    for index, loc, named, other in sides:
        needle = shown.form(named)
        if not _telling_form(needle):
            continue
        wanted = _telling_words(shown.form(other))
        for hit in shown.holding(needle):
            if hit.loc not in _ASKED or hit.question == index or (index, hit.question) in found:
                continue
            if hit.question not in told:
                asker = questions[hit.question]
                assert asker is not None  # only valid questions are in the index
                feedback = " ".join(t for _, t in after_texts(asker))
                told[hit.question] = _telling_words(leak_form(feedback))
            common = len(wanted & told[hit.question])
            if common >= 2 and common >= PAIR_OVERLAP * len(wanted):
                found.add((index, hit.question))
                leaks.append(Leak(index, loc, hit.question, hit.loc, named, asked=True))
                if len(leaks) >= limit:
                    return leaks
    return leaks
