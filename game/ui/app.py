"""The civic-quiz Textual app: it shows the home screen, settles a score database that
cannot be used, and starts, resumes and ends games.

The app is built by `game.ui.factory.make_app`, which opens the database and the pack catalog
for it (the command line, served tabs and the tests all build it there).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from ..packs.catalog import Catalog
from ..play.launch import GameRequest, build_session, resume_session
from ..play.players import PLAYER_SETTING, GameError
from ..play.scoring import Mode
from ..store import ScoreStore, StoreError
from ..store.opening import Settled, StoreOpener, StoreProblem
from ..util.settings import default_settings_path, load_settings, save_setting
from ..util.textsafe import one_line
from .commands import QuizCommands
from .lifecycle import showing
from .safe_lines import DropControlCharacters
from .screens.home import HomeScreen

_DROP_CONTROLS = DropControlCharacters()

if TYPE_CHECKING:
    from ..play.lesson import Lesson
    from ..play.session import GameSession
    from .host import QuizHost

# Only the home screen is imported with the app, so that it appears sooner: the others are
# imported when first shown (the quiz and results screens load pydantic and rapidfuzz).

QUIT_WITHOUT_DATABASE = 1
"""The exit status when the player quits because the score database cannot be used (the
command line's status for such problems)."""


THEME_SETTING = "theme"
"""The settings file's entry for the colour theme chosen in the command palette."""


class QuizApp(App[int]):
    """The quiz game: home, quiz, results, leaderboards, history and teacher screens."""

    TITLE = "civic-quiz"
    SUB_TITLE = "quizzes on the news"
    # The shared styles and the home screen's. The other screens read theirs when first
    # shown: a screen's own CSS_PATH makes Textual parse every style sheet again, which is
    # worth it for a game or a leaderboard but not for the screen every start shows.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/home.tcss"]
    COMMANDS = App.COMMANDS | {QuizCommands}

    def __init__(
        self,
        *,
        catalog: Catalog,
        opener: StoreOpener,
        opened: ScoreStore | StoreProblem,
        request: GameRequest | None = None,
        clock: Callable[[], float] | None = None,
        now: Callable[[], dt.datetime] | None = None,
        served: bool = False,
        settings_path: Path | None = None,
        lesson: Lesson | None = None,
        pack_folders: list[Path] | None = None,
    ) -> None:
        super().__init__()
        self.opener = opener
        """Opens the score database again, and moves a damaged one aside, when the player
        chooses to."""
        self.db_path: Path = opener.path
        """The score database."""
        self.request = request
        """A game to start straight away (from `civic-quiz play`)."""
        self.clock: Callable[[], float] = clock or time.monotonic
        """Seconds, for answer times and countdowns."""
        self.now = now
        """The date and time stored with games (None: the real time)."""
        self.served = served
        """Served to a browser (`civic-quiz serve`): nothing may write files besides the
        score database, and a shared database is never moved aside from a browser tab."""
        self.settings_path: Path | None = None if served else settings_path
        """The settings file (None when served: one browser's theme is not everyone's)."""
        if not served and settings_path is None:
            self.settings_path = default_settings_path()
        self.pack_folders = pack_folders
        """The folders the packs were found in (None: the usual ones), read again after a
        pack is edited."""
        self.lesson = lesson
        """The teacher's lesson settings (`civic-quiz serve --pack ID`): the home screen
        offers only its pack, in its mode, and every game started has its questions, seed
        and id."""
        self._saved_theme: str | None = None
        self.catalog = catalog
        """The packs found."""
        self.store: ScoreStore | None = opened if isinstance(opened, ScoreStore) else None
        """The score database, or None when playing without saving."""
        self.store_problem = opened if isinstance(opened, StoreProblem) else None
        """Why the database could not be opened, until the player settles it."""
        self.store_settled = self.store is not None
        """Whether the database is open, or the player chose to play without it."""
        self.session: GameSession | None = None
        """The game being played (or last played)."""

    # -- start-up ------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self._restore_theme()
        # The database was opened (by the factory) before the home screen is shown, so that
        # the home screen lists the packs once, with the player's scores, instead of twice.
        await self.push_screen(HomeScreen())
        if self.store_problem is not None:
            self._settle_store(self.store_problem)
        else:
            self._start_requested_game()

    @work(exclusive=True, group="settle-store")
    async def _settle_store(self, problem: StoreProblem) -> None:
        """Ask about the database until it is open, played without, or the player quits
        (`game.store.opening` decides what each answer does)."""
        from .dialogs.store_problem import StoreProblemDialog

        outcome: Settled | StoreProblem = problem
        while isinstance(outcome, StoreProblem):
            self.store_problem = outcome
            choice = await self.push_screen_wait(StoreProblemDialog(outcome))
            outcome = self.opener.choose(outcome, choice)
        self.store_problem = None
        if self.opener.kept is not None:
            self.notify(
                f"The damaged database was kept as {self.opener.kept.name}; a new one was started.",
                title="Score database",
                markup=False,
            )
        if outcome == "quit":
            self.exit(return_code=QUIT_WITHOUT_DATABASE)
            return
        self.store = outcome if isinstance(outcome, ScoreStore) else None
        self.store_settled = True
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()
        self._start_requested_game()

    def _start_requested_game(self) -> None:
        if self.request is not None:
            request, self.request = self.request, None
            # `play --resume` without --player resumes the newest unfinished game, as plain
            # mode does: the remembered name may be another player's.
            if not request.resume and not request.players and (name := self.remembered_player()):
                request = request._replace(players=(name,))
            self.start_game(request)

    def _restore_theme(self) -> None:
        if self.settings_path is None:
            return
        self._saved_theme = load_settings(self.settings_path).get(THEME_SETTING)
        if self._saved_theme in self.available_themes:
            self.theme = self._saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        if self.settings_path is None or theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        try:
            save_setting(self.settings_path, THEME_SETTING, theme.name)
        except OSError as error:
            self.notify(
                f"The theme will not be remembered: {error}",
                title="Settings",
                severity="warning",
                markup=False,
            )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, but Quit (`QuizCommands` has it) and, when served, Screenshot
        (it writes a file)."""
        hidden = {"Quit", "Screenshot"} if self.served else {"Quit"}
        for command in super().get_system_commands(screen):
            if command.title not in hidden:
                yield command

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # -- data the screens share ----------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (colours), then the one that keeps control characters from the
        terminal whatever a widget renders."""
        return [*super().get_line_filters(), _DROP_CONTROLS]

    def pack_title(self, pack_id: str) -> str:
        """The title of a pack (or of each pack of a combined game), else its id; on one line
        and escaped, since an id may come from the database and a title from any file."""
        titles = []
        for part in pack_id.split("+"):
            entry = self.catalog.by_id(part)
            titles.append(entry.title if entry else part)
        return one_line(" + ".join(titles))

    def playable_pack_ids(self, first: str | None = None) -> list[str]:
        """The ids of the packs that can be played, once each, in catalog order; `first`
        (a pack asked for, maybe no longer found) leads when it is not among them."""
        ids = list(dict.fromkeys(e.pack_id for e in self.catalog.entries if e.ok and e.pack_id))
        if first and first not in ids:
            ids.insert(0, first)
        return ids

    def remembered_player(self) -> str | None:
        """The last player's name, if the database remembers one. None when served: the
        database is shared by every browser tab, and one student's name is not the next's."""
        if self.store is None or self.served:
            return None
        try:
            return self.store.get_setting(PLAYER_SETTING)
        except StoreError:
            return None

    def remember_player(self, name: str) -> None:
        """Remember the player's name for next time (not saving it is no reason to stop);
        not when served, where the next tab is another student."""
        if self.store is not None and not self.served:
            try:
                self.store.set_setting(PLAYER_SETTING, name)
            except StoreError as error:
                self.notify(str(error), title="Name not saved", severity="warning", markup=False)

    # -- games ---------------------------------------------------------------------------

    def lesson_request(self, pack_id: str, players: tuple[str, ...], mode: Mode) -> GameRequest:
        """A new game of `pack_id` for `players`: in `mode`, or in a lesson as the lesson
        says (its pack, mode, questions and seed, stored under its id)."""
        lesson = self.lesson
        if lesson is None:
            return GameRequest(packs=(pack_id,), players=players, mode=mode)
        return GameRequest(
            packs=(lesson.pack,),
            players=players,
            mode=lesson.mode,
            questions=lesson.questions,
            seed=lesson.seed,
            lesson=lesson.id,
        )

    def start_game(self, request: GameRequest) -> None:
        """Start the game asked for and show its first question once it is created in the
        score database (a game that cannot be created is not played as if it were)."""
        try:
            session = build_session(
                request, self.catalog, self.store, clock=self.clock, now=self.now, start=False
            )
        except (GameError, StoreError) as error:
            self.notify(str(error), title="Cannot start", severity="error", markup=False)
            return
        if session.store is None or all(p.game_id is not None for p in session.players):
            self.play(session)  # nothing to create (no database, or a resumed game)
        else:
            self.session = session  # the game about to be played, once it is created
            self._create_game(session)

    class _GameCreated(Message):
        """A new game is in the store (posted by the thread that created it)."""

        def __init__(self, session: GameSession, error: StoreError | None = None) -> None:
            super().__init__()
            self.session = session
            self.error = error
            """Why the game could not be created, if it could not."""

    @work(thread=True, exclusive=True, group="create-game")
    def _create_game(self, session: GameSession) -> None:
        """Create the game in the store away from the event loop: a locked database may
        keep it waiting for a while. Messages, which may be posted from any thread, bring
        the outcome back."""

        def waiting() -> None:
            self.call_from_thread(
                self.notify,
                "Saving the new game\u2026 (waiting for the score database)",
                title="Score database",
            )

        try:
            session.start(on_wait=waiting)
        except StoreError as error:
            self.post_message(self._GameCreated(session, error))
            return
        self.post_message(self._GameCreated(session))

    @on(_GameCreated)
    def _game_created(self, event: _GameCreated) -> None:
        if event.error is not None:
            self._cannot_create(event.session, event.error)
        else:
            self.play(event.session)

    @work(exclusive=True, group="cannot-create")
    async def _cannot_create(self, session: GameSession, error: StoreError) -> None:
        """Tell the player the game cannot be saved: play it without saving, or go back."""
        from .dialogs.store_problem import StoreProblemDialog

        if self.session is session:
            self.session = None  # it was never played
        problem = StoreProblem(error, movable=False)  # a database in use is never moved
        dialog = StoreProblemDialog(problem, purpose="start", can_play=session.mode != "practice")
        if await self.push_screen_wait(dialog) == "nosave":
            session.store = None
            self.play(session)

    def game_stopped(self, session: GameSession, message: str) -> None:
        """Leave a game that cannot go on (an answer could not be saved) for the home
        screen, where it is offered to resume, and say why."""
        from .dialogs.store_problem import AnswerNotSavedDialog

        session.release()
        self._to_home()
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()
        self.push_screen(AnswerNotSavedDialog(message))

    def resume_game(self, game_id: int) -> None:
        """Continue an unfinished game at its first unanswered question."""
        if self.store is None:
            return
        try:
            session = resume_session(
                self.store, self.catalog, game_id, clock=self.clock, now=self.now
            )
        except (GameError, StoreError, KeyError) as error:
            message = str(error) if not isinstance(error, KeyError) else "no such game"
            self.notify(message, title="Cannot resume", severity="error", markup=False)
            return
        self.play(session)

    def play(self, session: GameSession) -> None:
        """Show a game: its questions, or its results if it is already over."""
        from .screens.quiz import QuizScreen
        from .screens.results import ResultsScreen

        self.session = session
        self._to_home()
        name = session.players[0].name
        self.remember_player(name)
        if isinstance(self.screen, HomeScreen):
            self.screen.show_player(name)
        if session.is_over:
            self.push_screen(ResultsScreen(session))
        else:
            self.push_screen(QuizScreen(session))

    def show_results(self, session: GameSession) -> None:
        """Replace the quiz (and anything open over it) with the results of the game."""
        from .screens.results import ResultsScreen

        self._to_home()
        self.push_screen(ResultsScreen(session))

    # -- navigation ----------------------------------------------------------------------

    def _to_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_home(self) -> None:
        """Go to the home screen (a game in progress stays saved, to resume later)."""
        self._to_home()

    def action_leaderboard(self, pack_id: str | None = None) -> None:
        """Show the leaderboards, on `pack_id` first."""
        from .screens.leaderboard import LeaderboardScreen

        if isinstance(self.screen, LeaderboardScreen):
            return
        if pack_id is None and self.session is not None:
            pack_id = self.session.pack_id
        self.push_screen(LeaderboardScreen(pack_id))

    def action_teacher(self, pack_id: str | None = None) -> None:
        """Show the item analysis and class overview, on `pack_id` first (not when served:
        students see the game only)."""
        from .screens.teacher import TeacherScreen

        if self.served or isinstance(self.screen, TeacherScreen):
            return
        if pack_id is None and self.session is not None:
            pack_id = self.session.pack_id
        self.push_screen(TeacherScreen(pack_id))

    def action_edit(self, path: Path) -> None:
        """Open the pack editor on a pack file (never when served: editing is for the
        teacher's own machine); the packs are read again when it closes."""
        from .editor.screen import EditorScreen

        if self.served or isinstance(self.screen, EditorScreen):
            return
        self.push_screen(EditorScreen(path), callback=self._edited)

    def _edited(self, _: None) -> None:
        self._reload_catalog()

    @work(thread=True, exclusive=True, group="catalog")
    def _reload_catalog(self) -> None:
        """Read the packs again (only changed files are checked) after one was edited."""
        from ..packs.catalog import load_catalog

        catalog = load_catalog(self.pack_folders, cache_dir=self.catalog.cache_dir)
        self.call_from_thread(self._catalog_read, catalog)

    def _catalog_read(self, catalog: Catalog) -> None:
        self.catalog = catalog
        if isinstance(self.screen, HomeScreen) and showing(self.screen):
            self.screen.reload()

    def action_history(self, player: str | None = None) -> None:
        """Show the past games of `player` (the last player by default)."""
        from .screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            return
        if player is None:
            home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
            player = home.player_name() if home else self.remembered_player()
        self.push_screen(HistoryScreen(player))


if TYPE_CHECKING:
    # The screens type their app as a `QuizHost`: mypy checks here that the app is one.
    _IS_A_HOST: type[QuizHost] = QuizApp
