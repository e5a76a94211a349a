"""The answer widget of an `order` question: items the player moves into order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..formatting import numbered
from .messages import AnswerGiven


class OrderAnswer(OptionList):
    """Items in the player's order: the arrows pick an item, u or shift+up moves it up,
    d or shift+down moves it down, Enter answers with the order shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Answer"),
        Binding("u", "move(-1)", "Move up", key_display="u/\u21e7\u2191"),
        Binding("d", "move(1)", "Move down", key_display="d/\u21e7\u2193"),
        Binding("shift+up", "move(-1)", "Move up", show=False),
        Binding("shift+down", "move(1)", "Move down", show=False),
    ]

    def __init__(self, items: Sequence[str], *, id: str | None = None) -> None:
        self.items: list[str] = list(items)
        """The items in the order the player has put them."""
        super().__init__(*self._numbered_options(), markup=False, id=id)

    # Not `_options`: OptionList keeps its options in an attribute of that name, which hid
    # the method once the list was built.
    def _numbered_options(self) -> list[Option]:
        return [Option(numbered(n, item)) for n, item in enumerate(self.items, 1)]

    def action_move(self, step: int) -> None:
        """Move the highlighted item `step` places (-1 up, 1 down), keeping it highlighted."""
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.items):
            return
        items = self.items
        items[index], items[index + step] = items[index + step], items[index]
        for changed in (index, index + step):
            self.replace_option_prompt_at_index(changed, numbered(changed + 1, items[changed]))
        self.highlighted = index + step

    def action_select(self) -> None:
        """Answer with the items in the order shown (Enter)."""
        self.post_message(AnswerGiven(list(self.items), self))
