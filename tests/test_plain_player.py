"""Plain mode says who plays and what is kept (issue 22, item 12): without `--player` it
plays as the name the game remembers, its opening line names the player, and Ctrl+C says
the answers are saved and how to resume, as the end of input does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.cli import main
from game.plain.play import play_plain
from game.play.players import PLAYER_SETTING
from game.play.session import GameSession
from game.store import ScoreStore
from tests.sample_packs import every_type_pack

NATO = "nato-us-europe-2016"


class InterruptedInput(io.StringIO):
    """Standard input on which the player presses Ctrl+C at the first prompt."""

    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def _play(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db: Path,
    stdin: io.StringIO,
    *args: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", stdin)
    status = main(
        ["play", NATO, "--plain", "--questions", "2", "--seed", "1", *args, "--db", str(db)]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_without_a_player_plain_mode_plays_as_the_remembered_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db) as store:
        store.set_setting(PLAYER_SETTING, "Zoe")
    status, out, _ = _play(monkeypatch, capsys, db, io.StringIO(""))
    assert status == 3  # input ended: kept unfinished
    assert out.splitlines()[0].startswith("civic-quiz: Zoe plays ")
    assert "--player Zoe" in out  # the resume command names her too
    with ScoreStore(db) as store:
        assert [g.player for g in store.games()] == ["Zoe"]


def test_a_named_player_is_remembered_for_the_next_game(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    _play(monkeypatch, capsys, db, io.StringIO(""), "--player", "Ada")
    with ScoreStore(db) as store:
        assert store.get_setting(PLAYER_SETTING) == "Ada"


def test_the_opening_line_names_every_player() -> None:
    session = GameSession([every_type_pack()], seed=4, players=["Ada", "Ben"], questions=1)
    out = io.StringIO()
    play_plain(session, io.StringIO(""), out)
    assert out.getvalue().splitlines()[0].startswith("civic-quiz: Ada and Ben play ")


def test_ctrl_c_says_the_answers_are_saved_and_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    status, out, err = _play(monkeypatch, capsys, db, InterruptedInput(), "--player", "Ada")
    assert status == 130  # what a shell reports for Ctrl+C
    said = out + err
    assert "saved" in said
    (resume,) = [line for line in said.splitlines() if "civic-quiz play --resume" in line]
    assert "--player Ada" in resume and resume.endswith(NATO)
    assert "Traceback" not in said
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games()
        assert game.player == "Ada"
