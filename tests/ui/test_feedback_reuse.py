"""The quiz screen keeps its feedback panel from one answer to the next (issue 22: the answer
key lays the screen out once): each feedback shows its own answer, a correction only when the
question has one, and starts at its top; a late "comes back" line is not shown on another
question's feedback."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ui.widgets.feedback import FeedbackPanel
from tests.test_plain_truth import write_truth_packs
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


@pytest.fixture
def truth_packs(tmp_path: Path) -> Path:
    return write_truth_packs(tmp_path / "packs")


async def test_each_answer_has_its_own_feedback_in_the_same_panel(
    tmp_path: Path, truth_packs: Path
) -> None:
    # truth-all: a claim with a correction and an update, then two questions without.
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: asking(app))
        panels: list[FeedbackPanel] = []
        notes_shown: list[bool] = []
        for number in range(len(session.played)):
            asked = session.current
            right = number % 2 == 0  # right, wrong, right: the verdict changes each time
            await pilot.press(*(right_keys(asked) if right else wrong_keys(asked)))
            await wait_for(pilot, lambda: showing_feedback(app))
            panel = app.screen.query_one(FeedbackPanel)
            panels.append(panel)
            # Shown once the screen is laid out again, a moment after the state changed.
            await wait_for(pilot, lambda p=panel: p.is_on_screen and p.has_focus)
            assert [o.played for o in panel.outcomes] == [asked]
            assert panel.is_on_screen and panel.has_focus and panel.scroll_y == 0
            verdict = text_of(panel.query_one(".verdict"))
            assert verdict.startswith("\u2713 Correct" if right else "\u2717 Wrong")
            assert panel.query_one(".verdict").has_class("-correct" if right else "-wrong")
            has_notes = asked.question.correction is not None
            truth = panel.query_one(".feedback-truth")
            assert truth.display == has_notes
            assert ("Correction:" in screen_text(app)) == has_notes
            notes_shown.append(has_notes)
            # Scrolled down, the next feedback still starts at its top.
            panel.scroll_end(animate=False, immediate=True)
            await pilot.press("enter")
            await wait_for(pilot, lambda n=number: moved_on(app) and (asking(app) or n == 2))
            if not session.is_over:  # hidden while the next question is asked
                await wait_for(pilot, lambda p=panel: not p.is_on_screen)
        assert all(panel is panels[0] for panel in panels)
        assert True in notes_shown and False in notes_shown  # both kinds were seen


async def test_a_late_comes_back_line_is_not_shown_on_another_question(
    tmp_path: Path, truth_packs: Path
) -> None:
    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: asking(app))
        first = session.current
        await pilot.press(*right_keys(first))
        await wait_for(pilot, lambda: showing_feedback(app))
        panel = app.screen.query_one(FeedbackPanel)
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))
        second = session.current
        await pilot.press(*right_keys(second))
        await wait_for(pilot, lambda: showing_feedback(app))
        # The first question's card, read late, arrives on the second's feedback.
        panel.show_comes_back("Comes back tomorrow.", first.key)
        await pilot.pause()
        assert not panel.query(".feedback-comes-back")
        panel.show_comes_back("Comes back in 3 days.", second.key)
        await wait_for(pilot, lambda: "Comes back in 3 days." in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert not panel.query(".feedback-comes-back")  # said of the last question only


async def test_feedback_shown_while_saving_has_its_keys_and_a_key_waits_for_the_save(
    tmp_path: Path, truth_packs: Path
) -> None:
    """The footer of feedback shown while its answer is being saved is the one it has once
    stored (drawn once, not twice); `!` pressed meanwhile opens the flag dialog once the
    answer is stored."""
    import threading

    from game.ui.dialogs.flag import FlagDialog
    from game.ui.widgets.footer import QuizFooter

    app = make_app(tmp_path, packs=truth_packs, request=play("truth-all"))
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: asking(app))
        stored = threading.Event()
        commit = session.commit

        def held_commit(*args: object, **kwargs: object) -> None:
            stored.wait(5)
            commit(*args, **kwargs)  # type: ignore[arg-type]

        session.commit = held_commit  # type: ignore[method-assign]
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: bool(app.screen.query(FeedbackPanel)))
        screen = app.screen
        assert screen.saving  # type: ignore[attr-defined]
        footer = screen.query_one(QuizFooter)
        while_saving = [(k.description, k.enabled) for k in footer.keys]
        await pilot.press("exclamation_mark")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, FlagDialog)  # not before the answer is stored
        stored.set()
        await wait_for(pilot, lambda: not screen.saving)  # type: ignore[attr-defined]
        assert [(k.description, k.enabled) for k in footer.keys] == while_saving
        assert ("Flag", True) in while_saving and ("Leave game", True) in while_saving
        await wait_for(pilot, lambda: isinstance(app.screen, FlagDialog))
