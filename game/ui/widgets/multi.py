"""The answer widget of a `multi` question: options to tick, then Enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...util.textsafe import printable
from ..dialogs.confirm import ConfirmDialog
from .choice import NUMBER_KEYS
from .messages import AnswerGiven

NONE_PICKED_QUESTION = (
    "No option is ticked. Answer that none of them is right? (To tick one: its number or Space.)"
)
"""Asked before an answer of no option is given: an Enter pressed too soon must not
answer (plain mode asks for `-` to say none)."""

TICKED = "[x]"
UNTICKED = "[ ]"


class MultiAnswer(OptionList):
    """Options with a tick box each (`[x]` or `[ ]`, never colour alone); 1-9 or Space ticks,
    Enter answers with the ticked options."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Answer"),
        Binding("space", "toggle_highlighted", "Tick", key_display="space"),
        *(
            Binding(key, f"tick({index})", f"Tick {key}", show=False)
            for index, key in enumerate(NUMBER_KEYS)
        ),
    ]

    ticked: var[frozenset[int]] = var(frozenset())
    """Indexes of the ticked options."""

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.texts: tuple[str, ...] = tuple(options)
        """The option texts in the order shown."""
        super().__init__(
            *(Option(self._prompt(i, False)) for i in range(len(self.texts))), markup=False, id=id
        )

    def _prompt(self, index: int, ticked: bool) -> Text:
        return Text.assemble(
            (TICKED if ticked else UNTICKED, "bold"),
            (f" {index + 1}. ", "bold"),
            printable(self.texts[index]),
        )

    def watch_ticked(self, old: frozenset[int], new: frozenset[int]) -> None:
        for index in old ^ new:
            self.replace_option_prompt_at_index(index, self._prompt(index, index in new))

    def action_tick(self, index: int) -> None:
        """Tick or untick the option at `index` (0-based)."""
        if index < len(self.texts):
            self.highlighted = index
            self.ticked = self.ticked ^ {index}

    def action_toggle_highlighted(self) -> None:
        """Tick or untick the highlighted option (Space)."""
        if self.highlighted is not None:
            self.action_tick(self.highlighted)

    def action_select(self) -> None:
        """Answer with the ticked options, in the order shown (Enter); with none ticked,
        only once the player confirms that none is the answer."""
        if not self.ticked:
            dialog = ConfirmDialog(NONE_PICKED_QUESTION, yes="None is right", no="Go back")
            self.app.push_screen(dialog, self._none_confirmed)
            return
        self.post_message(
            AnswerGiven([t for i, t in enumerate(self.texts) if i in self.ticked], self)
        )

    def _none_confirmed(self, confirmed: bool | None) -> None:
        if confirmed and not self.ticked:
            self.post_message(AnswerGiven([], self))
