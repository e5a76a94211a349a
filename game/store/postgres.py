"""The score store's PostgreSQL backend: one database that machines share (`--db postgresql://...`).

The store's queries are written once with this backend's SQL fragments (`dialect.POSTGRESQL`:
`%s` parameters, `GREATEST`, PostgreSQL's types in the table definitions); nothing is rewritten.
Writes queue on an advisory lock, as SQLite's writers on its write lock; claims on games are
advisory locks of a session of their own. psycopg is imported only here, only for such a URL:
SQLite needs nothing installed.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import base, schema
from .base import GameClaim, batched_rows
from .dialect import POSTGRESQL
from .errors import CorruptStoreError, NewerStoreError, StoreError
from .pgclaims import PgClaims
from .pgerrors import is_busy, is_unreachable, translate
from .pgurl import APP_KEY, CONNECT_TIMEOUT, INSTALL_HINT, DatabaseUrl, psycopg_module
from .sqlite import SqliteBackend

if TYPE_CHECKING:
    from .interface import Connection

WRITE_LOCK = (APP_KEY << 16) | 1
"""The advisory lock every write transaction takes: writers queue one at a time, as they do
on SQLite's write lock, so every check-then-write of the store holds on PostgreSQL too."""

MIGRATE_LOCK = (APP_KEY << 16) | 2
"""The advisory lock of a migration: one process migrates, the others wait, then find
nothing to do."""

SCHEMA_TABLE = "civic_quiz_schema"
"""The one-row table holding the schema version (`PRAGMA user_version` in SQLite)."""

STREAM_CONNECTIONS = 4
"""The most connections a store keeps for long reads streamed at the same time."""

# -- the connection ------------------------------------------------------------------------


