"""`LiveApp`: the window of `civic-quiz host` and `civic-quiz join`: one live screen, and
the exit status the command returns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import ClassVar

from textual.app import App
from textual.filter import LineFilter
from textual.screen import Screen

from ..safe_lines import DropControlCharacters


class LiveApp(App[int]):
    """Shows one screen (the host's or a student's) until it closes the app."""

    TITLE = "civic-quiz"
    SUB_TITLE = "class game"
    CSS_PATH: ClassVar[list[str | PurePath]] = ["../app.tcss"]

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters from the
        terminal, as in the game's app."""
        return [*super().get_line_filters(), DropControlCharacters()]
