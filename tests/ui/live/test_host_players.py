"""The teacher's `k` and `x` during a question, on the real engine (SQLite): a dialog lists
the players and who has answered; a removed player's answer stops counting and they cannot
rejoin; extra time doubles that player's deadline. At 80x24 and 70x16."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.live.host import LiveHost
from game.live.model import LiveError, LiveOptions
from game.live.student import LiveStudent
from game.live.watch import Watcher
from game.store import ScoreStore
from game.ui.live.app import LiveApp
from game.ui.live.host_screen import HostScreen
from tests.sample_packs import every_type_pack, right_answer
from tests.ui.helpers import screen_text, wait_for

SIZES = [(80, 24), (70, 16)]


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


def class_game(db: Path, time_limit: float | None) -> tuple[LiveHost, LiveStudent, LiveStudent]:
    pack = every_type_pack()
    host = LiveHost.create(
        ScoreStore(db), pack, LiveOptions(questions=2, seed=7, time_limit=time_limit)
    )
    ana = LiveStudent.join(ScoreStore(db), host.code, "Ana", [pack])
    ben = LiveStudent.join(ScoreStore(db), host.code, "Ben", [pack])
    return host, ana, ben


def host_window(host: LiveHost) -> LiveApp:
    return LiveApp(HostScreen(host, lambda: Watcher(host.store, host.code)))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "70x16"])
async def test_remove_during_a_question(tmp_path: Path, size: tuple[int, int]) -> None:
    db = tmp_path / "scores.sqlite3"
    host, ana, ben = class_game(db, None)
    app = host_window(host)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"), seconds=10)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "0 of 2 answered"), seconds=10)
        presented = host.state().presented
        assert presented is not None
        ben.answer(right_answer(presented))
        await wait_for(pilot, lambda: shows(app, "1 of 2 answered"), seconds=10)
        await pilot.press("k")
        await wait_for(
            pilot,
            lambda: shows(app, "Remove which player?", "Ben  answered", "Ana  not yet"),
            seconds=10,
        )
        names = [p.name for p in host.state().players]
        await pilot.press(*["down"] * names.index("Ben"), "enter")
        await wait_for(pilot, lambda: shows(app, "Remove Ben from the game?"), seconds=10)
        await pilot.press("y")
        await wait_for(pilot, lambda: [p.name for p in host.state().players] == ["Ana"], seconds=10)
        with pytest.raises(LiveError):
            LiveStudent.join(ScoreStore(db), host.code, "Ben", [every_type_pack()])
        ana.answer(right_answer(presented))
        await wait_for(pilot, lambda: shows(app, "The answer:"), seconds=10)
        state = host.state()
        assert [s.name for s in state.top] == ["Ana"]  # Ben's right answer no longer counts
    host.store.close()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "70x16"])
async def test_extra_time_during_a_question(tmp_path: Path, size: tuple[int, int]) -> None:
    db = tmp_path / "scores.sqlite3"
    host, ana, ben = class_game(db, 20.0)
    app = host_window(host)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: shows(app, "2 players joined"), seconds=10)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "0 of 2 answered"), seconds=10)
        state = host.state()
        assert state.opened_at is not None and state.deadline is not None
        limit = state.deadline - state.opened_at
        assert ana.view().deadline == state.deadline
        await pilot.press("x")
        await wait_for(pilot, lambda: shows(app, "Give which player twice the time?"), seconds=10)
        names = [p.name for p in state.players]
        await pilot.press(*["down"] * names.index("Ana"), "enter")
        await wait_for(pilot, lambda: any(p.extra_time for p in host.state().players), seconds=10)
        assert ana.view().deadline == state.opened_at + 2 * limit
        assert ben.view().deadline == state.deadline
        assert host.state().phase == "question"
    host.store.close()
