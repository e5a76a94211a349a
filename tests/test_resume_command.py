"""`civic-quiz play --resume` finds the game that plain mode told the player to resume, in
plain mode and in the full-screen game, even when its pack is a file in no packs folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.cli import main
from game.play.launch import GameRequest, resume_command
from game.store import ScoreStore
from tests.ui.helpers import (
    QUESTIONS,
    asking,
    make_app,
    pack_data,
    wait_for,
    write_pack,
    write_packs,
)

TF = [dict(QUESTIONS["truefalse"], id=f"tf{i}") for i in range(3)]
"""Three true/false questions, all false: plain mode answers each with `f`."""


def pack_file(tmp_path: Path) -> Path:
    """A pack in a folder that is not a packs folder."""
    return write_pack(tmp_path / "elsewhere", pack_data("loose", TF, title="Loose"))


def plain(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], lines: str
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    status = main(["play", "--plain", *args])
    return status, capsys.readouterr().out


def test_plain_mode_names_the_player_and_the_file_and_that_command_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = pack_file(tmp_path)
    db = str(tmp_path / "scores.sqlite3")
    status, out = plain(monkeypatch, capsys, ["--db", db, "--player", "Ben", str(path)], "f\n")
    assert status == 3
    command = f"civic-quiz play --resume --player Ben --db {db} {path}"
    assert f"Resume it with: {command}" in out
    args = command.split()[2:]
    status, out = plain(monkeypatch, capsys, ["--resume", *args[1:]], "f\nf\n")
    assert status == 0, out
    assert "Ben: " in out and "3 of 3 correct" in out
    with ScoreStore(Path(db)) as store:
        (game,) = store.games()
        assert game.player == "Ben" and game.status == "finished" and game.answered == 3


def test_resume_command_quotes_what_the_shell_would_split() -> None:
    command = resume_command(["Ann Lee", "Bo"], ["my packs/a.yaml"])
    assert command == "civic-quiz play --resume --player 'Ann Lee' 'my packs/a.yaml'"


async def test_the_full_screen_game_resumes_what_plain_mode_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = pack_file(tmp_path)
    db = tmp_path / "scores.sqlite3"
    status, _ = plain(monkeypatch, capsys, ["--db", str(db), "--player", "Ben", str(path)], "f\n")
    assert status == 3
    with ScoreStore(db) as store:
        store.set_setting("player", "Ada")  # the app remembers another player
    packs = write_packs(tmp_path / "packs")
    await resumes_bens_game(
        tmp_path, packs, GameRequest(resume=True, players=("Ben",), packs=(str(path),))
    )
    # Without --player, the newest unfinished game, as in plain mode (not the remembered
    # player's, who has none); found by id once the pack is in a packs folder.
    write_pack(packs, pack_data("loose", TF, title="Loose"))
    await resumes_bens_game(tmp_path, packs, GameRequest(resume=True))


async def resumes_bens_game(tmp_path: Path, packs: Path, request: GameRequest) -> None:
    app = make_app(tmp_path, packs=packs, request=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.session
        assert session is not None
        assert session.player.name == "Ben" and session.position == 1
        assert session.pack_id == "loose"
