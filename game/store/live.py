"""Every SQL statement of the live class game (`game.live`) on its tables, on SQLite and
PostgreSQL (the tables themselves are migration 8 of `schema.py`).

Statements are written once, in SQL both engines accept, with `?` placeholders and `{now}`
for the database's clock (seconds since the epoch); `_Conn` (the one adapter between this
module and the store's connections) swaps both for the engine's `SqlDialect` fragments.
Times are the database's: SQLite's machine, or the PostgreSQL server's, so that every client
is judged by one clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .interface import Connection
    from .store import ScoreStore

T = TypeVar("T")

CHANNEL = "civic_quiz_live"
"""The PostgreSQL channel every change is announced on (payload: `CODE kind`)."""

# -- the adapter: statements of this module on a connection of the store ------------------


class _Conn:
    """A connection inside one of the store's transactions (or reads), taking this module's
    SQL: `?` placeholders and `{now}` become the engine's (`SqlDialect.p`, `epoch_now`)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.dialect = conn.dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        text = sql.replace("{now}", self.dialect.epoch_now)
        if self.dialect.p != "?":
            text = text.replace("?", self.dialect.p)
        return list(self._conn.execute(text, tuple(params)).fetchall())

    def notify(self, code: str, kind: str) -> None:
        """Tell the watchers of session `code` (PostgreSQL: delivered when the transaction
        commits; SQLite's watchers see the commit itself, so it has no statement for it)."""
        if self.dialect.notify:
            self._conn.execute(self.dialect.notify, (CHANNEL, f"{code} {kind}"))


def renew_claims(store: ScoreStore) -> None:
    """Take this store's claims on games again if the session holding them was lost (a
    PostgreSQL server restarted): its locks went with it, and other processes would take the
    games for free. Nothing to do on SQLite, whose claims are this process's file locks."""
    store.backend.renew_claims()


def write(store: ScoreStore, action: Callable[[_Conn], T]) -> T:
    """Run `action` in one write transaction of the store, committed before returning."""
    return store.write(lambda conn: action(_Conn(conn)))


def read(store: ScoreStore, action: Callable[[_Conn], T]) -> T:
    """Run `action`'s reads on the store's connection (retried after a lost connection)."""
    return store.reading(lambda conn: action(_Conn(conn)))


# -- sessions --------------------------------------------------------------------------------

SESSION_COLUMNS = (
    "code, pack_id, pack_hash, pack_title, options_json, seed, question_ids, phase, paused,"
    " idx, opened_at, paused_at, host_seen, created_at, version, stage, skipped"
)
PLAYER_COLUMNS = (
    "name, game_id, first_index, connected, removed, extra_time, points, streak, last_rank,"
    " recorded, joined_at"
)
ANSWER_COLUMNS = "idx, name, answer_json, answer_text, answered_at, credit, points, seconds"


def now(c: _Conn) -> float:
    """The database's clock, in seconds since the epoch."""
    return float(c.execute("SELECT {now}")[0][0])


def code_taken(c: _Conn, code: str) -> bool:
    return bool(c.execute("SELECT 1 FROM live_sessions WHERE code = ?", (code,)))


def insert_session(
    c: _Conn,
    *,
    code: str,
    pack_id: str,
    pack_hash: str,
    pack_title: str,
    options_json: str,
    seed: int,
    question_ids: str,
) -> None:
    c.execute(
        """INSERT INTO live_sessions (code, pack_id, pack_hash, pack_title, options_json, seed,
               question_ids, created_at, host_seen)
           VALUES (?, ?, ?, ?, ?, ?, ?, {now}, {now})""",
        (code, pack_id, pack_hash, pack_title, options_json, seed, question_ids),
    )
    c.notify(code, "stage")


def session(c: _Conn, code: str) -> tuple[Any, ...] | None:
    rows = c.execute(
        f"SELECT {SESSION_COLUMNS}, {{now}} FROM live_sessions WHERE code = ?", (code,)
    )
    return tuple(rows[0]) if rows else None


def update_session(
    c: _Conn, code: str, *, stage: bool = True, open_now: bool = False, **columns: Any
) -> None:
    """Change a session's columns and bump its version (and its stage: a change students
    wait for, not only an answer counted); `open_now` stamps `opened_at` by the database."""
    sets = [f"{name} = ?" for name in columns]
    if open_now:
        sets.append("opened_at = {now}")
    sets.append("version = version + 1")
    if stage:
        sets.append("stage = stage + 1")
    c.execute(
        f"UPDATE live_sessions SET {', '.join(sets)} WHERE code = ?", (*columns.values(), code)
    )
    c.notify(code, "stage" if stage else "count")


def resume_clock(c: _Conn, code: str) -> None:
    """Unpause: the question's opening moves on by the time it was paused, so that nobody
    loses answering time to the pause."""
    c.execute(
        """UPDATE live_sessions SET opened_at = opened_at + ({now} - paused_at),
               paused = 0, paused_at = NULL, version = version + 1, stage = stage + 1
           WHERE code = ? AND paused = 1 AND opened_at IS NOT NULL""",
        (code,),
    )
    c.execute(
        """UPDATE live_sessions SET paused = 0, paused_at = NULL, version = version + 1,
               stage = stage + 1 WHERE code = ? AND paused = 1""",
        (code,),
    )
    c.notify(code, "stage")


def pause_clock(c: _Conn, code: str) -> None:
    c.execute(
        """UPDATE live_sessions SET paused = 1, paused_at = {now}, version = version + 1,
               stage = stage + 1 WHERE code = ? AND paused = 0""",
        (code,),
    )
    c.notify(code, "stage")


