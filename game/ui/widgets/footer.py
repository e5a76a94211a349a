"""The footer of every screen: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys each time a screen's bindings may have changed (every
focus change, every `refresh_bindings`), several times per question. This one compares what
it would show with what it shows, and rebuilds at most once per refresh, only on a change.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, bool], ...]
"""The keys shown: (key, description, enabled) each."""


class QuizFooter(Footer):
    """A Footer that skips rebuilding when its keys are unchanged."""

    def __init__(self) -> None:
        # Compact: the home screen's eight keys fit in 80 columns only without the spacing.
        super().__init__(compact=True)
        self._shown: Shown | None = None
        self._pending = False

    def _wanted(self) -> Shown:
        return tuple(
            (binding.key, binding.description, enabled)
            for (_, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        # Footer.compose waits for this flag, set by the first bindings change.
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        wanted = self._wanted()
        if wanted != self._shown:
            self._shown = wanted
            await self.recompose()
