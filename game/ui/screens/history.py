"""A player's past games, newest first; Enter on an unfinished one resumes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...store import GameRecord, StoreError
from ...textsafe import one_line
from ..formatting import date_text
from ..widgets.footer import QuizFooter
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ..app import QuizApp

STATUS_TEXT = {"active": "unfinished", "finished": "finished", "abandoned": "discarded"}


class HistoryScreen(Screen[None]):
    """A table of the player's games: date, pack, mode, score, correct answers, status."""

    CSS_PATH = "boards.tcss"

    AUTO_FOCUS = "#history-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, player: str | None) -> None:
        super().__init__()
        self.player = player
        """Whose games are listed."""
        self.games: list[GameRecord] = []
        """The games listed, newest first."""

    @property
    def quiz_app(self) -> QuizApp:
        """The app, typed."""
        return cast("QuizApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", markup=False, id="history-title", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="history-table")
        yield Static("", markup=False, id="history-empty")
        yield QuizFooter()

    def on_mount(self) -> None:
        title = self.query_one("#history-title", Static)
        empty = self.query_one("#history-empty", Static)
        store = self.quiz_app.store
        if self.player is None:
            title.update(Text("Past games", style="bold"))
            self._empty("Type your name on the home screen to see your past games.")
            return
        title.update(Text.assemble(("Past games of ", "bold"), (one_line(self.player), "bold")))
        if store is None:
            self._empty("Scores are not being saved, so there are no past games.")
            return
        try:
            self.games = store.games(player=self.player)
        except StoreError as error:
            self._empty(f"The past games cannot be read: {error}")
            return
        if not self.games:
            self._empty("No games yet: play one from the home screen.")
            return
        empty.display = False
        table = self.query_one(DataTable)
        table.add_columns("Date", "Pack", "Mode", "Score", "Correct", "Status")
        for game in self.games:
            table.add_row(
                Text(date_text(game.started_at)),
                Text(self.quiz_app.pack_title(game.pack_id), overflow="ellipsis"),
                Text(one_line(game.mode)),
                *self._score_cells(game),
                Text(STATUS_TEXT.get(game.status, game.status)),
                key=str(game.id),
            )

    @staticmethod
    def _score_cells(game: GameRecord) -> tuple[Text, Text]:
        """Score and correct answers; an unfinished exam's stay hidden until its end."""
        if game.mode == "exam" and game.status == "active":
            return Text("hidden", justify="right"), Text("hidden", justify="right")
        return (
            Text(f"{game.score} / {game.max_score}", justify="right"),
            Text(f"{game.correct} of {len(game.question_ids)}", justify="right"),
        )

    def _empty(self, message: str) -> None:
        self.query_one(DataTable).display = False
        self.query_one("#history-empty", Static).update(message)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        game = self.games[event.cursor_row]
        if game.status == "active":
            self.quiz_app.resume_game(game.id)
        else:
            self.notify("Only unfinished games can be resumed.", title="Finished game", timeout=3)

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
