"""A student's screen on a fake class game: waiting in the lobby, answering and changing
the answer, the outcome with points and place, a late joiner, the teacher gone, a lost
store, a removed student, and leaving."""

from __future__ import annotations

from typing import Any

from game.ui.live.student_screen import HOST_AWAY, SAVED, STORE_AWAY, StudentScreen
from tests.ui.helpers import FakeClock, assert_fits_once_laid_out, screen_text, wait_for
from tests.ui.live.apps import student_app
from tests.ui.live.fake import FakeGame, FakeHost, FakeStudent

SIZE = (80, 24)


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


def brussels(game: FakeGame) -> str:
    """The key of Brussels in the first question (the options are shuffled)."""
    return str(game.questions[0].options.index("Brussels") + 1)


def student(app: Any) -> StudentScreen:
    screen = app.screen
    assert isinstance(screen, StudentScreen)
    return screen


async def test_waits_in_the_lobby_then_answers_and_changes_the_answer(game: FakeGame) -> None:
    FakeStudent(game, "Ben")
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!", "2 players joined"))
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?", "1. "))
        assert "20 seconds left" in screen_text(app)
        await assert_fits_once_laid_out(pilot, app)
        wrong = "1" if brussels(game) != "1" else "2"
        await pilot.press(wrong)
        await wait_for(pilot, lambda: shows(app, SAVED))
        assert game.players["Ana"].answers[0] != "Brussels"
        await pilot.press(brussels(game))  # changed while the time lasts
        await wait_for(pilot, lambda: game.players["Ana"].answers.get(0) == "Brussels")
        await wait_for(pilot, lambda: shows(app, SAVED))
        host.reveal()
        await wait_for(pilot, lambda: shows(app, "\u2713 Right!", "The answer: Brussels"))
        shown = screen_text(app)
        assert "+100 points" in shown and "you are 1st of 2" in shown
        assert "It was in Brussels." in shown
        await assert_fits_once_laid_out(pilot, app)


async def test_a_wrong_answer_says_so_in_words(game: FakeGame) -> None:
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?"))
        await pilot.press("1" if brussels(game) != "1" else "2")
        await wait_for(pilot, lambda: shows(app, SAVED))
        host.reveal()
        await wait_for(pilot, lambda: shows(app, "\u2717 Not right.", "+0 points"))


async def test_an_answer_after_the_reveal_is_refused_in_words(game: FakeGame) -> None:
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?"))
        game.phase = "reveal"  # revealed, and the screen has not read it yet
        await pilot.press(brussels(game))
        await wait_for(pilot, lambda: shows(app, "the time for this question is up"))
        assert 0 not in game.players["Ana"].answers


async def test_the_countdown_follows_the_database_clock(game: FakeGame) -> None:
    host = FakeHost(game)
    clock = FakeClock()
    app = student_app(game, "Ana", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "20 seconds left"))
        clock.advance(15.2)
        await wait_for(pilot, lambda: shows(app, "5 seconds left"))
        clock.advance(5)
        await wait_for(pilot, lambda: shows(app, "Time is up"))


async def test_a_late_joiner_waits_for_the_next_question(game: FakeGame, monkeypatch: Any) -> None:
    host = FakeHost(game)
    host.start()
    app = student_app(game, "Ana")
    original = FakeStudent.view

    def late(self: FakeStudent) -> Any:
        import dataclasses

        return dataclasses.replace(original(self), playing=game.index > 0)

    monkeypatch.setattr(FakeStudent, "view", late)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "you play from the next one"))
        assert not shows(app, "Where was the EU summit?")
        host.reveal()
        host.next()
        await wait_for(pilot, lambda: shows(app, "Match each person"))


async def test_the_teacher_gone_and_the_store_lost_are_said(game: FakeGame) -> None:
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?"))
        game.host_away = True
        game.bump()
        await wait_for(pilot, lambda: shows(app, HOST_AWAY[:30]))
        game.host_away = False
        game.bump()
        await wait_for(pilot, lambda: not shows(app, HOST_AWAY[:30]))
        game.broken = "the score database cannot be reached"
        await wait_for(pilot, lambda: shows(app, STORE_AWAY[:30]))
        game.broken = None
        game.bump()
        await wait_for(pilot, lambda: not shows(app, STORE_AWAY[:30]))
        assert shows(app, "Where was the EU summit?")


async def test_a_removed_student_is_told(game: FakeGame) -> None:
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!"))
        host.remove("Ana")
        await wait_for(pilot, lambda: shows(app, "The teacher removed you from this game."))


