"""Whole games played by keyboard: one per question type, a mixed game from the home screen,
wrong answers, hints, and several players taking turns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Input

from game.store import GameFilter, ScoreStore
from game.ui.app import QuizApp
from game.ui.screens.home import HomeScreen
from game.ui.screens.quiz import QuizScreen
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.feedback import FeedbackPanel
from game.ui.widgets.leaderboard_table import LeaderboardTable
from game.ui.widgets.messages import AnswerGiven
from tests.sample_packs import right_answer
from tests.ui.helpers import (
    TYPES,
    asking,
    assert_fits_once_laid_out,
    make_app,
    moved_on,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
    wrong_keys,
)


def session_of(app: QuizApp) -> Any:
    assert app.session is not None
    return app.session


@pytest.mark.parametrize("kind", TYPES)
async def test_a_whole_game_of_each_type(tmp_path: Path, packs: Path, kind: str) -> None:
    app = make_app(tmp_path, packs=packs, request=play(f"one-{kind}"))
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        assert session.current.question.type == kind
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        panel = app.screen.query_one(FeedbackPanel)
        outcome = session.player.outcomes[-1]
        assert outcome.correct and outcome.points == 100
        assert "\u2713 Correct" in text_of(panel.query_one(".verdict"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert session.is_over
        assert app.screen.query_one(LeaderboardTable)
        # The leaderboard is read in a worker: its rows come a moment after the screen.
        await wait_for(pilot, lambda: "\u25b6" in screen_text(app))
        own = next(line for line in screen_text(app).splitlines() if "\u25b6" in line)
        assert "Ada" in own and "100 / 100" in own
    answers = {id(m) for m in messages if isinstance(m, AnswerGiven)}  # seen at each hop
    assert len(answers) == 1
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.games(GameFilter(player="Ada"))
        assert game.status == "finished" and game.score == 100 and game.correct == 1
        (answer,) = store.answers(game.id)
        assert answer.credit == 1.0
        assert [row.game_id for row in store.leaderboard(f"one-{kind}")] == [game.id]


async def test_wrong_answers_show_the_right_ones(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=(120, 40)) as pilot:  # and a larger terminal
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        while not session.is_over:
            await assert_fits_once_laid_out(pilot, app)
            await pilot.press(*wrong_keys(session.current))
            await wait_for(pilot, lambda: showing_feedback(app))
            await assert_fits_once_laid_out(pilot, app)
            outcome = session.player.outcomes[-1]
            assert outcome.points == 0 and not outcome.correct
            panel = app.screen.query_one(FeedbackPanel)
            answer = text_of(panel.query_one(".feedback-answer"))
            assert f"The answer: {outcome.correct_answer}" in answer
            verdict = text_of(panel.query_one(".verdict"))
            assert verdict.startswith(("\u2717 Wrong", "\u25d0 Partly correct")), verdict
            await pilot.press("enter")
            await wait_for(pilot, lambda: moved_on(app))
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert session.player.score == 0


async def test_a_mixed_game_from_the_home_screen(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("n", *"\b" * 0)
        name = home.query_one("#player")
        name.value = ""  # type: ignore[attr-defined]
        await pilot.press(*"Grace", "enter")
        entries = home.query_one("#packs").entries  # type: ignore[attr-defined]
        index = next(i for i, e in enumerate(entries) if e.pack_id == "every-type")
        await pilot.press(*["down"] * index, "enter")
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        assert session.player.name == "Grace"
        seen = []
        while not session.is_over:
            seen.append(session.current.question.type)
            # Every question type fits 80x24, nothing to scroll.
            await assert_fits_once_laid_out(pilot, app)
            await pilot.press(*right_keys(session.current))
            await wait_for(pilot, lambda: showing_feedback(app) or moved_on(app))
            await assert_fits_once_laid_out(pilot, app)
            await pilot.press("space")
            await wait_for(pilot, lambda: moved_on(app))
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert sorted(seen) == sorted(TYPES)
        player = session.player
        assert player.correct == 7 and player.best_streak == 7
        assert player.score == sum(o.points for o in player.outcomes) > 700
        review = app.screen.query(".review")
        assert len(review) == 7
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: f"your best: {player.score}" in screen_text(app))
    assert len({id(m) for m in messages if isinstance(m, AnswerGiven)}) == 7
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        assert store.get_setting("player") == "Grace"
        (game,) = store.games(GameFilter(player="Grace"))
        assert game.status == "finished" and game.score == player.score
        assert len(store.answers(game.id)) == 7


async def test_a_hint_halves_the_points(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        await pilot.press("h")
        hint = app.screen.query_one("#hint")
        assert hint.display and "Capital of Belgium." in text_of(hint)
        assert session.hint_used
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        outcome = session.player.outcomes[-1]
        assert outcome.correct and outcome.hint_used and outcome.points == 50
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.games()
        assert store.answers(game.id)[0].hint_used


async def test_a_typed_question_takes_the_hint_with_a_question_mark(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-text"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        await pilot.press("h")  # typed into the answer, as a letter
        assert app.screen.query_one(Input).value == "h" and not session.hint_used
        await pilot.press("backspace", "?", "enter")  # a lone "?" asks for the hint
        await wait_for(pilot, lambda: session.hint_used)
        hint = text_of(app.screen.query_one("#hint"))
        assert "Its headquarters are in Brussels." in hint
        assert asking(app) and app.screen.query_one(Input).value == ""
        await pilot.press(*"otan", "enter")
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].points == 50


async def test_typed_answers_that_cannot_be_read_are_refused(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-numeric"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        await pilot.press("enter")
        await pilot.press(*"two", "enter")
        await pilot.pause()
        assert session.state == "question"
        problem = text_of(app.screen.query_one(".answer-problem"))
        assert "Please type a number" in problem
        await pilot.press(*["backspace"] * 3, *"1,000", "enter")
        await pilot.pause()
        # Ambiguous (1000 or 1?): asked, not graded, and typed again.
        assert session.state == "question" and not session.player.outcomes
        problem = text_of(app.screen.query_one(".answer-problem"))
        assert "Did you mean 1000 or 1? Type it without the separator" in problem
        await pilot.press(*["backspace"] * 5, *"1 000", "enter")
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].response == "1 000"


async def test_a_match_needs_every_row_before_enter(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-match"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        keys = right_keys(session.current)
        await pilot.press(keys[0], "enter")
        assert session.state == "question"
        assert "missing: B, C" in text_of(app.screen.query_one(".answer-problem"))
        await pilot.press(*keys[1:])
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].correct


async def test_a_double_press_answers_only_once(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type", mode="exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        first = session.current
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        widget = screen.answer_input
        assert widget is not None
        widget.post_message(AnswerGiven(right_answer(first), widget))
        widget.post_message(AnswerGiven(right_answer(first), widget))
        await wait_for(pilot, lambda: session.position == 1)
        await pilot.pause()
        assert session.position == 1 and len(session.player.outcomes) == 1


async def test_players_take_turns(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-truefalse", players=("Ada", "Bo")))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        assert "Ada's turn" in text_of(app.screen.query_one("#turn"))
        await pilot.press("f")
        await wait_for(pilot, lambda: "Bo's turn" in text_of(app.screen.query_one("#turn")))
        assert session.turn == 1
        await pilot.press("t")
        await wait_for(pilot, lambda: showing_feedback(app))
        verdicts = [text_of(v) for v in app.screen.query(".verdict")]  # type: ignore[attr-defined]
        assert verdicts[0].startswith("Ada: \u2713 Correct")
        assert verdicts[1].startswith("Bo: \u2717 Wrong")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        summary = text_of(app.screen.query_one("#results-summary"))
        assert "Ada: 100 of 100 points" in summary and "Bo: 0 of 100 points" in summary
