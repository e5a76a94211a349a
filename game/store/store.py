"""`ScoreStore`: the score store's one class, its queries written once for both backends."""

from __future__ import annotations

from .reads import StoreReads
from .writes import GameWrites


class ScoreStore(GameWrites, StoreReads):
    """Games, answers and settings in one SQLite file that several processes share, or in a
    PostgreSQL database that several machines share (`path` a `postgresql://` URL).

    Every write is one transaction holding the database's write lock (SQLite's `BEGIN
    IMMEDIATE`, an advisory lock on PostgreSQL), committed before the method returns. The
    connection is guarded by a lock, so worker threads may share a store. What differs
    between the engines is the `backend`'s (`sqlite.SqliteBackend`, `postgres.PgBackend`).
    """
