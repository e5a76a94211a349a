"""The answer widgets of `text` and `numeric` questions: an input submitted with Enter."""

from __future__ import annotations

from typing import Self

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from ...kinds.numeric import number_problem
from .messages import AnswerGiven, FlagRequested, HintRequested

HINT_INPUT = "?"
"""Typing this alone and pressing Enter asks for the hint (h would be typed as a letter)."""

FLAG_INPUT = "!"
"""Typing this alone and pressing Enter flags the question (the `!` key types itself here)."""


class TextAnswer(Vertical):
    """A typed answer; Enter submits it (an empty answer is refused with a message)."""

    PLACEHOLDER = "Type your answer"

    def __init__(self, *, unit: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.unit = unit
        """Shown after the input (numeric questions)."""
        self.input = Input(placeholder=self.PLACEHOLDER, compact=True, select_on_focus=False)
        """Where the player types."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="typed-row"):
            yield self.input
            if self.unit:
                yield Label(self.unit, markup=False, classes="typed-unit")
        yield Static("", markup=False, classes="answer-problem")

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the input."""
        self.input.focus(scroll_visible)
        return self

    def problem(self, value: str) -> str | None:
        """Why `value` cannot be submitted, or None when it can."""
        return "Please type an answer first." if not value.strip() else None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value
        if value.strip() == HINT_INPUT:
            self.input.value = ""
            self.post_message(HintRequested())
            return
        if value.strip() == FLAG_INPUT:
            self.input.value = ""
            self.post_message(FlagRequested())
            return
        problem = self.problem(value)
        shown = self.query_one(".answer-problem", Static)
        shown.update(problem or "")
        if problem:  # below the input: on a short screen, brought into view once drawn
            shown.call_after_refresh(shown.scroll_visible, animate=False)
        if problem is None:
            self.post_message(AnswerGiven(value, self))


class NumberAnswer(TextAnswer):
    """A typed number (with its unit shown); text that is not a number is refused with a
    message, so a typo never costs the question."""

    PLACEHOLDER = "Type a number"

    def problem(self, value: str) -> str | None:
        if not value.strip():
            return "Please type a number first."
        # Not a number, or ambiguous (`1,200`): said, and typed again, never graded.
        return number_problem(value, self.unit)
