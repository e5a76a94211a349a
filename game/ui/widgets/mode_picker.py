"""The game mode picker of the home screen: classic, timed, exam or practice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...play.scoring import Mode

PICKABLE: tuple[Mode, ...] = ("classic", "timed", "exam", "practice")
"""The modes offered on the home screen."""

DESCRIPTIONS: dict[Mode, str] = {
    "classic": "feedback after each question",
    "timed": "a countdown per question",
    "exam": "no feedback until the end",
    "practice": "spaced repetition: the questions due for review, then new ones",
}
"""One line per mode, shown under the picker."""


class ModePicker(Widget, can_focus=True):
    """`Mode (m): (•) classic  ( ) timed  ( ) exam  ( ) practice`, and what the chosen mode
    does; left and right (or m) change it. The chosen mode is marked in text, not only by
    colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous mode", show=False),
        Binding("right", "step(1)", "Next mode", show=False),
    ]

    mode: reactive[Mode] = reactive[Mode]("classic")
    """The chosen mode."""

    @dataclass
    class Changed(Message):
        """The player picked another mode."""

        mode: Mode

    def render(self) -> Text:
        text = Text.assemble(("Mode (m): ", "bold"))
        for mode in PICKABLE:
            chosen = mode == self.mode
            text.append("(\u2022) " if chosen else "( ) ", style="bold" if chosen else "")
            text.append(mode, style="bold underline" if chosen else "")
            text.append("  ")
        # The description has a line of its own: with four modes, one line would pass 80
        # columns.
        text.append(f"\n          {DESCRIPTIONS[self.mode]}", style="italic")
        return text

    def action_step(self, step: int) -> None:
        """Pick the next (1) or previous (-1) mode, wrapping around."""
        index = PICKABLE.index(self.mode) if self.mode in PICKABLE else 0
        self.mode = PICKABLE[(index + step) % len(PICKABLE)]

    def watch_mode(self, mode: Mode) -> None:
        self.post_message(self.Changed(mode))
