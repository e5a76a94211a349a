"""The Teacher screen on a big database (issue 14): the analysis is read in a worker while the
screen says so and answers keys, it can be left at any moment, a result for a pack no
longer shown is dropped, and each pack's analysis is kept until a game finishes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import LoadingIndicator, OptionList

from game.reports import stats as stats_module
from game.reports.stats import PackStats
from game.ui.screens.home import HomeScreen
from game.ui.screens.teacher import TeacherScreen, analysing_text
from game.ui.widgets.item_table import ItemTable
from tests.ui.helpers import make_app, screen_text, text_of, wait_for
from tests.ui.test_teacher import FIRST_GAMES, PACK, QUESTION_IDS, record_class, record_game


class Gate:
    """Holds every item analysis until opened, and counts the analyses run (by pack)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, closed: bool = True) -> None:
        self.open_event = threading.Event()
        if not closed:
            self.open_event.set()
        self.started: list[str] = []
        self.finished: list[str] = []
        real = stats_module.item_analysis

        def held(store: Any, pack_id: str, **kwargs: Any) -> PackStats:
            self.started.append(pack_id)
            # Not forever: a failing test must not leave a thread waiting.
            self.open_event.wait(timeout=30)
            result = real(store, pack_id, **kwargs)
            self.finished.append(pack_id)
            return result

        monkeypatch.setattr(stats_module, "item_analysis", held)

    def open(self) -> None:
        self.open_event.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    opened = Gate(monkeypatch)
    yield opened
    opened.open()  # never leave a worker waiting


def test_the_loading_text_counts_the_games() -> None:
    assert analysing_text(73214) == "Analysing 73,214 games\N{HORIZONTAL ELLIPSIS}"
    assert analysing_text(1) == "Analysing 1 game\N{HORIZONTAL ELLIPSIS}"


async def test_while_it_loads_the_screen_says_so_and_answers_keys(
    tmp_path: Path, packs: Path, gate: Gate
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(TeacherScreen(PACK))
        screen = app.screen
        assert isinstance(screen, TeacherScreen)
        await wait_for(pilot, lambda: gate.started == [PACK])
        # Ada's two games, Bo's and Cy's: four finished games.
        await wait_for(
            pilot, lambda: "Analysing 4 games\N{HORIZONTAL ELLIPSIS}" in screen_text(app)
        )
        assert screen.query_one(LoadingIndicator).display
        assert not screen.query_one("#teacher-analysis").display
        # Keys work meanwhile: the list moves to another pack (whose analysis starts).
        packs_list = screen.query_one("#teacher-packs", OptionList)
        before = packs_list.highlighted
        await pilot.press("down")
        await wait_for(pilot, lambda: packs_list.highlighted != before)
        await wait_for(pilot, lambda: screen.pack_shown != PACK)
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.pack_shown == PACK)
        assert screen.stats is None and screen.analysing == PACK
        gate.open()
        await wait_for(pilot, lambda: screen.analysing is None and screen.stats is not None)
        assert not screen.query_one(LoadingIndicator).display
        assert screen.query_one(ItemTable).row_count == len(QUESTION_IDS)
        assert "Players 3  Finished games 4" in text_of(screen.query_one("#teacher-summary"))


async def test_escape_leaves_while_it_loads_and_the_late_result_is_dropped(
    tmp_path: Path, packs: Path, gate: Gate
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        screen = TeacherScreen(PACK)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: gate.started == [PACK])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        gate.open()
        await wait_for(pilot, lambda: gate.finished == [PACK])
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert screen.stats is None  # dropped: the screen is gone


async def test_a_result_for_a_pack_left_meanwhile_is_not_shown(
    tmp_path: Path, packs: Path, gate: Gate
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(TeacherScreen(PACK))
        screen = app.screen
        assert isinstance(screen, TeacherScreen)
        await wait_for(pilot, lambda: gate.started == [PACK])
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.pack_shown not in (None, PACK))
        other = screen.pack_shown
        gate.open()
        await wait_for(pilot, lambda: screen.analysing is None)
        await wait_for(pilot, lambda: PACK in gate.finished)
        await pilot.pause()
        assert screen.pack_shown == other
        assert screen.stats is None  # the other pack has no games; PACK's result dropped


async def test_the_analysis_is_kept_until_a_game_finishes(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_class(db_path)
    gate = Gate(monkeypatch, closed=False)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:

        async def open_and_wait() -> TeacherScreen:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            await app.push_screen(TeacherScreen(PACK))
            screen = app.screen
            assert isinstance(screen, TeacherScreen)
            await wait_for(pilot, lambda: screen.analysing is None and screen.stats is not None)
            return screen

        first = await open_and_wait()
        await pilot.press("escape")
        again = await open_and_wait()
        assert gate.started == [PACK]  # the second opening read the cache
        assert again.stats is first.stats
        await pilot.press("escape")
        # Another game finishes (in another process, as far as the app knows).
        record_game(db_path, "Dee", 90, FIRST_GAMES["Ada"])
        third = await open_and_wait()
        assert gate.started == [PACK, PACK]
        assert third.stats is not None and third.stats.players == 4
