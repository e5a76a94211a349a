"""`scores` and `stats` refuse a pack or player nobody knows, naming the closest known one,
and a score database that fails when queried ends them in one line naming it, exit 1."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.commands.common import did_you_mean
from game.store import ScoreStore
from tests.conftest import REPO
from tests.games import Answer, play_game

NATO = "nato-us-europe-2016"


def _played(db: Path, games: list[tuple[str, str]]) -> None:
    """A score database with one finished game of one question per (player, pack)."""
    with ScoreStore(db) as store:
        for player, pack_id in games:
            one = Answer(text="1", answer_json="1", question_id="q", seconds=1.0)
            play_game(store, player, pack_id=pack_id, answers=[one])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    # "old-pack" is in no packs folder: it is known from its games only.
    _played(path, [("Ada", NATO), ("Ben", "old-pack")])
    return path


def _run(args: list[str], db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main([*args, "--db", str(db)])
    out, err = capsys.readouterr()
    return status, out, err


# -- unknown packs and players (defect 6) ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named", "hint"),
    [
        (["stats", "nato"], "no pack 'nato'", NATO),
        (["stats", "nato-us-europe-2017"], "no pack 'nato-us-europe-2017'", NATO),
        (["scores", "--pack", "nope"], "no pack 'nope'", None),
        (["scores", "--pack", "old-pakc"], "no pack 'old-pakc'", "old-pack"),
        (["scores", "--player", "zoe"], "nobody named 'zoe'", None),
        # `ada` is Ada (names match whatever their case, issue 22); a misspelling is not.
        (["scores", "--player", "Adda"], "nobody named 'Adda'", "Ada"),
        (["scores", "--player", "Bem", "--format", "json"], "nobody named 'Bem'", "Ben"),
        (["scores", "--answers", "--pack", "nato"], "no pack 'nato'", NATO),
        (["scores", "--class", "--player", "zoe"], "nobody named 'zoe'", None),
        (["scores", "--lesson", "x", "--pack", "nope"], "no pack 'nope'", None),
    ],
)
def test_an_unknown_pack_or_player_is_an_error_naming_the_closest(
    db: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    named: str,
    hint: str | None,
) -> None:
    status, out, err = _run(args, db, capsys)
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"civic-quiz {args[0]}: ") and named in err
    if hint is None:
        assert "did you mean" not in err
    else:
        assert f"(did you mean '{hint}'?)" in err


def test_an_unknown_pack_in_a_database_not_made_yet_is_an_error_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "none" / "scores.sqlite3"
    status, _, err = _run(["scores", "--pack", "nope"], db, capsys)
    assert status == 1 and "no pack 'nope'" in err
    assert not (tmp_path / "none").exists()  # still only read


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["scores", "--pack", "old-pack", "--format", "csv"], "Ben,old-pack"),
        (["scores", "--player", "Ada", "--format", "csv"], f"Ada,{NATO}"),
        (["stats", "old-pack", "--format", "csv"], "q,"),
    ],
)
def test_a_known_pack_or_player_is_listed(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str], shown: str
) -> None:
    status, out, err = _run(args, db, capsys)
    assert status == 0, err
    assert shown in out


@pytest.mark.parametrize(
    "args",
    [
        ["scores", "--player", "Ada", "--pack", "old-pack"],  # both known, never together
        ["scores", "--pack", NATO, "--since", "2999-01-01"],
    ],
)
def test_known_names_with_no_games_matching_print_the_empty_list(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    status, out, err = _run(args, db, capsys)
    assert status == 0 and err == ""
    assert "No games yet." in out


def test_a_pack_in_the_catalog_nobody_played_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    _played(db, [("Ben", "old-pack")])
    status, out, _ = _run(["scores", "--pack", NATO], db, capsys)
    assert status == 0 and "No games yet." in out
    status, out, _ = _run(["stats", NATO, "--format", "json"], db, capsys)
    assert status == 0 and '"pack_id"' in out


def test_did_you_mean_prefers_the_same_name_then_the_closest_then_a_containing_one() -> None:
    names = ["Ada", "ada-lovelace", "nato-us-europe-2016", "nato-us-europe-2016+x"]
    assert did_you_mean("ADA", names) == " (did you mean 'Ada'?)"
    assert did_you_mean("nato-us-europe-2061", names) == f" (did you mean '{NATO}'?)"
    assert did_you_mean("nato", names) == f" (did you mean '{NATO}'?)"
    assert did_you_mean("zz", names) == ""
    assert did_you_mean("x" * 101, names) == ""


# -- a database that fails when queried (defect 8) ------------------------------------------


def _damage(db: Path, how: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    if how == "column dropped":
        conn.execute("DROP INDEX IF EXISTS games_lesson")
        conn.execute("ALTER TABLE games DROP COLUMN lesson")
    elif how == "table renamed":
        conn.execute("ALTER TABLE answers RENAME TO answers_old")
    elif how == "unknown status":
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE games SET status = 'weird'")
    elif how == "bad date":
        conn.execute("UPDATE games SET started_at = 'yesterday'")
    elif how == "bad json":
        conn.execute("UPDATE games SET question_ids = '[nope'")
    conn.close()


DAMAGE = ["column dropped", "table renamed", "unknown status", "bad date", "bad json"]
READERS = [
    ["scores"],
    ["scores", "--format", "json"],
    ["scores", "--class"],
    ["scores", "--pack", NATO],
    ["stats", NATO],
]


@pytest.mark.parametrize("how", DAMAGE)
@pytest.mark.parametrize("args", READERS)
def test_a_query_error_is_one_line_naming_the_database(
    db: Path, capsys: pytest.CaptureFixture[str], how: str, args: list[str]
) -> None:
    if how == "table renamed" and args[0] == "scores" and len(args) == 1:
        args = ["scores", "--answers"]  # the games list reads no answers
    _damage(db, how)
    status, out, err = _run(args, db, capsys)
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("civic-quiz")
    assert str(db) in err


def test_a_query_error_shows_no_traceback(db: Path) -> None:
    _damage(db, "column dropped")
    result = subprocess.run(
        [sys.executable, "-m", "game", "scores", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"civic-quiz: score database {db} failed: no such column: g.lesson"
    )


def test_a_game_that_cannot_be_decoded_is_not_resumed_with_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db) as store:
        play_game(store, "Ada", pack_id=NATO, question_ids=["q"], end="active")
    _damage(db, "bad date")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    status, out, err = _run(["play", "--plain", "--resume", "--player", "Ada"], db, capsys)
    assert status == 1
    assert "Question" not in out
    assert err.count("\n") == 1 and str(db) in err and "cannot read" in err
