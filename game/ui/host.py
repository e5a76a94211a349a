"""`QuizHost`: what the game's screens and commands need of the app that shows them.

The screens type their app against this protocol rather than against `QuizApp`, which
imports them: so no module of `game.ui` imports the app back, not even for the type checker.
`QuizApp` satisfies it (`game/ui/app.py` has mypy check that).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from ..packs.catalog import Catalog
    from ..play.launch import GameRequest
    from ..play.lesson import Lesson
    from ..play.scoring import Mode
    from ..play.session import GameSession
    from ..store import ScoreStore

T = TypeVar("T")


class QuizHost(Protocol):
    """The quiz app as its screens see it: the score database, the packs, the lesson, and
    the actions that start, resume and leave games and open the other screens."""

    # Read-only for the screens: the app alone replaces its store, catalog or lesson.

    @property
    def store(self) -> ScoreStore | None:
        """The score database, or None when playing without saving."""

    @property
    def store_settled(self) -> bool:
        """Whether the database is open, or the player chose to play without it."""

    @property
    def catalog(self) -> Catalog:
        """The packs found."""

    @property
    def served(self) -> bool:
        """Served to a browser (`civic-quiz serve`): no files written, no teacher screens."""

    @property
    def lesson(self) -> Lesson | None:
        """The teacher's lesson settings, when the game is served for a lesson."""

    @property
    def now(self) -> Callable[[], dt.datetime] | None:
        """The date and time stored with games (None: the real time)."""

    def call_from_thread(
        self, callback: Callable[..., T | Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """Run `callback` on the app's event loop from a worker thread (Textual's `App`)."""

    def pack_title(self, pack_id: str) -> str:
        """The title of a pack (or of each pack of a combined game), else its id."""

    def playable_pack_ids(self, first: str | None = None) -> list[str]:
        """The ids of the packs that can be played, with `first` leading if it is not one."""

    def remember_player(self, name: str) -> None:
        """Remember the player's name for next time."""

    def lesson_request(self, pack_id: str, players: tuple[str, ...], mode: Mode) -> GameRequest:
        """A new game of `pack_id` for `players`, as the lesson says if there is one."""

    def start_game(self, request: GameRequest) -> None:
        """Start the game asked for and show its first question."""

    def resume_game(self, game_id: int) -> None:
        """Continue an unfinished game at its first unanswered question."""

    def show_results(self, session: GameSession) -> None:
        """Replace the quiz with the results of the game."""

    def game_stopped(self, session: GameSession, message: str) -> None:
        """Leave a game that cannot go on for the home screen, and say why."""

    def action_home(self) -> None:
        """Go to the home screen."""

    def action_leaderboard(self, pack_id: str | None = None) -> None:
        """Show the leaderboards, on `pack_id` first."""

    def action_history(self, player: str | None = None) -> None:
        """Show the past games of `player`."""

    def action_teacher(self, pack_id: str | None = None) -> None:
        """Show the item analysis and class overview, on `pack_id` first."""

    def action_edit(self, path: Path) -> None:
        """Open the pack editor on a pack file."""
