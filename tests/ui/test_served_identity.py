"""Served (`civic-quiz serve`): every browser tab is its own student. No name is carried
over from another tab through the shared database, a pack waits for a name, and the offer
to resume is only ever for the game of the name typed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from game.store import ScoreStore
from game.ui.app import QuizApp
from game.ui.screens.home import HomeScreen
from game.ui.screens.quiz import QuizScreen
from game.ui.widgets.pack_list import PackList
from game.ui.widgets.resume_offer import ResumeOffer
from tests.ui.helpers import FakeClock, asking, make_app, notifications, screen_text, wait_for


def served_app(db: Path, packs: Path) -> QuizApp:
    """A served app (one browser tab) on the shared database `db`."""
    return make_app(db.parent, db_path=db, packs=packs, clock=FakeClock(), served=True)


def home_of(app: QuizApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def name_field_focused(app: QuizApp) -> bool:
    return isinstance(app.focused, Input) and app.focused.id == "player"


async def test_each_served_tab_is_its_own_student(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"

    # The first tab: Alice starts a game and closes the tab before answering.
    first = served_app(db, packs)
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(first.screen, HomeScreen))
        await wait_for(pilot, lambda: name_field_focused(first))
        await pilot.press(*"Alice", "enter")
        await wait_for(pilot, lambda: isinstance(first.focused, PackList))
        await pilot.press("down", "enter")  # every-type (the broken pack is first)
        await wait_for(pilot, lambda: asking(first))
        assert first.session is not None and first.session.player.name == "Alice"
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games("Alice")
        assert store.get_setting("player") is None  # a tab remembers no name for the others

    # The second tab opens empty, with the name field focused, and offers nobody's game.
    second = served_app(db, packs)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(second.screen, HomeScreen))
        await wait_for(pilot, lambda: name_field_focused(second))
        home = home_of(second)
        assert home.player_name() is None and home.unfinished is None
        assert "Alice" not in screen_text(second) and not home.query(ResumeOffer)
        # A pack cannot be started before a name is typed.
        await pilot.press("enter")  # to the packs, the name still empty
        await wait_for(pilot, lambda: isinstance(second.focused, PackList))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: name_field_focused(second))
        assert isinstance(second.screen, HomeScreen) and second.session is None
        await wait_for(
            pilot, lambda: any("Type your name first" in n for n in notifications(second))
        )
        # Bob types his name: Alice's game is still not his to resume or discard.
        await pilot.press(*"Bob", "enter")
        await wait_for(pilot, lambda: isinstance(second.focused, PackList))
        await wait_for(pilot, lambda: "Player (n): Bob" in screen_text(second))
        assert home.unfinished is None and not home.query(ResumeOffer)
        assert "Unfinished game" not in screen_text(second)
        await pilot.press("x")  # discard: nothing to discard
        assert isinstance(second.screen, HomeScreen)
    with ScoreStore(db) as store:
        assert [g.id for g in store.unfinished_games("Alice")] == [game.id]

    # A third tab where Alice types her name is offered her own game.
    third = served_app(db, packs)
    async with third.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(third.screen, HomeScreen))
        await wait_for(pilot, lambda: name_field_focused(third))
        home = home_of(third)
        assert home.unfinished is None
        await pilot.press(*"Alice", "enter")
        await wait_for(pilot, lambda: home.unfinished is not None)
        assert home.unfinished is not None and home.unfinished.id == game.id
        await wait_for(pilot, lambda: "Unfinished game" in screen_text(third))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(third.screen, QuizScreen))
        assert third.session is not None and third.session.player.name == "Alice"


async def test_a_served_tab_ignores_the_remembered_name(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db) as store:
        store.set_setting("player", "Grace")  # remembered by the teacher's terminal
    app = served_app(db, packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: name_field_focused(app))
        assert home_of(app).player_name() is None
        assert "Grace" not in screen_text(app)
