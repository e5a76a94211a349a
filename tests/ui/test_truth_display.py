"""The TUI shows what a question claims and what is true: the frame line above the prompt,
and the correction and dated updates in the feedback and the results review, at 80x24."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from game.play.launch import GameRequest
from game.ui.app import QuizApp
from game.ui.screens.results import ResultsScreen
from tests.test_plain_truth import CLAIM, FACT, PLAIN, write_truth_packs
from tests.ui.helpers import (
    asking,
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

SIZE = (80, 24)
CLAIM_FRAME = "According to DW (Deutsche Welle), 13 November 2016:"
CORRECTION = (
    "Correction: The treaty sets no spending target: 2 percent is a guideline agreed at summits."
)
UPDATE = "Update, 25 June 2025: Allies committed to 5 percent of GDP by 2035."
TREATY = "(The Example Treaty, 4 April 1949)"
CORRECTION_SOURCE = f"  \u201cNothing in this treaty sets a share of national income\u201d {TREATY}"
UPDATE_SOURCE = (
    f"  \u201cAllies commit to spend 5 percent of GDP on defence by 2035.\u201d {TREATY}"
)
NOTES = [CORRECTION, CORRECTION_SOURCE, UPDATE, UPDATE_SOURCE]

Snap = Callable[..., bool]


@pytest.fixture
def truth_packs(tmp_path: Path) -> Path:
    return write_truth_packs(tmp_path / "packs")


def lines_of(app: QuizApp) -> list[str]:
    return [line.strip() for line in screen_text(app).splitlines()]


async def play_to_results(pilot: Pilot[Any], app: QuizApp) -> None:
    """Answer every question (the unframed one wrong), reading each feedback."""
    session = app.session
    assert session is not None
    await wait_for(pilot, lambda: asking(app))
    while not session.is_over:
        played = session.current
        keys = wrong_keys if played.key == PLAIN["id"] else right_keys
        await pilot.press(*keys(played))
        await wait_for(pilot, lambda: showing_feedback(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: moved_on(app))
    await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))


def show_review_of(app: QuizApp, question_id: str) -> None:
    """Scroll the results so that the review of a question is at the top."""
    screen = app.screen
    assert app.session is not None
    (played,) = [p for p in app.session.played if p.key == question_id]
    review = list(screen.query(".review"))[played.position]
    screen.query_one("#results-body", VerticalScroll).scroll_to_widget(
        review, animate=False, top=True
    )


async def test_a_claim_is_framed_right_above_its_prompt(tmp_path: Path, truth_packs: Path) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        lines = lines_of(app)
        frame = lines.index(CLAIM_FRAME)
        assert lines[frame + 1] == CLAIM["prompt"]
        assert lines[frame - 1] == ""  # apart from the meta line above it


async def test_a_fact_is_framed_with_its_date(tmp_path: Path, truth_packs: Path) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-fact"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        lines = lines_of(app)
        assert lines[lines.index(FACT["prompt"]) - 1] == "True as of 25 June 2025:"


async def test_the_frame_is_shown_as_text_not_markup(tmp_path: Path, truth_packs: Path) -> None:
    pack = truth_packs / "truth-claim.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace(
            "publisher: DW (Deutsche Welle)", "publisher: '[bold]DW[/bold]'"
        ),
        encoding="utf-8",
    )
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await wait_for(
            pilot, lambda: "According to [bold]DW[/bold], 13 November 2016:" in screen_text(app)
        )


async def test_the_frame_goes_with_the_question_it_belongs_to(
    tmp_path: Path, truth_packs: Path
) -> None:
    """From a framed question to one without a frame, the frame line goes away."""
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        await play_until(pilot, app, PLAIN["id"])
        frame = app.screen.query_one("#frame", Static)
        assert not frame.display
        assert "According to" not in screen_text(app) and "True as of" not in screen_text(app)
        lines = lines_of(app)
        assert lines[lines.index(PLAIN["prompt"]) - 1] == ""  # the gap as before frames


async def play_until(pilot: Pilot[Any], app: QuizApp, question_id: str) -> None:
    """Answer rightly until the question `question_id` is asked."""
    session = app.session
    assert session is not None
    await wait_for(pilot, lambda: asking(app))
    while session.current.key != question_id:
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))


async def test_feedback_shows_the_correction_and_update_apart_from_why(
    tmp_path: Path, truth_packs: Path
) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press("t")
        await wait_for(pilot, lambda: showing_feedback(app))
        truth = app.screen.query_one(".feedback-truth", Static)
        assert text_of(truth).splitlines() == NOTES
        assert "Why:" not in text_of(truth)
        why = app.screen.query_one(".feedback-explanation", Static)
        assert why.region.y > truth.region.bottom  # above "Why:", a line apart
        # What is true is read first: on screen at 80x24 without scrolling.
        assert "Correction: The treaty sets no spending target" in screen_text(app)


async def test_feedback_without_notes_has_no_truth_block(tmp_path: Path, truth_packs: Path) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-fact"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert app.session is not None
        await pilot.press(*right_keys(app.session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        # (The panel keeps a hidden block for the next feedback that has notes.)
        assert not [block for block in app.screen.query(".feedback-truth") if block.display]
        assert "Correction" not in screen_text(app) and "Update," not in screen_text(app)


async def test_the_review_shows_frames_and_notes_of_each_question(
    tmp_path: Path, truth_packs: Path
) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        await play_to_results(pilot, app)
        session = app.session
        assert session is not None
        reviews = list(app.screen.query(".review"))
        notes = list(app.screen.query(".review-truth"))
        assert len(reviews) == 3 and len(notes) == 1
        by_key = {p.key: text_of(reviews[p.position]) for p in session.played}
        claim = next(p for p in session.played if p.key == CLAIM["id"])
        first_line = f"{claim.number}. {CLAIM_FRAME} {CLAIM['prompt']}"
        assert by_key[CLAIM["id"]].splitlines()[0] == first_line
        fact = next(p for p in session.played if p.key == FACT["id"])
        first_line = f"{fact.number}. True as of 25 June 2025: {FACT['prompt']}"
        assert by_key[FACT["id"]].splitlines()[0] == first_line
        assert "According to" not in by_key[PLAIN["id"]]
        assert text_of(notes[0]).splitlines() == NOTES
        # The notes follow the review of their own question.
        siblings = list(notes[0].parent.children) if notes[0].parent else []
        assert siblings.index(notes[0]) - 1 == siblings.index(reviews[claim.position])


async def test_the_review_says_the_date_of_a_fact_once(tmp_path: Path, truth_packs: Path) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        await play_to_results(pilot, app)
        session = app.session
        assert session is not None
        reviews = list(app.screen.query(".review"))
        fact = next(p for p in session.played if p.key == FACT["id"])
        text = text_of(reviews[fact.position])
        assert text.count("25 June 2025") == 1, text  # "True as of 25 June 2025:" only
        plain = next(p for p in session.played if p.key == PLAIN["id"])
        if plain.as_of_text:  # without a frame the date still shows once
            assert text_of(reviews[plain.position]).count(plain.as_of_text) == 1


def test_snapshot_of_a_framed_question(
    snap_compare: Snap, tmp_path: Path, truth_packs: Path
) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_of_feedback_with_a_correction_and_an_update(
    snap_compare: Snap, tmp_path: Path, truth_packs: Path
) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press("f")
        await wait_for(pilot, lambda: showing_feedback(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_of_the_review_with_a_correction_and_an_update(
    snap_compare: Snap, tmp_path: Path, truth_packs: Path
) -> None:
    request = GameRequest(packs=("truth-all",), players=("Ada",), mode="practice", seed=7)
    app = make_app(tmp_path, packs=truth_packs, request=request)

    async def run_before(pilot: Pilot[Any]) -> None:
        await play_to_results(pilot, app)
        show_review_of(app, CLAIM["id"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_long_feedback_scrolls_to_the_quote(tmp_path: Path, truth_packs: Path) -> None:
    """At 80x24 the correction and the update come first; the quote below the panel's fold
    is brought into view by the arrows."""
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-claim"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press("f")
        await wait_for(pilot, lambda: showing_feedback(app))
        await wait_for(
            pilot, lambda: "Correction: The treaty sets no spending target" in screen_text(app)
        )
        # The quote's citation (its first words: the line wraps) is below the fold.
        cited = (app.session.current.source_line if app.session else "")[:30]
        assert cited and cited not in screen_text(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: cited in screen_text(app))