def host_seen(c: _Conn, code: str) -> None:
    """The host is alive (students who see no sign of it for a while are told it is away)."""
    c.execute("UPDATE live_sessions SET host_seen = {now} WHERE code = ?", (code,))


def open_sessions(c: _Conn, host_within: float) -> list[tuple[str, str]]:
    """(code, pack title) of the sessions in the lobby or running whose host was seen in
    the last `host_within` seconds, newest first."""
    rows = c.execute(
        """SELECT code, pack_title FROM live_sessions
           WHERE phase IN ('lobby', 'question', 'reveal')
             AND COALESCE(host_seen, created_at) > {now} - ?
           ORDER BY created_at DESC""",
        (host_within,),
    )
    return [(str(code), str(title)) for code, title in rows]


def versions(c: _Conn, code: str) -> tuple[int, int] | None:
    """(version, stage) of a session: the one row a watcher reads after a signal."""
    rows = c.execute("SELECT version, stage FROM live_sessions WHERE code = ?", (code,))
    return (int(rows[0][0]), int(rows[0][1])) if rows else None


# -- players ---------------------------------------------------------------------------------


def players(c: _Conn, code: str) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in c.execute(
            f"SELECT {PLAYER_COLUMNS} FROM live_players WHERE code = ? ORDER BY joined_at, name",
            (code,),
        )
    ]


def player(c: _Conn, code: str, name: str) -> tuple[Any, ...] | None:
    rows = c.execute(
        f"SELECT {PLAYER_COLUMNS} FROM live_players WHERE code = ? AND name = ?", (code, name)
    )
    return tuple(rows[0]) if rows else None


def insert_player(c: _Conn, code: str, name: str, first_index: int) -> None:
    c.execute(
        """INSERT INTO live_players (code, name, first_index, joined_at)
           VALUES (?, ?, ?, {now})""",
        (code, name, first_index),
    )
    c.execute("UPDATE live_sessions SET version = version + 1 WHERE code = ?", (code,))
    c.notify(code, "count")


def update_player(c: _Conn, code: str, name: str, *, stage: bool = False, **columns: Any) -> None:
    sets = ", ".join(f"{column} = ?" for column in columns)
    c.execute(
        f"UPDATE live_players SET {sets} WHERE code = ? AND name = ?",
        (*columns.values(), code, name),
    )
    bump = "version = version + 1" + (", stage = stage + 1" if stage else "")
    c.execute(f"UPDATE live_sessions SET {bump} WHERE code = ?", (code,))
    c.notify(code, "stage" if stage else "count")


def set_recorded(c: _Conn, code: str, name: str, recorded: int) -> None:
    """How many of a player's questions are stored in their game (no change to announce)."""
    c.execute(
        "UPDATE live_players SET recorded = ? WHERE code = ? AND name = ?", (recorded, code, name)
    )


# -- answers ---------------------------------------------------------------------------------


def answers(c: _Conn, code: str, idx: int | None = None) -> list[tuple[Any, ...]]:
    """The answers of one question (or of the whole session), in the order given."""
    if idx is None:
        rows = c.execute(
            f"SELECT {ANSWER_COLUMNS} FROM live_answers WHERE code = ? ORDER BY idx, answered_at",
            (code,),
        )
    else:
        rows = c.execute(
            f"""SELECT {ANSWER_COLUMNS} FROM live_answers WHERE code = ? AND idx = ?
                ORDER BY answered_at""",
            (code, idx),
        )
    return [tuple(row) for row in rows]


def answer(c: _Conn, code: str, idx: int, name: str) -> tuple[Any, ...] | None:
    rows = c.execute(
        f"SELECT {ANSWER_COLUMNS} FROM live_answers WHERE code = ? AND idx = ? AND name = ?",
        (code, idx, name),
    )
    return tuple(rows[0]) if rows else None


def count_answers(c: _Conn, code: str, idx: int) -> int:
    return int(
        c.execute("SELECT COUNT(*) FROM live_answers WHERE code = ? AND idx = ?", (code, idx))[0][0]
    )


def put_answer(
    c: _Conn, code: str, idx: int, name: str, answer_json: str, answer_text: str
) -> None:
    """Store an answer stamped by the database's clock, replacing the player's earlier one."""
    c.execute("DELETE FROM live_answers WHERE code = ? AND idx = ? AND name = ?", (code, idx, name))
    c.execute(
        """INSERT INTO live_answers (code, idx, name, answer_json, answer_text, answered_at)
           VALUES (?, ?, ?, ?, ?, {now})""",
        (code, idx, name, answer_json, answer_text),
    )
    c.execute("UPDATE live_sessions SET version = version + 1 WHERE code = ?", (code,))
    c.notify(code, "count")


def grade_answer(
    c: _Conn, code: str, idx: int, name: str, credit: float, points: int, seconds: float
) -> None:
    c.execute(
        """UPDATE live_answers SET credit = ?, points = ?, seconds = ?
           WHERE code = ? AND idx = ? AND name = ?""",
        (credit, points, seconds, code, idx, name),
    )


def session_games(store: ScoreStore, code: str) -> list[tuple[str, int | None]]:
    """(player name, game id) of a session's players, in the order they joined."""
    return read(
        store,
        lambda c: [
            (str(name), None if game is None else int(game))
            for name, game in c.execute(
                "SELECT name, game_id FROM live_players WHERE code = ? ORDER BY joined_at, name",
                (code,),
            )
        ],
    )


def has_tables(store: ScoreStore) -> bool:
    """Whether the live tables exist (a file older than migration 8, read as it is, has none)."""
    with store.read() as conn:
        return bool(store.backend.has_table(conn, "live_sessions"))
