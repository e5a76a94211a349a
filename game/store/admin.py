"""Admin operations on a score database file: info, full check, online backup, restore, vacuum
(`info` works on a PostgreSQL database too; pruning is `prune`'s)."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from ..util.safefile import FileRefused, regular_size
from . import schema
from .core import open_backend
from .errors import StoreError
from .sqlite import APPLICATION_ID, SQLITE_HEADER, SqliteConnection
from .store import ScoreStore

BUSY_TIMEOUT = 10.0
"""Seconds an operation waits for a game's write to finish before reporting the file locked
(the store's own wait: a game's writes are short)."""

CHECK_LIMIT = 100
"""The most problems `check` lists (SQLite's own default for `integrity_check`)."""


class AdminError(Exception):
    """An admin operation could not be done; the one-line message names the file."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(" ".join(message.split()))
        self.path = path
        """The file concerned."""


class StoreInfo(NamedTuple):
    """What a score database holds (`info`)."""

    path: Path
    size_bytes: int
    """The file with its write-ahead log (`-wal`), as it takes space on the disk."""
    schema_version: int
    """`PRAGMA user_version`: one per migration the file has had."""
    games: int
    finished: int
    abandoned: int
    active: int
    """Games not finished yet (they may be resumed)."""
    answers: int
    players: int
    first_game: dt.datetime | None
    """When the oldest game started (None without games)."""
    last_game: dt.datetime | None
    server: bool = False
    """A PostgreSQL database (its size is the database's on the server)."""


class PruneCounts(NamedTuple):
    """What `prune` deleted (or, in a dry run, would delete)."""

    games: int
    answers: int
    flags_unlinked: int
    """Players' flags on questions kept, no longer tied to a deleted game."""
    players: int
    """Players left without a game or a practice card, whose names are removed."""


# -- opening -------------------------------------------------------------------------------


def _is_busy(error: sqlite3.Error) -> bool:
    """Whether another connection's lock made the operation give up."""
    return str(getattr(error, "sqlite_errorname", "") or "").startswith(
        ("SQLITE_BUSY", "SQLITE_LOCKED")
    )


def _error(error: sqlite3.Error, path: Path, doing: str) -> AdminError:
    """The one-line AdminError for an sqlite3 error on `path` while `doing`."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    detail = str(error)
    if _is_busy(error):
        return AdminError(
            f"{path} stayed locked by another program while {doing} ({detail}); wait for the"
            " games being saved, or close other civic-quiz windows, and try again",
            path,
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in detail:
        return AdminError(
            f"{path} is damaged ({detail}); `civic-quiz db check` lists the problems", path
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return AdminError(
            f"cannot {'write' if 'write' in doing else 'open'} {path} ({detail}); check its"
            " permissions and those of its folder",
            path,
        )
    if name.startswith("SQLITE_FULL"):
        return AdminError(f"the disk is full while {doing} {path}", path)
    return AdminError(f"{path}: {doing} failed ({detail})", path)


def _check_file(path: Path) -> None:
    """AdminError unless `path` is an existing SQLite file of civic-quiz's; the header is
    read before SQLite opens it (a FIFO is never opened: it would block)."""
    try:
        size = regular_size(path)
    except FileRefused as refused:
        shown = str(path).replace("\0", "\\0")
        raise AdminError(f"{shown} {refused.message}", path) from None
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise AdminError(f"cannot read {path} ({error.strerror or error})", path) from error
    if size == 0:
        raise AdminError(f"{path} is an empty file, not a civic-quiz score database", path)
    if header != SQLITE_HEADER:
        raise AdminError(f"{path} is not a civic-quiz score database (not an SQLite file)", path)


def _connect(path: Path, *, write: bool) -> SqliteConnection:
    """A connection to the existing score database at `path` (never created), refused if
    the file is not civic-quiz's."""
    _check_file(path)
    uri = path.absolute().as_uri() + ("?mode=rw" if write else "?mode=ro")
    try:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
            factory=SqliteConnection,  # its SQL said, for the statements shared with PostgreSQL
        )
    except sqlite3.Error as error:
        raise _error(error, path, "opening it") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if app_id != APPLICATION_ID and tables > 0:
            raise AdminError(
                f"{path} is an SQLite database of another program, not a civic-quiz score database",
                path,
            )
        if tables == 0:
            raise AdminError(f"{path} is an empty file, not a civic-quiz score database", path)
    except sqlite3.Error as error:
        conn.close()
        raise _error(error, path, "opening it") from error
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def file_connection(path: Path, doing: str, *, write: bool = False) -> Iterator[SqliteConnection]:
    """A connection to the existing score database file at `path` (never created, refused
    if the file is not civic-quiz's), closed afterwards; sqlite3 errors inside become
    AdminError that say what was being done."""
    conn = _connect(path, write=write)
    try:
        yield conn
    except sqlite3.Error as error:
        raise _error(error, path, doing) from error
    finally:
        conn.close()


def one_number(conn: Any, sql: str) -> int:
    """The one number a query gives (either backend's connection)."""
    return int(conn.execute(sql).fetchone()[0] or 0)


def _moment(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _counted(conn: Any, **known: Any) -> StoreInfo:
    """A StoreInfo of the counts both backends read alike (games by status, answers,
    players, the first and last game) and what the caller knows (path, size, version)."""
    statuses = dict(conn.execute("SELECT status, COUNT(*) FROM games GROUP BY status"))
    first, last = conn.execute("SELECT MIN(started_at), MAX(started_at) FROM games").fetchone()
    return StoreInfo(
        games=sum(statuses.values()),
        finished=statuses.get("finished", 0),
        abandoned=statuses.get("abandoned", 0),
        active=statuses.get("active", 0),
        answers=one_number(conn, "SELECT COUNT(*) FROM answers"),
        players=one_number(conn, "SELECT COUNT(*) FROM players"),
        first_game=_moment(first),
        last_game=_moment(last),
        **known,
    )


# -- operations ----------------------------------------------------------------------------


def on_server(path: Path) -> bool:
    """Whether the database at `path` is on a server (its backend's is no file); AdminError
    for a URL that cannot be used."""
    try:
        return not open_backend(path).is_file
    except StoreError as error:
        raise AdminError(error.message, path) from error


def info(path: Path) -> StoreInfo:
    """Size, schema version and counts of the score database at `path` (read only)."""
    if on_server(path):
        return _server_info(path)
    path = Path(path)
    with file_connection(path, "reading it") as conn:
        wal = Path(f"{path}-wal")
        size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        version = one_number(conn, "PRAGMA user_version")
        return _counted(conn, path=path, size_bytes=size, schema_version=version)


def _server_info(url: Path) -> StoreInfo:
    """`info` of a database on a server, through the store (which brings an older schema up
    to date, as any civic-quiz opening it for playing would)."""
    try:
        with ScoreStore(url) as store, store.read() as conn:
            size = store.backend.size_bytes(conn)
            version = store.backend.schema_version(conn)
            return _counted(conn, path=url, size_bytes=size, schema_version=version, server=True)
    except StoreError as error:
        raise AdminError(error.message, url) from error


def known_schema_version() -> int:
    """The newest schema version this civic-quiz knows (a file's may be older or newer)."""
    return schema.known_version()


def check(path: Path, *, limit: int = CHECK_LIMIT) -> list[str]:
    """The problems of the score database at `path`, empty when it is sound: SQLite's full
    `integrity_check` (every page, index and constraint) and rows that point at a missing
    row (`foreign_key_check`). Reads the whole file: it takes a while on a large one."""
    path = Path(path)
    conn = _connect(path, write=False)
    try:
        problems = [row[0] for row in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
        if problems == ["ok"]:
            problems = []
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            if len(problems) >= limit:
                break
            problems.append(f"{table} row {rowid} refers to a missing row of {parent}")
    except sqlite3.DatabaseError as error:
        if _is_busy(error):
            raise _error(error, path, "checking it") from error
        # A file damaged where the check itself cannot go on: that is the problem found.
        problems = [str(error)]
    finally:
        conn.close()
    return problems


BACKUP_STEP = 256
"""Pages copied at a time (1 MB of 4 kB pages): between steps a signal is heard, so a
stopped backup cleans up after itself."""

PARTIAL = re.compile(r"\.(?P<name>.+)\.(?:backup-(?P<pid>\d+)-\w+|(?P<old_pid>\d+))\.partial")
"""A backup's temporary file: `.NAME.backup-PID-RANDOM.partial` (`.NAME.PID.partial` from
earlier versions); SQLite's files beside it (`-journal`, `-wal`, `-shm`) go with it."""

_PARTIAL_TRAILS = ("", "-journal", "-wal", "-shm")


class Removed(NamedTuple):
    """A stale partial backup that a backup removed."""

    path: Path
    pid: int
    """The process that was writing it, gone."""
    size_bytes: int


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_partials(folder: Path) -> list[Removed]:
    """Remove the partial backups in `folder` (and SQLite's files beside them) left by
    earlier backups whose process is gone (killed, the machine stopped): a nightly backup
    would otherwise fill the disk. Only this user's files; never a live process's."""
    removed: list[Removed] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        for trail in _PARTIAL_TRAILS[1:]:
            name = name.removesuffix(trail)
        match = PARTIAL.fullmatch(name)
        if match is None:
            continue
        pid = int(match["pid"] or match["old_pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            found = entry.stat(follow_symlinks=False)
            if found.st_uid != os.geteuid():
                continue
            os.unlink(entry.path)  # a link itself, never what it points at
        except OSError:
            continue
        size = found.st_size if stat.S_ISREG(found.st_mode) else 0
        removed.append(Removed(Path(entry.path), pid, size))
    return sorted(removed)


class _Stopped(Exception):
    """SIGTERM (or SIGHUP) arrived during a backup."""


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Stopped` in the block (once: another one while cleaning up
    is ignored), so that the backup's own clean-up runs; the handlers are restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the caller's stay
        return
    caught = (signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.getsignal(number) for number in caught}

    def stop(number: int, frame: object) -> None:
        for other in caught:
            signal.signal(other, signal.SIG_IGN)
        raise _Stopped(signal.Signals(number).name)

    for number in caught:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def backup(
    path: Path,
    dest: Path,
    *,
    overwrite: bool = False,
    on_removed: Callable[[Removed], None] | None = None,
    on_step: Callable[[int, int], object] | None = None,
) -> Path:
    """Copy the score database at `path` to `dest` with SQLite's online backup: safe while
    games are being played (the copy holds one consistent moment). The copy is written to
    a temporary file created exclusively beside `dest` under a name no one can guess (a
    link planted there is never followed) and renamed when complete, so `dest` is never
    half a database; a stopped backup (SIGTERM, SIGHUP, Ctrl-C) removes it. An existing
    `dest` is replaced only with `overwrite`, and never when it is a symbolic link. Stale
    partial backups of earlier runs in the folder are removed first (`on_removed` is told
    of each). `on_step(copied, total)` is told the pages copied after each step. Returns
    `dest`."""
    path, dest = Path(path), Path(dest)
    if dest.is_symlink():
        raise AdminError(
            f"{dest} is a symbolic link; a backup is written to a file of its own: name"
            " another file",
            dest,
        )
    if dest.exists() and (dest.resolve() == path.resolve()):
        raise AdminError(f"cannot back up {path} onto itself; name another file", path)
    if dest.exists() and not overwrite:
        raise AdminError(f"{dest} already exists; name another file, or allow overwriting", dest)
    if not dest.parent.is_dir():
        raise AdminError(f"the folder of {dest} does not exist; create it first", dest)
    for stale in remove_stale_partials(dest.parent):
        if on_removed is not None:
            on_removed(stale)
    try:
        _backup(path, dest, on_step)
    except _Stopped as stopped:  # heard outside the copy itself (it cleans up after itself)
        raise AdminError(
            f"the backup to {dest} was stopped ({stopped}) before it was complete;"
            " nothing was left behind",
            dest,
        ) from None
    return dest


def _backup(path: Path, dest: Path, on_step: Callable[[int, int], object] | None = None) -> None:
    """`backup`'s copy, once the target was checked."""
    with file_connection(path, "backing it up") as source, _stop_on_signals():
        try:
            descriptor, name = tempfile.mkstemp(
                prefix=f".{dest.name}.backup-{os.getpid()}-", suffix=".partial", dir=dest.parent
            )
        except OSError as error:
            raise AdminError(
                f"cannot write the backup {dest} ({error.strerror or error})", dest
            ) from error
        temporary = Path(name)
        try:
            _write_copy(source, descriptor, temporary, dest, on_step)
        except _Stopped as stopped:
            raise AdminError(
                f"the backup to {dest} was stopped ({stopped}) before it was complete;"
                " nothing was left behind",
                dest,
            ) from None
        finally:
            os.close(descriptor)
            for trail in _PARTIAL_TRAILS:
                Path(f"{temporary}{trail}").unlink(missing_ok=True)


def _write_copy(
    source: sqlite3.Connection,
    descriptor: int,
    temporary: Path,
    dest: Path,
    on_step: Callable[[int, int], object] | None = None,
) -> None:
    """Fill the empty file `temporary` (open as `descriptor`) with the backup, then rename
    it to `dest`."""
    made = os.fstat(descriptor)

    def ours() -> None:
        """The name still leads to the file made for this backup (not a link put there)."""
        now = os.lstat(temporary)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (made.st_dev, made.st_ino):
            raise AdminError(
                f"the temporary file of the backup to {dest} was replaced by another program;"
                " nothing was written",
                dest,
            )

    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
    except sqlite3.Error as error:
        raise _error(error, dest, "writing the backup") from error
    try:
        ours()
        # No journal beside the copy (a file another program could put a link at): a
        # copy stopped half way is thrown away whole.
        copy.execute("PRAGMA journal_mode = OFF")
        # One read transaction for the whole copy: copied in steps, it still holds one
        # moment, and answers written meanwhile do not make SQLite start it again.
        source.execute("BEGIN")
        try:
            source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            source.backup(copy, pages=BACKUP_STEP, progress=_steps(on_step))
        finally:
            source.execute("ROLLBACK")
        # One self-contained file: no -wal beside the copy (the store switches it back
        # to WAL when it is opened to play).
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.close()
        ours()
        os.fsync(descriptor)
        os.replace(temporary, dest)
    except sqlite3.Error as error:
        raise _error(error, dest, "writing the backup") from error
    except OSError as error:
        raise AdminError(
            f"cannot write the backup {dest} ({error.strerror or error})", dest
        ) from error
    finally:
        copy.close()


def _heard(status: int, remaining: int, total: int) -> None:
    """Called between the backup's steps: a Python call, where a signal's handler runs."""


def _steps(
    on_step: Callable[[int, int], object] | None,
) -> Callable[[int, int, int], None]:
    """The backup's progress callback: `_heard`, and `on_step(copied, total)` if given."""
    if on_step is None:
        return _heard

    def step(status: int, remaining: int, total: int) -> None:
        on_step(total - remaining, total)

    return step


def restore(saved: Path, target: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Put the backup `saved` in place of the score database `target`, safely: through
    SQLite's backup into the target's own connection, so the target's `-wal` (its own log,
    or a stale one of a file deleted meanwhile) is never replayed into the restored games,
    as it would be after a `cp`. What the target held is first backed up beside it
    (`scores.sqlite3.before-restore-YYYYmmdd-HHMMSS`), nothing being lost; that copy is
    returned (None when there was no target). Best done with the game closed: a game still
    open sees the restored database from its next read."""
    saved, target = Path(saved), Path(target)
    if target.is_symlink():
        raise AdminError(f"{target} is a symbolic link; restore into the file itself", target)
    if target.exists() and saved.resolve() == target.resolve():
        raise AdminError(f"cannot restore {saved} onto itself; name another file", saved)
    with file_connection(saved, "reading the backup") as source:
        version = one_number(source, "PRAGMA user_version")
        if version > known_schema_version():
            raise AdminError(
                f"{saved} was written by a newer civic-quiz (schema version {version}; this"
                f" one knows up to {known_schema_version()}); restore it with the newer"
                " civic-quiz. Nothing was changed.",
                saved,
            )
        if not target.exists():
            # A -wal or -shm without its file belongs to a file deleted meanwhile: SQLite
            # would replay that log into the restored one.
            for trail in ("-wal", "-shm"):
                Path(f"{target}{trail}").unlink(missing_ok=True)
            backup(saved, target)
            return None
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        backup(target, kept)
        with file_connection(target, "restoring into it", write=True) as into:
            source.backup(into)
            # The restored pages from the log into the file: a `cp` of it is whole too.
            into.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return kept


def vacuum(path: Path) -> tuple[int, int]:
    """Rebuild the score database at `path` in place, giving back the space of deleted
    rows to the disk; returns its size in bytes before and after (with its `-wal`)."""
    path = Path(path)
    before = info(path).size_bytes
    with file_connection(path, "vacuuming it", write=True) as conn:
        # As `play` refuses it: a newer civic-quiz's file may hold what this one would lose.
        version = one_number(conn, "PRAGMA user_version")
        if version > known_schema_version():
            raise AdminError(
                f"{path} was written by a newer civic-quiz (schema version {version}; this"
                f" one knows up to {known_schema_version()}); vacuum it with the newer"
                " civic-quiz. Nothing was changed.",
                path,
            )
        conn.execute("VACUUM")
        # In WAL mode the rebuilt pages sit in the -wal until a checkpoint writes them back.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return before, info(path).size_bytes
