"""Candidate questions drawn from an article by rules (no network, no model): `civic-quiz draft`.

Each sentence of the source (numbered as `civic-quiz sentences` lists them) is read with a
few rules, and each rule that applies makes one draft:

- quoted speech with its speaker (`"...," X said`, a quotation following a sentence about
  X) -> `claim`, `ask: who`, the article's other people as choices (or `ask: kind`,
  `opinion`, when it names only one person); and an `evidence` for the sentence;
- evaluative wording outside quotation marks (`famously`, `unexpected`) -> `claim`,
  `characterisation`; and an `evidence` for the sentence;
- a number or percentage -> `numeric`, with its unit, the number blanked out;
- a person, country, city, region, organisation, outlet or nationality, the first time it
  is named ->
  `choice` with distractors of the same label found elsewhere in the article (never
  containing the answer or contained in it, never from the headline nor the sentence
  itself), or `text` when there are fewer than two such names.

Every draft has `draft: true`, its sentence as `quote`, `frame: claim` with the source's
date, and an explanation stub (`TODO: ...`) that `validate` warns about until it is written.
The same article gives the same drafts, in the same order, with the same ids.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.grounding import SourceText
from ..core.sentences import EXPLANATION_STUB, NumberedSentence, numbered_sentences
from .names import Name, label_of, names_in, recurring_people, same_thing, word_list

EVIDENCE_STUB = (
    "TODO: put the claim in your own words (as drafted it repeats the sentence), then"
    " explain why this sentence supports it."
)
"""The explanation of an evidence draft: its claim has to be rewritten too."""

BLANK = "_____"
MIN_WORDS = 5
"""Shorter sentences (a headline, a date line, a byline) get no drafts."""
MAX_DISTRACTORS = 3
MAX_DRAFTS = 100
"""Drafts written by one run at most: more than a teacher reviews at a sitting."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters a pack may not hold (game/packs/yamlread.py): a sentence with one is skipped."""

_PERSON_SHAPE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}\b")
"""Two to four capitalised words: a person's name, perhaps."""

_QUOTE = re.compile(r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]+)[\"\u201d]")
_SAYING = (
    r"said|says|wrote|writes|added|adds|told|tells|stated|states|explained|warned|warns|argued"
    r"|insisted|noted|declared|continued|asked|replied|stressed|claimed|announced"
)
_AFTER = re.compile(rf"^\s*,?\s*(?P<who>[^,.;:\"\u201c\u201d]{{1,80}}?)\s+(?:{_SAYING})\b")
_AFTER_INVERTED = re.compile(rf"^\s*,?\s*(?:{_SAYING})\s+(?P<who>[^,.;:\"\u201c\u201d]{{1,80}})")
_BEFORE = re.compile(
    rf"(?P<who>[^,.;:\"\u201c\u201d]{{1,80}}?)\s+(?:{_SAYING})(?:\s+that)?\s*[,:]?\s*$"
)
_SAYING_WORD = re.compile(rf"\b(?:{_SAYING})\b")

_NUMBER = re.compile(
    r"(?<![\w/.,\-])(?P<currency>[$\u20ac\u00a3])?"
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\w/]|[.,]\d)"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<scale>million|billion|trillion)\b)?"
    r"(?:\s+(?P<noun>[a-z]+))?"
)
_MONTHS = word_list(
    """january february march april may june july august september october november
    december"""
)
_NOT_UNITS = frozenset(
    word_list(
        """of the a an and or to in on at for by with from that which who is are was were has
    have had be been per than as it its this these those he she they we percent cent"""
    )
)

_EVALUATIVE = re.compile(
    r"\b(famously|infamously|notoriously|unexpected(?:ly)?|surprising(?:ly)?|shocking(?:ly)?"
    r"|stunning|dramatic(?:ally)?|historic|controversial|so-called|precarious|alarming(?:ly)?"
    r"|staggering|sweeping|landmark|crucial|disastrous|devastating|fierce(?:ly)?|harsh(?:ly)?"
    r"|bitter(?:ly)?|slammed|blasted|hailed|lashed out|took the opportunity"
    r"|inextricably|undeniabl[ey]|clearly|obviously|remarkabl[ey]|unprecedented)\b",
    re.IGNORECASE,
)
"""Words and phrases by which a report judges rather than reports."""


