"""Hot-seat games started from the home screen (scores between questions, a podium at the
end, every player on the leaderboard), practice from the home screen, and the theme kept
between runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from game.store import ScoreStore
from game.ui.dialogs.players import PlayersDialog, player_names
from game.ui.screens.home import HomeScreen
from game.ui.screens.quiz import QuizScreen
from game.ui.screens.results import ResultsScreen
from game.ui.widgets.mode_picker import ModePicker
from game.ui.widgets.pack_list import PackList
from tests.ui.helpers import (
    MARKUP,
    NOW,
    make_app,
    screen_text,
    showing_feedback,
    start_game,
    text_of,
    wait_for,
)


def test_player_names_are_cleaned_and_checked() -> None:
    assert player_names(["  Ada ", "", "Bo  Li"]) == ("Ada", "Bo Li")
    for typed, problem in [
        (["", " "], "at least one"),
        (["Ada", "ada"], "different name"),
        (["Ada", "x" * 41], "at most 40"),
        (["Ada", "B\x1bo"], "control"),
    ]:
        try:
            player_names(typed)
        except Exception as error:
            assert problem in str(error)
        else:
            raise AssertionError(f"{typed} was accepted")


async def _choose_players(pilot, app, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, PlayersDialog))
    await pilot.press("ctrl+u")  # the first line holds the current player's name
    for name in names:
        await pilot.press(*name, "enter")
    await pilot.press("enter")


def highlight_pack(app: object, pack_id: str) -> None:
    """Put the home screen's cursor on a pack."""
    pack_list = app.screen.query_one(PackList)  # type: ignore[attr-defined]
    pack_list.highlighted = next(i for i, e in enumerate(pack_list.entries) if e.pack_id == pack_id)


