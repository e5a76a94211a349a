"""The hot-seat dialog: the names of 2 to 8 players who take turns at one keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...play.players import MAX_NAME_LENGTH, MAX_PLAYERS, GameError, check_player_names
from ...util.textsafe import one_line
from ..widgets.scroll_body import ScrollBody


def instructions(pack_title: str | None) -> str:
    """What the dialog's keys do: what Enter on an empty line starts is named when known."""
    start = f"starts {pack_title}" if pack_title else "starts the game"
    return (
        "Type the names in turn order; \u2193 or Enter goes to the next line, \u2191 back."
        f" Enter on an empty line (or ctrl+s) {start} with these players."
        " With one name, that player plays alone. Esc cancels."
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
        Binding("down", "move(1)", "Next name", show=False),
        Binding("up", "move(-1)", "Previous name", show=False),
    ]

    def __init__(self, names: Sequence[str] = (), *, pack_title: str | None = None) -> None:
        super().__init__()
        self.names = tuple(names)[:MAX_PLAYERS]
        """The names filled in when the dialog opens."""
        self.pack_title = pack_title
        """The pack the players will play (named in the instructions), if known."""

    def compose(self) -> ComposeResult:
        # Scrolls when the terminal is short (70x16): the focused line is kept in view.
        with ScrollBody(classes="dialog -wide", id="players-dialog"):
            yield Static(Text("Hot-seat: who is playing?", style="bold"), classes="dialog-title")
            title = one_line(self.pack_title) if self.pack_title else None
            yield Static(Text(instructions(title)), classes="dialog-text")
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

    @on(Input.Changed)
    def _line_changed(self, event: Input.Changed) -> None:
        # A problem shown goes as soon as the names are fixed (and says the new one if not).
        event.stop()
        problem = self.query_one("#players-problem", Static)
        if problem.display:
            self._check()

    def action_move(self, step: int) -> None:
        """Go to the next (1) or previous (-1) name line; the first and last stay put."""
        inputs = self._inputs()
        focused = self.focused
        if isinstance(focused, Input) and focused in inputs:
            position = inputs.index(focused) + step
            if 0 <= position < len(inputs):
                inputs[position].focus()
        elif isinstance(focused, Button):
            (self.focus_next if step > 0 else self.focus_previous)()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "done":
            self.action_done()
        else:
            self.dismiss(None)

    def _check(self) -> tuple[str, ...] | None:
        """The names typed, or None after saying what is wrong with them."""
        problem = self.query_one("#players-problem", Static)
        try:
            names = player_names([i.value for i in self._inputs()])
        except GameError as error:
            message = str(error)
            problem.update(f"\u2717 {message[:1].upper()}{message[1:]}.")
            problem.display = True
            problem.scroll_visible()
            return None
        problem.update("")
        problem.display = False
        return names

    def action_done(self) -> None:
        """Close with the names typed, or say what is wrong with them."""
        names = self._check()
        if names is not None:
            self.dismiss(names)

    def action_cancel(self) -> None:
        """Close without changing the players."""
        self.dismiss(None)
