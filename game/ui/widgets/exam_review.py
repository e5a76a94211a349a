"""An exam's review before it is submitted: every answer in a list; Enter on one changes it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...play.session import AnswerOutcome
from ...util.textsafe import one_line


def review_item(outcome: AnswerOutcome) -> Text:
    """`3. Which city?` then `   You answered: Nowhere` (pack and player text literal)."""
    played = outcome.played
    return Text.assemble(
        (f"{played.number}. ", "bold"),
        one_line(played.question.prompt),
        ("\n   You answered: ", "bold"),
        one_line(outcome.response_text),
    )


class ExamReview(OptionList):
    """The answers of the player reviewing, one option each; Enter asks to change one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Change answer")]

    @dataclass
    class ChangeRequested(Message):
        """The player wants to change the answer at `position` (0-based)."""

        position: int

    def __init__(
        self,
        outcomes: Sequence[AnswerOutcome],
        *,
        highlighted: int = 0,
        id: str | None = None,
    ) -> None:
        self.positions: tuple[int, ...] = tuple(o.played.position for o in outcomes)
        """The position of each answer listed, in the order shown."""
        super().__init__(*(Option(review_item(o)) for o in outcomes), markup=False, id=id)
        self._start = min(max(highlighted, 0), max(len(self.positions) - 1, 0))

    def on_mount(self) -> None:
        if self.positions:
            self.highlighted = self._start  # back on the answer just changed

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ChangeRequested(self.positions[event.option_index]))
