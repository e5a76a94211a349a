"""The player's name on the home screen, shown as text until it is edited."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from ...util.textsafe import one_line

LABEL = "Player (n): "
"""What the line starts with (the key that edits the name is in it)."""

PLACEHOLDER = Content.styled("your name", "dim italic")
"""Shown in place of an empty name."""

READING = Content.styled("reading the name\u2026", "dim italic")
"""Shown while the remembered name is read from the database (in a worker)."""


class PlayerName(Widget, can_focus=True):
    """`Player (n): <name>`, drawn as one line of text (the name literal). Reaching it (Tab,
    a click) posts `EditRequested`: the screen then puts an input field in its place. The
    text costs much less to show than the field, and most starts never edit the name."""

    class EditRequested(Message):
        """The player wants to change the name."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._player = ""
        self.reading = False
        """Whether the remembered name is being read (shown in place of an empty name)."""

    def show_name(self, name: str) -> None:
        """Show `name` (as typed, not cleaned)."""
        if name != self._player:
            self._player = name
            self.refresh()

    def show_reading(self, reading: bool) -> None:
        """Say (or stop saying) that the remembered name is being read."""
        if reading != self.reading:
            self.reading = reading
            self.refresh()

    def render(self) -> Content:
        empty = READING if self.reading else PLACEHOLDER
        name = Content(one_line(self._player)) if self._player else empty
        return Content.styled(LABEL, "bold") + name

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.EditRequested())
