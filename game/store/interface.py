"""The interface both backends of the score store implement (for the type checker: the
backends implement it by their shape, and nothing imports this module at run time)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from .base import GameClaim
from .dialect import SqlDialect
from .errors import StoreError


class Connection(Protocol):
    """A connection of either backend: statements in its `dialect`."""

    dialect: SqlDialect

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...


class ChangeListener(Protocol):
    """Hears that other connections changed the database (`SqliteListener`, `PgListener`)."""

    def wait(self, timeout: float) -> list[str] | None:
        """The payloads announced on the channel as soon as there is one; [] after `timeout`
        seconds without a change; None when the database changed but what was announced is
        not known (read what you watch)."""

    def close(self) -> None: ...


class Backend(Protocol):
    """What differs between the engines, for `ScoreStore`: `SqliteBackend` (one file shared
    by processes) and `PgBackend` (a PostgreSQL database shared by machines) implement it.
    The store's queries are written once, in the backend's `sql` fragments."""

    name: str
    """"sqlite" or "postgresql"."""
    sql: SqlDialect
    """The SQL fragments of this engine."""
    errors: tuple[type[BaseException], ...]
    """The driver's errors, which `translate` makes StoreErrors."""
    integrity: type[BaseException]
    """The driver's error for a broken constraint (a duplicate key)."""
    may_lose_connection: bool
    """Whether the database may go away and come back (a server), so that a failed action
    is tried again after connecting again."""
    is_file: bool
    """Whether the database is a file of this machine (it can be moved aside, backed up)."""

    @property
    def path(self) -> Path:
        """The database file, or a `DatabaseUrl` (its `str()` without the password)."""

    def open(self, read_only: bool) -> tuple[Connection, Backend]:
        """The store's connection, migrated unless `read_only`, and the backend to use it
        with (a database that does not exist yet, read only, reads as an empty one in
        memory: SQLite's)."""

    def translate(self, error: BaseException) -> StoreError:
        """The one-line StoreError for one of `errors`."""

    def is_busy(self, error: BaseException) -> bool:
        """Whether another writer's lock made the statement give up."""

    def is_unreachable(self, error: BaseException) -> bool:
        """Whether the server could not be reached or the connection dropped."""

    def reconnect(self, conn: Connection) -> None:
        """Open the connection's session again (after `is_unreachable`)."""

    def begin_write(self, conn: Connection) -> None:
        """Begin a transaction holding the database's write lock."""

    def begin_snapshot(self, conn: Connection) -> None:
        """Begin a read-only transaction that sees one committed moment."""

    def commit(self, conn: Connection) -> None:
        """Commit the transaction."""

    def rollback(self, conn: Connection) -> None:
        """Roll the transaction back, if one is open."""

    def set_wait(self, conn: Connection, seconds: float) -> None:
        """How long a statement waits for another writer's lock."""

    def has_table(self, conn: Connection, name: str) -> bool:
        """Whether the database has this table."""

    def schema_version(self, conn: Connection) -> int:
        """The database's schema version (0 without tables)."""

    def size_bytes(self, conn: Connection) -> int:
        """The space the database takes (a file with its log, or a server's database)."""

    def stream(
        self, sql: str, params: Sequence[Any], fallback: Callable[[], list[Any]]
    ) -> Iterator[Any]:
        """The rows of a long read a batch at a time, through a connection of its own
        (`fallback` reads them through the store's when there can be no other)."""

    def table_rows(
        self, conn: Connection, sql: str, batch: int
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The column names and rows of a long read inside the connection's transaction
        (a snapshot), fetched `batch` at a time."""

    def insert_rows(
        self, conn: Connection, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
    ) -> None:
        """Write rows, ids included, into a table (inside a write transaction)."""

    def after_copy(self, conn: Connection, identity_tables: Sequence[str]) -> None:
        """Bring what numbers new ids past the ids just copied in (inside the copy)."""

    def byte_order(self, column: str) -> str:
        """`column` as an ORDER BY term comparing text byte by byte, whatever the locale."""

    def claim(self, game_id: int) -> GameClaim:
        """Claim a game for this store while it is played (GameClaimedError if another
        window, process or machine has it)."""

    def release_claims(self) -> None:
        """Give up every claim of this store (it is being closed)."""

    def listen(self, channel: str) -> ChangeListener:
        """A listener of its own for changes other connections make: SQLite's data version
        (any commit), PostgreSQL's `LISTEN channel` (what writers announce on it with the
        dialect's `notify`)."""

    def renew_claims(self) -> None:
        """Take this store's claims again if what held them was lost (a PostgreSQL session
        ended by a server restart); nothing where claims cannot be lost (SQLite's file
        locks, held by this process)."""

    def close(self) -> None:
        """Close what the backend holds beyond the store's connection."""
