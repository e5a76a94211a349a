"""Unfinished games: leaving keeps them, the home screen offers to resume or discard them,
and a resumed game continues at its first unanswered question with its score."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.launch import GameRequest
from game.store import ScoreStore
from game.ui.dialogs.confirm import ConfirmDialog
from game.ui.screens.home import HomeScreen
from game.ui.widgets.countdown import Countdown
from game.ui.widgets.leaderboard_table import LeaderboardTable
from game.ui.widgets.resume_offer import ResumeOffer
from tests.ui.helpers import (
    FakeClock,
    asking,
    make_app,
    moved_on,
    right_keys,
    screen_text,
    showing_feedback,
    start_game,
    text_of,
    wait_for,
)


async def leave_after_two_answers(tmp_path: Path, packs: Path) -> tuple[int, list[str]]:
    """Play two of three questions of the every-type pack, then leave; the score and the
    keys of the questions answered."""
    request = GameRequest(packs=("every-type",), players=("Ada",), questions=3, seed=7)
    app = make_app(tmp_path, packs=packs, request=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        for _ in range(2):
            await pilot.press(*right_keys(session.current))
            await wait_for(pilot, lambda: showing_feedback(app))
            await pilot.press("enter")
            await wait_for(pilot, lambda: asking(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen) and app.screen.unfinished is not None
        return session.player.score, [p.key for p in session.played[:2]]


async def test_resume_continues_at_the_first_unanswered_question(
    tmp_path: Path, packs: Path
) -> None:
    score, answered = await leave_after_two_answers(tmp_path, packs)
    assert score > 0
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "2 of 3 answered" in screen_text(app))
        offer = app.screen.query_one(ResumeOffer)
        assert offer.game.score == score
        await pilot.press("r")
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        assert session.position == 2 and session.state == "question"
        assert session.player.score == score
        assert [o.played.key for o in session.player.outcomes] == answered
        assert "Question 3 of 3" in screen_text(app)
        while not session.is_over:
            await pilot.press(*right_keys(session.current))
            await wait_for(pilot, lambda: showing_feedback(app) or moved_on(app))
            await pilot.press("enter")
            await wait_for(pilot, lambda: moved_on(app))
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.games()
        assert game.status == "finished" and game.correct == 3 and game.answered == 3


async def test_play_resume_from_the_command_line(tmp_path: Path, packs: Path) -> None:
    score = start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada", answers=2)
    app = make_app(tmp_path, packs=packs, request=GameRequest(resume=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert app.session is not None
        assert app.session.position == 2 and app.session.player.score == score


async def test_discard_abandons_the_game(tmp_path: Path, packs: Path) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada", answers=2)
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        store.set_setting("player", "Ada")  # the offer is for the player named on the home screen
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert isinstance(home, HomeScreen)
        # The player's games are read in a worker (issue 22): offered once read.
        await wait_for(pilot, lambda: home.unfinished is not None)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is home)
        assert home.unfinished is not None
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: home.unfinished is None)
        # The offer is removed from the screen, then no longer drawn: it was shown before.
        await wait_for(pilot, lambda: not home.query(ResumeOffer))
        await wait_for(pilot, lambda: "Unfinished game" not in screen_text(app))
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.games()
        assert game.status == "abandoned"


async def test_a_hot_seat_game_is_offered_with_its_players_and_resumed_with_all_of_them(
    tmp_path: Path, packs: Path
) -> None:
    from game.packs.catalog import load_catalog
    from game.play.launch import build_session
    from tests.sample_packs import right_answer
    from tests.ui.helpers import NOW, FakeClock

    request = GameRequest(packs=("every-type",), players=("Ada", "Ben"), seed=7)
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        session = build_session(
            request, load_catalog([packs]), store, clock=FakeClock(), now=lambda: NOW
        )
        session.answer(right_answer(session.current))
        session.answer(right_answer(session.current))
        session.advance()
        session.answer(right_answer(session.current))  # Ada answers the second question
        scores = [p.score for p in session.players]
        session.release()
        store.set_setting("player", "Ben")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Hot-seat: Ada, Ben take turns" in screen_text(app))
        await pilot.press("r")
        await wait_for(pilot, lambda: asking(app))
        resumed = app.session
        assert resumed is not None
        assert [p.name for p in resumed.players] == ["Ada", "Ben"]
        assert [p.score for p in resumed.players] == scores
        assert resumed.player.name == "Ben" and resumed.position == 1
        assert "Ben" in screen_text(app)


async def test_the_leaderboard_screen_shows_a_game_finished_by_another_process(
    tmp_path: Path, packs: Path
) -> None:
    from game.ui.screens.leaderboard import LeaderboardScreen

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.action_leaderboard("one-truefalse")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        await wait_for(pilot, lambda: "No finished games yet" in screen_text(app))
        # Another process (a served student) finishes a game on its own connection.
        start_game(tmp_path / "scores.sqlite3", packs, "one-truefalse", "Zed")
        await wait_for(pilot, lambda: "Zed" in screen_text(app), seconds=6)
        assert "100% (" in screen_text(app)


async def test_a_practice_rounds_results_say_nothing_of_leaderboards(
    tmp_path: Path, packs: Path
) -> None:
    from game.ui.screens.results import ResultsScreen

    start_game(tmp_path / "scores.sqlite3", packs, "one-truefalse", "Ada")
    request = GameRequest(packs=("one-truefalse",), players=("Bo",), mode="practice")
    app = make_app(tmp_path, packs=packs, request=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app) or moved_on(app))
        if not isinstance(app.screen, ResultsScreen):
            await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        text = screen_text(app)
        assert "Leaderboard \u2014" not in text and "Not in the top" not in text
        assert not app.screen.query(LeaderboardTable)


async def test_a_resumed_timed_question_keeps_the_time_already_spent(
    tmp_path: Path, packs: Path
) -> None:
    clock = FakeClock()
    request = GameRequest(packs=("one-choice",), players=("Ada",), mode="timed", seed=7)
    app = make_app(tmp_path, packs=packs, request=request, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and session.current.time_limit == 30
        clock.advance(12.5)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.unfinished_games()
        assert game.pending_position == 0 and game.pending_seconds == 12.5
    app = make_app(tmp_path, packs=packs, clock=FakeClock())  # a fresh process's clock
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: len(app.screen.query(ResumeOffer)) > 0)
        await pilot.press("r")
        await wait_for(pilot, lambda: asking(app))
        countdown = app.screen.query_one(Countdown)
        assert countdown.display
        await wait_for(pilot, lambda: "18 seconds left" in text_of(countdown.query_one("Label")))


@pytest.mark.parametrize("size", [(80, 24), (70, 16)], ids=["80x24", "70x16"])
async def test_the_offer_never_cuts_the_date_or_the_points(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from game.ui.formatting import date_text
    from tests.ui.helpers import NOW, QUESTIONS, pack_data, write_pack

    packs = tmp_path / "packs"
    title = "The NATO summit in Warsaw and what the United States and Europe agreed about it"
    questions = [QUESTIONS[k] for k in ("truefalse", "choice", "text")]
    write_pack(packs, pack_data("long-title", questions, title=title, points=200))
    db = tmp_path / "scores.sqlite3"
    score = start_game(db, packs, "long-title", "Ada", answers=1)
    assert score == 200
    app = make_app(tmp_path, packs=packs, db_path=db)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n", *"Ada", "enter")
        await wait_for(pilot, lambda: bool(app.screen.query(ResumeOffer)))
        await pilot.pause()
        text = screen_text(app)
        assert f"Unfinished game ({date_text(NOW)}): " in text, (size, text)
        # The details may wrap in the box, never be cut: read its lines as one.
        box = " ".join(
            line.strip(" \u2502").replace("Resume (r)", "").replace("Discard (x)", "")
            for line in text.splitlines()
            if line.strip().startswith("\u2502")
        )
        assert "classic \u00b7 1 of 3 answered \u00b7 200 points" in " ".join(box.split())
        assert "Resume (r)" in text and "Discard (x)" in text, (size, text)
