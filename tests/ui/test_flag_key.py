"""The `!` key flags the question on screen, asked or in feedback: the flag dialog, the flag
saved in the score store, a notice, and the game going on (also when it cannot be saved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.store import ScoreStore, StoreError
from game.ui.app import QuizApp
from game.ui.dialogs.flag import FlagDialog
from game.ui.screens.quiz import QuizScreen
from game.ui.widgets.footer import QuizFooter
from tests.ui.helpers import (
    QUESTIONS,
    asking,
    make_app,
    moved_on,
    notifications,
    pack_data,
    play,
    right_keys,
    showing_feedback,
    text_of,
    wait_for,
    write_pack,
)

SIZE = (80, 24)


def flags_in(tmp_path: Path) -> list[Any]:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        return store.flags()


def footer_descriptions(app: QuizApp) -> list[str]:
    return [key.description for key in app.screen.query_one(QuizFooter).keys]


def flag_dialog_open(app: QuizApp) -> bool:
    return isinstance(app.screen, FlagDialog)


async def flag(pilot: Pilot[Any], app: QuizApp, *keys: str) -> None:
    """Press `!`, then `keys` in the dialog, and wait for the quiz screen again."""
    await pilot.press("exclamation_mark")
    await wait_for(pilot, lambda: flag_dialog_open(app))
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))


async def test_flagging_an_asked_question_saves_it_and_the_game_goes_on(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert "Flag" in footer_descriptions(app)
        await flag(pilot, app, "2", "tab", *"the summit moved", "enter")
        await wait_for(pilot, lambda: "Flagged as out of date: thank you" in notifications(app))
        (saved,) = flags_in(tmp_path)
        assert (saved.pack_id, saved.question_id, saved.player) == ("one-choice", "choice", "Ada")
        assert (saved.reason, saved.note) == ("out-of-date", "the summit moved")
        # Not an answer: the same question is asked, and answers as before.
        session = app.session
        assert session is not None and session.position == 0
        await wait_for(pilot, lambda: asking(app) and app.screen.focused is not None)
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].correct


async def test_flagging_in_the_feedback_flags_the_question_just_answered(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        answered = session.current.question.id
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert "Flag" in footer_descriptions(app)
        await flag(pilot, app, "3", "enter")
        await wait_for(pilot, lambda: "Flagged as unclear: thank you" in notifications(app))
        (saved,) = flags_in(tmp_path)
        assert (saved.question_id, saved.reason, saved.note) == (answered, "unclear", "")
        await wait_for(pilot, lambda: showing_feedback(app) and app.screen.focused is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: moved_on(app))
        assert session.position == 1


async def test_escape_in_the_dialog_flags_nothing(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await flag(pilot, app, "escape")
        await wait_for(pilot, lambda: asking(app))
        assert flags_in(tmp_path) == []
        assert not any("Flagged" in n for n in notifications(app))


async def test_a_flag_that_cannot_be_saved_is_said_and_the_game_goes_on(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))

    def refuse(self: ScoreStore, **_: Any) -> int:
        raise StoreError("the disk is full")

    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        monkeypatch.setattr(ScoreStore, "add_flag", refuse)
        await flag(pilot, app, "enter")
        expected = "The flag could not be saved: the disk is full. The game goes on."
        await wait_for(pilot, lambda: expected in notifications(app))
        assert not any(n.startswith("Flagged") for n in notifications(app))
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: asking(app) and app.screen.focused is not None)
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert session.player.outcomes[-1].correct


async def test_a_game_not_saved_cannot_keep_a_flag_and_says_so(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        session.store = None  # as a game played without saving scores
        await flag(pilot, app, "enter")
        await wait_for(pilot, lambda: any("could not be saved" in n for n in notifications(app)))
        (notice,) = [n for n in notifications(app) if "could not be saved" in n]
        assert "without saving scores" in notice
        assert asking(app)


async def test_bang_in_a_typed_answer_is_typed_and_alone_with_enter_flags(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-text"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert "Flag" not in footer_descriptions(app)  # the key types `!` here
        field = app.screen.query_one(Input)
        await pilot.press(*"NATO!")
        await pilot.pause()
        assert field.value == "NATO!"
        assert not flag_dialog_open(app)
        field.value = ""
        await pilot.press("exclamation_mark", "enter")
        await wait_for(pilot, lambda: flag_dialog_open(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Flagged as wrong: thank you" in notifications(app))
        (saved,) = flags_in(tmp_path)
        assert (saved.question_id, saved.reason) == ("text", "wrong")
        await wait_for(pilot, lambda: asking(app) and app.screen.focused is field)
        assert field.value == ""
        await pilot.press(*"NATO", "enter")
        await wait_for(pilot, lambda: showing_feedback(app))
        assert app.session is not None and app.session.player.outcomes[-1].correct


async def test_the_dialog_names_a_long_question_shortly_and_fits(
    tmp_path: Path, packs: Path
) -> None:
    long = dict(QUESTIONS["truefalse"], prompt="The op-ed names Trump " + "again and " * 40)
    write_pack(packs, pack_data("long-prompt", [long]))
    app = make_app(tmp_path, packs=packs, request=play("long-prompt"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: flag_dialog_open(app))
        await pilot.pause()
        subject = text_of(app.screen.query_one("#flag-subject"))
        assert subject.startswith("Question 1: The op-ed names Trump again")
        assert subject.endswith("\u2026") and len(subject) <= len("Question 1: ") + 100
        dialog = app.screen.query_one("#flag-dialog")
        assert dialog.region.y >= 0 and dialog.region.bottom <= SIZE[1]
        for button in app.screen.query("Button"):
            assert button.region.bottom <= dialog.region.bottom
