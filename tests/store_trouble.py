"""Real trouble for the score store, for tests: a write lock held by another connection, a
full disk (SQLite's own SQLITE_FULL), and a retry budget of a fraction of a second; and a
look at a database behind the store's back, on either backend (`raw_rows`, `schema_version`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from game.store import ScoreStore
from game.store import base as store_module


def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a locked database after a fraction of a second instead of 40 s (stores
    opened afterwards use these)."""
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(store_module, "LOCK_RETRIES", 1)
    monkeypatch.setattr(store_module, "WAIT_NOTICE", 0.05)


def is_pg(db: Path) -> bool:
    """Whether `db` is a PostgreSQL database (a `DatabaseUrl`) rather than a file."""
    return bool(getattr(db, "is_database_url", False))


def pg_connect(db: Path) -> Any:
    """A psycopg connection (autocommit) to the PostgreSQL database `db`."""
    import psycopg

    return psycopg.connect(db.url, autocommit=True)  # type: ignore[attr-defined]


def raw_rows(db: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the database behind the store's back (`?` parameters, SQL both
    engines read), committed at once; the rows it gives."""
    if is_pg(db):
        with pg_connect(db) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), tuple(params) or None)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def schema_version(db: Path) -> int:
    """The schema version the database records (`PRAGMA user_version`, or PostgreSQL's
    `civic_quiz_schema` table)."""
    if is_pg(db):
        return int(raw_rows(db, "SELECT version FROM civic_quiz_schema")[0][0])
    return int(raw_rows(db, "PRAGMA user_version")[0][0])


def set_schema_version(db: Path, version: int) -> None:
    """Record another schema version, as another civic-quiz would."""
    if is_pg(db):
        raw_rows(db, "UPDATE civic_quiz_schema SET version = ?", (version,))
    else:
        raw_rows(db, f"PRAGMA user_version = {int(version)}")


def table_names(db: Path) -> set[str]:
    """The database's tables."""
    if is_pg(db):
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {row[0] for row in raw_rows(db, sql)}


@contextmanager
def locked(db: Path) -> Iterator[object]:
    """Hold the database's write lock from another connection, as another program (or
    another civic-quiz's long write) would, until the block ends: SQLite's `BEGIN
    EXCLUSIVE`, PostgreSQL's write lock (the advisory lock every write takes)."""
    if is_pg(db):
        from game.store.postgres import WRITE_LOCK

        with pg_connect(db) as pg_holder:
            pg_holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
            yield pg_holder
        return
    holder = sqlite3.connect(db, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def fill_disk(store: ScoreStore) -> None:
    """Make the disk full for `store`: fill the free room of the pages of the games and
    answers tables with rows nobody sees (an abandoned game of a filler player), then cap
    the store's database at its current size with `PRAGMA max_page_count`, so that its next
    new game or answer fails with SQLite's own "database or disk is full" (SQLITE_FULL).
    Small test databases keep each table in one page, so any further row needs a new page.
    Another store opened on the file later has room again."""
    pages = fill_file(store.path)
    with store.read() as conn:
        conn.execute(f"PRAGMA max_page_count = {pages}")


def fill_file(path: Path) -> int:
    """Fill the free room of the pages of the games and answers tables of the database at
    `path` (see `fill_disk`); the number of pages it then has."""
    filler = sqlite3.connect(path, isolation_level=None)
    try:
        pages = filler.execute("PRAGMA page_count").fetchone()[0]
        filler.execute(f"PRAGMA max_page_count = {pages}")
        filler.execute("INSERT OR IGNORE INTO players (name) VALUES ('(filler)')")
        game = """INSERT INTO games (player_id, pack_id, pack_hash, mode, scoring, seed,
                      question_ids, started_at, status, max_score)
                  SELECT id, 'filler', 'h', 'classic', 'standard', 0, '[]',
                      '2000-01-01T00:00:00.000000+00:00', 'abandoned', 0
                  FROM players WHERE name = '(filler)'"""
        filler.execute(game)
        (filler_id,) = filler.execute("SELECT MAX(id) FROM games").fetchone()
        _until_full(
            filler,
            "INSERT INTO answers VALUES (?, ?, 'f', '0', '', 0, 0, NULL, 0, '2000')",
            lambda n: (filler_id, n),
        )
        _until_full(filler, game, lambda n: ())
        pages = filler.execute("PRAGMA page_count").fetchone()[0]
    finally:
        filler.close()
    return int(pages)


def _until_full(
    conn: sqlite3.Connection, sql: str, params: Callable[[int], tuple[object, ...]]
) -> None:
    for n in range(100_000):
        try:
            conn.execute(sql, params(n))
        except sqlite3.OperationalError as error:
            assert error.sqlite_errorname == "SQLITE_FULL", error
            return
    raise AssertionError("the database never filled up")
