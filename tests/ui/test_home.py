"""The home screen and the screens reached from it: packs (broken ones refused), the mode,
the player's name, the leaderboards, the history and the command palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from game.store import ScoreStore
from game.ui.app import QuizApp
from game.ui.screens.history import HistoryScreen
from game.ui.screens.home import NO_PACKS, NONE_PLAYABLE, HomeScreen
from game.ui.screens.leaderboard import LeaderboardScreen
from game.ui.screens.quiz import QuizScreen
from game.ui.widgets.mode_picker import ModePicker
from game.ui.widgets.pack_list import PackList
from tests.ui.helpers import make_app, notifications, screen_text, start_game, wait_for


def home_of(app: object) -> HomeScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, HomeScreen)
    return screen


async def test_packs_are_listed_and_a_broken_one_cannot_be_started(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        pack_list = home_of(app).query_one(PackList)
        names = [e.path.name for e in pack_list.entries]
        assert names[0] == "broken.yaml" and len(names) == 9
        assert not pack_list.entries[0].ok and pack_list.highlighted == 0
        text = screen_text(app)
        assert "\u2717 broken.yaml \u2014 broken, cannot be played" in text
        assert "5:5: missing required key 'prompt'" in text
        assert "Every type" in text and "7 questions" in text
        assert "Source: DW, NATO: US, Europe need each other, 13 November 2016" in text
        await pilot.press("enter")
        # The notice comes once the choice is handled: then no game has started.
        await wait_for(pilot, lambda: any("cannot be played" in n for n in notifications(app)))
        assert isinstance(app.screen, HomeScreen) and app.session is None
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.session is not None and app.session.pack_id == "every-type"


async def test_the_app_opens_without_any_pack(tmp_path: Path) -> None:
    app = make_app(tmp_path, packs=tmp_path / "nothing-here")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        await wait_for(pilot, lambda: NO_PACKS[:40] in screen_text(app).replace("\n", " "))
        await pilot.press("enter", "l")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        await wait_for(pilot, lambda: "There are no packs to rank." in screen_text(app))


async def test_the_app_opens_when_every_pack_is_broken(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.yaml").write_text("format: civic-quiz/1\nid: a\n", encoding="utf-8")
    (folder / "b.yaml").write_bytes(b"\xff\xfe not yaml")
    app = make_app(tmp_path, packs=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "a.yaml" in text and "b.yaml" in text
        assert NONE_PLAYABLE[:40] in text.replace("\n", " ")
        await pilot.press("enter", "down", "enter")
        assert isinstance(app.screen, HomeScreen) and app.session is None


async def test_mode_and_name(tmp_path: Path, packs: Path) -> None:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        store.set_setting("player", "Grace")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = home_of(app)
        assert home.player_name() == "Grace"
        picker = home.query_one(ModePicker)
        assert picker.mode == "classic"
        await pilot.press("m")
        assert picker.mode == "timed"
        await pilot.press("m", "m", "m")
        assert picker.mode == "classic"
        await pilot.press("tab", "tab")  # the name, then the mode picker
        assert app.focused is picker
        await pilot.press("left", "left")
        assert picker.mode == "exam"
        assert "(\u2022) exam" in screen_text(app)  # the choice is marked, not only coloured
        await pilot.press("n", "ctrl+a", "ctrl+k", "enter")  # an empty name
        await pilot.press("down", "enter")
        assert isinstance(app.screen, HomeScreen) and app.session is None
        assert app.focused is not None and app.focused.id == "player"
        await pilot.press(*"Ada", "enter", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.session is not None and app.session.mode == "exam"
        assert app.session.player.name == "Ada"
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        assert store.get_setting("player") == "Ada"


async def test_the_name_is_text_until_it_is_edited(tmp_path: Path, packs: Path) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = home_of(app)
        assert not home.query(Input)  # no field until the name is edited
        assert "Player (n): Player" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"[b]Ada", "backspace", "backspace", "backspace")
        assert home.player_name() == "[b]"
        await pilot.press("ctrl+a", "ctrl+k", *"Ada")  # the best score follows the name
        await wait_for(pilot, lambda: "your best: 900" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not home.query(Input))
        assert isinstance(app.focused, PackList)
        await wait_for(pilot, lambda: "Player (n): Ada" in screen_text(app))
        await pilot.press("tab")  # Tab from the list reaches the name, as a field
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("ctrl+a", "ctrl+k", *"[red]Bo[/]", "tab")  # and leaves it
        await wait_for(pilot, lambda: isinstance(app.focused, ModePicker))
        assert not home.query(Input)
        assert "Player (n): [red]Bo[/]" in screen_text(app)  # literal, not markup


async def test_leaderboards_and_history(tmp_path: Path, packs: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    start_game(db, packs, "every-type", "Ada")
    start_game(db, packs, "every-type", "Bo", right=False)
    start_game(db, packs, "one-choice", "Ada", mode="exam")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home_of(app).show_player("Ada")
        await pilot.press("down", "l")  # the leaderboard of the highlighted pack
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Ada" in line)
        assert "1" in lines[first] and "classic" in lines[first] and "2024-05-01" in lines[first]
        # Seven questions of 100 points: the real maximum counts the streak bonus (issue 12).
        assert "Bo" in lines[first + 1] and "0 / 900" in lines[first + 1]
        assert "100% (900 / 900)" in lines[first]
        await pilot.press("down")  # the next pack: one-choice
        await pilot.pause()
        await wait_for(
            pilot, lambda: "Only choice" in screen_text(app) and "exam" in screen_text(app)
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Past games of Ada" in text
        assert "Only choice" in text and "Every type" in text and "Bo" not in text
        assert text.count("finished") == 2


async def test_the_command_palette_offers_the_main_actions(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"leaderb")
        await wait_for(pilot, lambda: "The best games of each pack" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"new game")
        await wait_for(pilot, lambda: "Go to the home screen" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_terminal_app_remembers_the_name_and_offers_its_game(
    tmp_path: Path, packs: Path
) -> None:
    start_game(tmp_path / "scores.sqlite3", packs, "every-type", "Ada", answers=1)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n", "ctrl+a", "ctrl+k", *"Ada", "enter")
        await wait_for(pilot, lambda: home_of(app).unfinished is not None)
        await pilot.press("down", "down", "enter")  # a new game of one-choice
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        assert store.get_setting("player") == "Ada"
    again = make_app(tmp_path, packs=packs)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen))
        home = home_of(again)
        assert home.player_name() == "Ada"  # remembered, with no field to type in
        assert not home.query(Input) and isinstance(again.focused, PackList)
        await wait_for(pilot, lambda: home.unfinished is not None)
        assert home.unfinished is not None and home.unfinished.player == "Ada"


async def test_the_screen_name_is_textuals_not_the_players(tmp_path: Path, packs: Path) -> None:
    """Issue 12, defect 2: the name typed was kept in `_name`, Textual's own attribute behind
    `screen.name`, so that `screen.name` returned the player's name."""
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = home_of(app)
        home.show_player("Ada")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("backspace", "backspace", "backspace", *"Grace")
        await wait_for(pilot, lambda: home.player_name() == "Grace")
        assert home.name is None  # no name was given to the screen


async def test_two_packs_with_one_id_are_listed_once_with_the_warning(tmp_path: Path) -> None:
    from game.play.lesson import Lesson
    from tests.ui.helpers import QUESTIONS, pack_data, write_pack

    folder = tmp_path / "packs"
    data = pack_data("riverton", [QUESTIONS["choice"]], title="Riverton's bridge vote (2025)")
    write_pack(folder / "a", data)
    write_pack(folder / "b", data)  # a copy in another folder: the same id
    for lesson in (None, Lesson("monday", "riverton", "classic")):
        await check_listed_once(
            make_app(tmp_path, packs=folder, served=bool(lesson), lesson=lesson), folder
        )


async def check_listed_once(app: QuizApp, folder: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        entries = app.screen.query_one(PackList).entries
        assert [e.pack_id for e in entries] == ["riverton"]
        assert entries[0].path == folder / "a" / "riverton.yaml"  # the one the game uses
        text = " ".join(screen_text(app).split())
        assert text.count("Riverton's bridge vote (2025)") == 1
        assert "pack id 'riverton' is also used by" in text
        assert "the game uses the first one found" in text
