"""Joining a class game from the home screen: `j`, the code and the name in a dialog that
says a wrong code or a taken name under its field; a served tab is offered the game that is
waiting; Esc on the student's screen goes back home."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from game.live.host import LiveHost
from game.live.model import LiveOptions
from game.live.student import LiveStudent
from game.packs.catalog import load_catalog
from game.store import ScoreStore
from game.ui.dialogs.join import JoinDialog
from game.ui.live.student_screen import StudentScreen
from game.ui.screens.home import HomeScreen
from tests.ui.helpers import make_app, screen_text, wait_for

SIZE = (80, 24)


def host_game(tmp_path: Path, packs: Path) -> LiveHost:
    """A class game of the test pack `every-type`, in its lobby, on the app's database."""
    catalog = load_catalog([packs])
    entry = catalog.by_id("every-type")
    assert entry is not None
    store = ScoreStore(tmp_path / "scores.sqlite3")
    return LiveHost.create(store, catalog.load_pack(entry), LiveOptions(questions=2, seed=7))


def shows(app: Any, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


def problem(app: Any, field: str) -> str:
    line = app.screen.query_one(f"#{field}-problem", Static)
    return str(line.render()) if line.display else ""


async def test_j_joins_with_the_code_and_says_a_wrong_one(tmp_path: Path, packs: Path) -> None:
    host = host_game(tmp_path, packs)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n")
        await pilot.press(*"Ada", "enter")
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinDialog))
        assert app.screen.query_one("#join-name", Input).value == "Ada"
        await pilot.press(*"ZZZZ", "enter")
        await wait_for(pilot, lambda: "ZZZZ" in problem(app, "code"))
        assert problem(app, "code") == "No class game has the code ZZZZ."
        assert isinstance(app.screen, JoinDialog)  # open, to try again
        app.screen.query_one("#join-code", Input).value = host.code.lower()  # any case
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StudentScreen))
        await wait_for(pilot, lambda: shows(app, "You are in, Ada!"))
        assert [p.name for p in host.state().players] == ["Ada"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: not host.state().players[0].connected)


async def test_a_taken_name_is_said_under_the_name(tmp_path: Path, packs: Path) -> None:
    host = host_game(tmp_path, packs)
    catalog = load_catalog([packs])
    other = LiveStudent.join(ScoreStore(tmp_path / "scores.sqlite3"), host.code, "Ada", catalog)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinDialog))
        await pilot.press(*host.code, "tab")
        app.screen.query_one("#join-name", Input).value = "ada"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "taken" in problem(app, "name"))
        assert problem(app, "code") == ""
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    other.leave()


async def test_a_served_tab_is_offered_the_waiting_game(tmp_path: Path, packs: Path) -> None:
    host = host_game(tmp_path, packs)
    app = make_app(tmp_path, packs=packs, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: shows(app, f"Class game {host.code}", "press j to join"))
        await pilot.press(*"Bea", "enter")  # a new tab asks for the name first
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinDialog))
        assert app.screen.query_one("#join-code", Input).value == host.code
        assert app.screen.query_one("#join-name", Input).value == "Bea"
        await pilot.press("enter")
        await wait_for(pilot, lambda: shows(app, "You are in, Bea!"))


async def test_a_join_that_ends_after_the_dialog_closed_leaves_the_game(
    tmp_path: Path, packs: Path
) -> None:
    """Esc while the join is on its way (a slow database): the join that then succeeds must
    not leave the student connected with no screen, which the host would count as playing."""
    import threading

    host = host_game(tmp_path, packs)
    release = threading.Event()
    joined: list[LiveStudent] = []

    def slow_join(code: str, name: str) -> LiveStudent:
        release.wait(5)
        student = LiveStudent.join(ScoreStore(tmp_path / "scores.sqlite3"), code, name, [host.pack])
        joined.append(student)
        return student

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.push_screen(JoinDialog(slow_join, code=host.code, name="Ada"))
        await wait_for(pilot, lambda: isinstance(app.screen, JoinDialog))
        await pilot.press("enter")  # joining...
        await wait_for(pilot, lambda: app.screen.query_one("#join").label.plain == "Joining\u2026")
        await pilot.press("escape")  # ...and closed meanwhile
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        release.set()
        await wait_for(pilot, lambda: bool(joined))
        await wait_for(pilot, lambda: not any(p.connected for p in host.state().players))
        assert [p.name for p in host.state().players] == ["Ada"]
        assert isinstance(app.screen, HomeScreen)
