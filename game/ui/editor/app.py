"""`EditorApp`: the app of `civic-quiz edit`, which shows the editor of one pack and quits
when it closes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App
from textual.filter import LineFilter

from ..safe_lines import DropControlCharacters
from .screen import EditorScreen


class EditorApp(App[int]):
    """The pack editor on its own (the game's home screen offers it too, with `e`)."""

    TITLE = "civic-quiz edit"
    CSS_PATH: ClassVar[list[str | PurePath]] = ["../app.tcss"]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        """The pack file edited."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), DropControlCharacters()]

    async def on_mount(self) -> None:
        await self.push_screen(EditorScreen(self.path), callback=lambda _: self.exit(0))

    async def action_quit(self) -> None:
        """ctrl+q asks, as Escape does, when there are unsaved changes."""
        if isinstance(self.screen, EditorScreen):
            self.screen.action_close()
        else:
            self.exit(0)
