"""How a question frames its answer (a claim or a fact) and the notes shown after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model (pydantic) is loaded when a pack is, not when this module is
    import datetime as dt

    from ..core.model import QuestionBase
    from .model import PackInfo, Source


@dataclass(frozen=True, slots=True)
class TruthNote:
    """A note shown after the answer: a correction or an update, with where it comes from."""

    label: str
    """`Correction`, or `Update, 25 June 2025`."""
    text: str
    citation: str
    """The citation of the note's source (empty when the pack has none)."""
    quote: str = ""
    """The note's own passage of its source, which shows it is right."""


@dataclass(frozen=True, slots=True)
class Truth:
    """How a question frames its answer, and the notes that follow it."""

    frame_line: str | None
    """`According to DW, 13 November 2016:` (claim), `True as of 25 June 2025:` (true), or
    None when the question has no frame (or a claim without a named source)."""
    correction: TruthNote | None
    updates: tuple[TruthNote, ...]
    """Oldest first."""


def _day(day: dt.date) -> str:
    """A date as the game shows it, without `as of`: `13 November 2016`."""
    from .model import format_as_of

    return format_as_of(day).removeprefix("as of ")


def _citation(source: Source | None) -> str:
    return source.citation() if source is not None else ""


def _claim_line(source: Source | None) -> str | None:
    """`According to PUBLISHER, DATE:`; the title stands in for a missing publisher; None
    when the source names neither (`According to` nobody says nothing)."""
    if source is None:
        return None
    who = source.publisher or source.title
    if not who:
        return None
    when = f", {_day(source.published)}" if source.published is not None else ""
    return f"According to {who}{when}:"


def truth_of(pack: PackInfo, question: QuestionBase) -> Truth:
    """The frame line, correction and updates of a question, in plain text."""
    frame_line: str | None = None
    frame = pack.frame_for(question)  # its own, else the pack's default
    if frame == "claim":
        frame_line = _claim_line(pack.source_for(question.source))
    elif frame == "true":
        # The question's own date or the pack's: a source's date is when it was written,
        # not when its facts were checked.
        as_of = pack.checked_as_of(question)
        frame_line = f"True as of {_day(as_of)}:" if as_of is not None else "True:"
    correction = None
    if question.correction is not None:
        correction = TruthNote(
            "Correction",
            question.correction.text,
            _citation(pack.source_for(question.correction.source)),
            question.correction.quote,
        )
    updates = tuple(
        TruthNote(f"Update, {_day(u.date)}", u.text, _citation(pack.source_for(u.source)), u.quote)
        for u in question.updates_by_date()
    )
    return Truth(frame_line, correction, updates)


def note_source_line(note: TruthNote) -> str:
    """The line under a note: its quote and the source's citation in brackets
    (`"...self-help and mutual aid..." (North Atlantic Treaty, 4 April 1949)`), either one
    alone when the other is missing, empty when both are."""
    quoted = f"\u201c{note.quote}\u201d" if note.quote else ""
    cited = f"({note.citation})" if note.citation else ""
    return " ".join(part for part in (quoted, cited) if part)


def truth_lines(truth: Truth) -> list[str]:
    """The plain lines every front end shows after the answer: each note, then its quote and
    citation indented (`  "..." (North Atlantic Treaty, 4 April 1949)`). The frame line is
    not among them: it goes above the question or its quote."""
    lines: list[str] = []
    notes = ([truth.correction] if truth.correction is not None else []) + list(truth.updates)
    for note in notes:
        lines.append(f"{note.label}: {note.text}")
        source_line = note_source_line(note)
        if source_line:
            lines.append(f"  {source_line}")
    return lines
