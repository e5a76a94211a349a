"""Pruning a score database: deleting the games of past years, on SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .admin import (
    AdminError,
    PruneCounts,
    file_connection,
    known_schema_version,
    on_server,
    one_number,
)
from .errors import StoreError
from .store import ScoreStore

if TYPE_CHECKING:
    from .interface import Connection


def _midnight_utc(day: dt.date) -> str:
    """The start of `day` (UTC) as the store writes times: fixed-width ISO text."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return moment.isoformat(timespec="microseconds")


_PRUNED = """
    CREATE TEMPORARY TABLE pruned AS
    SELECT g.id FROM games g
    WHERE g.status IN ('finished', 'abandoned') AND g.started_at < {p}
      AND NOT EXISTS (
        SELECT 1 FROM games other
        WHERE other.group_id = g.group_id AND other.status = 'active'
      )
"""
"""The games to delete: finished or abandoned, started before the day, and not of a
hot-seat group one of whose games may still be resumed (the group would lose its players);
`{p}` is the engine's placeholder."""


def prune(path: Path, *, before: dt.date, dry_run: bool) -> PruneCounts:
    """Delete the finished and abandoned games started before `before` (UTC), with their
    answers, in one transaction; a school's data-keeping rule. Unfinished games are never
    touched. Flags on questions stay (the teacher's), untied from a deleted game; a player
    left with no game and no practice card is removed. A dry run counts and changes
    nothing. Returns the counts."""
    if on_server(path):
        return _server_prune(path, before=before, dry_run=dry_run)
    path = Path(path)
    with file_connection(path, "pruning it", write=True) as conn:
        # The tables that refer to games are those of this civic-quiz's schema; an older
        # file is upgraded by opening it once, a newer one may have more.
        version = one_number(conn, "PRAGMA user_version")
        if version != known_schema_version():
            raise AdminError(
                f"{path} has schema version {version}, this civic-quiz prunes version"
                f" {known_schema_version()} only; "
                + (
                    "open it once with this civic-quiz (`civic-quiz scores --db FILE`"
                    " upgrades it) and prune again"
                    if version < known_schema_version()
                    else "prune it with the newer civic-quiz that wrote it"
                ),
                path,
            )
        if dry_run:
            # Counting only reads (a temporary table is not the file): games being played
            # are not kept waiting, however large the file.
            conn.execute("BEGIN")
            try:
                return _count(conn, before)
            finally:
                conn.execute("ROLLBACK")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            raise AdminError(
                f"{path} is damaged ({problems[0]}); nothing was deleted; `civic-quiz db"
                " check` lists the problems",
                path,
            )
        conn.execute("BEGIN IMMEDIATE")  # no game starts or ends meanwhile
        try:
            counts = _prune(conn, before)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return counts


def _server_prune(url: Path, *, before: dt.date, dry_run: bool) -> PruneCounts:
    """`prune` on a PostgreSQL database, through the store (whose schema it brings up to
    date first, as opening it to play would): the deleting under the store's write lock,
    games being played waiting a moment; the counting in a transaction of its own that
    waits for nobody and is rolled back."""
    try:
        with ScoreStore(url) as store:
            if not dry_run:
                return store.write(lambda conn: _prune(conn, before))
            with store.snapshot() as conn:
                return _count(conn, before)
    except StoreError as error:
        raise AdminError(error.message, url) from error


_INSIDE = "IN (SELECT id FROM pruned)"
"""The games `_PRUNED` chose (both engines look for a temporary table before any other)."""

_ORPHANS = """
    FROM players WHERE NOT EXISTS (SELECT 1 FROM games WHERE player_id = players.id{kept})
    AND NOT EXISTS (SELECT 1 FROM cards WHERE player_id = players.id)
"""
"""The players without a game (`kept`: but those to be deleted) and without a card."""


def _count(conn: Connection, before: dt.date) -> PruneCounts:
    """What `_prune` would delete, counted without writing to the file."""
    conn.execute(_PRUNED.format(p=conn.dialect.p), (_midnight_utc(before),))
    try:
        return PruneCounts(
            games=one_number(conn, "SELECT COUNT(*) FROM pruned"),
            answers=one_number(conn, f"SELECT COUNT(*) FROM answers WHERE game_id {_INSIDE}"),
            flags_unlinked=one_number(conn, f"SELECT COUNT(*) FROM flags WHERE game_id {_INSIDE}"),
            players=one_number(
                conn, "SELECT COUNT(*)" + _ORPHANS.format(kept=f" AND games.id NOT {_INSIDE}")
            ),
        )
    finally:
        conn.execute("DROP TABLE pruned")


def _prune(conn: Connection, before: dt.date) -> PruneCounts:
    """Delete what `prune` deletes (inside its transaction); the counts."""
    conn.execute(_PRUNED.format(p=conn.dialect.p), (_midnight_utc(before),))
    answers = conn.execute(f"DELETE FROM answers WHERE game_id {_INSIDE}").rowcount
    # The store declares ON DELETE SET NULL; done by hand, as another connection may have
    # foreign keys off.
    flags = conn.execute(f"UPDATE flags SET game_id = NULL WHERE game_id {_INSIDE}").rowcount
    games = conn.execute(f"DELETE FROM games WHERE id {_INSIDE}").rowcount
    players = conn.execute("DELETE" + _ORPHANS.format(kept="")).rowcount
    conn.execute("DROP TABLE pruned")
    return PruneCounts(games=games, answers=answers, flags_unlinked=flags, players=players)
