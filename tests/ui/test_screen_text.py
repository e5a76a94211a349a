"""The tests' reading of the screen as text agrees with Textual's SVG screenshot."""

from __future__ import annotations

from pathlib import Path

from game.ui.dialogs.confirm import ConfirmDialog
from tests.ui.helpers import make_app, screen_text, svg_screen_text, wait_for


async def test_the_text_read_is_the_screenshot_s_with_a_dialog_and_wide_characters(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Packs" in screen_text(app))
        home = screen_text(app)
        assert home == svg_screen_text(app)
        app.push_screen(ConfirmDialog("Leave 東京 \u2713 now?", yes="Leave", no="Stay"))
        await wait_for(pilot, lambda: "東京" in screen_text(app))
        over = screen_text(app)
        assert over == svg_screen_text(app)
        assert over != home and len(over.splitlines()) == 24