@dataclass(slots=True)
class _Article:
    """What the rules have learnt of the article so far, sentence by sentence."""

    sentences: tuple[NumberedSentence, ...]
    headline_names: list[str]
    people: list[str] = field(default_factory=list)
    """Full names of the people named, in the order they first come."""
    known: set[str] = field(default_factory=set)
    """Those names and their surnames (`Stoltenberg` alone is then a person)."""
    names: list[Name] = field(default_factory=list)
    """Every name of the article with its label, in order, persons as their full names."""

    index: dict[str, str] = field(default_factory=dict)
    """Each person's full name by itself and by each of its words (the first person wins)."""

    def add_person(self, full: str) -> None:
        """A person named in full for the first time."""
        self.people.append(full)
        self.known.update([full, full.split(" ")[-1]])
        self.index.setdefault(full, full)
        for word in full.split(" "):
            self.index.setdefault(word, full)

    def person(self, text: str) -> str | None:
        """The full name of a person the article has named, from a name or a surname."""
        return self.index.get(text)


def draft_questions(
    source: str,
    *,
    source_key: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    taken: frozenset[str] | set[str] = frozenset(),
    limit: int = MAX_DRAFTS,
) -> list[dict[str, Any]]:
    """The drafts of an article, in the order of its sentences, as pack question mappings.
    `source_key`: the id written as each draft's `source` (None: the pack's default source);
    `published`: the source's date, each draft's `as_of`; `title`: the source's title,
    whose names are never asked nor offered (as the headline's); `taken`: ids the pack has
    already (those drafts are listed but not counted); at most `limit` others, the first in
    the article (a second run, with these taken, gives the next ones)."""
    sentences = numbered_sentences(source)
    if not sentences:
        return []
    headline = sentences[0].text
    article = _Article(sentences, [n.text for n in names_in(headline)])
    if title:
        article.headline_names += [n.text for n in names_in(title)]
    _learn_names(article)
    drafts: list[dict[str, Any]] = []
    asked: list[str] = []
    last_person: str | None = None
    for sentence in sentences[1:]:
        text = sentence.text
        if len(text.split()) < MIN_WORDS or _CONTROL.search(text):
            continue  # too short to ask about; or a control character no pack may hold
        found = names_in(text, article.known)
        first_person = next((article.person(n.text) for n in found if n.label == "person"), None)
        for speech in _speeches(text):
            speaker = _speaker(article, text, speech, first_person or last_person)
            if speaker is not None:
                drafts += _speech_drafts(article, sentence, speech, speaker)
        drafts += _numeric_drafts(sentence)
        drafts += _characterisation_drafts(sentence)
        drafts += _name_drafts(article, sentence, found, asked)
        people = [p for n in found if n.label == "person" and (p := article.person(n.text))]
        if people:
            last_person = people[-1]
        if sum(d["id"] not in taken for d in _unique(drafts)) >= limit:
            break  # a long article: the rest another time
    grounding = SourceText(source)
    unique = [d for d in (_fitted(d, grounding) for d in _unique(drafts)) if d is not None]
    new = [d for d in unique if d["id"] not in taken][:limit]
    kept = {d["id"] for d in new} | taken
    return [_framed(d, source_key, published) for d in unique if d["id"] in kept]


def sentence_speaker(source: str, sentence: str) -> str | None:
    """Whose words a sentence of the source quotes (`"...," X said`, a quotation after a
    sentence about its speaker), by the rules the drafts use; None when no rule names a
    person. For the editor: a claim's statement picked from the source gets its speaker."""
    sentences = numbered_sentences(source)
    if not sentences:
        return None
    article = _Article(sentences, [n.text for n in names_in(sentences[0].text)])
    _learn_names(article)
    last_person: str | None = None
    for numbered in sentences[1:]:
        text = numbered.text
        found = names_in(text, article.known)
        first_person = next((article.person(n.text) for n in found if n.label == "person"), None)
        if text == sentence:
            for speech in _speeches(text):
                speaker = _speaker(article, text, speech, first_person or last_person)
                if speaker is not None:
                    return speaker
            return None
        people = [p for n in found if n.label == "person" and (p := article.person(n.text))]
        if people:
            last_person = people[-1]
    return None


