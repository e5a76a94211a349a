"""The review of a past game, opened from the history: every answer, the right answer, why
and the source, as at the end of the game (read from the store in a worker)."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ...play.players import GameError
from ...play.session import PlayerState
from ...store import GameRecord, StoreError
from ...util.textsafe import one_line
from ..formatting import date_text
from ..widgets.footer import QuizFooter
from ..widgets.review import GameReview
from ..widgets.title_bar import TitleBar
from .base import AppScreen


class PastGameScreen(AppScreen[None]):
    """Scrolls with the arrows; Esc goes back to the history."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["play.tcss", "boards.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, game: GameRecord, title: str) -> None:
        super().__init__()
        self.game = game
        """The game reviewed."""
        self.pack_title = title
        """Its pack's title, as the history lists it."""

    def compose(self) -> ComposeResult:
        game = self.game
        yield TitleBar()
        with VerticalScroll(id="past-game-body"):
            heading = Text.assemble(
                ("Review: ", "bold"),
                one_line(self.pack_title),
                f" ({one_line(game.mode)}), {date_text(game.started_at)}",
                f" \u00b7 {game.score} of {game.max_score} points",
                f" \u00b7 {game.correct} of {game.total} correct",
            )
            yield Static(heading, id="past-game-title", classes="section-title")
            yield Static("Reading the game\u2026", markup=False, id="past-game-status")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#past-game-body").focus()
        self._read()

    class _Read(Message):
        """The game is rebuilt, or could not be (posted by the reading thread)."""

        def __init__(self, player: PlayerState | None, problem: str | None) -> None:
            super().__init__()
            self.player = player
            self.problem = problem

    @work(thread=True, exclusive=True, group="past-game")
    def _read(self) -> None:
        """Rebuild the game away from the event loop (a busy or distant database)."""
        from ...play.past_games import past_game

        store = self.quiz_app.store
        if store is None:
            self.post_message(self._Read(None, "scores are not being saved in this session"))
            return
        try:
            player = past_game(store, self.quiz_app.catalog, self.game.id)
        except (GameError, StoreError) as error:
            self.post_message(self._Read(None, str(error)))
            return
        self.post_message(self._Read(player, None))

    async def on_past_game_screen__read(self, event: _Read) -> None:
        status = self.query_one("#past-game-status", Static)
        if event.player is None:
            status.update(f"This game cannot be reviewed: {event.problem}.")
            return
        if not event.player.outcomes:
            status.update("No question of this game was answered.")
            return
        status.display = False
        body = self.query_one("#past-game-body", VerticalScroll)
        await body.mount(GameReview([event.player], id="past-game-review"))

    def action_back(self) -> None:
        """Back to the history."""
        self.app.pop_screen()
