"""The footer: the keys that work now, redrawn when they change, and pressed by a click."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from game.ui.screens.home import HomeScreen
from game.ui.screens.leaderboard import LeaderboardScreen
from game.ui.widgets.footer import QuizFooter
from tests.ui.helpers import asking, make_app, play, screen_text, wait_for


def footer_line(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_the_footer_lists_the_keys_and_a_click_presses_one(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        line = footer_line(app)
        assert line.startswith("\u23ce Play p Hot-seat l Leaderboard h History")
        assert line.rstrip().endswith("\u258f^p palette") and len(line) == 80
        footer = app.screen.query_one(QuizFooter)
        assert [k.description for k in footer.keys][-1] == "Quit"
        await pilot.click(QuizFooter, offset=(line.index("Leaderboard"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        assert footer_line(app).startswith("esc Back q Quit")
        await pilot.click(QuizFooter, offset=(footer_line(app).index("palette"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_the_footer_follows_a_resize(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        line = footer_line(app)
        assert len(line) == 120 and line.rstrip().endswith("\u258f^p palette")


async def test_the_hint_key_goes_from_the_footer_once_the_hint_is_shown(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs, request=play("one-choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert "h Hint" in footer_line(app)
        await pilot.press("h")
        await wait_for(pilot, lambda: "Hint: Capital of Belgium." in screen_text(app))
        assert "Hint" not in footer_line(app)
        await pilot.press("h")  # pressed again: the hint stays, nothing else happens
        assert "Hint: Capital of Belgium." in screen_text(app)
