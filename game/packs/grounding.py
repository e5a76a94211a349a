"""The grounding check: every quote of a pack must occur verbatim in its source text."""

from __future__ import annotations

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


class SourceText:
    """A source article, normalised once, that quotes are looked up in."""

    def __init__(self, text: str) -> None:
        self.normalised = normalise_passage(text)

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
        start, end = alignment.dest_start, alignment.dest_end
        while start > 0 and not hay[start - 1].isspace():
            start -= 1
        while end < len(hay) and not hay[end].isspace():
            end += 1
        passage = hay[start:end].strip()
        if len(passage) > limit:
            passage = passage[: limit - 1].rstrip() + "\u2026"
        return ClosestPassage(passage, alignment.score)
