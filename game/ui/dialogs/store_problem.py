"""The dialog shown when the score database cannot be used: move a damaged file aside and
start a new one, play without saving, or quit."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...store import CorruptStoreError, NewerStoreError, StoreError

StoreChoice = Literal["move", "nosave", "quit"]
"""move: rename the damaged file (kept, never deleted) and start a new database; nosave:
play without saving scores; quit: leave the app."""


def can_move_aside(error: StoreError) -> bool:
    """Whether moving the file aside may help: only for a damaged file (a database from a
    newer civic-quiz becomes usable again by upgrading, so it is left alone)."""
    return isinstance(error, CorruptStoreError) and not isinstance(error, NewerStoreError)


class StoreProblemDialog(ModalScreen[StoreChoice]):
    """Shows why the score database cannot be used and what can be done about it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('move')", "Move aside"),
        Binding("p", "choose('nosave')", "Play without saving"),
        Binding("q", "choose('quit')", "Quit"),
    ]

    def __init__(self, error: StoreError, *, can_move: bool = True) -> None:
        super().__init__()
        self.error = error
        """What went wrong, with a message fit for players."""
        self.movable = can_move and can_move_aside(error)
        """Whether "move aside" is offered."""

    def compose(self) -> ComposeResult:
        title = (
            "The score database is damaged" if self.movable else "The score database cannot be used"
        )
        with Vertical(classes="dialog -wide"):
            yield Static(Text(title, style="bold"), classes="dialog-title")
            yield Static(Text(self.error.message), classes="dialog-text")
            if self.movable:
                yield Static(
                    Text(
                        "Moving it aside renames the file (nothing is deleted) and starts"
                        " a new, empty score database."
                    ),
                    classes="dialog-text",
                )
            with Horizontal(classes="dialog-buttons"):
                if self.movable:
                    yield Button("Move aside (m)", id="move", variant="primary")
                yield Button("Play without saving (p)", id="nosave")
                yield Button("Quit (q)", id="quit", variant="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("move",):
            return self.movable
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        if choice in ("move", "nosave", "quit"):
            self.dismiss(choice)  # type: ignore[arg-type]

    def action_choose(self, choice: StoreChoice) -> None:
        """Close the dialog with the player's choice."""
        self.dismiss(choice)
