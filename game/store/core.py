"""The store's plumbing: its backend, the connection under a lock, reads and transactions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from . import base
from .base import with_retries
from .errors import StoreError
from .locations import db_location, is_database_url
from .sqlite import SqliteBackend

if TYPE_CHECKING:
    from .dialect import SqlDialect
    from .interface import Backend, Connection

T = TypeVar("T")


def open_backend(path: Path | str) -> Backend:
    """The backend of the database at `path`: PostgreSQL's for a `postgresql://` URL (its
    module, and psycopg, imported only then: a player's start imports no server code),
    else SQLite's."""
    if is_database_url(path):
        from .postgres import PgBackend

        return PgBackend(db_location(path))  # type: ignore[arg-type]  # a DatabaseUrl for a URL
    return SqliteBackend(Path(path))


class StoreCore:
    """The connection of a `ScoreStore` and what every query goes through: `read()` and
    `query()` for reads, `transaction()` and `write()` for writes, `stream()` for long reads.
    Every write is one transaction holding the database's write lock, committed before the
    method returns. The connection is guarded by a lock, so worker threads may share a store.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self._read_only = read_only
        self._lock = threading.RLock()
        self._conn: Connection | None = None
        backend = open_backend(path)
        self._path = backend.path
        self._conn, self._backend = backend.open(read_only)

    @property
    def path(self) -> Path:
        """The database file (for PostgreSQL a `DatabaseUrl`: `str()` gives its URL without
        the password)."""
        return self._path

    @property
    def backend(self) -> Backend:
        """The engine's backend (`backend.name`: "sqlite" or "postgresql")."""
        return self._backend

    @property
    def sql(self) -> SqlDialect:
        """The SQL fragments of the engine, for queries written once for both."""
        return self._backend.sql

    @property
    def read_only(self) -> bool:
        """Whether the store was opened for reading only."""
        return self._read_only

    def close(self) -> None:
        """Close the connection and give up this store's claims (safe to call twice)."""
        self._backend.release_claims()
        with self._lock:
            if self._conn is not None:
                self._conn.close()  # type: ignore[attr-defined]  # both engines' connections close
                self._conn = None
            self._backend.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self._path)!r})"  # a URL without its password

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """The open connection, under the store's lock, with the database's errors made
        StoreErrors: for reads in the engine's SQL (`sql`). Nothing read is retried."""
        with self._lock:
            if self._conn is None:
                raise StoreError(f"the score database {self._path} is closed", self._path)
            try:
                yield self._conn
            except self._backend.errors as error:
                raise self._backend.translate(error) from error

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """`read()` inside one transaction that sees one committed moment (every table as
        of then, while games go on being played), rolled back at the end: what is written
        in it (a temporary table) is not kept."""
        backend = self._backend
        with self.read() as conn:
            backend.begin_snapshot(conn)
            try:
                yield conn
            finally:
                with suppress(*backend.errors):
                    backend.rollback(conn)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """`read()` inside one write transaction (the database's write lock held),
        committed at the end, rolled back on an error. Tried once: `write()` tries again
        when the database stayed busy or the server went away."""
        self._check_writable()
        backend = self._backend
        with self.read() as conn:
            backend.begin_write(conn)
            try:
                yield conn
                backend.commit(conn)
            except BaseException:
                with suppress(*backend.errors):
                    backend.rollback(conn)
                raise

    def _check_writable(self) -> None:
        if self._read_only:
            raise StoreError(f"{self._path} was opened for reading only", self._path)

    def _retrying(
        self,
        conn: Connection,
        action: Callable[[], T],
        on_wait: Callable[[], object] | None = None,
    ) -> T:
        """Run `action`, again after a busy database (`with_retries`) and, on PostgreSQL,
        after a lost connection: connecting again every `base.RECONNECT_DELAY` for up to
        `base.UNREACHABLE_WAIT` seconds (`on_wait` is told once), then giving up with the error.
        A write is one transaction, so a lost one never half-happened."""
        db = self._backend
        if not db.may_lose_connection:
            return with_retries(action, db.is_busy)
        deadline = time.monotonic() + base.UNREACHABLE_WAIT
        busy = 0
        while True:
            try:
                return action()
            except db.errors as error:
                if db.is_busy(error) and busy < base.LOCK_RETRIES:
                    busy += 1
                    time.sleep(0.05 * 2**busy)
                    continue
                if not db.is_unreachable(error) or time.monotonic() >= deadline:
                    raise
            if on_wait is not None:
                on_wait()
                on_wait = None
            time.sleep(base.RECONNECT_DELAY)
            with suppress(*db.errors):  # still unreachable: the next attempt says so
                db.reconnect(conn)

    def write(
        self,
        action: Callable[[Connection], T],
        on_wait: Callable[[], object] | None = None,
    ) -> T:
        """Run `action` in one write transaction, committed before returning; tried again
        (from the start: `action` may run more than once) when the database stayed busy or
        the server went away.

        `on_wait` is called once if the database is still locked after `base.WAIT_NOTICE`
        seconds (the write goes on waiting), so that a player can be told."""
        self._check_writable()
        db = self._backend
        with self.read() as conn:

            def attempt() -> T:
                db.begin_write(conn)
                try:
                    result = action(conn)
                    db.commit(conn)
                except BaseException:
                    # A lost connection: the server rolled the transaction back.
                    with suppress(*db.errors):
                        db.rollback(conn)
                    raise
                return result

            if on_wait is not None and base.WAIT_NOTICE < base.BUSY_TIMEOUT:
                try:
                    db.set_wait(conn, base.WAIT_NOTICE)
                    return attempt()
                except db.errors as error:
                    if not db.is_busy(error) and not db.is_unreachable(error):
                        raise
                finally:
                    with suppress(*db.errors):  # lost: connecting again sets it
                        db.set_wait(conn, base.BUSY_TIMEOUT)
                on_wait()
                on_wait = None
            return self._retrying(conn, attempt, on_wait)

    def reading(self, action: Callable[[Connection], T]) -> T:
        """Run `action`'s reads (several statements, in the engine's SQL) on the connection,
        tried again when the database stayed busy or the server went away."""
        with self.read() as conn:
            return self._retrying(conn, lambda: action(conn))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of a read in the engine's SQL (`sql`), tried again when the database
        stayed busy or the server went away."""
        with self.read() as conn:
            return self._retrying(conn, lambda: conn.execute(sql, params).fetchall())

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a long read, fetched a batch at a time: memory stays the same however
        many rows there are, and the store's connection is not held meanwhile (see
        `Backend.stream`); errors become StoreErrors."""
        if self._conn is None:
            raise StoreError(f"the score database {self._path} is closed", self._path)
        yield from self._backend.stream(sql, params, lambda: self.query(sql, params))
