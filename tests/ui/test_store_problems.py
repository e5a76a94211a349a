"""A score database that cannot be used never shows a traceback: a damaged file can be moved
aside (kept, not deleted), and the game can be played without saving."""

from __future__ import annotations

from pathlib import Path

from game.store import ScoreStore, StoreError
from game.ui.dialogs.store_problem import AnswerNotSavedDialog, StoreProblemDialog
from game.ui.screens.home import HomeScreen
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.feedback import FeedbackPanel
from tests.ui.helpers import (
    asking,
    make_app,
    notifications,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    wait_for,
)

GARBAGE = b"this is not a database, but somebody's notes " * 100


async def test_a_damaged_database_can_be_moved_aside(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    db.write_bytes(GARBAGE)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
        text = screen_text(app)
        assert "The score database is damaged" in text
        assert "Move aside (m)" in text and "Quit (q)" in text
        assert app.store is None
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.store is not None
        kept = "was kept as scores.sqlite3.corrupt-"
        await wait_for(pilot, lambda: any(kept in note for note in notifications(app)))
    (kept,) = tmp_path.glob("scores.sqlite3.corrupt-*")
    assert kept.name == "scores.sqlite3.corrupt-20240501-120000"
    assert kept.read_bytes() == GARBAGE
    with ScoreStore(db) as store:
        assert store.games() == []


async def test_a_damaged_database_can_be_left_alone(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    db.write_bytes(GARBAGE)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert db.read_bytes() == GARBAGE
    assert not list(tmp_path.glob("*.corrupt-*"))


async def test_an_unusable_database_still_lets_you_play(tmp_path: Path, packs: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    app = make_app(tmp_path, packs=packs, db_path=folder, request=play("one-choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
        text = screen_text(app)
        assert "cannot be used" in text and "is a folder" in text
        assert "Move aside" not in text
        await pilot.press("m")  # not offered: nothing happens
        assert isinstance(app.screen, StoreProblemDialog)
        await pilot.press("p")
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and session.store is None
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await wait_for(
            pilot, lambda: "Scores were not saved, so there is no leaderboard." in screen_text(app)
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        await wait_for(
            pilot, lambda: "Scores are not being saved in this session." in screen_text(app)
        )


async def test_an_answer_that_cannot_be_saved_gets_no_feedback(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("every-type"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None and app.store is not None

        def broken(*args: object, **kwargs: object) -> None:
            raise StoreError("cannot save to scores.sqlite3: the disk is full")

        app.store.record_answer = broken  # type: ignore[method-assign]
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerNotSavedDialog))
        await wait_for(pilot, lambda: "Your answer was not saved" in screen_text(app))
        assert "the disk is full" in app.screen.message  # type: ignore[attr-defined]
        assert session.player.outcomes == [] and session.position == 0
        assert not any(s.query(FeedbackPanel) for s in app.screen_stack)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


def test_only_a_damaged_file_is_offered_to_be_moved_aside(tmp_path: Path) -> None:
    from game.store import CorruptStoreError, NewerStoreError
    from game.store.opening import can_move_aside

    path = tmp_path / "scores.sqlite3"
    assert can_move_aside(CorruptStoreError("damaged", path))
    assert not can_move_aside(NewerStoreError("newer", path, found=9, known=1))
    assert not can_move_aside(StoreError("locked", path))


async def test_a_served_game_never_moves_the_shared_database(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    db.write_bytes(GARBAGE)
    app = make_app(tmp_path, packs=packs, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
        assert "Move aside" not in screen_text(app)
        await pilot.press("m")
        assert isinstance(app.screen, StoreProblemDialog)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Screenshot" not in titles
    assert db.read_bytes() == GARBAGE
