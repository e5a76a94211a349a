"""A read in a worker that ends while its screen is being taken down does nothing.

A CI run failed this way once: the leaderboard's read ended as the test's app
closed, the screen was still attached but its table already removed, and `query_one`
raised in the worker."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from game.ui.lifecycle import showing
from game.ui.screens.home import HomeScreen
from game.ui.screens.leaderboard import LeaderboardScreen
from game.ui.widgets.leaderboard_table import LeaderboardTable
from tests.ui.helpers import make_app, start_game, wait_for


async def test_a_leaderboard_read_ending_as_the_app_closes_changes_nothing(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Player", answers=1)
    app = make_app(tmp_path, packs=packs)
    release, read_ended, handed = threading.Event(), threading.Event(), threading.Event()
    shown: list[bool] = []
    raised: list[BaseException] = []
    show_board = LeaderboardScreen._show_board

    def recorded(self: LeaderboardScreen, *args: Any) -> None:
        # Textual may drop a cancelled worker's error: record it here instead.
        shown.append(showing(self))
        try:
            show_board(self, *args)
        except BaseException as error:
            raised.append(error)
            raise

    monkeypatch.setattr(LeaderboardScreen, "_show_board", recorded)
    unmount = LeaderboardTable._on_unmount

    def on_unmount(self: LeaderboardTable) -> None:
        release.set()  # the read ends while the screen's widgets are being removed
        handed.wait(5)  # and the worker hands its result to the event loop meanwhile
        unmount(self)

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.store is not None
        read = app.store.leaderboard

        def held(*args: Any, **kwargs: Any) -> Any:
            release.wait(5)
            try:
                return read(*args, **kwargs)
            finally:
                read_ended.set()

        monkeypatch.setattr(app.store, "leaderboard", held)
        call_from_thread = app.call_from_thread

        def handing(callback: Any, *args: Any) -> Any:
            if getattr(callback, "__name__", "") == "recorded":
                handed.set()
            return call_from_thread(callback, *args)

        monkeypatch.setattr(app, "call_from_thread", handing)
        monkeypatch.setattr(LeaderboardTable, "_on_unmount", on_unmount)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        assert app.screen.query_one(LeaderboardTable).loading
    for _ in range(500):  # the result handed over runs on this loop, now or soon
        if shown:
            break
        await asyncio.sleep(0.01)
    assert release.is_set() and read_ended.is_set() and handed.is_set()
    assert shown and not any(shown), "the result should arrive while the screen closes"
    assert raised == []


async def test_a_screen_is_showing_until_it_is_taken_down(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, packs=packs)
    seen: list[bool] = []
    unmount = LeaderboardTable._on_unmount

    def on_unmount(self: LeaderboardTable) -> None:
        seen.append(showing(board))
        unmount(self)

    monkeypatch.setattr(LeaderboardTable, "_on_unmount", on_unmount)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        board = app.screen
        assert showing(board) and showing(board.query_one(LeaderboardTable))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert seen == [False]  # its table went first, and the screen was already going
        assert not showing(board)
        assert showing(app.screen)
