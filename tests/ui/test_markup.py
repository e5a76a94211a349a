"""Text from packs and player names is shown literally: markup in it is never obeyed."""

from __future__ import annotations

from pathlib import Path

from game.play.launch import GameRequest
from game.ui.screens.home import HomeScreen
from game.ui.screens.results import ResultsScreen
from tests.ui.helpers import (
    MARKUP,
    asking,
    make_app,
    pack_data,
    screen_text,
    showing_feedback,
    wait_for,
    write_pack,
)

NAME = "[b]Eve[/b] [@click=app.quit]x[/]"


def markup_pack(folder: Path) -> Path:
    question = {
        "id": "m1",
        "type": "choice",
        "prompt": MARKUP,
        "choices": [{"text": "[red]A[/red]", "correct": True}, "[@click=app.quit]B[/]"],
        "hint": "[italic]hint[/italic]",
        "explanation": "[link=https://example.com]why[/link]",
        "quote": "[blink]quoted[/blink]",
    }
    return write_pack(folder, pack_data("markup", [question], title="[b]Markup[/b] pack"))


async def test_pack_text_and_names_are_shown_literally(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    markup_pack(folder)
    app = make_app(tmp_path, packs=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        await wait_for(pilot, lambda: "[b]Markup[/b] pack" in screen_text(app))
        app.start_game(GameRequest(packs=("markup",), players=(NAME,), seed=1))
        await wait_for(pilot, lambda: asking(app))
        text = screen_text(app)
        assert MARKUP in text
        assert "[red]A[/red]" in text and "[@click=app.quit]B[/]" in text
        assert NAME in text
        for char in "x@y":  # click the characters that markup would have made links
            await pilot.click("#prompt", offset=(MARKUP.index(char), 0))
        assert app.is_running and asking(app)
        await pilot.press("h")
        await wait_for(pilot, lambda: "[italic]hint[/italic]" in screen_text(app))
        session = app.session
        assert session is not None
        index = session.current.options.index("[@click=app.quit]B[/]")
        await pilot.press(str(index + 1))
        await wait_for(pilot, lambda: showing_feedback(app))
        text = screen_text(app)
        assert "You answered: [@click=app.quit]B[/]" in text
        assert "The answer: [red]A[/red]" in text
        assert "[link=https://example.com]why[/link]" in text
        assert "[blink]quoted[/blink]" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause()
        text = screen_text(app)
        assert NAME in text  # in the summary
        own = next(line for line in text.splitlines() if "\u25b6" in line)
        assert "[b]Eve[/b] [@click=app." in own  # in the leaderboard, cut to fit
        assert MARKUP in text  # in the review
        assert app.is_running
