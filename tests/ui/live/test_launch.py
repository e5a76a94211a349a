"""`host_app` and `join_app` before any window opens: the session's settings from the
command line, and a wrong code or pack refused in one line, naming the command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from game.commands.common import CommandError
from game.live.model import LiveOptions
from game.ui.live.launch import host_app, join_app, live_options


def test_the_settings_follow_the_command_line() -> None:
    assert live_options(argparse.Namespace()) == LiveOptions()
    args = argparse.Namespace(
        questions=5, seed=3, mode="timed", time_limit=30, no_timer=False, scoring="accuracy"
    )
    assert live_options(args) == LiveOptions(5, 3, "timed", 30.0, "accuracy")
    assert live_options(argparse.Namespace(no_timer=True)).time_limit is None


def test_a_wrong_code_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "scores.sqlite3")
    with pytest.raises(CommandError, match=r"^civic-quiz join: .*ZZZZ") as raised:
        join_app(argparse.Namespace(db=db, code="ZZZZ", player="Ana"))
    assert "\n" not in str(raised.value)
    with pytest.raises(CommandError, match=r"^civic-quiz host: .*ZZZZ"):
        host_app(argparse.Namespace(db=db, resume="ZZZZ", pack=None))


def test_an_unknown_pack_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "scores.sqlite3")
    with pytest.raises(CommandError, match=r"^civic-quiz host: .*no-such-pack") as raised:
        host_app(argparse.Namespace(db=db, resume=None, pack="no-such-pack"))
    assert "\n" not in str(raised.value)


def test_join_without_a_name_says_how(tmp_path: Path) -> None:
    db = str(tmp_path / "scores.sqlite3")
    with pytest.raises(CommandError, match=r"^civic-quiz join: name yourself with --player"):
        join_app(argparse.Namespace(db=db, code="ZZZZ", player=None))
