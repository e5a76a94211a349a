"""Snapshots of the pack editor at 80x24 (one part at a time) and 120x40 (side by side), on
a copy of the NATO pack with a problem typed into a field.

Regenerate with `pytest tests/ui/test_editor_snapshots.py --snapshot-update`, then look at
the SVGs before committing them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.ui.editor.app import EditorApp
from game.ui.editor.screen import EditorScreen
from tests.ui.helpers import wait_for

QUESTIONS = Path(__file__).parents[2] / "questions"

Snap = Callable[..., bool]


@pytest.fixture
def nato(tmp_path: Path) -> Path:
    shutil.copytree(QUESTIONS, tmp_path / "questions")
    return tmp_path / "questions" / "nato-us-europe-2016.yaml"


def typed_problem(part: str) -> Callable[[Pilot[Any]], Any]:
    """Open `newspaper`, type a wrong answer, wait for its problem, then show `part`."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen), seconds=20)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await wait_for(pilot, lambda: screen.document is not None and screen.checks > 0)
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: screen.index == 2 and bool(screen.query("#field-answer")))
        screen.query_one("#field-answer", Input).focus()
        await pilot.press("end", *" Weekly")
        await pilot.pause()
        await wait_for(pilot, lambda: screen.settled and screen.checks > 1)
        await wait_for(pilot, lambda: bool(screen.query_one("#sentences").option_count))  # type: ignore[attr-defined]
        if part != screen.part:
            screen.part = part
        await pilot.pause()
        screen.query_one("#field-answer", Input).blur()  # no blinking cursor in the picture
        await pilot.pause()
        # `blur` focuses the next field, which Textual scrolls to the middle of the form, or
        # not, by how the timing falls: the picture is of the form's top.
        await pilot.pause()
        screen.query_one("#question-form").scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()

    return run_before


def test_editor_side_by_side_at_120x40(snap_compare: Snap, nato: Path) -> None:
    assert snap_compare(
        EditorApp(nato), terminal_size=(120, 40), run_before=typed_problem("question-form")
    )


def test_editor_form_at_80x24(snap_compare: Snap, nato: Path) -> None:
    assert snap_compare(
        EditorApp(nato), terminal_size=(80, 24), run_before=typed_problem("question-form")
    )


def test_editor_source_at_80x24(snap_compare: Snap, nato: Path) -> None:
    assert snap_compare(
        EditorApp(nato), terminal_size=(80, 24), run_before=typed_problem("source-pane")
    )
