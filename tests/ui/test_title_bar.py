"""The title line: the app's title and the screen's sub-title, centred, with the palette's
icon on the left."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from game.ui.screens.home import HomeScreen
from game.ui.screens.teacher import TeacherScreen
from game.ui.widgets.title_bar import TitleBar
from tests.ui.helpers import make_app, screen_text, wait_for


def title_line(app: object) -> str:
    return screen_text(app).splitlines()[0]  # type: ignore[arg-type]


async def test_the_title_is_centred_between_the_icon_and_the_right_margin(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        line = title_line(app)
        title = "civic-quiz \u2014 quizzes on the news"
        assert line.startswith(" \u2b58 ") and len(line) == 80
        # Centred in the 62 cells between the icon's 8 and the 10 kept on the right.
        start = line.index(title)
        assert start == 8 + (62 - len(title)) // 2
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        narrow = title_line(app)
        assert len(narrow) == 40 and narrow.rstrip().endswith("\u2026")


async def test_the_title_follows_the_screen_and_its_changes(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen))
        await wait_for(pilot, lambda: "Teacher: what the class got wrong" in title_line(app))
        app.screen.sub_title = "[bold]changed"
        await wait_for(pilot, lambda: "civic-quiz \u2014 [bold]changed" in title_line(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "quizzes on the news" in title_line(app)


async def test_a_click_on_the_icon_opens_the_palette_and_elsewhere_does_not(
    tmp_path: Path, packs: Path
) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click(TitleBar, offset=(1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
