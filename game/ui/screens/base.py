"""`AppScreen`: the base of the game's screens, which reach the app typed as `QuizApp`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen, ScreenResultType

if TYPE_CHECKING:
    from ..app import QuizApp


class AppScreen(Screen[ScreenResultType]):
    """A screen of the game: `quiz_app` is its app, with the store, the catalog, the game
    being played and the actions that start and leave games."""

    @property
    def quiz_app(self) -> QuizApp:
        """The app, typed (a screen of this game is only ever shown by `QuizApp`)."""
        return cast("QuizApp", self.app)
