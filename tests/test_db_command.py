"""`civic-quiz db`: info, check, backup, vacuum and prune of the score database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from game.commands import db as db_command
from game.store import SCHEMA_VERSION, ScoreStore
from game.store import admin as store_admin
from tests.test_store_admin import at, play


def parser() -> argparse.ArgumentParser:
    """The command's parser as `civic-quiz` builds it: a top-level --db, then `db`."""
    top = argparse.ArgumentParser(prog="civic-quiz")
    top.add_argument("--db", metavar="PATH")
    db_command.add_parser(top.add_subparsers(dest="command"))
    return top


def run(*argv: str) -> int:
    args = parser().parse_args(list(argv))
    status: int = args.handler(args)
    return status


class Terminal(io.StringIO):
    """Standard input that is a terminal, with what the person types."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    with ScoreStore(path) as store:
        play(store, "ada", 5)
        play(store, "bob", 6, end="abandon", answered=1)
        play(store, "ada", 20)
        play(store, "cy", 4, end="", answered=2)
    return path


def games(path: Path) -> int:
    return store_admin.info(path).games


# -- parsing -------------------------------------------------------------------------------


def test_db_is_taken_before_or_after_the_command(db: Path) -> None:
    for argv in (["--db", str(db), "db", "info"], ["db", "info", "--db", str(db)]):
        args = parser().parse_args(argv)
        assert (args.handler, args.action, args.db) == (db_command.run, "info", str(db))
    assert parser().parse_args(["db", "--db", str(db), "check"]).db == str(db)


def test_an_action_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        parser().parse_args(["db"])
    assert raised.value.code == 2
    assert "ACTION" in capsys.readouterr().err


def test_prune_needs_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["db", "prune"])
    with pytest.raises(SystemExit):
        parser().parse_args(["db", "prune", "--before", "last year"])
    assert "2026-11-28" in capsys.readouterr().err


# -- info and check ------------------------------------------------------------------------


def test_info(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(db), "db", "info") == 0
    out = capsys.readouterr().out
    assert f"Score database: {db}" in out
    assert f"Schema version: {SCHEMA_VERSION}" in out
    assert "Games: 4 (2 finished, 1 abandoned, 1 unfinished)" in out
    assert "Answers: 9" in out
    assert "Players: 3" in out
    assert "Games started from 2026-01-04 to 2026-01-20" in out


def test_info_uses_the_environment_like_the_other_commands(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CIVIC_QUIZ_DB", str(db))
    assert db_command.run(argparse.Namespace(db=None, action="info")) == 0
    assert str(db) in capsys.readouterr().out


def test_a_missing_database_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    for action in ("info", "check", "vacuum"):
        assert run("--db", str(missing), "db", action) == 1
        captured = capsys.readouterr()
        assert captured.err.count("\n") == 1
        assert f"civic-quiz db {action}: {missing} does not exist" in captured.err
        assert "Traceback" not in captured.err
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 50)
    assert run("--db", str(notes), "db", "prune", "--before", "2026-01-10", "--yes") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a civic-quiz score database" in err
    assert notes.read_text() == "hello\n" * 50


def test_check_of_a_sound_database(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(db), "db", "check") == 0
    assert capsys.readouterr().out == f"{db}: ok\n"


def test_check_lists_the_problems_and_exits_1(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("DELETE FROM games WHERE status = 'abandoned'")
        conn.commit()
    assert run("--db", str(db), "db", "check") == 1
    out = capsys.readouterr().out
    assert "answers row" in out and "refers to a missing row of games" in out
    assert out.splitlines()[-1] == f"{db}: 1 problem"


# -- backup and vacuum ---------------------------------------------------------------------


def test_backup(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "copy.sqlite3"
    assert run("--db", str(db), "db", "backup", str(dest)) == 0
    assert f"Backed up {db} to {dest}" in capsys.readouterr().out
    assert games(dest) == 4


def test_backup_over_a_file_needs_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "copy.sqlite3"
    dest.write_text("keep")
    assert run("--db", str(db), "db", "backup", str(dest)) == 1
    err = capsys.readouterr().err
    assert f"{dest} already exists" in err and "--force" in err
    assert dest.read_text() == "keep"
    assert run("--db", str(db), "db", "backup", str(dest), "--force") == 0
    assert games(dest) == 4


def test_vacuum(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(db), "db", "vacuum") == 0
    assert f"Vacuumed {db}:" in capsys.readouterr().out
    assert games(db) == 4


# -- prune ---------------------------------------------------------------------------------


def test_prune_dry_run_changes_nothing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-10", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out == (
        "Would delete 2 games started before 2026-01-10 (4 answers; 1 player left without games).\n"
    )
    assert games(db) == 4


def test_prune_with_yes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-10", "--yes") == 0
    out = capsys.readouterr().out
    assert "Deleted 2 games started before 2026-01-10 (4 answers; 1 player left" in out
    assert "civic-quiz db vacuum" in out
    with ScoreStore(db) as store:
        assert sorted(g.started_at for g in store.games()) == [at(4), at(20)]


def test_prune_without_yes_refuses_when_stdin_is_not_a_terminal(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # piped: not an answer
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-10") == 1
    err = capsys.readouterr().err
    assert "add --yes" in err
    assert games(db) == 4


def test_prune_asks_on_a_terminal(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-10") == 1
    captured = capsys.readouterr()
    assert "Delete them? [y/N]" in captured.err and "Nothing was deleted." in captured.err
    assert games(db) == 4
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-10") == 0
    assert "Deleted 2 games" in capsys.readouterr().out
    assert games(db) == 2


def test_prune_with_nothing_to_delete_asks_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run("--db", str(db), "db", "prune", "--before", "2026-01-01") == 0
    out = capsys.readouterr().out
    assert "No finished or abandoned games started before 2026-01-01" in out
    assert games(db) == 4


def test_run_called_directly_with_a_namespace(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(
        db=str(db), action="prune", before=dt.date(2026, 1, 10), dry_run=False, yes=True
    )
    assert db_command.run(args) == 0
    assert games(db) == 2
