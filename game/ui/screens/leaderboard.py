"""The leaderboards: pick a pack with the arrows, see its top ten games."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...store import LeaderboardRow, ScoreStore, StoreError
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.leaderboard_table import LeaderboardTable
from ..widgets.title_bar import TitleBar
from .base import AppScreen

LIMIT = 10
"""Games shown per pack."""

POLL_SECONDS = 2.0
"""How often the screen asks the store whether a game has finished (in this window or in
another process, such as a served student's): one indexed count, cheap enough."""


class LeaderboardScreen(AppScreen[None]):
    """A list of packs above the leaderboard of the highlighted one."""

    CSS_PATH = "boards.tcss"

    AUTO_FOCUS = "#board-packs"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, pack_id: str | None = None) -> None:
        super().__init__()
        self.pack_id = pack_id
        """The pack shown first."""
        self.pack_ids: list[str] = []
        """The packs listed, in order."""
        self.shown_pack: str | None = None
        """The pack whose leaderboard is shown."""
        self._mark: tuple[int, str | None] | None = None
        self._mark_read = False
        """Whether the mark of finished games has been read once (the first read only
        sets it)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Leaderboards: pick a pack", style="bold"), classes="section-title")
        yield OptionList(markup=False, id="board-packs")
        with VerticalScroll(id="board-body", can_focus=False):
            yield Static("", markup=False, id="board-title")
            yield LeaderboardTable(id="board-table")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.refresh_if_changed()  # the first read of the mark, in a worker
        self.set_interval(POLL_SECONDS, self.refresh_if_changed)
        app = self.quiz_app
        self.pack_ids = app.playable_pack_ids(self.pack_id)
        packs = self.query_one("#board-packs", OptionList)
        packs.set_options(Option(Text(app.pack_title(p))) for p in self.pack_ids)
        if not self.pack_ids:
            self.query_one(LeaderboardTable).show([], empty="There are no packs to rank.")
            return
        start = self.pack_ids.index(self.pack_id) if self.pack_id in self.pack_ids else 0
        packs.highlighted = start
        self.show_pack(self.pack_ids[start])

    @on(OptionList.OptionHighlighted, "#board-packs")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_pack(self.pack_ids[event.option_index])

    def _finished_mark(self) -> tuple[int, str | None] | None:
        store = self.quiz_app.store
        if store is None:
            return None
        try:
            return store.finished_mark()
        except StoreError:
            return None  # the board says so when it is next read

    @work(thread=True, exclusive=True, group="board-mark")
    def refresh_if_changed(self) -> None:
        """Show the leaderboard again if a game has finished since it was last read (the
        mark is read in a worker: a database that is slow or gone must not freeze the
        screen)."""
        mark = self._finished_mark()
        self.app.call_from_thread(self._mark_seen, mark)

    def _mark_seen(self, mark: tuple[int, str | None] | None) -> None:
        first, self._mark_read = not self._mark_read, True
        if mark != self._mark:
            self._mark = mark
            if not first and self.shown_pack is not None:
                self.show_pack(self.shown_pack)

    def show_pack(self, pack_id: str) -> None:
        """Show the leaderboard of one pack."""
        self.shown_pack = pack_id
        app = self.quiz_app
        self.query_one("#board-title", Static).update(
            Text.assemble(("Top games \u2014 ", "bold"), app.pack_title(pack_id))
        )
        table = self.query_one(LeaderboardTable)
        if app.store is None:
            table.show([], empty="Scores are not being saved, so there is no leaderboard.")
            return
        table.loading = True
        self._read_board(app.store, pack_id)

    @work(thread=True, exclusive=True, group="board-rows")
    def _read_board(self, store: ScoreStore, pack_id: str) -> None:
        """Read a pack's leaderboard away from the event loop, then show it."""
        try:
            rows, problem = store.leaderboard(pack_id, limit=LIMIT), None
        except StoreError as error:
            rows, problem = [], f"The leaderboard cannot be read: {error}"
        self.app.call_from_thread(self._show_board, pack_id, rows, problem)

    def _show_board(self, pack_id: str, rows: list[LeaderboardRow], problem: str | None) -> None:
        if pack_id != self.shown_pack or not showing(self):
            return  # another pack was highlighted meanwhile: its own read shows it
        table = self.query_one(LeaderboardTable)
        table.loading = False
        if problem is not None:
            table.show([], empty=problem)
        else:
            table.show(rows)

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