async def test_a_hot_seat_game_from_home_ends_on_a_podium(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        highlight_pack(app, "one-truefalse")
        # Enter on the empty line after the names starts the game, as the dialog says.
        await _choose_players(pilot, app, ["Ada", "Bo"])
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.session is not None
        assert [p.name for p in app.session.players] == ["Ada", "Bo"]
        assert [p.id for p in app.session.packs] == ["one-truefalse"]
        assert "Ada's turn" in text_of(app.screen.query_one("#turn"))
        await pilot.press("f")  # right
        await wait_for(pilot, lambda: "Bo's turn" in text_of(app.screen.query_one("#turn")))
        await pilot.press("t")  # wrong
        await wait_for(pilot, lambda: showing_feedback(app))
        board = text_of(app.screen.query_one("#scoreboard"))
        assert board.splitlines()[1].split() == [
            "1st",
            "Ada",
            "100",
            "points",
            "\u00b7",
            "1",
            "correct",
        ]
        assert board.splitlines()[2].split()[:3] == ["2nd", "Bo", "0"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        podium = text_of(app.screen.query_one("#podium"))
        assert "1st" in podium and "2nd" in podium and "Final scores" in podium
        drawing = podium.splitlines()
        assert drawing[0].strip() == "Ada"  # the winner stands highest
        assert drawing[1].index("Bo") < drawing[0].index("Ada")  # second place on the left
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        board_rows = store.leaderboard("one-truefalse", limit=10)
    assert sorted((r.player, r.score) for r in board_rows) == [("Ada", 100), ("Bo", 0)]


async def test_the_players_dialog_refuses_duplicates_and_can_go_back_to_one(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await _choose_players(pilot, app, ["Ada", "ADA"])
        await pilot.pause()
        assert isinstance(app.screen, PlayersDialog)
        assert "Ada and ADA are one name (case does not count)" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.screen.hotseat == ()  # type: ignore[attr-defined]
        await _choose_players(pilot, app, [MARKUP[:20]])
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.screen.hotseat == ()  # type: ignore[attr-defined]
        assert app.screen.player_name() == MARKUP[:20]  # type: ignore[attr-defined]


async def test_practice_from_home_shows_what_is_due(tmp_path: Path, packs: Path) -> None:
    # A practice round yesterday, answered wrong: today the question is due again.
    start_game(
        tmp_path / "scores.sqlite3", packs, "one-choice", "Ada", mode="practice", right=False
    )
    app = make_app(tmp_path, packs=packs)
    app.now = lambda: NOW + dt.timedelta(days=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n", *"Ada", "enter")
        await wait_for(pilot, lambda: "1 due for practice" in screen_text(app))
        home = app.screen
        picker = home.query_one(ModePicker)
        while picker.mode != "practice":
            await pilot.press("m")
        await wait_for(pilot, lambda: "(\u2022) practice" in screen_text(app))
        pack_list = home.query_one(PackList)
        pack_list.highlighted = next(
            i for i, e in enumerate(pack_list.entries) if e.pack_id == "one-choice"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.session is not None and app.session.mode == "practice"
        assert [p.key for p in app.session.played] == ["choice"]


async def test_the_theme_is_remembered(tmp_path: Path, packs: Path) -> None:
    settings = tmp_path / "settings.json"
    app = make_app(tmp_path, packs=packs)
    app.settings_path = settings
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not settings.exists()  # nothing chosen, nothing written
        app.theme = "nord"
        await wait_for(pilot, settings.exists)
    assert json.loads(settings.read_text(encoding="utf-8"))["theme"] == "nord"
    again = make_app(tmp_path, packs=packs)
    again.settings_path = settings
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen))
        assert again.theme == "nord"


async def test_a_damaged_settings_file_is_ignored(tmp_path: Path, packs: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "no-such-theme"', encoding="utf-8")
    app = make_app(tmp_path, packs=packs)
    app.settings_path = settings
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.theme == "textual-dark"


async def test_a_served_game_does_not_write_settings(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    app.served = True
    app.settings_path = None
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        # Subscribed after the app: called once the app's own callbacks (a save) have run.
        changed: list[str] = []
        app.theme_changed_signal.subscribe(app, lambda theme: changed.append(theme.name))
        app.theme = "nord"
        await wait_for(pilot, lambda: changed == ["nord"])
    config = Path.home() / "config" / "civic-quiz"
    assert not config.exists() and not (tmp_path / "settings.json").exists()


def test_places_are_written_in_words() -> None:
    from game.ui.widgets.scoreboard import ordinal

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


async def test_every_mode_is_described_whole_at_80_columns(tmp_path: Path, packs: Path) -> None:
    from game.ui.widgets.mode_picker import DESCRIPTIONS, PICKABLE

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        picker = app.screen.query_one(ModePicker)
        for mode in PICKABLE:
            await wait_for(pilot, lambda mode=mode: picker.mode == mode)
            await wait_for(pilot, lambda mode=mode: DESCRIPTIONS[mode] in screen_text(app))
            await pilot.press("m")


def test_the_podium_lines_up_with_long_and_wide_names() -> None:
    from rich.cells import cell_len

    from game.play.session import Standing
    from game.ui.widgets.podium import STEP_WIDTH, podium_text
    from game.ui.widgets.scoreboard import scoreboard_text

    standings = [
        Standing(1, "\u4e2d\u6587\u540d\u5b57" * 4, 340, 5),
        Standing(2, "Benjamin the very long name", 220, 3),
        Standing(3, MARKUP, 100, 1),
    ]
    lines = podium_text(standings).plain.splitlines()
    assert {cell_len(line) for line in lines} == {3 * STEP_WIDTH}
    assert "Benjamin the \u2026" in lines[1]
    board = scoreboard_text(standings).plain.splitlines()[1:]
    assert len({cell_len(line[: line.index("points")]) for line in board}) == 1


async def test_the_hot_seat_line_comes_and_goes_in_place_of_the_name(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Hot-seat:" not in screen_text(app)
        for _ in range(2):  # shown, hidden, and shown again: the line is reused
            await _choose_players(pilot, app, ["Ada", "Bo"])
            await wait_for(pilot, lambda: "Hot-seat: Ada, Bo take turns" in screen_text(app))
            lines = screen_text(app).splitlines()
            hotseat = next(i for i, line in enumerate(lines) if "Hot-seat:" in line)
            assert "Mode (m)" in lines[hotseat + 2] and "Player (n)" not in screen_text(app)
            await pilot.press("n")
            await wait_for(pilot, lambda: "Hot-seat:" not in screen_text(app))
            assert "Player (n)" in screen_text(app)
            await pilot.press("tab")  # back to the pack list, where p works
        assert len(app.screen.query("#hotseat")) == 1


async def open_players(pilot, app, size: tuple[int, int] = (80, 24)) -> PlayersDialog:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, PlayersDialog))
    await pilot.press("ctrl+u")
    return app.screen  # type: ignore[no-any-return]


async def test_up_and_down_move_between_the_names(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_players(pilot, app)
        assert app.focused is not None and app.focused.id == "player-1"
        await pilot.press("down", "down")
        assert app.focused.id == "player-3"
        await pilot.press("up")
        assert app.focused.id == "player-2"
        await pilot.press("up", "up")  # the first line stays the first
        assert app.focused.id == "player-1"
        assert "\u2191" in screen_text(app) and "\u2193" in screen_text(app)  # said, not guessed
        assert isinstance(dialog, PlayersDialog)


async def test_a_name_clash_is_named_and_goes_once_fixed(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_players(pilot, app)
        await pilot.press(*"Ada", "enter", *"Bo", "enter", *"ada", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayersDialog)
        problem = app.screen.query_one("#players-problem")
        assert problem.display
        assert "Ada and ada are one name (case does not count)" in text_of(problem)
        await pilot.press("up", "ctrl+u", *"Cy")  # the third name, the clash, changed
        await wait_for(pilot, lambda: not problem.display)
        assert "are one name" not in screen_text(app)


async def test_one_name_plays_alone_and_the_dialog_says_so(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_players(pilot, app)
        text = " ".join(text_of(app.screen.query_one(".dialog-text")).split())
        assert "Leave one name to play alone" not in text
        assert "With one name, that player plays alone" in text
        await pilot.press(*"Zoe", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.screen.hotseat == ()  # type: ignore[attr-defined]
        assert app.screen.player_name() == "Zoe"  # type: ignore[attr-defined]


async def test_the_players_dialog_fits_70x16(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(70, 16)) as pilot:
        await open_players(pilot, app, (70, 16))
        screen = app.screen
        for number in range(1, 9):  # every line can be reached and is then on screen
            focused = app.focused
            assert focused is not None and focused.id == f"player-{number}"
            await pilot.pause()
            region = focused.region
            assert region.y >= 0 and region.bottom <= 16, (number, region)
            await pilot.press("down")
        await pilot.press("tab")
        await pilot.pause()
        button = screen.query_one("#done")
        assert app.focused is button
        assert button.region.bottom <= 16 and button.region.height > 0, button.region
        assert "Play together" in screen_text(app)
        await pilot.press("shift+tab")  # back to the last name, then a clash
        await pilot.press("ctrl+u")
        for _ in range(7):
            await pilot.press("up")
        await pilot.press(*"Ada", "down", *"ADA", "enter", "enter")
        await wait_for(pilot, lambda: "are one name" in screen_text(app))
        problem = screen.query_one("#players-problem")
        assert problem.display and problem.region.bottom <= 16 and problem.region.height > 0


async def test_practice_says_when_each_question_comes_back(tmp_path: Path, packs: Path) -> None:
    from tests.ui.helpers import asking, play, right_keys

    app = make_app(tmp_path, packs=packs, request=play("every-type", mode="practice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        await wait_for(pilot, lambda: "Comes back " in screen_text(app))
        while not isinstance(app.screen, ResultsScreen):
            if showing_feedback(app):
                await pilot.press("enter")
            elif asking(app):
                await pilot.press(*right_keys(session.current))
            await pilot.pause()
        await wait_for(pilot, lambda: "back in" in text_of(app.screen.query_one("#practice-due")))
        summary = text_of(app.screen.query_one("#results-summary"))
        assert "Game over" not in summary and "best streak" not in summary
        assert summary.startswith("Practice: Every type")
        assert f"{len(session.played)} questions practised" in summary
        due = text_of(app.screen.query_one("#practice-due")).splitlines()
        assert len(due) == len(session.played) + 1  # a heading, then a line per question
        assert all("back in" in line or "back tomorrow" in line for line in due[1:])
        assert "Leaderboard" not in screen_text(app).splitlines()[-1]
