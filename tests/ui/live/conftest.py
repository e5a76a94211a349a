"""Fixtures of the live screens' tests: a fake class game on the test packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.live.fake import FakeGame, questions


@pytest.fixture
def game(packs: Path) -> FakeGame:
    """A class game of three questions (choice, match, numeric; seed 7), in its lobby."""
    kinds = ("choice", "match", "numeric")
    return FakeGame([questions(packs, f"one-{kind}")[0] for kind in kinds])
