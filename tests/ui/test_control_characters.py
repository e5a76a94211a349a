"""The app never sends a control sequence from outside text to the terminal: file names, a
broken pack's message, player names and answers are shown with visible escapes (`\\x1b`).

Textual passes the characters of a `Text` or `Content` to the terminal as they are, so an
`ESC ] 0 ; ... BEL` in a name would retitle the window and an `ESC [ 2 J` clear the screen
(issue 10, item 8).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.app import App

from game.ui.formatting import answer_lines, explanation_text, numbered
from game.ui.screens.history import HistoryScreen
from game.ui.screens.home import HomeScreen
from game.ui.screens.leaderboard import LeaderboardScreen
from game.ui.screens.teacher import TeacherScreen
from game.ui.widgets.pack_list import PackList
from tests.fuzzing import BIDI, CLEAR, TITLE
from tests.test_output_safety import GOOD, source_pack
from tests.test_textsafe import RAW, is_raw_free
from tests.ui.helpers import make_app, screen_text, wait_for
from tests.ui.test_teacher import FIRST_GAMES, PACK, record_game

NAME = f"Eve{TITLE}{CLEAR}"
"""A name the game refuses, as another program or an old version may have stored it."""


SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def raw_in_svg(svg: str) -> list[str]:
    """The raw control characters in the text of an SVG screenshot (XML-escaped there)."""
    texts = [html.unescape(t) for t in SVG_TEXT.findall(svg)]
    assert any(t.strip() for t in texts), "the screenshot holds no text: its format changed?"
    return [raw for text in texts for raw in RAW.findall(text)]


def raw_on_screen(app: App[Any]) -> list[str]:
    """The raw control characters in what the app would send to the terminal: read from
    Textual's public screenshot, which renders the screen as the terminal gets it and keeps
    every character of the text as it is."""
    return raw_in_svg(app.export_screenshot())


def test_a_raw_character_in_a_screenshot_would_be_found() -> None:
    # The check below must be able to fail: a screenshot keeps what it was given.
    class Raw:
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            yield Segment(f"a{TITLE}b{BIDI}")

    console = Console(record=True, file=io.StringIO(), force_terminal=True, width=40)
    console.print(Raw())
    assert raw_in_svg(console.export_svg()) == ["\x1b", "\x07", "\u202e"]


async def test_home_shows_odd_file_names_and_a_broken_packs_message_escaped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "packs"
    source_pack(folder)  # broken: its closest passage quotes escape sequences
    (folder / f"x{TITLE}.yaml").write_text(GOOD.replace("test-pack", "one"), encoding="utf-8")
    (folder / f"c{CLEAR}\nforged.yaml").write_text("format: civic-quiz/1\n", encoding="utf-8")
    app = make_app(tmp_path, packs=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        # The escaped name on screen first: then the screen is drawn, and has no raw one.
        await wait_for(pilot, lambda: "c\\x1b[2J\\nforged.yaml" in screen_text(app))
        assert raw_on_screen(app) == []
        text = screen_text(app)
        assert "\\x1b]0;PWNED\\x07" in text  # the closest passage, escaped
        packs = app.screen.query_one(PackList)
        packs.focus()
        packs.highlighted = next(
            i for i, e in enumerate(packs.entries) if e.path.name.startswith("c")
        )
        await pilot.press("enter")  # a broken pack: a notification says why
        await wait_for(pilot, lambda: "cannot be played" in screen_text(app))
        assert raw_on_screen(app) == []


async def test_teacher_screen_shows_stored_answers_escaped(tmp_path: Path, packs: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    answers = [(f"x{TITLE}{CLEAR}{BIDI}", 0.0)] * 7
    record_game(db_path, NAME, 0, answers)  # every question's common wrong answer
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(TeacherScreen(PACK))
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen))
        shown = "Most common wrong answer: x\\x1b]0;PWNED\\x07"
        await wait_for(pilot, lambda: shown in screen_text(app))
        assert raw_on_screen(app) == []


async def test_leaderboard_and_history_show_stored_names_escaped(
    tmp_path: Path, packs: Path
) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_game(db_path, NAME, 0, FIRST_GAMES["Ada"])
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.action_leaderboard(PACK)
        await wait_for(pilot, lambda: isinstance(app.screen, LeaderboardScreen))
        await wait_for(pilot, lambda: "Eve\\x1b]0;PWNED" in screen_text(app))
        assert raw_on_screen(app) == []
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.action_history(NAME)
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: "Past games of Eve\\x1b]0;PWNED" in screen_text(app))
        assert raw_on_screen(app) == []


def test_formatting_helpers_escape_what_they_are_given() -> None:
    assert is_raw_free(numbered(1, f"Paris{TITLE}").plain)
    assert "Paris\\x1b]0;PWNED\\x07" in numbered(1, f"Paris{TITLE}").plain


class _Played:
    source_line = f"DW{TITLE}"

    class question:  # stands in for a question object
        explanation = f"Why{CLEAR}"
        quote = f"quoted{BIDI}"

        @staticmethod
        def quotes() -> list[str]:  # what QuestionBase.quotes gives for the one quote
            return [f"quoted{BIDI}"]


def test_explanation_text_escapes_pack_text() -> None:
    text = explanation_text(_Played()).plain  # type: ignore[arg-type]
    assert is_raw_free(text)
    assert "Why\\x1b[2J" in text and "quoted\\u202etxt.exe" in text and "DW\\x1b]0;" in text


def test_answer_lines_escape_answers() -> None:
    class Outcome:  # stands in for an answer's outcome
        response_text = f"x{TITLE}"
        correct = False
        correct_answer = f"y{CLEAR}"
        feedback_lines = (f"fb{BIDI}",)  # a picked option's feedback, from the pack

    text = answer_lines(Outcome()).plain  # type: ignore[arg-type]
    assert is_raw_free(text)
    assert "x\\x1b]0;PWNED\\x07" in text and "y\\x1b[2J" in text and "fb\\u202e" in text


async def test_a_control_character_no_screen_escapes_never_reaches_the_terminal(
    tmp_path: Path, packs: Path
) -> None:
    from rich.text import Text
    from textual.widgets import Static

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        # As if some widget showed a library's message without escaping it.
        await app.screen.mount(Static(Text(f"raw{TITLE}{CLEAR}{BIDI}end"), id="raw"))
        # Same cells, controls gone: once it is drawn, no raw character is on screen.
        await wait_for(pilot, lambda: "raw]0;PWNED[2Jtxt.exeend" in screen_text(app))
        assert raw_on_screen(app) == []