async def test_the_podium_gives_the_place(game: FakeGame) -> None:
    host = FakeHost(game)
    app = student_app(game, "Ana")
    FakeStudent(game, "Ben").answer  # noqa: B018 (joined)
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?"))
        await pilot.press(brussels(game))
        await wait_for(pilot, lambda: shows(app, SAVED))
        host.reveal()
        host.next()
        host.next()
        host.next()
        await wait_for(pilot, lambda: shows(app, "You finished 1st with 100 points."))
        assert "1. Ana" in screen_text(app)


async def test_escape_leaves_and_the_name_can_come_back(game: FakeGame) -> None:
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.return_code == 0)
    assert not game.players["Ana"].connected
    FakeStudent(game, "Ana")  # rejoins with the same name
    assert game.players["Ana"].connected


async def test_a_reveal_never_read_still_shows_the_next_question(game: FakeGame) -> None:
    # A fast teacher: the reveal and the next question are committed between two reads,
    # so the first question's answer widget is replaced by the next one's directly.
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!"))
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?", "1. "))
        host.reveal()
        host.next()
        await wait_for(pilot, lambda: shows(app, "Question 2 of 3", "Match each person"))
        await pilot.pause(0.2)
        slot = student(app).query_one("#answer-slot")
        assert len(slot.children) == 1 and slot.children[0] is student(app).answer_input


async def test_the_question_never_shows_without_its_answer_widget_focused(
    game: FakeGame,
) -> None:
    """A key pressed as soon as the prompt is on screen is the answer: the prompt is never
    shown before its answer widget is mounted and focused (under a class's load, the gap
    between them lost a student's first key)."""
    host = FakeHost(game)
    app = student_app(game, "Ana")
    shown_alone: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!"))
        screen = student(app)
        show = screen.show

        def checked_show(data: Any) -> None:
            show(data)
            prompt = screen.query_one("#prompt")
            answer = screen.answer_input
            if data.state.phase != "question" or not prompt.display:
                return
            if answer is None or not answer.is_mounted or not answer.has_focus_within:
                shown_alone.append(f"question {data.state.index + 1}: {answer!r}")

        screen.show = checked_show  # type: ignore[method-assign]
        host.start()
        await wait_for(pilot, lambda: screen.query_one("#prompt").display)
        await pilot.press(brussels(game))  # at once
        await wait_for(pilot, lambda: shows(app, SAVED))
        assert game.players["Ana"].answers[0] == "Brussels"
        host.reveal()
        await wait_for(pilot, lambda: shows(app, "The answer: Brussels"))
        host.next()
        await wait_for(pilot, lambda: shows(app, "Question 2 of 3", "Match each person"))
        assert screen.answer_input is not None and screen.answer_input.has_focus_within
    assert shown_alone == []


async def test_the_clock_is_drawn_again_only_when_its_text_changes(game: FakeGame) -> None:
    """The clock is ticked five times a second; redrawing the same text each time cost a
    waiting student's process 18 ms of CPU a second (a class of 30 on one machine: half a
    core, doing nothing)."""
    host = FakeHost(game)
    clock = FakeClock()
    app = student_app(game, "Ana", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, "You are in, Ana!"))
        line = student(app).query_one("#clock")
        drawn: list[str] = []
        update = line.update  # type: ignore[attr-defined]

        def counted(content: Any = "", **kwargs: Any) -> None:
            drawn.append(str(content))
            update(content, **kwargs)

        line.update = counted  # type: ignore[attr-defined]
        await pilot.pause(0.7)  # three ticks in the lobby
        assert drawn == []
        host.start()
        await wait_for(pilot, lambda: shows(app, "20 seconds left"))
        await pilot.pause(0.5)  # more ticks in the same second
        assert drawn == ["\u25f7 20 seconds left"]
        clock.advance(1)
        await wait_for(pilot, lambda: shows(app, "19 seconds left"))
        assert drawn == ["\u25f7 20 seconds left", "\u25f7 19 seconds left"]


async def test_an_answer_given_is_still_said_saved_while_the_teacher_is_away(
    game: FakeGame,
) -> None:
    """The teacher-away line took the place of "Answer saved": a student who had answered
    no longer saw that the answer was kept."""
    host = FakeHost(game)
    app = student_app(game, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        host.start()
        await wait_for(pilot, lambda: shows(app, "Where was the EU summit?", "1. "))
        await pilot.press(brussels(game))
        await wait_for(pilot, lambda: shows(app, SAVED))
        game.host_away = True
        game.bump()
        await wait_for(pilot, lambda: shows(app, HOST_AWAY[:30]))
        words = " ".join(screen_text(app).split())  # the status line wraps at 80 columns
        assert "Your answer (Brussels) is saved." in words
        game.host_away = False  # back: the away line goes, and the answer is said saved
        game.bump()
        await wait_for(pilot, lambda: not shows(app, HOST_AWAY[:30]))
        assert shows(app, "Your answer: Brussels.", SAVED)
