"""The one flow for a score database that cannot be used (game/store/opening.py), which the
command line and the app both follow: what is offered for each problem, and what each answer
does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.commands import common
from game.store import ScoreStore, StoreError
from game.store import opening as store_open
from game.store.opening import StoreOpener, StoreProblem, open_store
from tests.ui.helpers import NOW

GARBAGE = b"not a database, somebody's notes " * 100


def damaged(tmp_path: Path) -> Path:
    db = tmp_path / "scores.sqlite3"
    db.write_bytes(GARBAGE)
    return db


def newer(tmp_path: Path) -> Path:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return db


class Asker:
    """Answers with the choices given, in turn, and keeps the problems asked about."""

    def __init__(self, *choices: str) -> None:
        self.choices = list(choices)
        self.asked: list[StoreProblem] = []

    def __call__(self, problem: StoreProblem) -> str:
        self.asked.append(problem)
        return self.choices.pop(0)


def test_a_usable_database_is_opened_without_asking(tmp_path: Path) -> None:
    ask = Asker()
    outcome = open_store(StoreOpener(tmp_path / "scores.sqlite3"), ask)
    assert isinstance(outcome, ScoreStore)
    outcome.close()
    assert ask.asked == []


def test_a_damaged_file_moved_aside_is_kept_and_a_new_one_started(tmp_path: Path) -> None:
    db = damaged(tmp_path)
    opener = StoreOpener(db, now=lambda: NOW)
    ask = Asker("move")
    outcome = open_store(opener, ask)
    assert isinstance(outcome, ScoreStore)
    outcome.close()
    (problem,) = ask.asked
    assert problem.movable and problem.damaged and not problem.newer
    assert opener.kept == tmp_path / "scores.sqlite3.corrupt-20240501-120000"
    assert opener.kept.read_bytes() == GARBAGE


@pytest.mark.parametrize("choice", ["quit", "home", None])
def test_a_damaged_file_left_alone_is_unchanged(tmp_path: Path, choice: str | None) -> None:
    db = damaged(tmp_path)
    opener = StoreOpener(db)
    assert open_store(opener, lambda problem: choice) == "quit"
    assert db.read_bytes() == GARBAGE and opener.kept is None
    assert [p.name for p in tmp_path.iterdir()] == ["scores.sqlite3"]


@pytest.mark.parametrize(
    ("make", "options"),
    [
        (newer, {}),  # upgrading makes it usable again
        (damaged, {"can_move": False}),  # a served tab's shared database
        (damaged, {"read_only": True}),  # `scores`, `stats`
    ],
)
def test_moving_aside_is_not_offered_and_not_done(
    tmp_path: Path, make: object, options: dict[str, bool]
) -> None:
    db = make(tmp_path)  # type: ignore[operator]
    before = db.read_bytes()
    ask = Asker("move")  # asked for anyway: refused
    assert open_store(StoreOpener(db, **options), ask) == "quit"
    assert not ask.asked[0].movable
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scores.sqlite3"]


def test_an_unusable_database_can_be_played_without(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    ask = Asker("nosave")
    assert open_store(StoreOpener(folder), ask) == "nosave"
    (problem,) = ask.asked
    assert not problem.movable and not problem.damaged
    assert "is a folder" in problem.error.message


def test_a_failed_move_is_asked_about_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = damaged(tmp_path)

    def cannot_move(path: Path, now: object = None) -> Path:
        raise StoreError(f"cannot move {path} aside: permission denied", path)

    monkeypatch.setattr(store_open, "move_aside", cannot_move)
    ask = Asker("move", "quit")
    assert open_store(StoreOpener(db), ask) == "quit"
    assert "permission denied" in ask.asked[1].error.message
    assert db.read_bytes() == GARBAGE


def test_the_command_line_asks_y_n_and_says_where_the_file_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = damaged(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda question: asked.append(question) or True)
    store = common.open_store(str(db), ask=True)
    store.close()
    assert asked == ["Move it aside and start a new score database? [y/N] "]
    err = capsys.readouterr().err
    (kept,) = tmp_path.glob("scores.sqlite3.corrupt-*")
    assert f"The old database is kept as {kept}." in err
    assert kept.read_bytes() == GARBAGE


def test_the_command_line_without_a_terminal_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = damaged(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        common.open_store(str(db), ask=False)
    assert stopped.value.code == 1
    assert "Nothing was changed. Use --db PATH" in capsys.readouterr().err
    assert db.read_bytes() == GARBAGE


def test_another_programs_postgresql_database_is_not_offered_to_be_moved(pg_url: Path) -> None:
    from tests.store_trouble import raw_rows

    raw_rows(pg_url, "CREATE TABLE notes (body TEXT)")
    ask = Asker("move")
    assert open_store(StoreOpener(pg_url), ask) == "quit"
    (problem,) = ask.asked
    assert problem.damaged and not problem.movable
    assert str(pg_url) in str(problem.error)
    assert raw_rows(pg_url, "SELECT COUNT(*) FROM notes") == [(0,)]


def test_the_command_line_opens_a_postgresql_url_from_the_environment(
    pg_url: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVIC_QUIZ_DB", str(pg_url))
    with common.open_store(None, ask=False) as store:
        assert store.backend.name == "postgresql"
        assert store.path == pg_url