def _learn_names(article: _Article) -> None:
    """Every name of the article, people first learnt by their full names (and those whose
    surname comes back alone, wherever they are first named)."""
    shaped = [
        m.group()
        for sentence in article.sentences[1:]
        for m in _PERSON_SHAPE.finditer(sentence.text)
        if label_of(m.group(), set()) == "person"
    ]
    article.known.update(recurring_people(" ".join(s.text for s in article.sentences), shaped))
    for sentence in article.sentences[1:]:
        for name in names_in(sentence.text, article.known):
            text = name.text
            if name.label == "person":
                full = article.person(text)
                if full is None:
                    if " " not in text:
                        continue  # a lone capitalised word is a person only once named in full
                    article.add_person(text)
                    full = text
                text = full
            article.names.append(Name(text, name.label, name.start, name.end))


# --- quoted speech ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Speech:
    words: str
    """The quoted words, without the quotation marks or a trailing comma."""
    start: int
    end: int
    """The span of the quotation, marks included, in the sentence."""


def _speeches(text: str) -> list[_Speech]:
    """The quotations of a sentence that are speech: four words or more (a title in quotation
    marks, `"The Observer"`, is not)."""
    found = []
    for match in _QUOTE.finditer(text):
        words = match.group(1).strip().rstrip(",").strip()
        if len(words.split()) >= 4:
            found.append(_Speech(words, match.start(), match.end()))
    return found


def _speaker(article: _Article, text: str, speech: _Speech, fallback: str | None) -> str | None:
    """Whose words a quotation is: the person its attribution names, or, for `he`, `she` or
    a description with `the` (`the former Norwegian prime minister`), the last person named;
    for a sentence that is all quotation, the last person named. None when no rule applies
    or the speaker is an organisation, a country or a new unnamed person (`a spokesman`)."""
    after, before = text[speech.end :], text[: speech.start]
    match = _AFTER.match(after) or _AFTER_INVERTED.match(after) or _BEFORE.search(before)
    if match is not None:
        return _resolved(article, match.group("who"), fallback)
    whole = speech.start == 0 and len(text) - speech.end <= 1
    if whole:
        return fallback
    saying = _SAYING_WORD.search(before)
    if saying is not None:
        # `The secretary-general wrote ... that this was "no time ..."`: its subject.
        return _resolved(article, before[: saying.start()], fallback)
    return None


_NOT_SPEAKERS = frozenset(["organisation", "outlet", "country", "city", "region"])


def _resolved(article: _Article, who: str, fallback: str | None) -> str | None:
    """The person an attribution names (`Anna Berg`, `Berg`), or the last one named for `he`,
    `she` or `the ...`; None for anyone else."""
    who = who.strip()
    found = names_in(who, article.known)
    for name in found:
        if name.label == "person":
            return article.person(name.text) or name.text
    if any(name.label in _NOT_SPEAKERS for name in found):
        return None  # `the European Commission said`: not a person of the article
    first = who.split(" ")[0].lower() if who else ""
    if first in ("he", "she") or (first == "the" and not who.endswith("s")):
        return fallback
    return None


def _speech_drafts(
    article: _Article, sentence: NumberedSentence, speech: _Speech, speaker: str
) -> list[dict[str, Any]]:
    others = [p for p in article.people if p != speaker]
    base = _slug(sentence.text, speaker)
    claim: dict[str, Any] = {"id": f"draft-who-{base}", "type": "claim"}
    if others:
        claim |= {
            "ask": "who",
            "statement": speech.words,
            "choices": [speaker, *others][: MAX_DISTRACTORS + 1],
            "answer": speaker,
        }
    else:
        claim |= {
            "id": f"draft-opinion-{base}",
            "statement": speech.words,
            "answer": "opinion",
            "speaker": speaker,
        }
    claim["quote"] = sentence.text
    evidence = {
        "id": f"draft-evidence-{base}",
        "type": "evidence",
        "claim": f"{speaker} said: {speech.words}",
        "answer": sentence.text,
        "quote": sentence.text,
        "explanation": EVIDENCE_STUB,
    }
    return [claim, evidence]


