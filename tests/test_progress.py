"""Long work shows progress on a terminal and nothing extra when piped (issue 22, item 17):
`validate` of a folder, `import`, `db backup`, `db vacuum` and `db copy`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from game.cli import main
from game.store import ScoreStore
from tests.conftest import REPO

AIKEN = "".join(f"Question {n}?\nA. yes\nB. no\nANSWER: A\n\n" for n in range(40))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a terminal: what a progress bar draws goes into the buffer."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr("game.util.progress.stderr_console", lambda: console)
    return screen


def _packs(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    shutil.copytree(REPO / "questions", folder)
    shutil.copy(folder / "nato-us-europe-2016.yaml", folder / "second.yaml")
    return folder


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    with ScoreStore(path) as store:
        store.set_setting("player", "Ada")
    return path


def _commands(tmp_path: Path) -> list[tuple[list[str], str]]:
    """Each long command, and what its bar says it is doing."""
    packs = _packs(tmp_path)
    source = tmp_path / "q.aiken"
    source.write_text(AIKEN, encoding="utf-8")
    db = _db(tmp_path)
    return [
        (["validate", str(packs)], "Checking"),
        (["import", str(source)], "Importing"),
        (["db", "backup", str(tmp_path / "copy.sqlite3"), "--db", str(db)], "Backing up"),
        (["db", "vacuum", "--db", str(db)], "Vacuuming"),
        (["db", "copy", str(db), str(tmp_path / "moved.sqlite3")], "Copying"),
    ]


def test_on_a_terminal_long_work_shows_what_it_does(
    tmp_path: Path, terminal: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, doing in _commands(tmp_path):
        terminal.seek(0)
        terminal.truncate()
        assert main(argv) in (0, 1), argv
        capsys.readouterr()
        assert doing in terminal.getvalue(), argv


def test_piped_the_output_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, doing in _commands(tmp_path):
        main(argv)
        out, err = capsys.readouterr()
        assert doing not in out + err, argv
        assert "\x1b" not in out + err, argv  # no bar, no cursor movements


def test_the_one_time_migration_shows_progress_on_a_terminal(
    tmp_path: Path,
    terminal: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import game.store.schema as store_module

    db = tmp_path / "old.sqlite3"
    every = store_module.MIGRATIONS
    monkeypatch.setattr(store_module, "MIGRATIONS", every[:2])
    ScoreStore(db).close()  # a database of schema version 2
    monkeypatch.setattr(store_module, "MIGRATIONS", every)
    monkeypatch.setattr("game.util.progress.enabled", True)  # as in a command
    ScoreStore(db).close()  # brought up to date
    assert "Upgrading the score database old.sqlite3: step" in terminal.getvalue()
    with ScoreStore(db) as store:
        assert store.query("PRAGMA user_version")[0][0] == len(every)


def test_a_new_database_and_a_game_show_no_bar(
    tmp_path: Path, terminal: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)  # created: nothing to carry over, so no bar
    assert "Upgrading" not in terminal.getvalue()
    ScoreStore(db).close()
    assert terminal.getvalue() == ""  # outside a command (a library, the game): nothing
