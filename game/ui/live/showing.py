"""How a live question is drawn in text: its frame line and prompt, its options numbered as
the students press them (and the class's answers are labelled), and what follows the answer."""

from __future__ import annotations

import string
from collections.abc import Sequence

from rich.text import Text

from ...kinds import Presented, kind_of
from ...play.session import PlayedQuestion
from ...util.textsafe import printable
from ..formatting import frame_text


def letter(index: int) -> str:
    """A, B, ... Z, then 27, 28 (no pack has that many options)."""
    return string.ascii_uppercase[index] if index < 26 else str(index + 1)


def prompt_text(presented: Presented) -> tuple[Text | None, Text]:
    """The frame line (None without one) and the prompt, literal."""
    frame: Text | None = None
    if isinstance(presented, PlayedQuestion):
        frame = frame_text(presented)
    else:
        line = getattr(presented, "frame", None)
        frame = Text(printable(line), style="italic") if isinstance(line, str) and line else None
    return frame, Text(printable(presented.question.prompt), style="bold")


def options_text(presented: Presented) -> Text:
    """The options numbered and the rows of a match lettered, as the students' answer
    widgets show them (the keys they press), or how to answer a question with no options
    (typed, true or false)."""
    text = Text()
    lefts = presented.lefts
    for index, left in enumerate(lefts):
        text.append(f"{letter(index)}. ", style="bold")
        text.append(printable(left) + "\n")
    if lefts:
        text.append("\n")
    for number, option in enumerate(presented.options, 1):
        if number > 1:
            text.append("\n")
        text.append(f"{number}. ", style="bold")
        text.append(printable(option))
    if not presented.options:
        name = kind_of(presented.question).name
        if name == "truefalse":
            text.append("True or false? Answer on your own screen.")
        else:
            text.append("Type your answer on your own screen.")
    return text


def after_text(lines: Sequence[str]) -> Text:
    """The explanation, quote, correction and updates, one paragraph each."""
    return Text("\n".join(printable(line) for line in lines))
