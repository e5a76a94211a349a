"""The score store's SQLite backend: one file shared by the processes of one machine."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..util.safefile import FileRefused, check_name, regular_size
from . import base, schema
from .base import GameClaim, batched_rows, with_retries
from .dialect import SQLITE
from .errors import CorruptStoreError, NewerStoreError, StoreError
from .fileclaims import claim_in_file, release_all

if TYPE_CHECKING:
    from .interface import Connection

APPLICATION_ID = 0x43517A31
"""`PRAGMA application_id` of a civic-quiz database ("CQz1"), so another program's SQLite
file is refused instead of being written into."""

SQLITE_HEADER = b"SQLite format 3\x00"

CHECK_SUFFIX = ".check"
"""A marker beside a SQLite database that was found damaged while in use: the next open runs
the full check that opens otherwise skip (and removes the marker when the file is sound)."""

T = TypeVar("T")


class SqliteConnection(sqlite3.Connection):
    """An sqlite3 connection that says which SQL it speaks (for migrations, written once for
    both engines)."""

    dialect = SQLITE


# -- errors --------------------------------------------------------------------------------

_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def errorname(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def is_busy(error: sqlite3.Error) -> bool:
    name = errorname(error)
    if name:
        return name.startswith(_BUSY)
    return "locked" in str(error) or "busy" in str(error)


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A one-line StoreError (or CorruptStoreError) for a sqlite3 error on `path`."""
    name = errorname(error)
    detail = str(error)
    if name.startswith(_CORRUPT) or (
        not name and ("not a database" in detail or "malformed" in detail)
    ):
        # The open no longer reads the whole file (it would cost seconds on a school's
        # database), so damage is found here, on use; the full check is one command away,
        # and the next open runs it (where moving the file aside is offered).
        _mark_for_check(path)
        return CorruptStoreError(
            f"{path} is not a usable civic-quiz score database ({detail}); move or rename it"
            " to start a fresh one, or pass --db another file (`civic-quiz db check --db"
            f" {path}` checks the whole file)",
            path,
        )
    if name.startswith(_BUSY):
        return StoreError(
            f"{path} stayed locked by another program ({detail}); close other civic-quiz"
            " windows and try again",
            path,
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreError(
            f"cannot write to {path} ({detail}); check its permissions and those of its"
            " folder, or pass --db another file",
            path,
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(
            f"cannot open {path} ({detail}); check that its folder exists and is writable,"
            " or pass --db another file",
            path,
        )
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"cannot save to {path}: the disk is full", path)
    if name.startswith("SQLITE_IOERR"):
        return StoreError(
            f"cannot read or write {path} ({detail}); check the disk and the file's"
            " permissions, or pass --db another file",
            path,
        )
    return StoreError(f"score database {path} failed: {detail}", path)


def _mark_for_check(path: Path) -> None:
    """Leave the marker that makes the next open check the whole file (best effort: a
    folder that cannot be written leaves the check to `civic-quiz db check`)."""
    with contextlib.suppress(OSError):
        Path(str(path) + CHECK_SUFFIX).touch()


# -- the backend ---------------------------------------------------------------------------


class SqliteBackend:
    """The store on one SQLite file (see `base.Backend`): every write in a `BEGIN IMMEDIATE`
    transaction, the file in WAL mode, games claimed by record locks on a file beside it."""

    name = "sqlite"
    sql = SQLITE
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    integrity: type[BaseException] = sqlite3.IntegrityError
    may_lose_connection = False
    is_file = True

    def __init__(self, path: Path, *, memory: bool = False) -> None:
        self.path = path
        self.is_file = not memory
        self._read_only = False
        self._stream_uri: str | None = None
        """The file as a read-only URI for the connections that stream long reads
        (`stream`); None when the store reads a copy in memory."""

    # -- opening -------------------------------------------------------------------------

    def open(self, read_only: bool) -> tuple[Connection, SqliteBackend]:
        """The store's connection (see `base.Backend.open`)."""
        self._read_only = read_only
        return (self._open_read_only() if read_only else self._open()), self

    def open_empty(self) -> SqliteConnection:
        """An empty database in memory, migrated (for reading one that has no tables)."""
        return self._empty()

    def _retries(self, action: Callable[[], T]) -> T:
        return with_retries(action, self.is_busy)

    def _check_path(self) -> bool:
        """Whether the database file exists; StoreError for a path that no database can be
        (a NUL byte, a folder, a FIFO, a device), found without opening it: opening a FIFO
        blocks forever and a device never ends."""
        path = self.path
        try:
            check_name(path)
        except FileRefused as refused:
            shown = str(path).replace("\0", "\\0")
            raise StoreError(f"{shown}: {refused.message}; pass --db another file") from None
        try:
            regular_size(path)
        except FileRefused as refused:
            if refused.reason == "missing" or (
                refused.reason == "unreadable" and not self._read_only
            ):
                return False  # to be created (opening says why it cannot be)
            advice = "pass --db a file path" if refused.reason == "not-regular" else ""
            advice = advice or "check its permissions, or pass --db another file"
            raise StoreError(f"{path} {refused.message}; {advice}", path) from None
        return True

    def _open(self) -> SqliteConnection:
        path = self.path
        exists = self._check_path()
        try:
            if not exists:
                path.parent.mkdir(parents=True, exist_ok=True)
            unusable = exists and not os.access(path, os.R_OK | os.W_OK)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {path.parent} for the score database"
                f" ({error.strerror or error}); pass --db a file in a writable folder",
                path,
            ) from error
        if unusable:
            raise StoreError(
                f"cannot read and write {path}: permission denied; fix its permissions"
                " or pass --db another file",
                path,
            )
        self._sniff()
        try:
            conn = sqlite3.connect(
                path,
                timeout=base.BUSY_TIMEOUT,
                isolation_level=None,
                check_same_thread=False,
                factory=SqliteConnection,
            )
        except sqlite3.Error as error:
            raise translate(error, path) from error
        try:
            self._prepare(conn)
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as error:
            conn.close()
            raise translate(error, path) from error
        self._stream_uri = path.absolute().as_uri() + "?mode=ro"
        return conn

    def _open_read_only(self) -> SqliteConnection:
        """Open the file for reading only: no migration, no switch to WAL, nothing created
        (a missing or empty file reads as an empty database)."""
        path = self.path
        header = self._sniff() if self._check_path() else b""
        if not header:
            return self._empty()
        uri = path.absolute().as_uri() + "?mode=ro"
        try:
            return self._connect_read_only(uri)
        except sqlite3.OperationalError as error:
            # Reading a WAL database needs its -shm file, which SQLite creates beside it; in
            # a folder that cannot be written, no writer can have a -wal there either, so
            # the file is read as immutable. Anywhere else `immutable` would be unsafe: a
            # writer's checkpoint could change pages under the reader.
            if not errorname(error).startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise translate(error, path) from error
        try:
            return self._connect_read_only(uri + "&immutable=1")
        except sqlite3.Error as error:
            raise translate(error, path) from error

    def _connect_read_only(self, uri: str) -> SqliteConnection:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=base.BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
            factory=SqliteConnection,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(base.BUSY_TIMEOUT * 1000)}")
            if self._check(conn) == 0:
                conn.close()
                return self._empty()
            if conn.execute("PRAGMA user_version").fetchone()[0] < schema.SAME_TABLES_SINCE:
                return self._migrated_copy(conn)
        except BaseException:
            conn.close()
            raise
        self._stream_uri = uri
        return conn

    def _migrated_copy(self, conn: SqliteConnection) -> SqliteConnection:
        """A database of an older schema, read through a copy in memory brought up to the
        current one (the file is not written): the queries expect today's columns, and a
        display its real maximum (migration 4). Reading only is for one-shot commands, so a
        snapshot is what they need; only files older than SAME_TABLES_SINCE come here (one
        as big as the file, in memory). A copy the migrations do not fit (a file changed by
        hand) is dropped, and the file read as it is, as before."""
        copy = sqlite3.connect(
            ":memory:", isolation_level=None, check_same_thread=False, factory=SqliteConnection
        )
        try:
            conn.backup(copy)
            self._migrate(copy)
        except sqlite3.Error:
            copy.close()
            return conn
        except BaseException:
            copy.close()
            raise
        conn.close()
        return copy

    def _empty(self) -> SqliteConnection:
        """An empty database in memory, for reading a score file that does not exist yet."""
        conn = sqlite3.connect(
            ":memory:", isolation_level=None, check_same_thread=False, factory=SqliteConnection
        )
        self._migrate(conn)
        return conn

    def _sniff(self) -> bytes:
        """Refuse a file without the SQLite header before SQLite sees it (SQLite would
        otherwise rewrite or delete -wal and -shm files lying next to it); the header read,
        empty for a missing or empty file. Call `_check_path` first (never open a FIFO)."""
        path = self.path
        try:
            with path.open("rb") as file:
                header = file.read(100)
        except FileNotFoundError:
            return b""
        except OSError as error:
            raise StoreError(
                f"cannot read {path} ({error.strerror or error}); check its permissions,"
                " or pass --db another file",
                path,
            ) from error
        if header and (len(header) < 100 or not header.startswith(SQLITE_HEADER)):
            raise CorruptStoreError(
                f"{path} is not a civic-quiz score database (it is not an SQLite file);"
                " move or rename it to start a fresh one, or pass --db another file",
                path,
            )
        return header

    def _prepare(self, conn: SqliteConnection) -> None:
        """Check the file is ours (reading only), then switch to WAL and migrate."""
        conn.execute(f"PRAGMA busy_timeout = {int(base.BUSY_TIMEOUT * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        self._check(conn)
        self._retries(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = FULL")
        self._retries(lambda: self._migrate(conn))

    def _check(self, conn: SqliteConnection) -> int:
        """Refuse a file that is not a civic-quiz database (or one from a newer civic-quiz)
        without writing; the number of tables it has.

        Only the schema and the header are read, so opening costs the same at any size: no
        `PRAGMA quick_check`, which reads every page (2.5 s at 100,000 games). Damage
        elsewhere is reported by SQLite when a query reaches it, and every query turns it
        into a CorruptStoreError (`translate`); `civic-quiz db check` reads everything."""
        tables = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        self._check_version(version, app_id, tables)
        marker = Path(str(self.path) + CHECK_SUFFIX)
        if marker.exists():  # damage was found in use: this open reads every page once
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise CorruptStoreError(
                    f"{self.path} is damaged ({problems[0]}); move or rename it to start a"
                    " fresh score database, or pass --db another file",
                    self.path,
                )
            with contextlib.suppress(OSError):
                marker.unlink()
        return tables

    def _check_version(self, version: int, app_id: int, tables: int) -> None:
        path = self.path
        new_file = app_id == 0 and version == 0 and tables == 0
        if app_id != APPLICATION_ID and not new_file:
            raise CorruptStoreError(
                f"{path} is an SQLite database of another program, not a civic-quiz score"
                " database; pass --db another file",
                path,
            )
        known = schema.known_version()
        if version > known:
            raise NewerStoreError(
                f"{path} was written by a newer civic-quiz (schema version {version}; this"
                f" one knows up to {known}); upgrade civic-quiz, or pass --db another file",
                path,
                found=version,
                known=known,
            )

    def _migrate(self, conn: SqliteConnection) -> None:
        """Apply the missing migrations in one immediate transaction (one process migrates;
        the others wait, then find nothing to do)."""
        if conn.execute("PRAGMA user_version").fetchone()[0] == schema.known_version():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            self._check_version(version, app_id, tables)
            # Only a migration shows progress: not imported on every open.
            from ..util.progress import Step, progress

            # A big database takes seconds to bring up to date (12 s at 100k games): said,
            # on a terminal, when there are tables to carry over (a new file is instant).
            steps = schema.known_version() - version
            what = f"Upgrading the score database {self.path.name}: step"
            shown = progress(what, total=steps) if tables else nullcontext(Step())
            with shown as step:
                for number in range(version, schema.known_version()):
                    schema.MIGRATIONS[number](conn)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                    step.advance()
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- the interface -------------------------------------------------------------------

    def translate(self, error: BaseException) -> StoreError:
        return translate(error, self.path)  # type: ignore[arg-type]  # only sqlite3 errors reach it

    def is_busy(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError) and is_busy(error)

    def is_unreachable(self, error: BaseException) -> bool:
        return False  # a file is always there (a missing one is another error)

    def reconnect(self, conn: Connection) -> None:  # pragma: no cover - never asked
        raise AssertionError("an SQLite connection is never lost")

    def begin_write(self, conn: Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def begin_snapshot(self, conn: Connection) -> None:
        # A read transaction in WAL mode sees the moment of its first read.
        conn.execute("BEGIN")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()

    def commit(self, conn: Connection) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn: Connection) -> None:
        if conn.in_transaction:  # type: ignore[attr-defined]  # an sqlite3 connection
            conn.execute("ROLLBACK")

    def set_wait(self, conn: Connection, seconds: float) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def has_table(self, conn: Connection, name: str) -> bool:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None

    def schema_version(self, conn: Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def size_bytes(self, conn: Connection) -> int:
        if not self.is_file:
            return 0
        wal = Path(f"{self.path}-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def stream(
        self, sql: str, params: Sequence[Any], fallback: Callable[[], list[Any]]
    ) -> Iterator[Any]:
        """A file is read through a connection of its own, opened for this read (cheap: the
        open reads no more than the schema), so that the read neither holds the store's lock
        while the caller works on each row nor sees half of a transaction: it reads one
        committed moment. A copy in memory is read at once (`fallback`)."""
        uri = self._stream_uri
        if uri is None:
            yield from fallback()
            return
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=base.BUSY_TIMEOUT,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        try:
            cursor = self._retries(lambda: conn.execute(sql, params))
            while rows := cursor.fetchmany(base.STREAM_BATCH):
                yield from rows
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        finally:
            conn.close()

    def table_rows(
        self, conn: Connection, sql: str, batch: int
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        cursor = conn.execute(sql)
        columns = [d[0] for d in cursor.description]
        return columns, batched_rows(cursor, batch)

    def insert_rows(
        self, conn: Connection, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
    ) -> None:
        """Inserts, a batch at a time."""
        names = ", ".join(columns)
        insert = f"INSERT INTO {table} ({names}) VALUES ({SQLITE.marks(len(columns))})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == base.STREAM_BATCH:
                conn.executemany(insert, batch)
                batch = []
        if batch:
            conn.executemany(insert, batch)

    def after_copy(self, conn: Connection, identity_tables: Sequence[str]) -> None:
        """Nothing: a new rowid is one past the largest."""

    def byte_order(self, column: str) -> str:
        return column  # SQLite's BINARY collation compares bytes

    def claim(self, game_id: int) -> GameClaim:
        return claim_in_file(self, self.path, game_id)

    def release_claims(self) -> None:
        release_all(self)

    def listen(self, channel: str) -> SqliteListener:
        return SqliteListener(self.path)  # any commit: SQLite has no channels

    def renew_claims(self) -> None:
        """Nothing: the claims are this process's locks on a file, never lost meanwhile."""

    def close(self) -> None:
        """Nothing to close beyond the store's connection."""


LISTEN_POLL = 0.1
"""Seconds between two looks at SQLite's data version (10 a second: cheap, a page read)."""


class SqliteListener:
    """Polls `PRAGMA data_version` of a read-only connection of its own (not thread-safe)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._version = self._data_version()

    def _data_version(self) -> int | None:
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(
                    Path(self._path).resolve().as_uri() + "?mode=ro",
                    uri=True,
                    timeout=5.0,
                    isolation_level=None,
                    check_same_thread=False,
                )
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None  # not there yet, or busy: the next look tries again

    def wait(self, timeout: float) -> list[str] | None:
        """None (unknown) as soon as another connection committed; [] after `timeout` seconds
        without a commit."""
        end = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version is not None and version != self._version:
                self._version = version
                return None
            left = end - time.monotonic()
            if left <= 0:
                return []
            time.sleep(min(LISTEN_POLL, left))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
