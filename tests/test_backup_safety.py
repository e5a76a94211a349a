"""Backups are whole and go where they are told: `db backup` never writes through a link
planted beside or at its target, a backup stopped half way leaves nothing behind (SIGTERM)
or is cleaned up by the next one (SIGKILL), and `db vacuum` leaves a newer schema alone."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unittest.mock
from contextlib import closing
from pathlib import Path

import pytest

from game.cli import main
from game.store import ScoreStore
from game.store import admin as store_admin
from game.store.admin import AdminError
from tests.conftest import REPO
from tests.test_store_admin import play


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "class" / "scores.sqlite3"
    path.parent.mkdir()
    with ScoreStore(path) as store:
        play(store, "ada", 5)
    return path


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Another class's database, which no backup may touch."""
    path = tmp_path / "other-class" / "scores.sqlite3"
    path.parent.mkdir()
    with ScoreStore(path) as store:
        play(store, "zoe", 7)
        play(store, "yan", 8)
    return path


def test_a_link_planted_at_the_old_temporary_name_is_not_followed(
    db: Path, victim: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    dest = folder / "copy.sqlite3"
    before = victim.read_bytes()
    # The name earlier versions wrote to, predictable from the process id.
    (folder / f".{dest.name}.{os.getpid()}.partial").symlink_to(victim)
    store_admin.backup(db, dest)
    assert victim.read_bytes() == before
    assert store_admin.info(victim).games == 2
    assert store_admin.info(dest).games == 1
    assert not dest.is_symlink()


def test_a_target_that_is_a_link_is_refused_even_with_force(
    db: Path, victim: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "copy.sqlite3"
    dest.symlink_to(victim)
    before = victim.read_bytes()
    for overwrite in (False, True):
        with pytest.raises(AdminError, match="symbolic link"):
            store_admin.backup(db, dest, overwrite=overwrite)
    assert main(["--db", str(db), "db", "backup", "--force", str(dest)]) != 0
    assert "symbolic link" in capsys.readouterr().err
    # A dangling link too: a backup would create the file it points at.
    dangling = tmp_path / "new.sqlite3"
    dangling.symlink_to(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(AdminError, match="symbolic link"):
        store_admin.backup(db, dangling)
    assert not (tmp_path / "elsewhere.sqlite3").exists()
    assert victim.read_bytes() == before
    assert dest.is_symlink() and dangling.is_symlink()


def test_the_temporary_file_is_new_and_private_to_each_backup(db: Path, tmp_path: Path) -> None:
    """Two backups of one process to one name never share a temporary file: it is created
    exclusively, under a name no one can guess."""
    dest = tmp_path / "copy.sqlite3"
    seen: list[str] = []
    real_connect = sqlite3.connect

    def watching(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(target).endswith(".partial"):
            seen.append(Path(str(target)).name)
            assert Path(str(target)).stat().st_mode & 0o077 == 0  # no one else may read
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    with unittest.mock.patch("sqlite3.connect", watching):
        store_admin.backup(db, dest)
        store_admin.backup(db, dest, overwrite=True)
    assert len(seen) == 2 and seen[0] != seen[1]
    pattern = rf"\.copy\.sqlite3\.backup-{os.getpid()}-\w+\.partial"
    assert all(re.fullmatch(pattern, name) for name in seen)


# -- a backup stopped half way -------------------------------------------------------------

BALLAST_MB = 96
"""The size of the database the stopped backups copy: enough to take a moment."""


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "scores.sqlite3"
    with ScoreStore(path) as store:
        play(store, "ada", 5)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE ballast (b BLOB)")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO ballast SELECT randomblob(1000000) FROM n",
            (BALLAST_MB,),
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def backup_process(source: Path, dest: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "game", "--db", str(source), "db", "backup", str(dest)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".partial" in p.name)


def filling(folder: Path) -> bool:
    """Whether a partial copy in `folder` has begun to fill."""
    try:
        return any(p.stat().st_size > 0 for p in partials(folder))
    except FileNotFoundError:  # renamed into place while we looked
        return False


def frozen(process: subprocess.Popen[str]) -> bool:
    """Stop `process` (SIGSTOP) and wait until it is stopped; False if it ended first."""
    os.kill(process.pid, signal.SIGSTOP)
    stat = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = stat.read_text().rpartition(")")[2].split()[0]
        if state in ("T", "t"):
            return True
        if state in ("Z", "X"):
            return False
        time.sleep(0.001)
    return False


def stopped_half_way(source: Path, dest: Path, how: signal.Signals) -> tuple[int, str, int]:
    """Start a backup, freeze it once its partial copy has begun to fill (so the signal
    lands half way however busy the machine), send it `how` and let it go on; its exit
    status, stderr and process id. A backup that ended before it was frozen runs again."""
    for _ in range(5):
        process = backup_process(source, dest)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None and not filling(dest.parent):
            time.sleep(0.001)
        if process.poll() is None and frozen(process) and partials(dest.parent):
            process.send_signal(how)
            os.kill(process.pid, signal.SIGCONT)
            _, err = process.communicate(timeout=60)
            return process.returncode, err, process.pid
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
        process.communicate(timeout=60)
        dest.unlink(missing_ok=True)
    pytest.fail("every backup ended before it could be stopped half way")


def test_sigterm_half_way_leaves_nothing_behind(big_db: Path, tmp_path: Path) -> None:
    dest = tmp_path / "nightly.sqlite3"
    status, err, _ = stopped_half_way(big_db, dest, signal.SIGTERM)
    assert status != 0
    assert "stopped" in err and "nothing was left" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no partial, no journal, no copy


def test_a_killed_backups_partial_is_removed_by_the_next_one_saying_so(
    big_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "monday.sqlite3"
    status, _, pid = stopped_half_way(big_db, dest, signal.SIGKILL)
    assert status == -signal.SIGKILL
    left = partials(tmp_path)
    assert left and all(f".{pid}" in p.name or f"-{pid}-" in p.name for p in left)
    assert not dest.exists()
    # Those an earlier version left (`.NAME.PID.partial` and its journal) go too.
    dead = subprocess.Popen(["true"])
    dead.wait()
    older = [tmp_path / f".sunday.sqlite3.{dead.pid}.partial{trail}" for trail in ("", "-journal")]
    for path in older:
        path.write_bytes(b"half")
    left += older
    # A partial of a backup still running (this process's, alive) is not touched.
    running = tmp_path / f".tuesday.sqlite3.backup-{os.getpid()}-abc.partial"
    running.write_bytes(b"in progress")
    # The next night's backup, to another name in the same folder.
    assert main(["--db", str(big_db), "db", "backup", str(tmp_path / "tuesday.sqlite3")]) == 0
    out = capsys.readouterr().out
    for stale in left:
        assert not stale.exists()
        assert stale.name in out
    assert f"process {pid}, gone" in out and f"process {dead.pid}, gone" in out
    assert "removed a partial backup" in out.lower()
    assert running.exists()
    assert store_admin.info(tmp_path / "tuesday.sqlite3").games == 1


def test_a_stepped_backup_holds_one_moment_while_games_are_written(
    big_db: Path, tmp_path: Path
) -> None:
    """The backup copies in steps (so a signal is heard between them) inside one read
    transaction: answers written meanwhile neither restart it forever nor tear the copy."""
    source = tmp_path / "live.sqlite3"
    store_admin.backup(big_db, source)
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def player() -> None:
        try:
            with ScoreStore(source) as store:
                day = 0
                while not stop.is_set():
                    day = day % 28 + 1
                    play(store, "live", day)
                    written.append(day)
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=player)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not written and not errors and time.monotonic() < deadline:
            time.sleep(0.01)
        before = len(written)
        started = time.monotonic()
        # In a thread of its own, so that a backup started again at every write (as one in
        # steps without a read transaction would be) fails the test in 30 s, not hangs.
        copier = threading.Thread(
            target=store_admin.backup, args=(source, tmp_path / "copy.sqlite3")
        )
        copier.start()
        copier.join(timeout=30)
        took = time.monotonic() - started
        during = len(written) - before
    finally:
        stop.set()
        thread.join()
    copier.join()
    assert errors == []
    assert during > 0  # games were written while the backup ran
    assert took < 30
    copy = tmp_path / "copy.sqlite3"
    assert store_admin.check(copy) == []
    with closing(sqlite3.connect(copy)) as conn:
        answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        total = conn.execute("SELECT SUM(total) FROM games").fetchone()[0]
    assert answers == total


# -- vacuum of a newer schema --------------------------------------------------------------


def test_vacuum_refuses_a_database_of_a_newer_schema_as_play_does(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    known = store_admin.known_schema_version()
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA user_version = {known + 1}")
    before = db.read_bytes()
    with pytest.raises(AdminError, match="newer civic-quiz"):
        store_admin.vacuum(db)
    assert db.read_bytes() == before
    assert main(["--db", str(db), "db", "vacuum"]) != 0
    err = capsys.readouterr().err
    assert "newer" in err and "Nothing was changed" in err
    assert db.read_bytes() == before


# -- restoring a backup --------------------------------------------------------------------


def wal_of(path: Path, games: int) -> bytes:
    """A -wal file of `path` holding `games` more games than its main file: written by a
    connection whose log is never checkpointed, copied before it closes."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA journal_mode = WAL")
        with ScoreStore(path) as store:
            for day in range(games):
                play(store, f"late{day}", day + 1)
            return Path(f"{path}-wal").read_bytes()
    finally:
        conn.close()


def test_cp_next_to_a_stale_wal_replays_it_but_db_restore_does_not(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "saved.sqlite3"
    store_admin.backup(db, saved)  # 1 game
    stale = wal_of(db, 3)  # the games played after the backup, still in the log
    assert stale
    wal = Path(f"{db}-wal")

    # What the docs warn about: `cp` over the file, the old -wal beside it.
    wrong = tmp_path / "cp" / "scores.sqlite3"
    wrong.parent.mkdir()
    wrong.write_bytes(saved.read_bytes())
    Path(f"{wrong}-wal").write_bytes(stale)
    with closing(sqlite3.connect(wrong)) as conn:
        replayed = conn.execute("SELECT COUNT(*) FROM games").fetchone()[0]
    assert replayed != 1  # the log of another file went into the restored one

    # `db restore`: the backup's games, whatever the log beside the target held.
    wal.write_bytes(stale)
    assert main(["--db", str(db), "db", "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "1 game" in out
    assert store_admin.info(db).games == 1
    assert store_admin.check(db) == []
    kept = [p for p in db.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and kept[0].name in out  # what it replaced is kept
    assert store_admin.info(kept[0]).games == 4


def test_restore_to_a_missing_file_removes_a_stale_log_first(db: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite3"
    store_admin.backup(db, saved)
    stale = wal_of(db, 2)
    db.unlink()
    Path(f"{db}-wal").write_bytes(stale)  # left by a file deleted meanwhile
    store_admin.restore(saved, db)
    assert store_admin.info(db).games == 1
    assert store_admin.check(db) == []


def test_restore_refuses_what_is_not_a_backup_and_a_linked_target(
    db: Path, victim: Path, tmp_path: Path
) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    before = db.read_bytes()
    with pytest.raises(AdminError, match="not a civic-quiz score database"):
        store_admin.restore(not_a_db, db)
    with pytest.raises(AdminError, match="itself"):
        store_admin.restore(db, db)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(victim)
    with pytest.raises(AdminError, match="symbolic link"):
        store_admin.restore(db, link)
    assert db.read_bytes() == before
    assert store_admin.info(victim).games == 2