# --- evaluative wording ----------------------------------------------------------------------


def _characterisation_drafts(sentence: NumberedSentence) -> list[dict[str, Any]]:
    text = sentence.text
    outside = _QUOTE.sub(lambda m: " " * len(m.group()), text)
    match = _EVALUATIVE.search(outside)
    if match is None:
        return []
    word = text[match.start() : match.end()]
    base = _slug(text, word)
    without = _SPACES.sub(" ", text[: match.start()] + text[match.end() :]).strip()
    return [
        {
            "id": f"draft-characterisation-{base}",
            "type": "claim",
            "prompt": f"Look at the words \u201c{word}\u201d. Is this a reported fact, someone's"
            " opinion, or the publication's own characterisation?",
            "statement": text,
            "answer": "characterisation",
            "quote": text,
        },
        {
            "id": f"draft-evidence-{base}",
            "type": "evidence",
            "claim": _ORPHAN_PUNCTUATION.sub(r"\1", without),
            "answer": text,
            "quote": text,
            "explanation": EVIDENCE_STUB,
        },
    ]


# --- numbers ---------------------------------------------------------------------------------


def _numeric_drafts(sentence: NumberedSentence) -> list[dict[str, Any]]:
    text = sentence.text
    drafts = []
    for match in _NUMBER.finditer(text):
        before = text[: match.start()].split()
        after = text[match.end("value") :].split()
        if (before and before[-1].lower().strip(",") in _MONTHS) or (
            after and after[0].lower().strip(",.") in _MONTHS
        ):
            continue  # a day of a date: `November 13`
        value = float(match.group("value").replace(",", ""))
        unit = _unit(match)
        start = match.start("currency") if match.group("currency") else match.start("value")
        # `5%` is blanked whole (the unit is asked with the number); `2 percent` keeps its word.
        end = match.end("percent") if match.group("percent") == "%" else match.end("value")
        cloze = text[:start] + BLANK + text[end:]
        question: dict[str, Any] = {
            "id": f"draft-number-{_slug(text, match.group('value'))}",
            "type": "numeric",
            "prompt": f"Fill in the number: \u201c{cloze}\u201d",
            "answer": int(value) if value.is_integer() else value,
        }
        if unit:
            question["unit"] = unit
        question["quote"] = text
        drafts.append(question)
    return drafts


def _unit(match: re.Match[str]) -> str | None:
    """The unit of a number: `percent` (or `%`), a scale and a noun (`million people`), a
    currency (`billion dollars`), or the plural noun that follows (`soldiers`)."""
    percent = match.group("percent")
    if percent:
        return "%" if percent == "%" else "percent"
    currency = {"$": "dollars", "\u20ac": "euros", "\u00a3": "pounds"}.get(
        match.group("currency") or ""
    )
    noun = match.group("noun")
    noun = noun if noun and noun not in _NOT_UNITS and noun.endswith("s") else None
    parts = [p for p in (match.group("scale"), currency or noun) if p]
    return " ".join(parts) or None


# --- names -----------------------------------------------------------------------------------


