"""The host's screen on a fake class game: the lobby, a question and its live count, the
reveal, the top five, the podium and the results, the teacher's keys, and a store that
goes away."""

from __future__ import annotations

from typing import Any

from game.ui.live.host_screen import HostScreen
from tests.ui.helpers import FakeClock, assert_fits_once_laid_out, screen_text, wait_for
from tests.ui.live.apps import host_app
from tests.ui.live.fake import FakeGame, FakeStudent

SIZE = (80, 24)


def host(app: Any) -> HostScreen:
    screen = app.screen
    assert isinstance(screen, HostScreen)
    return screen


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


def right_choice(game: FakeGame) -> str:
    played = game.questions[0]
    return next(o for o in played.options if o == "Brussels")


async def test_lobby_shows_the_code_and_the_players_as_they_join(game: FakeGame) -> None:
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "0 players joined"))
        shown = screen_text(app)
        assert "Code K7Q2" in shown and "civic-quiz join K7Q2" in shown
        assert "\u2588\u2588" in shown  # the code drawn in large type
        FakeStudent(game, "Ana")
        FakeStudent(game, "Ben")
        await wait_for(pilot, lambda: shows(app, "2 players joined", "Ana", "Ben"))
        await assert_fits_once_laid_out(pilot, app)


async def test_a_question_counts_answers_then_reveals_when_everyone_answered(
    game: FakeGame,
) -> None:
    ana, ben = FakeStudent(game, "Ana"), FakeStudent(game, "Ben")
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?", "0 of 2 answered"))
        shown = screen_text(app)
        assert "Question 1 of 3" in shown and "20 seconds left" in shown
        assert "1. Paris" in shown and "3. Brussels" in shown  # as the students' keys
        ana.answer("Brussels")
        await wait_for(pilot, lambda: shows(app, "1 of 2 answered"))
        assert game.phase == "question"
        ben.answer("Rome")
        # Everyone answered: the host's screen asks for the reveal by itself.
        await wait_for(pilot, lambda: shows(app, "The answer: Brussels"))
        assert [c for c, _ in game.calls] == ["start", "reveal"]
        shown = screen_text(app)
        assert "\u2713 right" in shown  # the right bar, in a mark and a word
        assert "It was in Brussels." in shown
        await assert_fits_once_laid_out(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Top five after question 1 of 3"))
        shown = screen_text(app)
        assert "1. Ana" in shown and "2. Ben" in shown
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Question 2 of 3", "Match each person"))
        assert game.index == 1


async def test_time_up_by_the_database_clock_reveals(game: FakeGame) -> None:
    FakeStudent(game, "Ana")
    clock = FakeClock()
    app = host_app(game, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "1 player joined"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "20 seconds left"))
        clock.advance(12.5)
        await wait_for(pilot, lambda: shows(app, "8 seconds left"))
        assert game.phase == "question"
        clock.advance(8)
        await wait_for(pilot, lambda: game.phase == "reveal")
        await wait_for(pilot, lambda: shows(app, "The answer: Brussels"))


async def test_no_timer_waits_for_the_teacher(game: FakeGame) -> None:
    game.time_limit = None
    FakeStudent(game, "Ana")
    FakeStudent(game, "Ben").answer  # noqa: B018 (joined, never answers)
    clock = FakeClock()
    app = host_app(game, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "0 of 2 answered"))
        assert "seconds left" not in screen_text(app)
        clock.advance(600)
        await pilot.pause(0.5)
        assert game.phase == "question"
        await pilot.press("enter")  # the teacher reveals
        await wait_for(pilot, lambda: game.phase == "reveal")


async def test_pause_skip_and_the_podium_then_results(game: FakeGame) -> None:
    ana = FakeStudent(game, "Ana")
    FakeStudent(game, "Ben")
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Question 1 of 3"))
        await pilot.press("p")
        await wait_for(pilot, lambda: shows(app, "Paused by the teacher", "paused"))
        await pilot.press("p")
        await wait_for(pilot, lambda: not game.paused and not shows(app, "paused"))
        ana.answer("Brussels")
        await pilot.press("s")
        await wait_for(pilot, lambda: shows(app, "Question 2 of 3"))
        await pilot.press("s")
        await wait_for(pilot, lambda: shows(app, "Question 3 of 3"))
        await pilot.press("enter")  # reveal
        await wait_for(pilot, lambda: shows(app, "The answer:"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Top five after question 3 of 3"))
        assert "\u23ce Podium" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Final top five", "1st"))
        await assert_fits_once_laid_out(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "The class game is over. Final results"))
        assert "civic-quiz scores --session K7Q2" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_code == 0)


async def test_remove_and_extra_time_act_on_the_highlighted_player(game: FakeGame) -> None:
    FakeStudent(game, "Ana")
    FakeStudent(game, "Ben")
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"))
        await pilot.press("down", "x")
        await wait_for(pilot, lambda: shows(app, "Ben (extra time)"))
        assert ("give_extra_time", ("Ben",)) in game.calls
        await pilot.press("k")
        await wait_for(pilot, lambda: shows(app, "Remove Ben from the game?"))
        await pilot.press("y")
        await wait_for(pilot, lambda: shows(app, "1 player joined"))
        assert "Ben" not in game.players and "Ben" in game.removed


async def test_end_asks_first(game: FakeGame) -> None:
    FakeStudent(game, "Ana")
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "1 player joined"))
        await pilot.press("e")
        await wait_for(pilot, lambda: shows(app, "End the class game for everyone?"))
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert game.phase == "lobby"
        await pilot.press("e")
        await wait_for(pilot, lambda: shows(app, "End the class game for everyone?"))
        await pilot.press("y")
        await wait_for(pilot, lambda: shows(app, "Final results"))
        assert game.phase == "ended"


async def test_a_lost_store_is_said_and_the_game_goes_on(game: FakeGame) -> None:
    FakeStudent(game, "Ana")
    app = host_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "1 player joined"))
        game.broken = "the score database cannot be reached"
        await wait_for(pilot, lambda: shows(app, "Waiting for the score database"))
        await pilot.press("enter")  # refused, said, nothing changed
        await pilot.pause(0.2)
        assert game.phase == "lobby"
        game.broken = None
        game.bump()
        await wait_for(pilot, lambda: not shows(app, "Waiting for the score database"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "Question 1 of 3"))
