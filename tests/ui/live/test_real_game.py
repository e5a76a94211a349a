"""The host's and a student's screens on the real engine (`game.live`), on SQLite and on
PostgreSQL: two students join, the host starts, one answers on their screen, the host's
count rises, the other answers so the reveal follows, then the top five."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.live.host import LiveHost
from game.live.model import LiveOptions
from game.live.student import LiveStudent
from game.live.watch import Watcher
from game.store import ScoreStore
from game.ui.live.app import LiveApp
from game.ui.live.host_screen import HostScreen
from game.ui.live.student_screen import SAVED, StudentScreen
from tests.sample_packs import every_type_pack
from tests.ui.helpers import screen_text, wait_for

SIZE = (80, 24)


def right_response(pack: Any, host: LiveHost) -> Any:
    """The right response to the question being asked."""
    from tests.sample_packs import right_answer

    presented = host.state().presented
    assert presented is not None
    return right_answer(presented)


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


async def test_a_student_answers_and_the_host_counts_and_reveals(any_db: Path) -> None:
    db = any_db
    pack = every_type_pack()
    host_store, student_store = ScoreStore(db), ScoreStore(db)
    host = LiveHost.create(host_store, pack, LiveOptions(questions=3, seed=7, time_limit=None))
    student = LiveStudent.join(student_store, host.code, "Ana", [pack])
    ben = LiveStudent.join(ScoreStore(db), host.code, "Ben", [pack])
    host_app = LiveApp(HostScreen(host, lambda: Watcher(host_store, host.code)))
    student_app = LiveApp(
        StudentScreen(student, lambda: Watcher(student_store, host.code, "stage"))
    )
    async with host_app.run_test(size=SIZE) as hosting, student_app.run_test(size=SIZE) as ana:
        await wait_for(hosting, lambda: shows(host_app, "2 players joined", "Ana"), seconds=10)
        await wait_for(ana, lambda: shows(student_app, "You are in, Ana!"), seconds=10)
        await hosting.press("enter")
        await wait_for(hosting, lambda: shows(host_app, "0 of 2 answered"), seconds=10)
        await wait_for(ana, lambda: shows(student_app, "Question 1 of 3"), seconds=10)
        screen = student_app.screen
        assert isinstance(screen, StudentScreen)
        view = screen.latest
        assert view is not None and view.state.presented is not None
        # Whatever kind came first, its widget takes an answer: a typed one from keys.
        if view.state.presented.options:
            await ana.press("1", "enter")
        else:
            await ana.press(*"2", "enter")
        await wait_for(ana, lambda: shows(student_app, SAVED[:12]), seconds=10)
        await wait_for(hosting, lambda: shows(host_app, "1 of 2 answered"), seconds=10)
        ben.answer(right_response(pack, host))
        # Everyone answered: the reveal follows without the teacher.
        await wait_for(hosting, lambda: shows(host_app, "The answer:"), seconds=10)
        await wait_for(ana, lambda: shows(student_app, "The answer:"), seconds=10)
        await hosting.press("enter")
        await wait_for(hosting, lambda: shows(host_app, "Top five after question 1"), seconds=10)
        assert "1. Ben" in screen_text(host_app)  # right, and Ana's first answer was not
    host_store.close()
    student_store.close()
