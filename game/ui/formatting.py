"""Text the screens show, built as `rich.text.Text` so pack text and names stay literal.

Nothing here parses markup: every piece of text from a pack or a player is appended to a
`Text` as plain characters, so `[bold]` or `[@click=...]` in a pack is shown, never obeyed.
And its control characters are escaped (`\\x1b`): a `Text` would pass them to the terminal.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal

from rich.text import Text

from ..packs.truth import truth_of
from ..play.scoring import hint_effect
from ..util.textsafe import printable

if TYPE_CHECKING:
    from ..play.session import AnswerOutcome, PlayedQuestion

Verdict = Literal["correct", "partial", "wrong", "timeout"]
"""The kind of a verdict, for the CSS class that colours it (the words carry the meaning)."""

MARKS: dict[Verdict, str] = {
    "correct": "\u2713",  # ✓
    "partial": "\u25d0",  # ◐
    "wrong": "\u2717",  # ✗
    "timeout": "\u25f7",  # ◷ (a clock face; narrow, unlike the ⌛ emoji)
}
"""The mark shown before each verdict, so a verdict never relies on colour alone."""

HIGHLIGHT_MARK = "\u25b6"
"""Marks the player's own games in a leaderboard (▶)."""


def verdict_kind(outcome: AnswerOutcome) -> Verdict:
    """Which kind of verdict an outcome has."""
    if outcome.correct:
        return "correct"
    if outcome.timed_out:
        return "timeout"
    return "partial" if outcome.grade.credit > 0 else "wrong"


def verdict_text(outcome: AnswerOutcome) -> str:
    """`✓ Correct`, `◐ Partly correct`, `✗ Wrong` or `⌛ Time is up`: mark and words."""
    return f"{MARKS[verdict_kind(outcome)]} {outcome.verdict}"


def points_text(outcome: AnswerOutcome, *, with_streak: bool = True) -> str:
    """`+110 points · hint used, points halved · 2 in a row`; in timed mode
    `+91 points (9 lost to time)`, so the time's cost is said, not guessed."""
    first = f"+{outcome.points} point{'s' * (outcome.points != 1)}"
    lost = outcome.time_lost
    if lost:
        first += f" ({lost} lost to time)"
    parts = [first]
    if outcome.hint_used:
        parts.append(f"hint used, {hint_effect(outcome.scoring)}")
    if with_streak and outcome.streak >= 2:
        parts.append(f"{outcome.streak} in a row")
    return " \u00b7 ".join(parts)


def numbered(number: int, text: str) -> Text:
    """`1. text`, with the number in bold and the text literal."""
    return Text.assemble((f"{number}. ", "bold"), printable(text))


def letter(index: int) -> str:
    """A, B, C... for the rows of a match question (then AA, AB... past Z), as plain mode
    labels them."""
    from ..kinds.match import row_label  # loaded by then: a game is being played

    return row_label(index)


def question_meta(played: PlayedQuestion) -> str:
    """`as of 13 November 2016 · 100 points · 30 seconds`: what the question holds for."""
    parts = [played.as_of_text] if played.as_of_text else []
    parts.append(f"{played.points} point{'s' * (played.points != 1)}")
    if played.time_limit is not None:
        parts.append(f"{played.time_limit} seconds")
    return " \u00b7 ".join(parts)


def answer_lines(outcome: AnswerOutcome, *, who: str = "You") -> Text:
    """What the player answered and, unless they were right, the right answer."""
    text = Text()
    text.append(f"{who} answered: ", style="bold")
    text.append(printable(outcome.response_text))
    if not outcome.correct:
        text.append("\nThe answer: ", style="bold")
        text.append(printable(outcome.correct_answer))
    for line in outcome.feedback_lines:  # the kind's own lines (a picked option's feedback)
        text.append("\n")
        text.append(printable(line))
    return text


def explanation_text(played: PlayedQuestion) -> Text:
    """The explanation, then the quote (or each quote) with the source that published it."""
    question = played.question
    text = Text()
    if question.explanation:
        text.append("Why: ", style="bold")
        text.append(printable(question.explanation))
    quotes = question.quotes()
    for quote in quotes:  # each passage on its own line, the citation under the last
        if text:
            text.append("\n")
        text.append("\u201c", style="italic")
        text.append(printable(quote), style="italic")
        text.append("\u201d", style="italic")
    if quotes and played.source_line:
        text.append("\n  \u2014 ")
        text.append(printable(played.source_line))
    return text


def frame_text(played: PlayedQuestion) -> Text | None:
    """The line that frames the prompt (`According to DW, 13 November 2016:`), quiet and
    literal; None for a question without a frame."""
    line = truth_of(played.pack, played.question).frame_line
    return Text(printable(line), style="italic") if line else None


def truth_text(played: PlayedQuestion) -> Text:
    """The correction and the updates of a question, each labelled (`Correction`, `Update,
    25 June 2025`) with its quote and its source's citation under it; empty when it has
    none."""
    truth = truth_of(played.pack, played.question)
    notes = ([truth.correction] if truth.correction is not None else []) + list(truth.updates)
    text = Text()
    for note in notes:
        if text:
            text.append("\n")
        text.append(f"{printable(note.label)}: ", style="bold")
        text.append(printable(note.text))
        if note.quote or note.citation:
            text.append("\n  ")
        if note.quote:
            text.append(f"\u201c{printable(note.quote)}\u201d", style="italic")
        if note.citation:
            text.append(" (" if note.quote else "(")
            text.append(printable(note.citation), style="italic")
            text.append(")")
    return text


def duration_text(seconds: float) -> str:
    """`45 s`, `2 min 05 s` or `1 h 02 min`."""
    whole = math.floor(seconds + 0.5)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def date_text(moment: dt.datetime | None) -> str:
    """A stored time as the local date, `2024-05-01`; empty when there is none."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d")


def plural(count: int, word: str) -> str:
    """`1 question`, `3 questions`."""
    return f"{count} {word}{'s' * (count != 1)}"