class PgCursor:
    """What the store reads of a cursor: rows and `rowcount` (none from a statement that
    returns none, as sqlite3's)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self.rowcount: int = cursor.rowcount

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def fetchmany(self, size: int = 1000) -> list[Any]:
        return list(self._cursor.fetchmany(size)) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        if self._cursor.description:
            yield from self._cursor

    def close(self) -> None:
        self._cursor.close()


def _numeric_loader(psycopg: Any) -> type:
    """SUM and AVG of integers are `numeric` in PostgreSQL (Decimal in Python): the store
    wants SQLite's int or float."""

    class NumericLoader(psycopg.adapt.Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            try:
                return int(text)
            except ValueError:
                return float(text)

    return NumericLoader


class PgConnection:
    """One psycopg connection in autocommit mode, taking the store's SQL as it is written for
    PostgreSQL (`dialect`); it can connect again after the server went away (`reconnect`)."""

    dialect = POSTGRESQL

    def __init__(self, url: DatabaseUrl, *, read_only: bool, lock_timeout: float) -> None:
        self.url = url
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._psycopg = psycopg_module()
        self._raw: Any = None
        self.reconnect()

    def reconnect(self) -> None:
        """(Re)open the session: psycopg errors propagate for the store to translate."""
        psycopg = self._psycopg
        if self._raw is not None:
            with contextlib.suppress(psycopg.Error):  # a broken connection closes anyway
                self._raw.close()
            self._raw = None
        raw = psycopg.connect(
            self.url.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            application_name="civic-quiz",
            client_encoding="UTF8",  # text both ways, even from a database made in SQL_ASCII
        )
        raw.adapters.register_loader("numeric", _numeric_loader(psycopg))
        raw.execute("SET TIME ZONE 'UTC'")
        if self.read_only:
            raw.execute("SET default_transaction_read_only = on")
        self._raw = raw
        self.set_lock_timeout(self.lock_timeout)

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement waits for a lock (the write lock) before failing as busy."""
        self.lock_timeout = seconds
        self.raw.execute(f"SET lock_timeout = {max(1, int(seconds * 1000))}")

    @property
    def raw(self) -> Any:
        """The psycopg connection (for statements written in PostgreSQL's own SQL);
        psycopg's OperationalError while it is lost."""
        if self._raw is None:
            raise self._psycopg.OperationalError("the connection to the server was lost")
        return self._raw

    @property
    def broken(self) -> bool:
        return self._raw is None or bool(self._raw.closed) or bool(self._raw.broken)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        cursor = self.raw.cursor()
        cursor.execute(sql, tuple(params) if params else None)
        return PgCursor(cursor)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        if self.broken:
            return False
        status = self._raw.info.transaction_status
        return status != self._psycopg.pq.TransactionStatus.IDLE

    def begin_write(self) -> None:
        """A transaction holding the write lock (SQLite's `BEGIN IMMEDIATE`)."""
        self.raw.execute("BEGIN")
        try:
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        except self._psycopg.Error:
            self.rollback()  # the lock timed out: nothing to keep of the transaction
            raise

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


# -- schema --------------------------------------------------------------------------------


def schema_version(conn: PgConnection) -> int | None:
    """The database's schema version; None when it has no civic-quiz tables yet."""
    return _schema_state(conn)[0]


def _schema_state(conn: PgConnection) -> tuple[int | None, int]:
    """The schema version (None: no civic-quiz tables) and how many other tables the
    connection's schema holds, read in one snapshot: a migration committed between two
    reads would otherwise look like another program's tables."""
    raw = conn.raw
    own = not conn.in_transaction  # in the migration's, the migration lock keeps it still
    if own:
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        found, others = raw.execute(
            """SELECT to_regclass(%s), (SELECT COUNT(*) FROM information_schema.tables
                   WHERE table_schema = current_schema() AND table_name != %s)""",
            (SCHEMA_TABLE, SCHEMA_TABLE),
        ).fetchone()
        version: int | None = None
        if found is not None:
            row = raw.execute(f"SELECT version FROM {SCHEMA_TABLE}").fetchone()
            version = 0 if row is None else int(row[0])
    finally:
        if own:
            raw.execute("ROLLBACK")
    return version, int(others)


def has_table(conn: PgConnection, name: str) -> bool:
    return conn.raw.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None


def check_version(url: DatabaseUrl, conn: PgConnection) -> int | None:
    """Refuse another program's database and a newer civic-quiz's; the version found."""
    version, others = _schema_state(conn)
    if version is None and others:
        raise CorruptStoreError(
            f"{url} holds tables of another program, not a civic-quiz score database; create"
            " a database of its own for civic-quiz (createdb), or pass --db another database",
            url,
        )
    known = schema.known_version()
    if version is not None and version > known:
        raise NewerStoreError(
            f"{url} was written by a newer civic-quiz (schema version {version}; this one"
            f" knows up to {known}); upgrade civic-quiz, or pass --db another database",
            url,
            found=version,
            known=known,
        )
    return version


def migrate(url: DatabaseUrl, conn: PgConnection) -> None:
    """Apply the missing migrations in one transaction under the migration lock."""
    if check_version(url, conn) == schema.known_version():
        return
    raw = conn.raw
    raw.execute("BEGIN")
    try:
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        version = check_version(url, conn) or 0
        if version == 0:
            raw.execute(
                f"""CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (
                        one INTEGER PRIMARY KEY DEFAULT 1 CHECK (one = 1),
                        version INTEGER NOT NULL)"""
            )
            raw.execute(f"INSERT INTO {SCHEMA_TABLE} (version) VALUES (0) ON CONFLICT DO NOTHING")
        for number in range(version, schema.known_version()):
            schema.MIGRATIONS[number](conn)
            raw.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (number + 1,))
        raw.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            raw.execute("ROLLBACK")
        raise


_CURSOR_NUMBERS = itertools.count(1)
"""Numbers the server-side cursors of `table_rows`, whose names must differ within a
transaction."""


# -- the backend ---------------------------------------------------------------------------


class PgBackend:
    """The store on a PostgreSQL database (see `base.Backend`)."""

    name = "postgresql"
    sql = POSTGRESQL
    may_lose_connection = True
    is_file = False

    def __init__(self, url: DatabaseUrl) -> None:
        psycopg = psycopg_module()
        problem = url.problem()
        if problem is not None:
            raise StoreError(
                f"cannot read the PostgreSQL URL {url} ({problem}); check how it is written"
                " (a % in a password is written %25)",
                url,
            )
        self.path = url
        self.url = url
        self.errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.integrity: type[BaseException] = psycopg.IntegrityError
        self._pool: Any = None
        self._pool_lock = threading.Lock()
        self._claims: PgClaims | None = None

    def open(self, read_only: bool) -> tuple[Connection, SqliteBackend | PgBackend]:
        """The store's connection, migrated (unless `read_only`), and the backend to use it
        with: a database without tables, read only, reads as an empty SQLite one."""
        psycopg = psycopg_module()
        try:
            conn = PgConnection(self.url, read_only=read_only, lock_timeout=base.BUSY_TIMEOUT)
        except psycopg.Error as error:
            raise translate(error, self.url) from error
        try:
            if not read_only:
                migrate(self.url, conn)
                return conn, self
            version = check_version(self.url, conn)
            if version is None:
                conn.close()
                empty = SqliteBackend(self.url, memory=True)
                return empty.open_empty(), empty
            # Tables of an older civic-quiz are read as they are (nothing may be written;
            # SQLite migrates a copy in memory, which a shared server's tables cannot have):
            # what they lack reads as empty where the store knows it (flags), else fails
            # as a query on the database.
            return conn, self
        except psycopg.Error as error:
            conn.close()
            raise translate(error, self.url) from error
        except BaseException:
            conn.close()
            raise

    def translate(self, error: BaseException) -> StoreError:
        return translate(error, self.url)

    def is_busy(self, error: BaseException) -> bool:
        return is_busy(error)

    def is_unreachable(self, error: BaseException) -> bool:
        return is_unreachable(error)

    def reconnect(self, conn: Any) -> None:
        conn.reconnect()

    def begin_write(self, conn: Any) -> None:
        conn.begin_write()

    def begin_snapshot(self, conn: Any) -> None:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")

    def commit(self, conn: Any) -> None:
        conn.commit()

    def rollback(self, conn: Any) -> None:
        conn.rollback()

    def set_wait(self, conn: Any, seconds: float) -> None:
        conn.set_lock_timeout(seconds)

    def has_table(self, conn: Any, name: str) -> bool:
        return has_table(conn, name)

    def schema_version(self, conn: Any) -> int:
        return schema_version(conn) or 0

    def size_bytes(self, conn: Connection) -> int:
        return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])

    def stream(
        self, sql: str, params: Sequence[Any], fallback: Callable[[], list[Any]]
    ) -> Iterator[Any]:
        """The rows of a long read, a batch at a time, through a connection of the store's
        pool (a server-side cursor in one read-only transaction: one committed moment,
        memory flat, and the store's own connection free for the game meanwhile)."""
        psycopg = psycopg_module()
        try:
            with self._streams().connection() as conn:
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                with conn.cursor(name="civic_quiz_stream") as cursor:
                    cursor.itersize = base.STREAM_BATCH
                    cursor.execute(sql, tuple(params) or None)
                    yield from cursor
        except psycopg.Error as error:
            raise translate(error, self.url) from error

    def table_rows(
        self, conn: Any, sql: str, batch: int
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """A server-side cursor inside the snapshot's transaction."""
        cursor = conn.raw.cursor(name=f"civic_quiz_rows_{next(_CURSOR_NUMBERS)}")
        cursor.itersize = batch
        cursor.execute(sql)
        columns = [d.name for d in cursor.description]
        return columns, batched_rows(cursor, batch)

    def insert_rows(
        self, conn: Any, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
    ) -> None:
        """PostgreSQL's COPY, which takes a school's millions of answers in seconds."""
        names = ", ".join(columns)
        with conn.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def after_copy(self, conn: Any, identity_tables: Sequence[str]) -> None:
        """Move each identity's counter past the ids copied in."""
        for table in identity_tables:
            conn.raw.execute(
                f"""SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id))
                    FROM {table} HAVING MAX(id) IS NOT NULL"""
            )

    def byte_order(self, column: str) -> str:
        return f'{column} COLLATE "C"'

    @property
    def claims(self) -> PgClaims | None:
        """The claims' session, once a game was claimed."""
        return self._claims

    def claim(self, game_id: int) -> GameClaim:
        if self._claims is None:
            self._claims = PgClaims(self.url)
        return self._claims.claim(game_id)

    def release_claims(self) -> None:
        if self._claims is not None:
            self._claims.release_all()

    def listen(self, channel: str) -> PgListener:
        return PgListener(self.url, channel)

    def renew_claims(self) -> None:
        if self._claims is not None:
            self._claims.renew()

    def _streams(self) -> Any:
        """The pool of connections for long reads, opened at the first (psycopg-pool: a
        process whose store streams from several threads holds several connections, each
        kept for the next read instead of connecting every time)."""
        if self._pool is not None:
            return self._pool
        psycopg = psycopg_module()
        try:
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise StoreError(
                f"PostgreSQL needs psycopg-pool, which is not installed: {INSTALL_HINT}"
            ) from None
        loader = _numeric_loader(psycopg)

        def configure(conn: Any) -> None:
            conn.adapters.register_loader("numeric", loader)
            conn.execute("SET TIME ZONE 'UTC'")
            conn.commit()

        with self._pool_lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url.url,
                    min_size=0,
                    max_size=STREAM_CONNECTIONS,
                    kwargs={
                        "connect_timeout": CONNECT_TIMEOUT,
                        "client_encoding": "UTF8",
                        "application_name": "civic-quiz",
                    },
                    configure=configure,
                    check=ConnectionPool.check_connection,  # a server restarted meanwhile
                    timeout=2 * CONNECT_TIMEOUT,
                    name="civic-quiz-streams",
                    open=True,
                )
        return self._pool

    def close(self) -> None:
        """Close the pool of the long reads, if one was opened."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


RECONNECT = 0.5
"""Seconds between attempts to reach a PostgreSQL server that went away."""


class PgListener:
    """`LISTEN`s on one channel on a connection of its own (not thread-safe); a lost server is
    reached again, and that is told as None (what was announced meanwhile is lost)."""

    def __init__(self, url: DatabaseUrl, channel: str) -> None:
        self._url = url
        self._channel = channel
        self._conn: Any = None
        self._listen()

    def _listen(self) -> bool:
        psycopg = psycopg_module()
        with contextlib.suppress(Exception):
            if self._conn is not None:
                self._conn.close()
        self._conn = None
        try:
            conn = psycopg.connect(self._url.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
            conn.execute(f"LISTEN {self._channel}")
        except psycopg.Error:
            return False
        self._conn = conn
        return True

    def wait(self, timeout: float) -> list[str] | None:
        """The payloads announced, as soon as there is one (with those already queued); []
        after `timeout` seconds of silence; None after the server was reached again."""
        psycopg = psycopg_module()
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if self._conn is None or self._conn.closed or self._conn.broken:
                if self._listen():
                    return None
                if left <= 0:
                    return []
                time.sleep(min(RECONNECT, left))
                continue
            if left <= 0:
                return []
            try:
                heard = [note.payload for note in self._conn.notifies(timeout=left, stop_after=1)]
                if heard:
                    heard += [note.payload for note in self._conn.notifies(timeout=0.001)]
                    return heard
            except psycopg.Error:
                with contextlib.suppress(Exception):
                    self._conn.close()

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
