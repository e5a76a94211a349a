"""A dialog listing the class game's players, to pick one to remove or give extra time
while a question is on the screen (the lobby lists them on the host's screen itself)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...live.model import LivePlayer
from ...util.textsafe import one_line


def picker_line(player: LivePlayer) -> Text:
    """`Ana  answered` or `Ben  not yet (extra time)`: what the teacher picks by."""
    text = Text(one_line(player.name))
    text.append("  answered" if player.answered else "  not yet", style="italic")
    notes = [
        note
        for note, on_ in (("away", not player.connected), ("extra time", player.extra_time))
        if on_
    ]
    if notes:
        text.append(f" ({', '.join(notes)})", style="italic")
    return text


class PlayerPicker(ModalScreen[str | None]):
    """Dismisses with the name picked (↑↓ and Enter), or None on Escape."""

    DEFAULT_CSS = """
    PlayerPicker #picker-players {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, players: Sequence[LivePlayer]) -> None:
        super().__init__()
        self.title_text = title
        """What the pick is for ("Remove which player?"), shown literally."""
        self.players = tuple(players)

    def compose(self) -> ComposeResult:
        from ..widgets.scroll_body import ScrollBody

        with ScrollBody(classes="dialog", id="player-picker"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(
                Text("\u2191\u2193 pick, Enter chooses, Esc cancels."), classes="dialog-text"
            )
            yield OptionList(
                *[Option(picker_line(p), id=p.name) for p in self.players], id="picker-players"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#picker-players")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(str(event.option.id))

    def action_cancel(self) -> None:
        """Close without picking."""
        self.dismiss(None)
