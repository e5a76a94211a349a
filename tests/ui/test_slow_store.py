"""The home screen never waits on the database (issue 22, items 12 and 16): the name's
scores are read in a worker once typing pauses, so a store whose reads take 2 s leaves
typing responsive; and a name typed is remembered even if the player quits before playing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from game.play.players import PLAYER_SETTING
from game.store import ScoreStore
from game.ui.screens import home as home_module
from game.ui.screens.home import LOADING, HomeScreen
from game.ui.widgets.pack_list import PackList
from game.ui.widgets.player_name import PlayerName
from tests.ui.helpers import make_app, start_game, wait_for

SLOW = 2.0
"""Seconds each read of the slow store takes (a PostgreSQL server that went away)."""


class Reads:
    """Counts the player reads of a store and makes each take SLOW seconds."""

    def __init__(self, store: ScoreStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        for name in ("best_scores", "unfinished_games", "practised_packs"):
            monkeypatch.setattr(store, name, self.slow(name, getattr(store, name)))

    def slow(self, name: str, read: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args))
            time.sleep(SLOW)
            return read(*args, **kwargs)

        return wrapper


def home_of(app: object) -> HomeScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, HomeScreen)
    return screen


async def test_typing_a_name_stays_responsive_while_a_slow_store_reads(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Zoe", answers=1)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = home_of(app)
        # The remembered name ("Player": none) and its scores, read at start-up.
        await wait_for(pilot, lambda: home.player_name() == "Player")
        await wait_for(pilot, lambda: home.query_one(PackList).border_subtitle == "")
        assert app.store is not None
        reads = Reads(app.store, monkeypatch)
        # The name is read once typing pauses for NAME_PAUSE (0.3 s). A busy machine can
        # leave that long between two keys Pilot presses: the read of an empty field
        # would then be a pause a person made, not one the test means.
        monkeypatch.setattr(home_module, "NAME_PAUSE", SLOW / 2)
        await pilot.press("n", "ctrl+a", "ctrl+k")
        started = time.monotonic()
        await pilot.press("Z")
        await pilot.press("o")  # while the first read would still be running
        await pilot.press("e")
        typed = time.monotonic() - started
        assert home.query_one("#player", Input).value == "Zoe"
        assert typed < SLOW / 2, f"three keys took {typed:.2f} s: typing waited for the store"
        # Once typing pauses, the name is read once, with a loading state meanwhile.
        await wait_for(pilot, lambda: bool(reads.calls))
        assert home.query_one(PackList).border_subtitle == LOADING
        await wait_for(pilot, lambda: home.unfinished is not None, seconds=4 * SLOW)
        assert home.unfinished is not None and home.unfinished.player == "Zoe"
        assert home.query_one(PackList).border_subtitle == ""
        assert {args for name, args in reads.calls if name == "best_scores"} == {("Zoe",)}


async def test_a_name_typed_is_remembered_even_if_the_player_quits(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n", "ctrl+a", "ctrl+k", *"Mei", "enter")
        assert app.store is not None
        store = app.store
        await wait_for(pilot, lambda: store.get_setting(PLAYER_SETTING) == "Mei")
        await pilot.press("q")  # quits before any game
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        assert store.get_setting(PLAYER_SETTING) == "Mei"
    again = make_app(tmp_path, packs=packs)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen))
        assert home_of(again).player_name() == "Mei"


async def test_history_and_leaderboard_show_loading_while_a_slow_store_reads(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable

    from game.ui.screens.history import HistoryScreen
    from game.ui.screens.leaderboard import LeaderboardScreen
    from game.ui.widgets.leaderboard_table import LeaderboardTable

    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Player", answers=1)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.store is not None
        store = app.store
        for name in ("games", "leaderboard"):
            read = getattr(store, name)

            def slow(*args: Any, read: Any = read, **kwargs: Any) -> Any:
                time.sleep(SLOW / 4)
                return read(*args, **kwargs)

            monkeypatch.setattr(store, name, slow)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        assert history.query_one(DataTable).loading  # shown at once, reading meanwhile
        await wait_for(pilot, lambda: bool(history.games))  # type: ignore[attr-defined]
        assert not history.query_one(DataTable).loading
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        board = app.screen.query_one(LeaderboardTable)
        assert board.loading
        await wait_for(pilot, lambda: not board.loading)


async def test_the_remembered_name_is_read_in_a_worker_at_start_up(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one read at start-up, of the remembered name (then its scores), waits on a slow
    store in a worker: the home screen shows it is reading and answers keys meanwhile."""
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        store.set_setting(PLAYER_SETTING, "Mei")
    reads: list[str] = []
    get_setting = ScoreStore.get_setting

    def slow(self: ScoreStore, key: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(key)
        if key == PLAYER_SETTING:
            time.sleep(SLOW)
        return get_setting(self, key, *args, **kwargs)

    monkeypatch.setattr(ScoreStore, "get_setting", slow)
    app = make_app(tmp_path, packs=packs)
    started = time.monotonic()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = home_of(app)
        await pilot.press("down", "m")  # keys are answered while the name is read
        assert time.monotonic() - started < SLOW / 2, "the home screen waited for the store"
        assert PLAYER_SETTING in reads
        assert home.player_name() is None  # not "Player": the name is not known yet
        assert "reading the name" in str(home.query_one(PlayerName).render())
        assert home.query_one(PackList).border_subtitle == LOADING
        await wait_for(pilot, lambda: home.player_name() == "Mei", seconds=4 * SLOW)
        await wait_for(pilot, lambda: home.query_one(PackList).border_subtitle == "")
        assert "Mei" in str(home.query_one(PlayerName).render())
