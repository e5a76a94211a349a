"""Timed and exam modes: the countdown runs out on the session's clock, and an exam shows
nothing about the answers until the results."""

from __future__ import annotations

from pathlib import Path

from game.ui.screens.results import ResultsScreen
from game.ui.widgets.countdown import Countdown
from game.ui.widgets.feedback import FeedbackPanel
from tests.ui.helpers import (
    FakeClock,
    asking,
    make_app,
    moved_on,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
)


def in_review(app: object) -> bool:
    """Whether the quiz screen shows an exam's review."""
    return getattr(getattr(app, "screen", None), "showing", None) == "review"


async def test_the_countdown_runs_out_on_the_session_clock(tmp_path: Path, packs: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, packs=packs, clock=clock, request=play("one-choice", mode="timed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and session.current.time_limit == 30
        countdown = app.screen.query_one(Countdown)
        assert countdown.display
        clock.advance(12.5)
        await wait_for(pilot, lambda: "18 seconds left" in text_of(countdown.query_one("Label")))
        clock.advance(18)
        await wait_for(pilot, lambda: showing_feedback(app))
        outcome = session.player.outcomes[-1]
        assert outcome.timed_out and outcome.response is None and outcome.points == 0
        panel = app.screen.query_one(FeedbackPanel)
        assert text_of(panel.query_one(".verdict")).startswith("\u25f7 Time is up")
        assert "You answered: (no answer)" in text_of(panel.query_one(".feedback-answer"))
        assert not countdown.display
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))


async def test_a_quick_answer_keeps_most_of_the_points(tmp_path: Path, packs: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, packs=packs, clock=clock, request=play("one-truefalse", mode="timed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        clock.advance(15)  # half the time: 75% of the points
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].points == 75


async def test_an_exam_shows_no_feedback_until_the_results(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type", mode="exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        while session.state == "question":
            number = session.current.number
            header = screen_text(app).splitlines()[0]
            assert f"Question {number} of 7" in header
            assert "scores at the end" in header and "points" not in header
            await pilot.press(*right_keys(session.current))
            await wait_for(
                pilot,
                lambda n=number: in_review(app) or (moved_on(app) and session.current.number > n),
            )
            assert not app.screen.query(FeedbackPanel)
            assert session.state != "feedback"
        assert "points" not in screen_text(app).splitlines()[0]  # the review gives nothing away
        await pilot.press("s", "y")  # submitted on purpose (issue 22)
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        text = screen_text(app)
        # The real maximum (issue 12): the streak bonus included, never below the score.
        assert f"{session.player.score} of {session.max_score} points" in text
        assert session.player.score <= session.max_score
        assert len(app.screen.query(".review")) == 7
        assert "\u2713 Correct" in text_of(app.screen.query(".review").first())
