"""The dialogs shown when the score database cannot be used: at start-up (move a damaged
file aside and start a new one, play without saving, or quit: `game.store.opening` decides what
is offered and does what is chosen), when a new game cannot be created in it (play without
saving or go back), and when an answer could not be saved."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...store.opening import StoreProblem
from ..widgets.scroll_body import ScrollBody

StoreChoice = Literal["move", "nosave", "quit", "home"]
"""The choices of `game.store.opening.OpenChoice`, and home: go back without playing."""

Purpose = Literal["open", "start"]
"""open: the database could not be opened at start-up; start: a new game could not be
created in it."""


class StoreProblemDialog(ModalScreen[StoreChoice]):
    """Shows why the score database cannot be used and what can be done about it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('move')", "Move aside"),
        Binding("p", "choose('nosave')", "Play without saving"),
        Binding("q", "choose('quit')", "Quit"),
        Binding("b,escape", "choose('home')", "Back", key_display="b/esc"),
    ]

    def __init__(
        self, problem: StoreProblem, *, purpose: Purpose = "open", can_play: bool = True
    ) -> None:
        super().__init__()
        self.error = problem.error
        """What went wrong, with a message fit for players."""
        self.purpose: Purpose = purpose
        """Why the database was needed: to open it, or to start a game in it."""
        self.movable = purpose == "open" and problem.movable
        """Whether "move aside" is offered (`game.store.opening` decides)."""
        self.playable = can_play
        """Whether "play without saving" is offered (not for practice, which needs it)."""

    def compose(self) -> ComposeResult:
        if self.purpose == "start":
            title = "This game cannot be saved"
        elif self.movable:
            title = "The score database is damaged"
        else:
            title = "The score database cannot be used"
        # Scrolls on a short terminal (70x16); focus keeps its widget in view.
        with ScrollBody(classes="dialog -wide"):
            yield Static(Text(title, style="bold"), classes="dialog-title")
            yield Static(Text(self.error.message), classes="dialog-text")
            if self.purpose == "start":
                yield Static(
                    Text(
                        "The game was not started: its answers and score would be kept"
                        " nowhere. Try again later, or play without saving."
                    ),
                    classes="dialog-text",
                )
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
                if self.playable:
                    yield Button("Play without saving (p)", id="nosave")
                if self.purpose == "start":
                    yield Button("Back (b)", id="home", variant="primary")
                else:
                    yield Button("Quit (q)", id="quit", variant="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("move",):
            return self.movable
        if action == "choose" and parameters == ("nosave",):
            return self.playable
        if action == "choose" and parameters == ("quit",):
            return self.purpose == "open"
        if action == "choose" and parameters == ("home",):
            return self.purpose == "start"
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        if choice in ("move", "nosave", "quit", "home"):
            self.dismiss(choice)  # type: ignore[arg-type]  # one of the four, checked above

    def action_choose(self, choice: StoreChoice) -> None:
        """Close the dialog with the player's choice."""
        self.dismiss(choice)


class AnswerNotSavedDialog(ModalScreen[None]):
    """Says that an answer could not be saved, so the game stopped and is kept to resume."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,o", "close", "OK", key_display="enter"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        """What happened and what to do, shown literally."""

    def compose(self) -> ComposeResult:
        # Scrolls on a short terminal (70x16); focus keeps its widget in view.
        with ScrollBody(classes="dialog -wide"):
            yield Static(Text("Your answer was not saved", style="bold"), classes="dialog-title")
            yield Static(Text(self.message), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (enter)", id="ok", variant="primary")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
