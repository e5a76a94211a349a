"""The home screen: the player's name, the mode, the packs to play, and an unfinished game
to resume or discard."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from ...packs.problems import PackError
from ...play.launch import due_counts, session_games
from ...play.players import MAX_NAME_LENGTH, PLAYER_SETTING, GameError, check_player_name
from ...store import GameRecord, ScoreStore, StoreError
from ...util.textsafe import one_line
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.mode_picker import ModePicker
from ..widgets.pack_list import PackList
from ..widgets.player_name import LABEL, PlayerName
from ..widgets.title_bar import TitleBar
from .base import AppScreen

if TYPE_CHECKING:
    from ..widgets.resume_offer import ResumeOffer

# The dialogs and the offer to resume are imported when first needed: most starts show
# neither, and importing them was part of the time the home screen takes to appear.

NAME_PAUSE = 0.3
"""Seconds without a key in the name field after which the name's scores are read (and the
name remembered): one read when typing pauses, not four per key."""

CLASS_GAME_CHECK = 5.0
"""Seconds between two looks for a waiting class game on a served home screen (one query
of the sessions table: a tab opened before the teacher's game finds it soon after)."""

NAME_GRACE = 0.2
"""Seconds the home screen waits for the remembered name before showing it is reading."""

LOADING = "reading scores\u2026"
"""Under the packs while the player's scores are read."""

DEFAULT_PLAYER = "Player"
"""The name offered when none has been remembered."""

NO_PACKS = (
    "No question packs were found. Put pack files (.yaml) in a pack folder;"
    " `civic-quiz packs` shows where the game looks."
)
NONE_PLAYABLE = (
    "None of the packs can be played: fix the errors shown"
    " (`civic-quiz validate FILE` explains them)."
)


class HomeScreen(AppScreen[None]):
    """Choose a pack with the arrows and Enter; m changes the mode, n the player's name."""

    AUTO_FOCUS = "#packs"

    BINDINGS: ClassVar[list[BindingType]] = [
        # The labels of the name and mode say their keys: the footer has no room for them.
        Binding("m", "cycle_mode", "Mode", show=False),
        Binding("n", "focus_name", "Name", show=False),
        Binding("p", "players", "Hot-seat"),
        Binding("l", "leaderboard", "Leaderboard"),
        Binding("h", "history", "History"),
        Binding("t", "teacher", "Teacher"),
        Binding("e", "edit", "Edit pack", show=False),
        # Said by the host's screen ("press j on the home screen") and by the offer of a
        # waiting class game when served: the footer has no room for it.
        Binding("j", "join", "Join class game", show=False),
        Binding("r", "resume", "Resume", show=False),
        Binding("x", "discard", "Discard", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name_loaded = False
        self._unfinished: GameRecord | None = None
        self._unfinished_players: list[str] = []
        self._typed_name = ""
        """The name in the field, as typed (not `_name`: that is Textual's, behind `name`)."""
        self._confirmed: str | None = None
        """The name last left (Enter, Tab) or given to a game: when served, the only one
        whose unfinished game is offered, so that typing "Bob" never shows "Bo"'s."""
        self.hotseat: tuple[str, ...] = ()
        """The players of a hot-seat game, in turn order; empty when one plays alone."""
        self._best: dict[str, int] = {}
        self._due: dict[str, int] = {}
        self._due_for: str | None = None
        self._name_timer: Timer | None = None
        """Waits for typing to pause before the name's scores are read."""
        self._name_typed = False
        """Whether a name was typed since the last read (it is then remembered)."""
        self._reading_name = False
        """Whether the remembered name is being read (in a worker, at start-up)."""
        self._name_worker: Worker[None] | None = None
        """The worker reading the remembered name, until it is first waited for."""
        self.waiting_games: list[tuple[str, str]] = []
        """The class games waiting for players (code, pack title), offered when served."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The name is shown as text, and an input field is mounted only while it is edited
        # (n): mounting an Input was an eighth of the time home took to appear.
        yield PlayerName(id="player-name")
        picker = ModePicker(id="mode")
        lesson = self.quiz_app.lesson
        if lesson is not None:
            # The teacher chose the mode: it is shown, and cannot be changed here.
            picker.set_reactive(ModePicker.mode, lesson.mode)
            picker.display = False
            yield Static(
                f"Mode: {lesson.mode} (set by your teacher)", id="lesson-mode", markup=False
            )
        yield picker
        # Lines shown only now and then (the hot-seat players, a database problem, no
        # packs, an unfinished game) are mounted when first needed: each widget mounted
        # adds to the time the screen takes to appear.
        packs = PackList(id="packs")
        packs.border_title = "Packs"
        yield packs
        yield QuizFooter()

    def on_mount(self) -> None:
        if self.quiz_app.served:
            self.set_interval(CLASS_GAME_CHECK, self._look_for_class_games)

    async def on_screen_resume(self) -> None:
        # Sent when the screen is first shown too, so this is also the first load.
        self.reload()
        self._look_for_class_games()
        if self._name_worker is not None:
            # A database that answers at once shows the name in the first frame; a slow
            # one is waited for no longer than NAME_GRACE (keys are answered meanwhile).
            with contextlib.suppress(TimeoutError, WorkerCancelled, WorkerFailed):
                await asyncio.wait_for(asyncio.shield(self._name_worker.wait()), NAME_GRACE)
            self._name_worker = None

    # -- data ----------------------------------------------------------------------------

    def player_name(self) -> str | None:
        """The name typed, cleaned; None when it is not a valid name."""
        try:
            return check_player_name(self._typed_name)
        except GameError:
            return None

    def show_player(self, name: str) -> None:
        """Put `name` in the player field (the player of the game just started)."""
        self._name_loaded = True
        self._confirmed = name
        self._set_name(name)

    def _set_name(self, name: str) -> None:
        self._typed_name = name
        self.query_one(PlayerName).show_name(name)
        editors = self.query("#player")
        if editors:
            editor = editors.first(Input)
            if editor.value != name:
                with editor.prevent(Input.Changed):
                    editor.value = name

    async def edit_name(self) -> None:
        """Show the name as an input field, focused."""
        editors = self.query("#player")
        if editors:
            editors.first(Input).focus()
            return
        editor = Input(
            self._typed_name,
            placeholder="your name",
            max_length=MAX_NAME_LENGTH,
            compact=True,
            id="player",
        )
        shown = self.query_one(PlayerName)
        shown.display = False
        label = Static(LABEL.rstrip(), id="player-label", markup=False)
        await self.mount(Horizontal(label, editor, id="player-row"), after=shown)
        editor.focus()

    async def on_player_name_edit_requested(self, event: PlayerName.EditRequested) -> None:
        event.stop()
        await self.action_focus_name()

    def reload(self) -> None:
        """Show the packs, the player's best scores and unfinished game afresh."""
        app = self.quiz_app
        store = app.store
        if not self._name_loaded and app.store_settled:
            self._name_loaded = True
            if app.served:
                # Each browser tab is a new student, who types their name before anything.
                self._set_name("")
                self.call_later(self.edit_name)
            elif store is None:
                self._confirmed = DEFAULT_PLAYER
                self._set_name(DEFAULT_PLAYER)
            else:
                # Read in a worker, like the scores of a name typed: a lost server must
                # not freeze the screen; the name says it is being read meanwhile.
                self._reading_name = True
                self.query_one(PlayerName).show_reading(True)
                self._name_worker = self._load_remembered_name(store)
        self._show_line(
            "store-status",
            "Scores are not being saved in this session.",
            shown=app.store_settled and store is None,
            after="#mode",
        )
        self._show_player_data()
        if self._reading_name:
            self.query_one(PackList).border_subtitle = LOADING
        entries = app.catalog.listed
        if app.lesson is not None:
            entries = [e for e in entries if e.pack_id == app.lesson.pack]
        playable = any(e.ok for e in entries)
        missing = NO_PACKS if not entries else NONE_PLAYABLE
        if app.lesson is not None and not entries:
            missing = f"The lesson's pack '{one_line(app.lesson.pack)}' is not found here."
        self._show_line(
            "no-packs",
            missing,
            shown=not playable,
            after="#packs",
        )
        # Two packs with one id are listed once; the warning says which file is not used,
        # as `validate` and `packs` say it (a lesson: only about its own pack).
        duplicates = [
            w
            for w in app.catalog.duplicate_warnings
            if app.lesson is None or f"'{app.lesson.pack}'" in w.message
        ]
        self._show_line(
            "pack-warnings",
            "\n".join(one_line(w.format()) for w in duplicates),
            shown=bool(duplicates),
            after="#packs",
        )

    def _look_for_class_games(self) -> None:
        store = self.quiz_app.store
        if self.quiz_app.served and store is not None:
            self._read_class_games(store)

    @work(thread=True, exclusive=True, group="class-games")
    def _read_class_games(self, store: ScoreStore) -> None:
        """Read the class games waiting for players (a store that cannot be read offers
        none: the student can still type the code with j)."""
        # Imported here: the live game's modules load the question kinds (pydantic), which
        # the home screen does not need to appear.
        from ...live.model import LiveError
        from ...live.watch import waiting_sessions

        try:
            games = waiting_sessions(store)
        except (StoreError, LiveError):
            games = []
        self.quiz_app.call_from_thread(self._show_class_games, games)

    def _show_class_games(self, games: list[tuple[str, str]]) -> None:
        if not showing(self):
            return
        self.waiting_games = games
        text = ""
        if games:
            code, title = games[0]
            text = (
                f"Class game {one_line(code)} ({one_line(title)}) is waiting for players:"
                " press j to join."
            )
        self._show_line("class-game", text, shown=bool(games), after="#mode")

    @work(thread=True, exclusive=True, group="remembered-name")
    def _load_remembered_name(self, store: ScoreStore) -> None:
        """Read the remembered name (once, at start-up) in a thread, then its scores."""
        try:
            name = store.get_setting(PLAYER_SETTING)
        except StoreError:
            name = None  # as `remembered_player`: a name not read is no reason to stop
        self.quiz_app.call_from_thread(self._remembered_name_read, name or DEFAULT_PLAYER)

    def _remembered_name_read(self, name: str) -> None:
        if not showing(self):
            return
        self._reading_name = False
        self.query_one(PlayerName).show_reading(False)
        if self._typed_name:
            return  # the player typed a name meanwhile: theirs, not the remembered one
        self._confirmed = name
        self._set_name(name)
        self._show_player_data()

    def _show_line(self, line_id: str, text: str, *, shown: bool, after: str) -> None:
        """Show or hide a line of text, mounting it after the screen's child `after` the first
        time it is shown."""
        found = self.query(f"#{line_id}")
        if found:
            line = found.first(Static)
            line.update(text)
            line.display = shown
        elif shown:
            self.mount(Static(text, id=line_id, markup=False), after=after)

    def _show_player_data(self, *, typed: bool = False) -> None:
        """Read the player's best scores, unfinished game and practised packs in a worker
        (a database that is slow or gone must not freeze the screen) and show them; `typed`:
        the name is being typed, so wait for typing to pause, then also remember it."""
        if self._name_timer is not None:
            self._name_timer.stop()
            self._name_timer = None
        if typed:
            self._name_typed = True
            self._name_timer = self.set_timer(NAME_PAUSE, self._read_player_data)
        else:
            self._read_player_data()

    def _read_player_data(self) -> None:
        self._name_timer = None
        remember, self._name_typed = self._name_typed, False
        store = self.quiz_app.store
        name = self.player_name()
        # Served, a game is offered only for a name the student has finished typing: the
        # names passed on the way (B, Bo) may be other students'.
        offered = name if not self.quiz_app.served or name == self._confirmed else None
        if store is None or name is None:
            self._player_data_read(name, {}, None, [], set())
            return
        packs = self.query_one(PackList)
        if not packs.entries:
            self._show_packs()  # the packs at once; their best scores once read
        packs.border_subtitle = LOADING
        remember = remember and not self.quiz_app.served  # the next tab is another student
        self._load_player_data(store, name, offered, remember)

    @work(thread=True, exclusive=True, group="player-data")
    def _load_player_data(
        self, store: ScoreStore, name: str, offered: str | None, remember: bool
    ) -> None:
        app = self.quiz_app
        best: dict[str, int] = {}
        unfinished: GameRecord | None = None
        together: list[GameRecord] = []
        practised: set[str] = set()
        try:
            best = store.best_scores(name)
            if offered is not None:
                unfinished = next(iter(store.unfinished_games(offered)), None)
            together = store.unfinished_group(unfinished) if unfinished else []
            practised = store.practised_packs(name)
            if remember:
                # Typed and left: remembered even if the player quits before playing.
                store.set_setting(PLAYER_SETTING, name)
        except StoreError as error:
            app.call_from_thread(
                self.notify, str(error), title="Scores", severity="error", markup=False
            )
        app.call_from_thread(self._player_data_read, name, best, unfinished, together, practised)

    def _player_data_read(
        self,
        name: str | None,
        best: dict[str, int],
        unfinished: GameRecord | None,
        together: list[GameRecord],
        practised: set[str],
    ) -> None:
        if not showing(self) or name != self.player_name():
            return  # read for a name since changed: the newer read shows its own
        self.query_one(PackList).border_subtitle = ""
        self._best = best
        if name != self._due_for:  # another player's counts must not show meanwhile
            self._due, self._due_for = {}, None
        if not practised:  # nothing can be due: no need for a worker
            self._due, self._due_for = {}, name
        self._show_packs()
        self._show_resume(unfinished, [g.player for g in together])
        if practised and name is not None:
            self._count_due(name)

    def _show_packs(self) -> None:
        entries = self.quiz_app.catalog.listed
        lesson = self.quiz_app.lesson
        if lesson is not None:  # only the pack the teacher chose
            entries = [e for e in entries if e.pack_id == lesson.pack]
        self.query_one(PackList).show(entries, self._best, self._due)

    # Counting what is due loads the packs a player has practised (pydantic, fsrs): in a
    # thread, so that the home screen does not wait for it. A player who never practised
    # has nothing due, and the screen knows it without starting a thread.
    @work(thread=True, exclusive=True, group="due-counts")
    def _count_due(self, name: str) -> None:
        app = self.quiz_app
        if app.store is None:
            return
        when = app.now() if app.now else None
        try:
            counts = due_counts(app.store, app.catalog, name, when)
        except (StoreError, PackError) as error:
            app.call_from_thread(
                self.notify, str(error), title="Practice", severity="warning", markup=False
            )
            return
        app.call_from_thread(self._show_due, name, counts)

    def _show_due(self, name: str, counts: dict[str, int]) -> None:
        if name != self.player_name() or not showing(self):
            return
        self._due = {pack_id: count for pack_id, count in counts.items() if count}
        self._due_for = name
        self._show_packs()

    def _show_resume(self, game: GameRecord | None, players: list[str]) -> None:
        offers = self.query("ResumeOffer")
        shown = (self._unfinished, self._unfinished_players)
        self._unfinished, self._unfinished_players = game, players
        self.refresh_bindings()
        if shown == (game, players) and offers:
            return
        offers.remove()
        if game is not None:
            from ..widgets.resume_offer import ResumeOffer

            title = self.quiz_app.pack_title(game.pack_id)
            offer = ResumeOffer(game, title, players=players)
            self.mount(offer, before="#packs")

    @property
    def unfinished(self) -> GameRecord | None:
        """The unfinished game on offer, if any."""
        return self._unfinished

    # -- events --------------------------------------------------------------------------

    @on(Input.Changed, "#player")
    def _name_changed(self, event: Input.Changed) -> None:
        self._typed_name = event.value
        # The offer to resume is another name's until the new one is read: not offered.
        self._show_resume(None, [])
        self._show_player_data(typed=True)

    @on(Input.Submitted, "#player")
    def _name_submitted(self) -> None:
        self.query_one(PackList).focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Leaving the field (Enter, Tab, a click elsewhere) shows the name as text again.
        if event.widget.id == "player" and isinstance(event.widget, Input):
            self.query("#player-row").remove()
            if self._confirmed != self.player_name():
                self._confirmed = self.player_name()
                self._show_player_data()
            shown = self.query_one(PlayerName)
            shown.show_name(self._typed_name)
            shown.display = not self.hotseat

    @on(PackList.PackChosen)
    def _pack_chosen(self, event: PackList.PackChosen) -> None:
        event.stop()
        entry = event.entry
        if not entry.ok or entry.pack_id is None:
            self.notify(
                f"{one_line(entry.path.name)} cannot be played: {one_line(entry.error or '')}",
                title="Broken pack",
                severity="error",
                markup=False,
            )
            return
        players = self.hotseat
        if not players and self._reading_name and not self._typed_name:
            self.notify("Reading your name\N{HORIZONTAL ELLIPSIS} a moment.", markup=False)
            return
        if not players:
            try:
                players = (check_player_name(self._typed_name),)
            except GameError as error:
                self.notify(f"Type your name first: {error}.", severity="warning", markup=False)
                self.call_later(self.edit_name)
                return
            self.quiz_app.remember_player(players[0])
        mode = self.query_one(ModePicker).mode
        self.quiz_app.start_game(self.quiz_app.lesson_request(entry.pack_id, players, mode))

    def on_resume_offer_resume_chosen(self, event: ResumeOffer.ResumeChosen) -> None:
        event.stop()
        self.quiz_app.resume_game(event.game.id)

    def on_resume_offer_discard_chosen(self, event: ResumeOffer.DiscardChosen) -> None:
        event.stop()
        self._confirm_discard(event.game)

    @work(exclusive=True, group="discard")
    async def _confirm_discard(self, game: GameRecord) -> None:
        """Discard the unfinished game (every player's, for a hot-seat one) once confirmed."""
        from ..dialogs.confirm import ConfirmDialog

        confirm = ConfirmDialog(
            "Discard the unfinished game? It will not be resumed and does not count"
            " on the leaderboard.",
            yes="Discard",
            no="Keep it",
        )
        if not await self.app.push_screen_wait(confirm):
            return
        store = self.quiz_app.store
        if store is None:
            return
        try:
            for together in session_games(store, game):
                store.abandon_game(together.id)
        except StoreError as error:
            self.notify(str(error), title="Not discarded", severity="error", markup=False)
        self.reload()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return self.unfinished is not None
        if action in ("teacher", "edit"):
            return not self.quiz_app.served
        if action in ("cycle_mode", "players"):
            # In a lesson the teacher chose the mode, and each student plays alone.
            return self.quiz_app.lesson is None
        return True

    def action_cycle_mode(self) -> None:
        """Pick the next mode."""
        self.query_one(ModePicker).action_step(1)

    async def action_focus_name(self) -> None:
        """Go to the player's name (back to playing alone after a hot-seat game)."""
        if self.hotseat:
            self.show_hotseat(())
        await self.edit_name()

    @work(exclusive=True, group="players")
    async def action_players(self) -> None:
        """Choose the players of a hot-seat game."""
        from ..dialogs.players import PlayersDialog

        names = self.hotseat or tuple(filter(None, [self.player_name()]))
        pack_list = self.query_one(PackList)
        entry = pack_list.highlighted_entry
        playable = entry if entry is not None and entry.ok and entry.pack_id else None
        title = playable.title if playable is not None else None
        chosen = await self.app.push_screen_wait(PlayersDialog(names, pack_title=title))
        if chosen is None:
            return
        if len(chosen) == 1:
            self.show_player(chosen[0])
            self._show_player_data()
            chosen = ()
        self.show_hotseat(chosen)
        pack_list.focus()
        if chosen and playable is not None:
            # The dialog said Enter starts this pack with these players: it does.
            pack_list.post_message(PackList.PackChosen(playable))

    def show_hotseat(self, names: tuple[str, ...]) -> None:
        """Play the next game with these players taking turns (none: one player)."""
        self.hotseat = names
        self._show_line(
            "hotseat",
            f"Hot-seat: {one_line(', '.join(names))} take turns"
            " (p changes the players, n plays alone)",
            shown=bool(names),
            after="#player-name",
        )
        self.query_one(PlayerName).display = not names

    def action_leaderboard(self) -> None:
        """Open the leaderboards, on the highlighted pack."""
        entry = self.query_one(PackList).highlighted_entry
        self.quiz_app.action_leaderboard(entry.pack_id if entry and entry.ok else None)

    def action_teacher(self) -> None:
        """Open the teacher's analysis, on the highlighted pack."""
        entry = self.query_one(PackList).highlighted_entry
        self.quiz_app.action_teacher(entry.pack_id if entry and entry.ok else None)

    def action_edit(self) -> None:
        """Open the pack editor on the highlighted pack (a broken one too: to fix it)."""
        entry = self.query_one(PackList).highlighted_entry
        if entry is not None and not self.quiz_app.served:
            self.quiz_app.action_edit(entry.path)

    def action_history(self) -> None:
        """Open the player's past games."""
        self.quiz_app.action_history(self.player_name())

    @work(exclusive=True, group="join")
    async def action_join(self) -> None:
        """Join a class game: its code (the waiting one's, when served) and the name."""
        from ...live.student import LiveStudent
        from ...live.watch import Watcher
        from ..dialogs.join import JoinDialog
        from ..live.student_screen import StudentScreen

        store = self.quiz_app.store
        if store is None:
            self.notify(
                "A class game needs the score database, which is not open.",
                severity="warning",
                markup=False,
            )
            return
        catalog = self.quiz_app.catalog
        code = self.waiting_games[0][0] if self.waiting_games else ""
        dialog = JoinDialog(
            lambda code, name: LiveStudent.join(store, code, name, catalog),
            code=code,
            name=self.player_name() or "",
        )
        student = await self.app.push_screen_wait(dialog)
        if student is None:
            return
        self.show_player(student.name)
        self.quiz_app.remember_player(student.name)
        await self.app.push_screen_wait(
            StudentScreen(student, lambda: Watcher(store, student.code, "stage"))
        )

    def action_resume(self) -> None:
        """Resume the unfinished game."""
        game = self.unfinished
        if game is not None:
            self.quiz_app.resume_game(game.id)

    def action_discard(self) -> None:
        """Discard the unfinished game (after confirming)."""
        game = self.unfinished
        if game is not None:
            self._confirm_discard(game)
