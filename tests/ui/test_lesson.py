"""A served tab in a teacher's lesson: only the lesson's pack is listed, the mode is shown as
set by the teacher and cannot be changed, and each game has the lesson's settings and id."""

from __future__ import annotations

from pathlib import Path

from game.play.lesson import Lesson
from game.store import GameFilter, ScoreStore
from game.ui.screens.home import HomeScreen
from game.ui.widgets.mode_picker import ModePicker
from game.ui.widgets.pack_list import PackList
from tests.ui.helpers import (
    asking,
    assert_fits_once_laid_out,
    make_app,
    screen_text,
    wait_for,
)

LESSON = Lesson("monday-types", "every-type", "exam", 3, 42)


async def test_a_lesson_fixes_the_pack_the_mode_and_the_game(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    app = make_app(tmp_path, db_path=db, packs=packs, served=True, lesson=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press(*"Alice", "enter")
        await wait_for(pilot, lambda: isinstance(app.focused, PackList))
        listed = app.screen.query_one(PackList).entries
        assert [e.pack_id for e in listed] == ["every-type"]
        text = screen_text(app)
        assert "Mode: exam (set by your teacher)" in text
        assert "Mode (m)" not in text and "Hot-seat" not in text
        await assert_fits_once_laid_out(pilot, app)
        await pilot.press("m")
        assert app.screen.query_one(ModePicker).mode == "exam"
        assert "Mode: exam (set by your teacher)" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        assert (session.mode, len(session.played), session.seed) == ("exam", 3, 42)
    with ScoreStore(db) as store:
        (game,) = store.games(GameFilter(player="Alice"))
    assert (game.pack_id, game.mode, len(game.question_ids)) == ("every-type", "exam", 3)
    assert game.lesson == "monday-types"
