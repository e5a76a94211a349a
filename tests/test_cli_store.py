"""The command line and the score database: a newer database is never offered to be moved
aside, `scores` and `stats` only read it, and a --db that names no regular file is refused
without blocking."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli
from game.commands import common
from game.store import ScoreStore
from game.store.sqlite import SqliteBackend
from tests.conftest import REPO
from tests.games import Answer, play_game


def _newer(db: Path) -> bytes:
    with ScoreStore(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return db.read_bytes()


def test_a_newer_database_is_never_offered_to_be_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    before = _newer(db)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda question: asked.append(question) or True)
    with pytest.raises(SystemExit) as stopped:
        common.open_store(str(db), ask=True)
    assert stopped.value.code == 1
    assert asked == []
    err = capsys.readouterr().err
    assert "written by a newer civic-quiz" in err and "Nothing was changed." in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.sqlite3"]


def _old_version_file(db: Path) -> None:
    """A database of schema version 1 (no practice cards), with one finished game."""
    with ScoreStore(db) as store:
        one = Answer(text="1", answer_json="1", question_id="q", seconds=1.0)
        play_game(store, "Ada", pack_id="p", answers=[one])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TABLE cards")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


@pytest.mark.parametrize("command", [["scores", "--format", "json"], ["stats", "p"]])
def test_scores_and_stats_only_read_the_database(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    _old_version_file(db)
    db.chmod(0o444)
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    assert cli.main([*command, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Ada" in out or "1 game" in out or "100" in out
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    # SQLite may leave an empty -wal and -shm beside a WAL database it read; no journal.
    assert {p.name for p in tmp_path.iterdir()} <= {
        "scores.sqlite3",
        "scores.sqlite3-wal",
        "scores.sqlite3-shm",
    }
    assert (
        not (tmp_path / "scores.sqlite3-wal").exists()
        or not (tmp_path / "scores.sqlite3-wal").stat().st_size
    )
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)  # not migrated
    conn.close()


def test_a_database_in_a_folder_nobody_may_write_is_read_as_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a WAL database needs a -shm file beside it; in a read-only folder (a shared
    drive, a backup) SQLite refuses with SQLITE_READONLY_DIRECTORY, and `scores` then reads
    the file as immutable. Root may write anywhere, so the refusal is played here; run as
    another user, real SQLite refuses the same way."""
    db = tmp_path / "scores.sqlite3"
    _old_version_file(db)
    real = SqliteBackend._connect_read_only
    tried: list[str] = []

    def connect(self: SqliteBackend, uri: str) -> sqlite3.Connection:
        tried.append(uri.partition("?")[2])
        if "immutable" not in uri:
            refused = sqlite3.OperationalError("attempt to write a readonly database")
            refused.sqlite_errorname = "SQLITE_READONLY_DIRECTORY"  # type: ignore[attr-defined]
            raise refused
        return real(self, uri)

    monkeypatch.setattr(SqliteBackend, "_connect_read_only", connect)
    assert cli.main(["scores", "--format", "json", "--db", str(db)]) == 0
    assert '"player": "Ada"' in capsys.readouterr().out
    assert tried == ["mode=ro", "mode=ro&immutable=1"]


def test_another_failure_to_read_is_not_retried_as_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "scores.sqlite3"
    _old_version_file(db)
    tried: list[str] = []

    def connect(self: SqliteBackend, uri: str) -> sqlite3.Connection:
        tried.append(uri)
        refused = sqlite3.OperationalError("disk I/O error")
        refused.sqlite_errorname = "SQLITE_IOERR_READ"  # type: ignore[attr-defined]
        raise refused

    monkeypatch.setattr(SqliteBackend, "_connect_read_only", connect)
    with pytest.raises(SystemExit):
        cli.main(["scores", "--db", str(db)])
    assert len(tried) == 1
    assert "cannot read or write" in capsys.readouterr().err


def test_scores_of_a_database_not_made_yet_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "none" / "scores.sqlite3"
    assert cli.main(["scores", "--db", str(db)]) == 0
    assert "No games yet." in capsys.readouterr().out
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "nul"])
@pytest.mark.parametrize("command", ["scores", "play"])
def test_a_db_that_is_no_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str, command: str
) -> None:
    if kind == "fifo":
        path = str(tmp_path / "pipe")
        os.mkfifo(path)
    elif kind == "device":
        path = "/dev/zero"
    elif kind == "folder":
        path = str(tmp_path)
    else:
        path = "scores\0.sqlite3"
    args = ["scores"] if command == "scores" else ["play", "--plain", "nato-us-europe-2016"]
    code = f"import sys; from game.cli import main; sys.exit(main({[*args, '--db', path]!r}))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,  # a FIFO opened for reading would block forever
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    expected = {
        "fifo": "is a pipe (FIFO)",
        "device": "is a device",
        "folder": "is a folder",
        "nul": "NUL byte",
    }[kind]
    assert expected in result.stderr
