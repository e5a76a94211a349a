"""The answer widget of a `truefalse` question: True or False."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .messages import AnswerGiven

CHOICES: tuple[tuple[bool, str], ...] = ((True, "True"), (False, "False"))


class TrueFalseAnswer(OptionList):
    """True and False; t or 1 answers True, f or 2 answers False (or the arrows and Enter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Answer"),
        Binding("t,1", "answer(True)", "True", show=False),
        Binding("f,2", "answer(False)", "False", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            *(
                Option(Text.assemble((f"{n}. ", "bold"), word, (f"  ({word[0].lower()})", "dim")))
                for n, (_, word) in enumerate(CHOICES, 1)
            ),
            markup=False,
            id=id,
        )

    def action_answer(self, value: bool) -> None:
        """Answer True or False."""
        self.highlighted = 0 if value else 1
        self.post_message(AnswerGiven(value, self))

    def action_select(self) -> None:
        """Answer with the highlighted choice (Enter)."""
        if self.highlighted is not None:
            self.action_answer(CHOICES[self.highlighted][0])
