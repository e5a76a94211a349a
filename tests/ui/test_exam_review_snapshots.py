"""Snapshots of an exam's review (issue 22) at 80x24 and 70x16: the answers listed, one
highlighted to change, the keys to change and to submit.

Regenerate with `pytest tests/ui/test_exam_review_snapshots.py --snapshot-update`, then
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.play.launch import GameRequest
from tests.ui.helpers import make_app, start_game
from tests.ui.test_snapshots import until


@pytest.mark.parametrize("size", [(80, 24), (70, 16)], ids=["80x24", "70x16"])
def test_the_review_of_an_exam(
    snap_compare: Callable[..., bool], tmp_path: Path, packs: Path, size: tuple[int, int]
) -> None:
    start_game(
        tmp_path / "scores.sqlite3",
        packs,
        "every-type",
        "Ada",
        mode="exam",
        right=False,
        submit=False,
    )
    app = make_app(tmp_path, packs=packs, request=GameRequest(resume=True))
    assert snap_compare(
        app,
        press=["down", "down"],
        terminal_size=size,
        run_before=until(lambda app: getattr(app.screen, "showing", None) == "review"),
    )


def test_changing_an_answer_in_the_review_at_70x16(
    snap_compare: Callable[..., bool], tmp_path: Path, packs: Path
) -> None:
    start_game(
        tmp_path / "scores.sqlite3",
        packs,
        "every-type",
        "Ada",
        mode="exam",
        right=False,
        submit=False,
    )
    app = make_app(tmp_path, packs=packs, request=GameRequest(resume=True))
    assert snap_compare(
        app,
        press=["down", "down", "enter"],  # the third answer: the typed one
        terminal_size=(70, 16),
        run_before=until(lambda app: getattr(app.screen, "showing", None) == "review"),
    )
