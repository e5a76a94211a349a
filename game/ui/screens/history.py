"""A player's past games, newest first; Enter on an unfinished one resumes it, on another
opens its review."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from ...store import GameFilter, GameRecord, ScoreStore, StoreError
from ...util.textsafe import one_line
from ..formatting import date_text, plural
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.title_bar import TitleBar
from .base import AppScreen

STATUS_TEXT = {"active": "unfinished", "finished": "finished", "abandoned": "discarded"}

COLUMNS = ("Date", "Pack", "Mode", "Score", "Correct", "Status")
"""The table's columns; only the pack's title is cut to fit (ellipsized)."""

PACK_MIN = 8
"""The pack column is never narrower: below that, the table scrolls sideways instead."""


class HistoryScreen(AppScreen[None]):
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
        self._rows: list[tuple[Text, ...]] = []
        self._filled_width = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", markup=False, id="history-title", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="history-table")
        yield Static("", markup=False, id="history-position")
        yield Static("", markup=False, id="history-empty")
        yield QuizFooter()

    def on_mount(self) -> None:
        title = self.query_one("#history-title", Static)
        store = self.quiz_app.store
        self.query_one("#history-position", Static).display = False
        if self.player is None:
            title.update(Text("Past games", style="bold"))
            self._empty("Type your name on the home screen to see your past games.")
            return
        title.update(Text.assemble(("Past games of ", "bold"), (one_line(self.player), "bold")))
        if store is None:
            self._empty("Scores are not being saved, so there are no past games.")
            return
        self.query_one(DataTable).loading = True
        self._read_games(store, self.player)

    @work(thread=True, exclusive=True, group="history")
    def _read_games(self, store: ScoreStore, player: str) -> None:
        """Read the player's games away from the event loop (a database that is slow or
        gone must not freeze the screen), then show them."""
        try:
            games, problem = store.games(GameFilter(player=player)), None
        except StoreError as error:
            games, problem = [], f"The past games cannot be read: {error}"
        self.app.call_from_thread(self._show_games, games, problem)

    def _show_games(self, games: list[GameRecord], problem: str | None) -> None:
        if not showing(self):
            return
        table = self.query_one(DataTable)
        table.loading = False
        if problem is not None:
            self._empty(problem)
            return
        self.games = games
        if not self.games:
            self._empty("No games yet: play one from the home screen.")
            return
        self.query_one("#history-empty", Static).display = False
        self.query_one("#history-position", Static).display = True
        self._rows = [self._cells(game) for game in self.games]
        self._fill(self.size.width)
        self.watch(table, "scroll_y", self._show_position, init=False)
        self.watch(table, "scroll_x", self._show_position, init=False)

    def on_resize(self, event: events.Resize) -> None:
        if self._rows and event.size.width != self._filled_width:
            self._fill(event.size.width)

    def _cells(self, game: GameRecord) -> tuple[Text, ...]:
        """A game's row: date, pack, mode, score, correct answers, status."""
        return (
            Text(date_text(game.started_at)),
            Text(self.quiz_app.pack_title(game.pack_id), no_wrap=True, overflow="ellipsis"),
            Text(one_line(game.mode), no_wrap=True, overflow="ellipsis"),
            *self._score_cells(game),
            Text(STATUS_TEXT.get(game.status, game.status)),
        )

    def _fill(self, width: int) -> None:
        """Lay the table out for `width` cells: every column but the pack's as wide as its
        widest cell (a score is never cut), the pack's title cut to the room left, never
        narrower than `PACK_MIN` (narrower screens scroll sideways, and the line below the
        table says so)."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        widths = [
            max(len(label), *(cells[i].cell_len for cells in self._rows))
            for i, label in enumerate(COLUMNS)
        ]
        pack = COLUMNS.index("Pack")
        # Each cell has padding on both sides; the vertical scrollbar's room is kept
        # whether or not it shows, so that the layout does not change when it appears.
        others = sum(widths) - widths[pack] + 2 * table.cell_padding * len(COLUMNS)
        room = width - others - table.styles.scrollbar_size_vertical
        widths[pack] = max(min(widths[pack], room), min(widths[pack], PACK_MIN))
        table.clear(columns=True)
        for label, column_width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=column_width, key=label)
        for game, cells in zip(self.games, self._rows, strict=True):
            table.add_row(*cells, key=str(game.id))
        table.move_cursor(row=min(row, len(self._rows) - 1))
        self._filled_width = width
        self.call_after_refresh(self._show_position)

    def _show_position(self) -> None:
        """Say which games the table shows, and where more are (below, above, sideways)."""
        table = self.query_one(DataTable)
        total = len(self.games)
        visible = max(1, table.scrollable_content_region.height - table.header_height)
        first = min(total, int(table.scroll_y) + 1)
        last = min(total, first + visible - 1)
        where = []
        if first > 1:
            where.append("\u2191 above")
        if last < total:
            where.append("\u2193 below")
        if table.scroll_x < table.max_scroll_x:
            where.append("\u2192 right")
        if table.scroll_x > 0:
            where.append("\u2190 left")
        if first > 1 or last < total:
            text = f"Games {first}\u2013{last} of {total}"
        else:
            text = f"All {plural(total, 'game')} shown" if total > 1 else "1 game"
        if where:
            text += "; more " + ", ".join(where)
        self.query_one("#history-position", Static).update(text)

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
        self.query_one("#history-position", Static).display = False
        self.query_one("#history-empty", Static).update(message)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        game = self.games[event.cursor_row]
        if game.status == "active":
            self.quiz_app.resume_game(game.id)
            return
        from .past_game import PastGameScreen

        self.app.push_screen(PastGameScreen(game, self.quiz_app.pack_title(game.pack_id)))

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
