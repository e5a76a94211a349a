"""The command palette's quiz commands: new game, leaderboards, history, teacher, quit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .host import QuizHost


class QuizCommands(Provider):
    """The app's main actions, found by name in the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("QuizHost", self.app)
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("New game", "Go to the home screen to pick a pack", app.action_home),
            ("Leaderboards", "The best games of each pack", app.action_leaderboard),
            ("History", "Your past games", app.action_history),
        ]
        if not app.served:
            commands.append(
                ("Teacher", "What the class got wrong: item analysis", app.action_teacher)
            )
            commands.append(
                ("Edit pack", "The highlighted pack in the editor (e)", self._edit_highlighted)
            )
        commands.append(("Quit", "Leave civic-quiz (games in progress stay saved)", self.app.exit))
        return commands

    def _edit_highlighted(self) -> None:
        from .screens.home import HomeScreen

        screen = self.app.screen
        if isinstance(screen, HomeScreen):
            screen.action_edit()

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
