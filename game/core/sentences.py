"""A source's sentences, numbered once for all: `civic-quiz sentences`, `draft` and `#12` use it.

The sentences are cut by pysbd (`Segmenter(language="en", clean=False, char_span=True)`), so
each one is an exact span of the source; its text is that span with runs of whitespace (line
breaks, no-break spaces) written as one ordinary space, as `--fix-quotes` writes quotes. A
pack may give a sentence by its number (`quote: "#12"`), which `--fix-quotes` replaces with
the sentence's text and `validate` never lets a player see.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_REFERENCE = re.compile(r"#([0-9]{1,9})")

EXPLANATION_STUB = "TODO: explain why the answer is right, in your own words."
"""The explanation `civic-quiz draft` writes; `validate` warns while a question has it."""

STUB_PREFIX = "TODO:"
"""An explanation that starts so is a stub the author has still to write."""


@dataclass(frozen=True, slots=True)
class NumberedSentence:
    """One sentence of a source: its number (from 1), its text and its span in the source."""

    number: int
    text: str
    """The span with runs of whitespace made one space (what a quote of it is)."""
    start: int
    end: int
    """Offsets of the sentence in the source text (end excluded), trailing spaces left out."""


def numbered_sentences(source: str) -> tuple[NumberedSentence, ...]:
    """The source's sentences in order, numbered from 1: the one numbering of the project's
    authoring tools."""
    return _numbered(source)


@functools.lru_cache(maxsize=8)
def _numbered(source: str) -> tuple[NumberedSentence, ...]:
    # Imported here: it takes time to load, and only authoring needs it (it ships no types).
    import pysbd  # type: ignore[import-untyped]

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found: list[NumberedSentence] = []
    searched = 0
    for span in segmenter.segment(source):
        start, end = span.start, span.end
        if source[start:end] != span.sent:
            # pysbd finds its spans by searching the text; never trust one that disagrees.
            start = source.find(span.sent, searched)
            if start < 0:
                continue
            end = start + len(span.sent)
        piece = source[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        searched = end
        found.append(NumberedSentence(len(found) + 1, _SPACES.sub(" ", stripped), start, end))
    return tuple(found)


def sentence_number(value: str) -> int | None:
    """The number a `#12` reference gives (spaces around it allowed), or None for a text."""
    match = _REFERENCE.fullmatch(value.strip())
    return int(match.group(1)) if match else None


def is_stub(explanation: str | None) -> bool:
    """Whether an explanation is still a stub to be written (`TODO: ...`)."""
    return explanation is not None and explanation.lstrip().upper().startswith(STUB_PREFIX)