def _name_drafts(
    article: _Article, sentence: NumberedSentence, found: list[Name], asked: list[str]
) -> list[dict[str, Any]]:
    text = sentence.text
    drafts = []
    labels: set[str] = set()
    for name in found:
        answer = article.person(name.text) if name.label == "person" else name.text
        if answer is None or any(same_thing(answer, a) for a in asked):
            continue
        if any(same_thing(answer, h) for h in article.headline_names):
            continue  # the headline shows it: no question, and never a distractor
        if name.label in labels:
            continue  # `Serbia, Montenegro, and Macedonia`: one draft of a list is enough
        labels.add(name.label)
        asked.append(answer)
        distractors = _distractors(article, name.label, answer, text)
        cloze = text[: name.start] + BLANK + text[name.end :]
        base = _slug(text, answer)
        question: dict[str, Any] = {"prompt": f"Fill in the blank: \u201c{cloze}\u201d"}
        if len(distractors) >= 2:
            question = {
                "id": f"draft-name-{base}",
                "type": "choice",
                **question,
                "choices": [answer, *distractors],
                "answer": answer,
            }
        else:
            accepted = [name.text]
            if answer != name.text:
                accepted.append(answer)
            question = {"id": f"draft-name-{base}", "type": "text", **question, "answer": accepted}
        question["quote"] = text
        drafts.append(question)
    return drafts


def _distractors(article: _Article, label: str, answer: str, sentence: str) -> list[str]:
    """Up to MAX_DISTRACTORS names of the same label from the rest of the article: never the
    answer, one inside another or an alias of it, never a headline name, never a name the
    sentence itself shows, each thing once (TheGadflyProject's rule)."""
    chosen: list[str] = []
    for name in article.names:
        candidate = name.text
        if name.label != label or same_thing(candidate, answer):
            continue
        if any(same_thing(candidate, h) for h in article.headline_names):
            continue
        if candidate in sentence or any(same_thing(candidate, c) for c in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) == MAX_DISTRACTORS:
            break
    return chosen


# --- the common parts ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_ORPHAN_PUNCTUATION = re.compile(r"[\s,]*([.,;:!?])(?=\s|$)")
"""A space or comma left before punctuation once a word is taken out: `workers, .`."""


def _slug(sentence: str, target: str, words: int = 5) -> str:
    """`nato-leader-jens-stoltenberg-warned--sunday`: an id part from the sentence's first
    words and the draft's target, the same for the same sentence and target."""
    head = re.findall(r"[a-z0-9]+", sentence.lower())[:words]
    tail = re.findall(r"[a-z0-9]+", target.lower())[:4]
    return "-".join([*head, "", *tail])[:80].strip("-")


def _unique(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each draft once: the same id from the same sentence is the same draft (kept once);
    from another sentence that begins with the same words, it is numbered (`...-2`)."""
    quotes: dict[str, str] = {}
    kept = []
    for draft in drafts:
        base, number = draft["id"], 1
        while quotes.get(draft["id"], draft["quote"]) != draft["quote"]:
            number += 1
            draft = {**draft, "id": f"{base}-{number}"}
        if draft["id"] not in quotes:
            quotes[draft["id"]] = draft["quote"]
            kept.append(draft)
    return kept


def _fitted(draft: dict[str, Any], grounding: SourceText) -> dict[str, Any] | None:
    """An evidence draft asks for as many wrong sentences as the article can give (the
    default three, or fewer in a short article; None when it has none)."""
    if draft["type"] != "evidence":
        return draft
    from ..kinds.evidence import DEFAULT_DISTRACTORS, draw_distractors

    # The same draw as the loader's check (game/kinds/evidence.py), seeded by the id.
    drawn = draw_distractors(grounding, draft["answer"], DEFAULT_DISTRACTORS, draft["id"])
    if not drawn:
        return None
    return draft if len(drawn) == DEFAULT_DISTRACTORS else {**draft, "distractors": len(drawn)}


def _framed(
    question: dict[str, Any], source_key: str | None, published: dt.date | None
) -> dict[str, Any]:
    """A draft in the pack's key order: id, type, draft, frame, source, as_of, the kind's
    keys, quote, explanation."""
    framed: dict[str, Any] = {"id": question["id"], "type": question["type"], "draft": True}
    framed["frame"] = "claim"
    if source_key is not None:
        framed["source"] = source_key
    if published is not None:
        framed["as_of"] = published.isoformat()
    for key, value in question.items():
        if key not in framed and key not in ("quote", "explanation"):
            framed[key] = value
    framed["quote"] = question["quote"]
    framed["explanation"] = question.get("explanation", EXPLANATION_STUB)
    return framed
