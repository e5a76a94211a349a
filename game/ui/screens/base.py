"""`AppScreen`: the base of the game's screens, which reach the app typed as `QuizHost`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen, ScreenResultType

if TYPE_CHECKING:
    from ..host import QuizHost


class AppScreen(Screen[ScreenResultType]):
    """A screen of the game: `quiz_app` is its app, with the store, the catalog, the lesson
    and the actions that start and leave games (`game.ui.host.QuizHost`)."""

    @property
    def quiz_app(self) -> QuizHost:
        """The app, typed (a screen of this game is only ever shown by `QuizApp`, which is
        a `QuizHost`)."""
        return cast("QuizHost", self.app)
