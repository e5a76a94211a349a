"""Evidence and claim questions in the full-screen app at 80x24: long sentences wrap and
fit, a number key answers, the feedback shows the right sentence in its context."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.kinds import kind_of
from game.play.session import PlayedQuestion
from game.ui.app import QuizApp
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.feedback import FeedbackPanel
from tests.kinds.media import PACK, SOURCE_FILE
from tests.ui.helpers import (
    asking,
    assert_fits_once_laid_out,
    make_app,
    play,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
)

SIZE = (80, 24)
Snap = Callable[..., bool]

HEADER = """\
format: civic-quiz/1
id: {id}
title: {title}
source:
  publisher: DW
  published: 2016-11-13
  file: sources/nato-us-europe-2016.txt
questions:
"""


def media_packs(folder: Path) -> Path:
    """The media-literacy pack, and one pack per question of it (`one-<question id>`)."""
    import yaml

    (folder / "sources").mkdir(parents=True)
    shutil.copy(SOURCE_FILE, folder / "sources")
    shutil.copy(PACK, folder / PACK.name)
    data = yaml.safe_load(PACK.read_text("utf-8"))
    for question in data["questions"]:
        qid = question["id"]
        body = yaml.safe_dump([question], allow_unicode=True, sort_keys=False, width=200)
        text = HEADER.format(id=f"one-{qid}", title=f"One {qid}") + body
        (folder / f"one-{qid}.yaml").write_text(text, "utf-8")
    return folder


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return media_packs(tmp_path / "media")


def key_of(played: PlayedQuestion, right: bool) -> str:
    """The number key of the right option (or of a wrong one)."""
    kind = kind_of(played.question)
    for number, option in enumerate(played.options, 1):
        if kind.grade(played.question, option).correct == right:
            return str(number)
    raise AssertionError("no such option")


def session_of(app: QuizApp) -> Any:
    assert app.session is not None
    return app.session


QUESTIONS = ["clause-once", "burden-shared", "famously", "fair-share", "ministers", "going-alone"]


@pytest.mark.parametrize("qid", QUESTIONS)
async def test_each_question_fits_and_is_answered_by_a_number(
    tmp_path: Path, media: Path, qid: str
) -> None:
    app = make_app(tmp_path, packs=media, request=play(f"one-{qid}"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = session_of(app)
        played = session.current
        await assert_fits_once_laid_out(pilot, app)
        shown = screen_text(app)
        for option in played.options:  # every option visible, wrapped, none cut
            first_words = " ".join(option.split()[:4])
            assert first_words in shown, first_words
        await pilot.press(key_of(played, right=True))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].correct
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))


async def test_a_wrong_evidence_answer_shows_the_sentence_in_context(
    tmp_path: Path, media: Path
) -> None:
    app = make_app(tmp_path, packs=media, request=play("one-clause-once"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(key_of(session_of(app).current, right=False))
        await wait_for(pilot, lambda: showing_feedback(app))
        panel = app.screen.query_one(FeedbackPanel)
        answer = text_of(panel.query_one(".feedback-answer"))
        assert 'The answer: "The only time NATO has invoked' in answer
        assert "In the article: \u2026 Stoltenberg took the opportunity" in answer
        assert '\u00bb "The only time NATO' in answer
        assert "burden alone. \u2026" in answer


def until_asking(app: QuizApp) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))

    return run_before


@pytest.mark.parametrize("qid", ["clause-once", "fair-share", "going-alone"])
def test_question_snapshot(snap_compare: Snap, tmp_path: Path, media: Path, qid: str) -> None:
    app = make_app(tmp_path, packs=media, request=play(f"one-{qid}"))
    assert snap_compare(app, terminal_size=SIZE, run_before=until_asking(app))


def test_evidence_feedback_snapshot(snap_compare: Snap, tmp_path: Path, media: Path) -> None:
    app = make_app(tmp_path, packs=media, request=play("one-clause-once"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(key_of(session_of(app).current, right=False))
        await wait_for(pilot, lambda: showing_feedback(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
