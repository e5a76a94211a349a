"""Issue 22 in the app: a typo's right spelling in the feedback and the review, an empty
`multi` answer asked first, and the exam's review before submitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.play.launch import GameRequest
from game.store import ScoreStore
from game.ui.dialogs.confirm import ConfirmDialog
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.exam_review import ExamReview
from game.ui.widgets.feedback import FeedbackPanel
from tests.ui.helpers import (
    QUESTIONS,
    asking,
    make_app,
    pack_data,
    play,
    screen_text,
    showing_feedback,
    start_game,
    text_of,
    wait_for,
    write_pack,
    wrong_keys,
)

SPELLING = {
    "id": "capital",
    "type": "text",
    "prompt": "Which city is the capital of the United States?",
    "answer": "Washington",
    "explanation": "Washington, D.C.",
}


def session_of(app: Any) -> Any:
    assert app.session is not None
    return app.session


async def test_a_typo_shows_the_right_spelling_in_feedback_and_review(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    write_pack(packs, pack_data("spelling", [SPELLING]))
    app = make_app(tmp_path, packs=packs, request=play("spelling"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(*"Washingten", "enter")
        await wait_for(pilot, lambda: showing_feedback(app))
        verdict = text_of(app.screen.query_one(FeedbackPanel).query_one(".verdict"))
        assert "\u2713 Correct (the right spelling: Washington)" in verdict
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await wait_for(
            pilot, lambda: "Correct (the right spelling: Washington)" in screen_text(app)
        )


async def test_an_empty_multi_answer_asks_first(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    write_pack(packs, pack_data("one-multi", [QUESTIONS["multi"]]))
    app = make_app(tmp_path, packs=packs, request=play("one-multi"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert not session.player.outcomes  # nothing submitted yet
        await pilot.press("n")  # back to the question, to tick one
        await wait_for(pilot, lambda: asking(app))
        assert not session.player.outcomes
        await pilot.press("enter", "y")  # none is right, on purpose
        await wait_for(pilot, lambda: showing_feedback(app))
        (outcome,) = session.player.outcomes
        assert outcome.response == [] and outcome.response_text == "(nothing picked)"


def in_review(app: Any) -> bool:
    """Whether the quiz screen shows an exam's review."""
    return getattr(app.screen, "showing", None) == "review"


async def test_an_exam_review_changes_an_answer_and_submits_on_purpose(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type", mode="exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        while session.state == "question":
            number = session.current.number
            await pilot.press(*wrong_keys(session.current))
            await wait_for(pilot, lambda n=number: in_review(app) or session.current.number > n)
        await wait_for(pilot, lambda: in_review(app))
        review = app.screen.query_one(ExamReview)
        assert review.option_count == 7
        text = next(p for p in session.played if p.key == "text")
        for _ in range(review.positions.index(text.position)):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))
        await wait_for(
            pilot, lambda: "Which alliance did Jens Stoltenberg lead?" in screen_text(app)
        )
        assert "Your answer: Nowhere at all" in screen_text(app)
        await pilot.press("escape")  # keeps the answer
        await wait_for(pilot, lambda: in_review(app))
        assert session.players[0].correct == 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(*"NATO", "enter")
        await wait_for(pilot, lambda: in_review(app))
        await wait_for(pilot, lambda: "You answered: NATO" in screen_text(app))
        assert session.players[0].correct == 1
        with ScoreStore(tmp_path / "scores.sqlite3") as store:
            (game,) = store.games()
            assert game.status == "active" and game.correct == 1  # stored, not yet submitted
            assert store.answers(game.id)[text.position].answer_text == "NATO"
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # keep reviewing
        await wait_for(pilot, lambda: in_review(app))
        assert not session.is_over
        await pilot.press("s", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await wait_for(pilot, lambda: "1 of 7 correct" in screen_text(app))
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        (game,) = store.games()
        assert game.status == "finished" and game.correct == 1


async def test_an_exam_left_in_review_resumes_in_review(tmp_path: Path, packs: Path) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada", mode="exam", submit=False)
    app = make_app(tmp_path, packs=packs, request=GameRequest(resume=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: in_review(app))
        assert session_of(app).in_review
        assert app.screen.query_one(ExamReview).option_count == 7
        await pilot.press("s", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
