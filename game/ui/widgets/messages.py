"""Messages shared by every answer widget: an answer given, a hint or a flag asked for.

Each question type has its own widget (`choice.py`, `multi.py`...); all of them post the
same messages, so the quiz screen handles every type the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.widget import Widget


@dataclass
class AnswerGiven(Message):
    """The player answered the question on screen."""

    response: Any
    """The response in the shape `GameSession.answer` takes for the question's type."""
    widget: Widget | None = field(default=None, repr=False)
    """The answer widget that posted it (the screen ignores answers from a widget it has
    already replaced, such as a second key press queued behind the first)."""

    @property
    def control(self) -> Widget | None:
        """The answer widget (so `@on(AnswerGiven, selector)` works)."""
        return self.widget


@dataclass
class HintRequested(Message):
    """The player asked for the hint of the question on screen."""


@dataclass
class FlagRequested(Message):
    """The player asked to flag the question on screen (a typed answer's `!` and Enter, where
    the `!` key types the character)."""
