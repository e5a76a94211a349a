"""In the app, an answer that cannot be stored (a database locked by another program, a full
disk) gets no feedback: the screen says it is saving, then stops the game with a message and
goes home, where the game is offered to resume. A game that cannot be created is not played
unless the player chooses to play without saving, and a game played in another process
cannot be resumed here."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.play.session import GameSession
from game.store import GameFilter, ScoreStore, StoreError
from game.ui.app import QuizApp
from game.ui.dialogs.store_problem import AnswerNotSavedDialog, StoreProblemDialog
from game.ui.screens.home import HomeScreen
from game.ui.widgets.feedback import FeedbackPanel
from tests.conftest import REPO
from tests.store_trouble import fill_disk, locked, short_waits
from tests.ui.helpers import (
    asking,
    make_app,
    moved_on,
    notifications,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    wait_for,
)

WORKER = REPO / "tests" / "store_worker.py"


@pytest.fixture(autouse=True)
def _short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    short_waits(monkeypatch)


async def _answer(pilot: Pilot[Any], app: QuizApp) -> None:
    """Answer rightly, and leave the feedback if everyone has answered."""
    session = app.session
    assert session is not None
    given = sum(len(p.outcomes) for p in session.players)
    await pilot.press(*right_keys(session.current))
    await wait_for(
        pilot,
        lambda: (
            sum(len(p.outcomes) for p in session.players) > given
            and (showing_feedback(app) or asking(app))
        ),
    )
    if showing_feedback(app):
        await pilot.press("enter")
        await wait_for(pilot, lambda: moved_on(app))


def _no_feedback(app) -> bool:
    return not any(screen.query(FeedbackPanel) for screen in app.screen_stack)


@pytest.mark.parametrize("trouble", ["locked", "full"])
@pytest.mark.parametrize("players", [("Ada",), ("Ada", "Ben")])
async def test_an_answer_that_cannot_be_saved_stops_the_game(
    tmp_path: Path, packs: Path, trouble: str, players: tuple[str, ...]
) -> None:
    db = tmp_path / "scores.sqlite3"
    app = make_app(tmp_path, packs=packs, request=play("every-type", players=players))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and app.store is not None
        for _ in range(2 * len(players)):  # two questions for everyone
            await _answer(pilot, app)
        if len(players) == 2:  # Ada answers the third; Ben's answer is the one lost
            await _answer(pilot, app)
            assert session.turn == 1
        before = [(p.score, len(p.outcomes)) for p in session.players]
        hold = locked(db) if trouble == "locked" else None
        if hold is not None:
            hold.__enter__()
        else:
            fill_disk(app.store)
        try:
            await pilot.press(*right_keys(session.current))
            if trouble == "locked":
                await wait_for(pilot, lambda: "Saving your answer" in screen_text(app))
                # The feedback is shown at once, while the answer is saved (issue 22)...
                assert not _no_feedback(app)
            await wait_for(pilot, lambda: isinstance(app.screen, AnswerNotSavedDialog))
            await wait_for(pilot, lambda: "Your answer was not saved" in screen_text(app))
        finally:
            if hold is not None:
                hold.__exit__(None, None, None)
        dialog = app.screen
        assert isinstance(dialog, AnswerNotSavedDialog)
        assert dialog.message.startswith("Your answer could not be saved: ")
        assert ("locked" if trouble == "locked" else "the disk is full") in dialog.message
        assert dialog.message.endswith(
            ". The game is kept: resume it from the home screen or with `civic-quiz play --resume`."
        )
        text = " ".join(screen_text(app).replace("\u2588", " ").split())
        assert "Your answer was not saved" in text and "could not be saved" in text
        assert _no_feedback(app)  # ...and taken back when the answer could not be saved
        assert [(p.score, len(p.outcomes)) for p in session.players] == before
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: home.unfinished is not None)
    with ScoreStore(db) as store:
        games = sorted(store.unfinished_games(), key=lambda g: g.id)
        assert [g.answered for g in games] == [3, 2] if len(players) == 2 else [2]
        assert store.games(GameFilter(status="finished")) == []
        resumed = GameSession.resume(store, games, [session.packs[0]])
        assert resumed.position == 2 and resumed.turn == len(players) - 1
        assert [p.score for p in resumed.players] == [score for score, _ in before]


async def test_the_resumed_game_goes_on_in_the_app(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and app.store is not None
        await _answer(pilot, app)
        score = session.player.score
        with locked(db):
            await pilot.press(*right_keys(session.current))
            await wait_for(pilot, lambda: isinstance(app.screen, AnswerNotSavedDialog))
            await wait_for(pilot, lambda: "Your answer was not saved" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("r")  # the claim was given up: this window may resume it
        await wait_for(pilot, lambda: asking(app) and app.session is not session)
        resumed = app.session
        assert resumed is not None
        assert resumed.position == 1 and resumed.player.score == score
        await _answer(pilot, app)
        assert app.store.game(resumed.player.game_id).answered == 2  # type: ignore[arg-type]


@pytest.mark.parametrize("trouble", ["locked", "full"])
async def test_a_game_that_cannot_be_created_is_not_played(
    tmp_path: Path, packs: Path, trouble: str
) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db):
        pass
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.store is not None
        hold = locked(db) if trouble == "locked" else None
        if hold is not None:
            hold.__enter__()
        else:
            fill_disk(app.store)
        try:
            app.start_game(play("every-type"))
            await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
            await wait_for(pilot, lambda: "cannot be saved" in screen_text(app))
        finally:
            if hold is not None:
                hold.__exit__(None, None, None)
        text = screen_text(app)
        assert "This game cannot be saved" in text and "The game was not started" in text
        assert "Play without saving (p)" in text and "Back (b)" in text
        dialog = app.screen
        assert [b.id for b in dialog.query("Button")] == ["nosave", "home"]
        assert app.session is None
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.session is None
        if trouble == "locked":
            with locked(db):
                app.start_game(play("every-type"))
                await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
            await pilot.press("p")
            await wait_for(pilot, lambda: asking(app))
            session = app.session
            assert session is not None and session.store is None
            await _answer(pilot, app)
    with ScoreStore(db) as store:
        assert store.games(GameFilter(pack_id="every-type")) == []


async def test_a_game_played_in_another_process_is_not_resumed(tmp_path: Path, packs: Path) -> None:
    from tests.ui.helpers import start_game

    db = tmp_path / "scores.sqlite3"
    start_game(db, packs, "every-type", "Ada", answers=2)
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games()
        store.set_setting("player", "Ada")
    holder = subprocess.Popen(
        [sys.executable, str(WORKER), "claim", str(db), str(game.id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "claimed\n"
        app = make_app(tmp_path, packs=packs)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            await wait_for(pilot, lambda: "2 of 7 answered" in screen_text(app))
            await pilot.press("r")
            await wait_for(
                pilot,
                lambda: any("is being played in another window" in n for n in notifications(app)),
            )
            assert isinstance(app.screen, HomeScreen) and app.session is None
    finally:
        holder.communicate("\n", timeout=60)
    with ScoreStore(db) as store:
        assert store.game(game.id).answered == 2


class _HeldSaves:
    """Wraps a store's `record_answer`: each save waits until `release` is set, then
    fails with `error` (or stores the answer when it is None)."""

    def __init__(self, store: ScoreStore, error: StoreError | None) -> None:
        self.record = store.record_answer
        self.error = error
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.started.set()
        assert self.release.wait(10), "the test never released the save"
        if self.error is not None:
            raise self.error
        return self.record(*args, **kwargs)


async def test_feedback_shown_while_saving_is_taken_back_when_the_save_fails(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22: the feedback is shown at once and the answer saved meanwhile; a save that
    then fails takes the feedback back, says so, and leaves the game resumable."""
    db = tmp_path / "scores.sqlite3"
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and app.store is not None
        await _answer(pilot, app)
        held = _HeldSaves(app.store, StoreError("the disk is full", db))
        monkeypatch.setattr(app.store, "record_answer", held)
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: not _no_feedback(app))  # shown before it is saved
        assert held.started.wait(10)
        assert len(session.player.outcomes) == 1  # not counted until it is stored
        await pilot.press("enter")  # moving on must wait for the answer to be stored
        held.release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerNotSavedDialog))
        assert _no_feedback(app)
        assert "the disk is full" in app.screen.message
        assert len(session.player.outcomes) == 1
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games()
        assert game.answered == 1


async def test_enter_on_feedback_being_saved_moves_on_once_it_is_stored(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "scores.sqlite3"
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and app.store is not None
        held = _HeldSaves(app.store, None)
        monkeypatch.setattr(app.store, "record_answer", held)
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: not _no_feedback(app))
        await pilot.press("enter")
        await pilot.pause()
        assert session.position == 0 and not asking(app)  # still saving: no next question
        held.release.set()
        await wait_for(pilot, lambda: asking(app) and session.position == 1)
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games()
        assert game.answered == 1
