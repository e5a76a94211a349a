"""The grounding check: every quote of a pack must occur verbatim in its source text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
    }
)
_SPACES = re.compile(r"\s+")


def normalise_passage(text: str) -> str:
    """Text with runs of whitespace, quote marks, apostrophes and dashes made uniform.

    Only typography is forgiven: case, words and punctuation other than these must match.
    """
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHY)).strip()


@dataclass(frozen=True, slots=True)
class ClosestPassage:
    """The passage of a source that best matches a quote that does not occur in it."""

    text: str
    similarity: float
    """0-100, rapidfuzz's partial ratio between the quote and the passage."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a source: as written (runs of whitespace made one space) and as the
    grounding check compares it, with its place in `SourceText.normalised`."""

    text: str
    normalised: str
    start: int
    """Offset of `normalised` in the source's normalised text."""

    @property
    def end(self) -> int:
        """Offset just past the sentence in the source's normalised text."""
        return self.start + len(self.normalised)


class SourceText:
    """A source article, normalised once, that quotes are looked up in."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The article as read, for splitting into sentences (line breaks matter there)."""
        self.normalised = normalise_passage(text)
        self._sentences: tuple[Sentence, ...] | None = None
        self._starts: list[int] = []

    def contains(self, quote: str) -> bool:
        """Whether the quote occurs in the source, forgiving typography only."""
        needle = normalise_passage(quote)
        return bool(needle) and needle in self.normalised

    def closest(self, quote: str, *, limit: int = 240) -> ClosestPassage:
        """The passage of the source most like the quote, widened to whole words."""
        from rapidfuzz import fuzz  # only needed when a quote is wrong

        needle = normalise_passage(quote)
        hay = self.normalised
        alignment = fuzz.partial_ratio_alignment(needle, hay)
        if alignment is None:  # rapidfuzz gives none when either text is empty
            return ClosestPassage("", 0.0)
        start, end = alignment.dest_start, alignment.dest_end
        while start > 0 and not hay[start - 1].isspace():
            start -= 1
        while end < len(hay) and not hay[end].isspace():
            end += 1
        passage = hay[start:end].strip()
        if len(passage) > limit:
            passage = passage[: limit - 1].rstrip() + "\u2026"
        return ClosestPassage(passage, alignment.score)

    # --- sentences ---------------------------------------------------------------------------

    def sentence_list(self) -> tuple[Sentence, ...]:
        """The article's sentences in order, with their places (split once, then kept)."""
        if self._sentences is None:
            self._sentences = _placed(split_sentences(self.text))
            self._starts = [s.start for s in self._sentences]
        return self._sentences

    def sentences(self) -> tuple[str, ...]:
        """The article's sentences in order, as written (see `split_sentences`)."""
        return tuple(s.text for s in self.sentence_list())

    def sentence_span(self, passage: str) -> tuple[int, int] | None:
        """The indexes of the first and last sentence a passage lies in (its first
        occurrence), or None when it does not occur in the source."""
        needle = normalise_passage(passage)
        at = self.normalised.find(needle) if needle else -1
        if at < 0:
            return None
        self.sentence_list()
        starts = self._starts
        first = max(bisect.bisect_right(starts, at) - 1, 0)
        last = max(bisect.bisect_left(starts, at + len(needle)) - 1, first)
        return first, last

    def is_sentence(self, passage: str) -> bool:
        """Whether a passage is one whole sentence of the source (typography forgiven)."""
        needle = normalise_passage(passage)
        return any(s.normalised == needle for s in self.sentence_list())

    def context(self, passage: str) -> tuple[str | None, str | None]:
        """The sentence before and the sentence after the one(s) a passage lies in, as
        written (None at the start or the end of the article, or for a passage not in it)."""
        span = self.sentence_span(passage)
        if span is None:
            return None, None
        found = self.sentence_list()
        first, last = span
        before = found[first - 1].text if first > 0 else None
        after = found[last + 1].text if last + 1 < len(found) else None
        return before, after


# --- sentence splitting ----------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "mt",
        "ft",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "al",
        "cf",
    ]
)
"""Words that end with a full stop inside a sentence (`Mr. Stoltenberg`, `No. 10`)."""

