"""The answer widget of a `choice` question: numbered options, one to pick."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..formatting import numbered
from .messages import AnswerGiven

NUMBER_KEYS: tuple[str, ...] = tuple(str(n) for n in range(1, 10))
"""Keys 1-9 pick (or tick) the option with that number."""


class ChoiceAnswer(OptionList):
    """The options of a choice question; a number key, or the arrows and Enter, picks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Answer"),
        *(
            Binding(key, f"pick({index})", f"Pick {key}", show=False)
            for index, key in enumerate(NUMBER_KEYS)
        ),
    ]

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.texts: tuple[str, ...] = tuple(options)
        """The option texts in the order shown."""
        super().__init__(
            *(Option(numbered(n, text)) for n, text in enumerate(self.texts, 1)),
            markup=False,
            id=id,
        )

    def action_pick(self, index: int) -> None:
        """Answer with the option at `index` (0-based), if there is one."""
        if index < len(self.texts):
            self.highlighted = index
            self.post_message(AnswerGiven(self.texts[index], self))

    def action_select(self) -> None:
        """Answer with the highlighted option (Enter)."""
        if self.highlighted is not None:
            self.action_pick(self.highlighted)
