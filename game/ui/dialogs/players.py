"""The hot-seat dialog: the names of 2 to 8 players who take turns at one keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...players import MAX_NAME_LENGTH, MAX_PLAYERS, GameError, check_player_names

INSTRUCTIONS = (
    "Type each player's name in turn order; Enter goes to the next line, and Enter on an"
    " empty line starts (ctrl+s too). Leave one name to play alone. Esc cancels."
)


def player_names(typed: Sequence[str]) -> tuple[str, ...]:
    """The names typed, cleaned, in order, blanks skipped; GameError naming the problem."""
    filled = [value for value in typed if value.strip()]
    if not filled:
        raise GameError("type at least one name")
    return check_player_names(filled)


class PlayersDialog(ModalScreen[tuple[str, ...] | None]):
    """Dismisses with the players' names, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "done", "Play together"),
    ]

    def __init__(self, names: Sequence[str] = ()) -> None:
        super().__init__()
        self.names = tuple(names)[:MAX_PLAYERS]
        """The names filled in when the dialog opens."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="players-dialog"):
            yield Static(Text("Hot-seat: who is playing?", style="bold"), classes="dialog-title")
            yield Static(Text(INSTRUCTIONS), classes="dialog-text")
            for number in range(1, MAX_PLAYERS + 1):
                typed = self.names[number - 1] if number <= len(self.names) else ""
                with Horizontal(classes="player-line"):
                    yield Static(f"{number}.", classes="player-number")
                    yield Input(
                        typed,
                        placeholder=f"player {number}",
                        max_length=MAX_NAME_LENGTH,
                        compact=True,
                        id=f"player-{number}",
                    )
            yield Static("", id="players-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Play together"), id="done", variant="primary")
                yield Button(Text("Cancel (esc)"), id="cancel")

    def _inputs(self) -> list[Input]:
        return list(self.query(Input))

    @on(Input.Submitted)
    def _line_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = self._inputs()
        position = inputs.index(event.input)
        if not event.value.strip() or position == len(inputs) - 1:
            self.action_done()
        else:
            inputs[position + 1].focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "done":
            self.action_done()
        else:
            self.dismiss(None)

    def action_done(self) -> None:
        """Close with the names typed, or say what is wrong with them."""
        problem = self.query_one("#players-problem", Static)
        try:
            names = player_names([i.value for i in self._inputs()])
        except GameError as error:
            problem.update(f"\u2717 {str(error).capitalize()}.")
            problem.display = True
            return
        self.dismiss(names)

    def action_cancel(self) -> None:
        """Close without changing the players."""
        self.dismiss(None)