_STARTERS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "he",
        "her",
        "his",
        "however",
        "i",
        "if",
        "in",
        "it",
        "its",
        "many",
        "meanwhile",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "now",
        "on",
        "one",
        "our",
        "she",
        "so",
        "some",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "thus",
        "to",
        "we",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "with",
        "yet",
        "you",
    ]
)
"""Words that begin a new sentence after a dotted abbreviation that ends one (`...the
U.S. The bloc`), while `the U.S. president` goes on."""

_OPENERS = "\"'\u201c\u2018\u00ab([\u2014-"
"""Characters a sentence may start with before its first letter."""

_END = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019\u00bb)\]]*)(\s+)")
"""A candidate sentence end: terminal punctuation, closing quotes or brackets, a space."""

_DOTTED = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
"""A dotted abbreviation such as `U.S.` or `e.g.` at the end of the text before a stop."""

_WRAPPED_MIN, _WRAPPED_WIDTH = 60, 100
"""A paragraph whose longest line is this long may be hard-wrapped: its line breaks are then
spaces, unless a line is much shorter than the others (a headline or a date line)."""


def split_sentences(text: str) -> list[str]:
    """The sentences of an article, in order, as written with runs of whitespace made one
    space.

    A paragraph (text between blank lines) is cut after `.`, `!`, `?` or `...` (with any
    closing quote or bracket: `...attacks."`) when a space and a capital letter, a digit or
    an opening quote follow, but not after a title or other abbreviation (`Mr.`, `No.`) nor
    after an initial (`J. Smith`); after a dotted abbreviation (`U.S.`) only when the next
    word commonly starts a sentence (`The`, `He`). A line on its own (a headline, a date
    line, a byline) is a sentence, full stop or not: in a paragraph of several lines every
    line break ends a sentence, unless the lines look hard-wrapped (the longest of 60 to 100
    characters), where only a line much shorter than the longest ends one.
    """
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        for block in _blocks(paragraph):
            sentences += _split_block(block)
    return sentences


def _blocks(paragraph: str) -> list[str]:
    """A paragraph cut at the line breaks that end a sentence (see `split_sentences`)."""
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) < 2:
        return lines
    widest = max(len(line) for line in lines)
    if not _WRAPPED_MIN <= widest <= _WRAPPED_WIDTH:
        return lines  # lines too long or too short to be prose wrapped at a width
    blocks: list[str] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        current.append(line)
        last = index == len(lines) - 1
        if last or len(line) < 0.6 * widest:
            blocks.append(" ".join(current))
            current = []
    return blocks


def _split_block(block: str) -> list[str]:
    block = _SPACES.sub(" ", block).strip()
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(block):
        cut = match.start(3)
        following = block[match.end() :]
        if not following or not _starts_sentence(following):
            continue
        if (
            match.group(1) == "."
            and not match.group(2)
            and _abbreviated(block[start:cut], following)
        ):
            continue
        pieces.append(block[start:cut])
        start = match.end()
    pieces.append(block[start:])
    return [piece for piece in (p.strip() for p in pieces) if piece]


def _starts_sentence(text: str) -> bool:
    """Whether text begins like a sentence: a capital letter or a digit, perhaps after
    opening quotes, brackets or a dash."""
    stripped = text.lstrip(_OPENERS)
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _abbreviated(before: str, following: str) -> bool:
    """Whether the full stop ending `before` belongs to an abbreviation rather than ending
    the sentence."""
    words = before.split()
    word = words[-1].lstrip(_OPENERS) if words else ""
    if _DOTTED.search(word):
        return _first_word(following) not in _STARTERS
    stem = word[:-1]
    if len(stem) == 1 and stem.isalpha() and stem.isupper():
        return True  # an initial: J. Smith
    return stem.lower() in _ABBREVIATIONS


def _first_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text)
    return match.group(1).lower() if match else ""


def _placed(texts: list[str]) -> tuple[Sentence, ...]:
    """Sentences with their offsets in the normalised article: joined by one space, their
    normalised forms are the normalised article (they are cut at whitespace)."""
    placed: list[Sentence] = []
    offset = 0
    for text in texts:
        normalised = normalise_passage(text)
        if not normalised:
            continue
        placed.append(Sentence(text, normalised, offset))
        offset += len(normalised) + 1
    return tuple(placed)
