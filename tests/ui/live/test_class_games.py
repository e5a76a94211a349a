"""The class games on the Teacher screen (`g`): listed newest first with their players,
questions and status, the highlighted one's players by points and the command that exports
its answers; read from SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.live.host import LiveHost
from game.live.model import LiveOptions
from game.live.student import LiveStudent
from game.packs.catalog import load_catalog
from game.reports.live_sessions import past_sessions, session_players
from game.store import ScoreStore
from game.ui.screens.class_games import NONE_YET, ClassGamesScreen
from game.ui.screens.teacher import TeacherScreen
from tests.live.helpers import PACK, host_on, student_on
from tests.sample_packs import right_answer, wrong_answer
from tests.ui.helpers import make_app, screen_text, wait_for

SIZE = (80, 24)


def played_game(db: Path) -> LiveHost:
    """A class game of three questions played to the podium: Ana right, Ben wrong."""
    host = host_on(db, time_limit=None)
    ana, ben = student_on(db, host.code, "Ana"), student_on(db, host.code, "Ben")
    host.start()
    for _ in range(3):
        presented = ana.view().state.presented
        ana.answer(right_answer(presented))
        ben.answer(wrong_answer(presented))
        host.state()  # everyone answered: revealed
        host.next()
    return host


def test_past_sessions_on_both_stores(any_db: Path) -> None:
    played = played_game(any_db)
    waiting = host_on(any_db)
    store = ScoreStore(any_db)
    first, second = past_sessions(store)
    assert (first.code, first.status, first.players) == (waiting.code, "not started", 0)
    assert (second.code, second.status, second.players) == (played.code, "ended", 2)
    assert second.questions == 3 and second.pack_title == PACK.title
    assert (second.leader, second.leader_points) == ("Ana", 330)
    assert session_players(store, played.code) == [("Ana", 330), ("Ben", 0)]
    assert session_players(store, "ZZZZ") == []


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


async def test_the_teacher_screen_lists_the_class_games(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    catalog = load_catalog([packs])
    entry = catalog.by_id("every-type")
    assert entry is not None
    pack = catalog.load_pack(entry)
    host = LiveHost.create(ScoreStore(db), pack, LiveOptions(questions=2, seed=7))
    student = LiveStudent.join(ScoreStore(db), host.code, "Ada", [pack])
    host.start()
    student.answer(right_answer(student.view().state.presented))
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen))
        await wait_for(pilot, lambda: shows(app, "g Class games"))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassGamesScreen))
        await wait_for(pilot, lambda: shows(app, host.code, "1 player", "running"))
        await wait_for(pilot, lambda: shows(app, "1. Ada", f"--session {host.code}"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen))
    student.leave()


async def test_no_class_games_yet(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ClassGamesScreen())
        await wait_for(pilot, lambda: shows(app, NONE_YET[:40]))
