"""The player's name on the home screen, shown as text until it is edited."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static


class PlayerName(Static, can_focus=True):
    """The name as text. Reaching it (Tab, a click) posts `EditRequested`: the screen then
    puts an input field in its place; the text costs less to show than the field."""

    class EditRequested(Message):
        """The player wants to change the name."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.EditRequested())
