"""Issue 22 in the app: a typo's right spelling in the feedback and the review, an empty
`multi` answer asked first, and the exam's review before submitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.ui.dialogs.confirm import ConfirmDialog
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.feedback import FeedbackPanel
from tests.ui.helpers import (
    QUESTIONS,
    asking,
    make_app,
    pack_data,
    play,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
    write_pack,
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
        assert "Correct (the right spelling: Washington)" in screen_text(app)


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
