"""The footer of every screen: the keys that work now, in one line, drawn by one widget.

Textual's Footer is a container with a widget per key, rebuilt whenever the bindings may
have changed (every focus change): on the home screen it took about a third of the time the
screen needs to appear. This footer draws the same line itself and redraws only when the
keys it shows change. A click on a key presses it, as in Textual's Footer.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

SEPARATOR = "\u258f"  # ▏ between the keys and the command palette's key, as Textual draws it


class ShownKey(NamedTuple):
    """One key in the footer."""

    key: str
    """The key pressed when it is clicked."""
    display: str
    """How the key is written (`⏎`, `^p`, `esc`)."""
    description: str
    enabled: bool


class QuizFooter(Widget, can_focus=False):
    """The screen's keys (those bindings with `show`), then the command palette's key on
    the right. Disabled keys are dimmed; a click on a key presses it."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quiz-footer--key",
        "quiz-footer--description",
        "quiz-footer--disabled",
    }

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[ShownKey, ...] = ()
        self._palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []

    @property
    def keys(self) -> tuple[ShownKey, ...]:
        """The keys shown, left to right (without the command palette's)."""
        return self._keys

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        keys: list[ShownKey] = []
        palette: ShownKey | None = None
        seen_actions: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            shown = ShownKey(key, app.get_key_display(binding), binding.description, enabled)
            if key == palette_key:
                palette = shown
            elif binding.show and binding.action not in seen_actions:
                # One entry per action, as Textual's Footer shows them.
                seen_actions.add(binding.action)
                keys.append(shown)
        if (tuple(keys), palette) != (self._keys, self._palette):
            self._keys, self._palette = tuple(keys), palette
            self.refresh()

    def render(self) -> Content:
        key_style = self.get_visual_style("quiz-footer--key")
        description_style = self.get_visual_style("quiz-footer--description")
        disabled_style = self.get_visual_style("quiz-footer--disabled")
        parts: list[Content] = []
        spans: list[tuple[int, int, ShownKey]] = []
        at = 0

        def add(shown: ShownKey) -> None:
            nonlocal at
            styles = (key_style, description_style)
            if not shown.enabled:
                styles = (key_style + disabled_style, description_style + disabled_style)
            piece = Content.styled(shown.display, styles[0]) + Content.styled(
                f" {shown.description}", styles[1]
            )
            spans.append((at, at + piece.cell_length, shown))
            parts.append(piece)
            at += piece.cell_length

        for shown in self._keys:
            if parts:
                parts.append(Content(" "))
                at += 1
            add(shown)
        if self._palette is not None:
            right = self._palette.display + " " + self._palette.description
            gap = max(1, self.size.width - at - len(SEPARATOR) - len(right) - 1)
            parts.append(Content(" " * gap + SEPARATOR))
            at += gap + len(SEPARATOR)
            add(self._palette)
        self._spans = spans
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, shown in self._spans:
            if start <= event.x < end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
