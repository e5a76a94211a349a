"""Snapshots of the live screens on a fake class game: the host's lobby, question, reveal,
top five and podium at 80x24 (and the lobby at 70x16), a student's question at 80x24 and
70x16 and their outcome. Regenerate with `pytest tests/ui/live --snapshot-update`, then look
at the SVGs before committing them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import screen_text, wait_for
from tests.ui.live.apps import host_app, student_app
from tests.ui.live.fake import FakeGame, FakeHost, FakeStudent

Snap = Callable[..., bool]
SIZE = (80, 24)
SMALL = (70, 16)
URL = "http://192.168.1.20:8000/"


def showing(*texts: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: all(t in screen_text(pilot.app) for t in texts))
        await pilot.pause(0.3)  # the countdown's first tick

    return run_before


def class_of(game: FakeGame) -> tuple[FakeStudent, FakeStudent, FakeStudent]:
    return FakeStudent(game, "Ana"), FakeStudent(game, "Ben"), FakeStudent(game, "Chiara")


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "70x16"])
def test_host_lobby(snap_compare: Snap, game: FakeGame, size: tuple[int, int]) -> None:
    class_of(game)
    game.players["Ben"].extra_time = True
    game.players["Chiara"].connected = False
    app = host_app(game, url=URL)
    assert snap_compare(app, terminal_size=size, run_before=showing("3 players joined"))


def test_host_question(snap_compare: Snap, game: FakeGame) -> None:
    ana, _, _ = class_of(game)
    FakeHost(game).start()
    ana.answer("Rome")
    app = host_app(game)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing("1 of 3 answered"))


def revealed(game: FakeGame) -> None:
    ana, ben, chiara = class_of(game)
    host = FakeHost(game)
    host.start()
    ana.answer("Brussels")
    ben.answer("Brussels")
    chiara.answer("Rome")
    host.reveal()


def test_host_reveal(snap_compare: Snap, game: FakeGame) -> None:
    revealed(game)
    app = host_app(game)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing("The answer: Brussels"))


def test_host_top_five(snap_compare: Snap, game: FakeGame) -> None:
    revealed(game)
    app = host_app(game)

    async def run_before(pilot: Pilot[Any]) -> None:
        await showing("The answer: Brussels")(pilot)
        await pilot.press("enter")
        await showing("Top five after")(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_host_podium(snap_compare: Snap, game: FakeGame) -> None:
    revealed(game)
    host = FakeHost(game)
    host.next()
    host.next()
    host.next()
    app = host_app(game)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing("Final top five"))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "70x16"])
def test_student_question(snap_compare: Snap, game: FakeGame, size: tuple[int, int]) -> None:
    app = student_app(game, "Ana")
    FakeHost(game).start()
    assert snap_compare(app, terminal_size=size, run_before=showing("Where was the EU summit?"))


def test_student_outcome(snap_compare: Snap, game: FakeGame) -> None:
    revealed(game)
    game.players["Ana"].connected = False
    app = student_app(game, "Ana")
    assert snap_compare(app, terminal_size=SIZE, run_before=showing("Right!"))


def test_join_dialog_with_a_wrong_code(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    from textual.widgets import Static

    from game.ui.dialogs.join import JoinDialog
    from game.ui.screens.home import HomeScreen
    from tests.ui.helpers import make_app

    app = make_app(tmp_path, packs=packs)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, JoinDialog))
        await pilot.press(*"zzzz", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#code-problem", Static).display)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
