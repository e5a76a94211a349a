"""The app's last line of defence: no control character reaches the terminal, from any widget.

Every screen escapes the outside text it shows (`game.util.textsafe`), so a player sees `\\x1b`
where a name holds an escape. Text a screen forgets (an error message from a library, a
widget added later) still must not command the terminal: this filter removes any control
character left in a rendered line. Those characters take no cells, so the layout is the same.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..util.textsafe import unsafe_characters, without_unsafe


class DropControlCharacters(LineFilter):
    """Removes C0 (but tab and newline), DEL, C1 and bidi control characters from segments
    of text (control segments, Textual's own cursor moves, are left alone)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(unsafe_characters(s.text) for s in segments if not s.control):
            return segments  # the common case: nothing to copy
        return [
            s if s.control else Segment(without_unsafe(s.text), s.style, s.control)
            for s in segments
        ]
