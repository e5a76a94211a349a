"""Snapshots of every screen at 80x24 (fixed packs, seed, clock and date).

Regenerate with `pytest tests/ui --snapshot-update`, then look at the SVGs before
committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.play.launch import GameRequest
from game.store import ScoreStore
from tests.ui.helpers import (
    TYPES,
    FakeClock,
    asking,
    make_app,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    start_game,
    wait_for,
    wrong_keys,
)

SIZE = (80, 24)

Snap = Callable[..., bool]


def until(condition: Callable[[Any], bool]) -> Callable[[Pilot[Any]], Any]:
    """A `run_before` that lets the app settle until `condition(app)` holds."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: condition(pilot.app))

    return run_before


def remember(tmp_path: Path, player: str = "Ada") -> None:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        store.set_setting("player", player)


def test_home(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada")
    start_game(tmp_path / "scores.sqlite3", packs, "one-order", "Ada", answers=0)
    remember(tmp_path)
    app = make_app(tmp_path, packs=packs)
    assert snap_compare(
        app,
        press=["down"],
        terminal_size=SIZE,
        run_before=until(lambda app: "Unfinished game" in screen_text(app)),
    )


@pytest.mark.parametrize("kind", TYPES)
def test_question(snap_compare: Snap, tmp_path: Path, packs: Path, kind: str) -> None:
    app = make_app(tmp_path, packs=packs, request=play(f"one-{kind}"))
    assert snap_compare(app, terminal_size=SIZE, run_before=until(asking))


def right_keys_for(tmp_path: Path, packs: Path, pack_id: str) -> list[str]:
    from game.packs.catalog import load_catalog
    from game.play.launch import build_session

    session = build_session(play(pack_id), load_catalog([packs]), None)
    return right_keys(session.current)


def test_feedback_with_hint_and_quote(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    keys = ["h", *right_keys_for(tmp_path, packs, "one-choice")]

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(*keys)
        await wait_for(pilot, lambda: showing_feedback(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_timed_question(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, packs=packs, clock=clock, request=play("one-truefalse", mode="timed"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        clock.advance(26.2)
        await wait_for(pilot, lambda: "4 seconds left" in screen_text(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_exam_question(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    request = GameRequest(packs=("every-type",), players=("Ada",), mode="exam", seed=7)
    app = make_app(tmp_path, packs=packs, request=request)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        assert app.session is not None
        await pilot.press(*right_keys(app.session.current))
        await wait_for(pilot, lambda: asking(app) and app.session.position == 1)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_results(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Bo")
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Cy", right=False)
    request = GameRequest(packs=("every-type",), players=("Ada",), questions=3, seed=7)
    app = make_app(tmp_path, packs=packs, request=request)

    async def run_before(pilot: Pilot[Any]) -> None:
        session = app.session
        await wait_for(pilot, lambda: asking(app))
        assert session is not None
        wrong = True
        while not session.is_over:
            keys = wrong_keys if wrong else right_keys
            wrong = not wrong
            await pilot.press(*keys(session.current))
            await wait_for(pilot, lambda: showing_feedback(app))
            await pilot.press("enter")
            await wait_for(pilot, lambda: asking(app) or session.is_over)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResultsScreen")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_leaderboard(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    for name, right in [("Ada", True), ("Bo", False), ("Cy", True)]:
        start_game(tmp_path / "scores.sqlite3", packs, "every-type", name, right=right)
    start_game(tmp_path / "scores.sqlite3", packs, "one-text", "Ada", mode="timed")
    app = make_app(tmp_path, packs=packs)
    assert snap_compare(
        app,
        press=["l"],
        terminal_size=SIZE,
        run_before=until(lambda app: type(app.screen).__name__ == "HomeScreen"),
    )


def test_damaged_database(
    snap_compare: Snap, tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the message names the file: keep its path short and fixed
    Path("scores.sqlite3").write_bytes(b"not a database " * 100)
    app = make_app(tmp_path, packs=packs, db_path=Path("scores.sqlite3"))
    assert snap_compare(
        app,
        terminal_size=SIZE,
        run_before=until(lambda app: type(app.screen).__name__ == "StoreProblemDialog"),
    )


def test_feedback_without_colour(
    snap_compare: Snap, tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NO_COLOR the verdict, the ticks and the highlighted row still read clearly."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, packs=packs, request=play("one-multi"))
    assert app.no_color

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: asking(app))
        assert app.session is not None
        await pilot.press(right_keys(app.session.current)[0], "enter")
        await wait_for(pilot, lambda: showing_feedback(app))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
