"""The flag dialog on a tiny host app: picking a reason, a note, saving and cancelling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, Static

import game.ui
from game.reports.flags import MAX_NOTE
from game.ui.dialogs.flag import FlagDialog
from tests.ui.helpers import screen_text, wait_for

SIZE = (80, 24)
NO_RESULT = object()


class Host(App[None]):
    """Opens a flag dialog and keeps what it was dismissed with."""

    CSS_PATH = str(Path(game.ui.__file__).parent / "app.tcss")

    def __init__(self, subject: str = "Question 3: Who leads NATO?") -> None:
        super().__init__()
        self.subject = subject
        self.result: object = NO_RESULT

    def compose(self) -> ComposeResult:
        yield Static("the quiz")

    def on_mount(self) -> None:
        self.push_screen(FlagDialog(self.subject), self.keep_result)

    def keep_result(self, result: tuple[str, str] | None) -> None:
        self.result = result


async def closed_with(keys: list[str], subject: str = "Question 3: Who leads NATO?") -> object:
    app = Host(subject)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FlagDialog))
        await pilot.press(*keys)
        await wait_for(pilot, lambda: app.result is not NO_RESULT)
        assert not isinstance(app.screen, FlagDialog)
    return app.result


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["enter"], ("wrong", "")),
        (["2", "enter"], ("out-of-date", "")),
        (["3", "enter"], ("unclear", "")),
        (["down", "down", "enter"], ("unclear", "")),
        (["3", "up", "enter"], ("out-of-date", "")),
    ],
)
async def test_a_reason_is_picked_by_number_or_arrows(
    keys: list[str], expected: tuple[str, str]
) -> None:
    assert await closed_with(keys) == expected


async def test_a_note_is_typed_after_the_reason_and_enter_saves_both() -> None:
    keys = ["2", "tab", *"target 5% now", "enter"]
    assert await closed_with(keys) == ("out-of-date", "target 5% now")


async def test_digits_in_the_note_are_text_not_reasons() -> None:
    keys = ["tab", *"3 times", "enter"]
    assert await closed_with(keys) == ("wrong", "3 times")


@pytest.mark.parametrize("keys", [["escape"], ["3", "escape"], ["tab", *"no", "escape"]])
async def test_escape_cancels(keys: list[str]) -> None:
    assert await closed_with(keys) is None


async def test_the_note_is_capped_and_cleaned() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FlagDialog))
        note = app.screen.query_one("#flag-note", Input)
        assert note.max_length == MAX_NOTE
        note.value = "  a\x1b[2J\tb  "
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: app.result is not NO_RESULT)
    assert app.result == ("wrong", "a [2J b")


async def test_the_subject_is_shown_as_text_and_the_dialog_fits_80x24() -> None:
    app = Host("Question 3: [bold]Who[/bold] leads NATO?")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FlagDialog))
        await pilot.pause()
        text = screen_text(app)
        assert "Question 3: [bold]Who[/bold] leads NATO?" in text
        for label in ("1  Wrong", "2  Out of date", "3  Unclear", "Flag (enter)", "Esc cancels"):
            assert label in text, label
        width, height = app.size
        for widget in app.screen.query("*"):
            region = widget.region
            assert region.right <= width and region.bottom <= height, (widget, region)
            if widget.is_scrollable:
                assert widget.max_scroll_y == 0, widget


Snap = Callable[..., bool]


def test_snapshot(snap_compare: Snap) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FlagDialog))
        await pilot.press("2", "tab", *"the target is 5% now")

    assert snap_compare(Host(), terminal_size=SIZE, run_before=run_before)


async def test_every_part_of_the_dialog_is_reached_at_70x16() -> None:
    from textual.widgets import Button

    app = Host("Question 3: " + "Who leads the alliance that the op-ed defends? " * 2)
    async with app.run_test(size=(70, 16)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FlagDialog))
        seen: list[str] = []
        for _ in range(4):  # reasons, note, Flag, Cancel
            focused = app.focused
            assert focused is not None
            await pilot.pause()
            region = focused.region
            assert region.height > 0 and region.y >= 0 and region.bottom <= 16, (focused, region)
            seen.append(focused.id or "")
            await pilot.press("tab")
        assert seen == ["flag-reasons", "flag-note", "flag", "cancel"]
        assert isinstance(app.screen.query_one("#flag"), Button)
