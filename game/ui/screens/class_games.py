"""The class games held on this database (from the Teacher screen, `g`): one line each,
newest first, and the players of the highlighted one by points, with the command that
exports its answers. Everything is read in workers."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...reports.live_sessions import PastSession, past_sessions, session_players
from ...store import StoreError
from ...util.textsafe import one_line
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.title_bar import TitleBar
from .base import AppScreen

LOADING = "Reading the class games\N{HORIZONTAL ELLIPSIS}"
NONE_YET = (
    "No class games yet. Start one with `civic-quiz host PACK`; the class joins with its code."
)
NO_STORE = "Scores are not being saved in this session, so there are no class games to list."
TITLE_WIDTH = 24
"""Columns of a pack's title in the list; longer titles are cut with an ellipsis."""


def session_line(session: PastSession) -> Text:
    """`2026-12-07 14:05  K7Q2  Every type  12 players  10 q.  ended  Ana 340`."""
    title = one_line(session.pack_title)
    if cell_len(title) > TITLE_WIDTH:
        title = set_cell_size(title, TITLE_WIDTH - 1) + "\u2026"
    text = Text(session.started.strftime("%Y-%m-%d %H:%M"))
    text.append(f"  {one_line(session.code)}  ", style="bold")
    text.append(set_cell_size(title, TITLE_WIDTH))
    players = f"{session.players} player{'s' * (session.players != 1)}"
    text.append(f"  {players:>11}  {session.questions:>3} q.  {session.status}")
    return text


def players_text(session: PastSession, players: list[tuple[str, int]]) -> Text:
    """The players of one game by points, then the command that exports its answers."""
    code = one_line(session.code)
    text = Text(f"{code}: {one_line(session.pack_title)}", style="bold")
    if not players:
        text.append("\nNobody joined.")
    shown = players[:10]
    for place, (name, points) in enumerate(shown, 1):
        text.append(f"\n{place:>3}. {one_line(name)}  {points} point{'s' * (points != 1)}")
    if len(players) > len(shown):
        text.append(f"\n     and {len(players) - len(shown)} more")
    text.append(f"\n\nEvery answer: civic-quiz scores --session {code} --answers", style="italic")
    return text


class ClassGamesScreen(AppScreen[None]):
    """The class games, newest first; the highlighted one's players below."""

    SUB_TITLE = "Teacher: class games"
    AUTO_FOCUS = "#class-games"

    DEFAULT_CSS = """
    ClassGamesScreen #class-games {
        height: 1fr;
        border-title-style: bold;
    }
    ClassGamesScreen #class-game-players {
        height: auto;
        max-height: 50%;
        padding: 0 1;
    }
    ClassGamesScreen #class-games-message {
        padding: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[PastSession] = []
        """The class games listed."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(LOADING, id="class-games-message", markup=False)
        games = OptionList(id="class-games")
        games.border_title = "Class games, newest first"
        games.display = False
        yield games
        yield Static("", id="class-game-players", markup=False)
        yield QuizFooter()

    def on_mount(self) -> None:
        store = self.quiz_app.store
        if store is None:
            self.query_one("#class-games-message", Static).update(NO_STORE)
            return
        self._read_sessions()

    @work(thread=True, exclusive=True, group="class-games")
    def _read_sessions(self) -> None:
        store = self.quiz_app.store
        if store is None:
            return
        try:
            sessions = past_sessions(store)
        except StoreError as error:
            self.app.call_from_thread(self._message, f"The class games cannot be read: {error}")
            return
        self.app.call_from_thread(self._show_sessions, sessions)

    def _message(self, text: str) -> None:
        if showing(self):
            self.query_one("#class-games-message", Static).update(one_line(text))

    def _show_sessions(self, sessions: list[PastSession]) -> None:
        if not showing(self):
            return
        self.sessions = sessions
        message = self.query_one("#class-games-message", Static)
        games = self.query_one("#class-games", OptionList)
        if not sessions:
            message.update(NONE_YET)
            return
        message.display = False
        games.display = True
        games.set_options(Option(session_line(s)) for s in sessions)
        games.highlighted = 0
        games.focus()

    @on(OptionList.OptionHighlighted, "#class-games")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        session = self.sessions[event.option_index]
        self._read_players(session)

    @work(thread=True, exclusive=True, group="class-game-players")
    def _read_players(self, session: PastSession) -> None:
        store = self.quiz_app.store
        if store is None:
            return
        try:
            players = session_players(store, session.code)
        except StoreError as error:
            text = Text(one_line(f"The players cannot be read: {error}"))
        else:
            text = players_text(session, players)
        self.app.call_from_thread(self._show_players, text)

    def _show_players(self, text: Text) -> None:
        if showing(self):
            self.query_one("#class-game-players", Static).update(text)

    def action_back(self) -> None:
        """Back to the Teacher screen."""
        self.app.pop_screen()
