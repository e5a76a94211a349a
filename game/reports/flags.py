"""Flags: a player's word that a question is wrong, out of date or unclear, for the teacher.

A flag is kept in the score store (`ScoreStore.add_flag`) with the pack's content hash, so
that the teacher can tell a flag on an older version of the pack from one on today's. Plain
mode reads a typed flag with `parse_flag`; the TUI picks the reason in a dialog. This module
imports nothing but the standard library (and `textsafe`, which imports only `re`): the
store, the session and plain mode use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..util.textsafe import one_line

FLAG_REASONS: dict[str, str] = {
    "wrong": "Wrong",
    "out-of-date": "Out of date",
    "unclear": "Unclear",
}
"""The reasons a question may be flagged for: the stored word -> how it is shown."""

MAX_NOTE = 500
"""The most characters a flag's note keeps."""

_UNPRINTABLE = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
"""What a note may not keep as it is: whitespace other than a space (line breaks, tabs),
controls, and the bidi and zero-width marks that would reorder or hide what is shown."""

_FLAG_WORD = re.compile(r"^\s*flag\b\s*", re.IGNORECASE)


class FlagError(ValueError):
    """A flag cannot be made as asked; the message says why, for the player."""


def reasons_text() -> str:
    """The reasons as a player types them: `wrong, out of date, unclear`."""
    return ", ".join(reason.replace("-", " ") for reason in FLAG_REASONS)


def reason_label(reason: str) -> str:
    """How a stored reason reads in a sentence: `out of date`; an unknown word (a flag
    written by a newer civic-quiz, another program, anyone who can write a shared database)
    as it is, lowercased, escaped on one line: it is shown in tables, headers and the
    teacher's screen, and must not command the terminal (`\\x1b`, `\\u202e`)."""
    if reason in FLAG_REASONS:
        return FLAG_REASONS[reason].lower()
    return one_line(reason.lower())


def count_reasons(reasons: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """How many flags give each reason, the most given first (ties in the order of
    `FLAG_REASONS`, then unknown words alphabetically)."""
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    order = list(FLAG_REASONS)

    def rank(reason: str) -> tuple[int, int, str]:
        known = order.index(reason) if reason in FLAG_REASONS else len(order)
        return (-counts[reason], known, reason)

    return tuple((reason, counts[reason]) for reason in sorted(counts, key=rank))


def counts_text(counts: Iterable[tuple[str, int]] | Mapping[str, int]) -> str:
    """`2 out of date, 1 wrong` for counts by reason, in the order given (empty for none)."""
    pairs = counts.items() if isinstance(counts, Mapping) else counts
    return ", ".join(f"{count} {reason_label(reason)}" for reason, count in pairs)


def clean_note(note: str) -> str:
    """A note as stored: control and bidi characters dropped, any run of whitespace (line
    breaks too) made one space, trimmed. Its length is not checked (see `check_note`)."""
    return " ".join(_UNPRINTABLE.sub(" ", note).split())


def check_note(note: str) -> str:
    """A note cleaned (`clean_note`); FlagError when it is longer than `MAX_NOTE`."""
    cleaned = clean_note(note)
    if len(cleaned) > MAX_NOTE:
        raise FlagError(
            f"a flag's note has at most {MAX_NOTE} characters (this one has {len(cleaned)})"
        )
    return cleaned


def check_reason(reason: str) -> str:
    """The stored word of a reason, given as stored (`out-of-date`) or as typed (`out of
    date`, any case); FlagError listing the reasons for anything else."""
    word = "-".join(reason.casefold().replace("-", " ").split())
    if word not in FLAG_REASONS:
        shown = " ".join(reason.split())
        raise FlagError(
            (f"'{shown}' is not a reason to flag a question" if shown else "flag what?")
            + f"; the reasons are: {reasons_text()}"
        )
    return word


def parse_flag(text: str) -> tuple[str, str]:
    """A typed flag as (reason, note): `flag wrong`, `flag out of date: the target is 5%
    now`, `flag unclear`; the leading word `flag` may be left out. FlagError (listing the
    reasons) for an empty flag, an unknown reason or a note longer than `MAX_NOTE`."""
    body = _FLAG_WORD.sub("", text, count=1)
    reason, colon, note = body.partition(":")
    if not colon:
        # Without a colon, whatever follows a known reason is its note: "flag wrong the
        # year is 1949" is read as the player meant it.
        words = reason.split()
        for size in (3, 1):
            if len(words) >= size and "-".join(words[:size]).casefold() in FLAG_REASONS:
                reason, note = " ".join(words[:size]), " ".join(words[size:])
                break
    return check_reason(reason), check_note(note)
