"""The score store's schema: its tables as numbered migrations, in one list, for both engines."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .interface import Connection

Migration = Callable[["Connection"], None]
"""Brings the schema up one version, on either backend's connection (SQL in its
`conn.dialect`); runs inside the migration transaction, so it must not commit (use
`conn.execute`, never `executescript`)."""


def statements(*sql: str) -> Migration:
    """A migration of DDL statements, each written with `{integer}`, `{real}` and `{id_key}`
    where the engines' types differ (`SqlDialect.ddl`)."""

    def migrate(conn: Connection) -> None:
        for statement in sql:
            conn.execute(conn.dialect.ddl(statement))

    return migrate


_V1 = statements(
    """CREATE TABLE players (
        id {id_key},
        name TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE games (
        id {id_key},
        player_id {integer} NOT NULL REFERENCES players(id),
        pack_id TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        mode TEXT NOT NULL,
        scoring TEXT NOT NULL,
        seed {integer} NOT NULL,
        question_ids TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'finished', 'abandoned')),
        score {integer} NOT NULL DEFAULT 0,
        max_score {integer} NOT NULL,
        correct {integer} NOT NULL DEFAULT 0,
        total {integer} NOT NULL DEFAULT 0,
        CHECK ((status = 'finished') = (finished_at IS NOT NULL))
    )""",
    "CREATE INDEX games_leaderboard ON games (pack_id, status, score DESC, finished_at)",
    "CREATE INDEX games_player ON games (player_id, status, started_at)",
    "CREATE INDEX games_status ON games (status, started_at)",
    """CREATE TABLE answers (
        game_id {integer} NOT NULL REFERENCES games(id) ON DELETE CASCADE,
        position {integer} NOT NULL CHECK (position >= 0),
        question_id TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        credit {real} NOT NULL,
        points {integer} NOT NULL,
        seconds {real},
        hint_used {integer} NOT NULL CHECK (hint_used IN (0, 1)),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (game_id, position)
    )""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)

_V2_CARDS = statements(
    """CREATE TABLE cards (
        player_id {integer} NOT NULL REFERENCES players(id),
        pack_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        card_json TEXT NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (player_id, pack_id, question_id)
    )""",
)
"""Spaced-repetition cards for practice mode, one per player and question."""

_V3_GROUPS_AND_CLOCK = statements(
    "ALTER TABLE games ADD COLUMN group_id {integer}",
    "CREATE INDEX games_group ON games (group_id)",
    "ALTER TABLE games ADD COLUMN pending_position {integer}",
    "ALTER TABLE games ADD COLUMN pending_seconds {real}",
    "ALTER TABLE games ADD COLUMN lesson TEXT",
    "CREATE INDEX games_lesson ON games (lesson, started_at)",
)
"""The id shared by the games of one hot-seat session (older rows keep NULL until migration
4 gives them one), the time already spent on the question a
player left unanswered (seconds, not a wall-clock time: a clock change cannot alter it), and
the lesson a game was played in (the teacher's lesson id; NULL outside a lesson)."""


def _v4_groups_and_maxima(conn: Connection) -> None:
    """Games stored before version 3 get the group id they were guessed by until now (the
    first id among the games of one pack, seed and start time), so that no query guesses
    any more; and games of standard scoring get a real maximum.

    Before version 4 `max_score` was the sum of the questions' points, which the streak
    bonus exceeds (a perfect game of 7 questions of 100 points scored 900 "of 700"). The
    points of each question were not stored, so the sum is shared out evenly over the
    game's questions (the larger shares last, where the bonus is largest; packs give most
    questions the same points) and the bonus added as `scoring.max_score` does; never below
    the score the game reached, so that no stored game shows more than its maximum."""
    from ..play.scoring import max_score

    p = conn.dialect.p
    groups: dict[tuple[str, int, str], int] = {}
    for game_id, pack_id, seed, started in conn.execute(
        "SELECT id, pack_id, seed, started_at FROM games WHERE group_id IS NULL ORDER BY id"
    ).fetchall():
        first = groups.setdefault((pack_id, seed, started), game_id)
        conn.execute(f"UPDATE games SET group_id = {p} WHERE id = {p}", (first, game_id))
    for game_id, question_ids, score, old_max in conn.execute(
        "SELECT id, question_ids, score, max_score FROM games WHERE scoring = 'standard'"
    ).fetchall():
        count = len(json.loads(question_ids))
        if count == 0:
            continue
        share, larger = divmod(max(old_max, 0), count)
        points = [share] * (count - larger) + [share + 1] * larger
        real = max(max_score(points, "standard"), score)
        conn.execute(f"UPDATE games SET max_score = {p} WHERE id = {p}", (real, game_id))


_v5_flags = statements(
    """CREATE TABLE flags (
        id {id_key},
        pack_id TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        question_id TEXT NOT NULL,
        player TEXT NOT NULL,
        reason TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        game_id {integer} REFERENCES games(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX flags_question ON flags (pack_id, question_id)",
)
"""Players' flags on questions (wrong, out of date, unclear) for the teacher. The player is
kept by name, not by id: a flag may come from a game that is not stored. The pack's hash
tells a flag on an older version of the pack from one on today's."""


_v6_scale_indexes = statements(
    "CREATE INDEX games_first_finished ON games (pack_id, status, player_id, started_at)",
    "CREATE INDEX games_started ON games (started_at)",
)
"""Indexes for a school's year of games (issue 14): each player's first finished game of a
pack, in start order, read from the index without sorting (item analysis), and the newest
games, or those since a day, read without going through every game (`scores`). The answers
of a game are found by their primary key (game_id, position)."""


_v7_answer_times = statements("CREATE INDEX answers_answered ON answers (answered_at)")
"""The answers given since a day (`scores --answers --since`) read from an index instead of
every answer of the year: for the last month of a school's 100,000 games, the query takes
0.1 s instead of 4 s (the whole CSV export 2.2 s instead of 6.5 s), for a file about a
quarter larger."""


_V8_LIVE = statements(
    """CREATE TABLE live_sessions (
        code TEXT PRIMARY KEY,
        pack_id TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        pack_title TEXT NOT NULL,
        options_json TEXT NOT NULL,
        seed {integer} NOT NULL,
        question_ids TEXT NOT NULL,
        phase TEXT NOT NULL DEFAULT 'lobby'
            CHECK (phase IN ('lobby', 'question', 'reveal', 'podium', 'ended')),
        paused {integer} NOT NULL DEFAULT 0,
        idx {integer} NOT NULL DEFAULT -1,
        opened_at {real},
        paused_at {real},
        host_seen {real},
        created_at {real} NOT NULL,
        version {integer} NOT NULL DEFAULT 0,
        stage {integer} NOT NULL DEFAULT 0,
        skipped TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX live_sessions_phase ON live_sessions (phase)",
    """CREATE TABLE live_players (
        code TEXT NOT NULL REFERENCES live_sessions(code) ON DELETE CASCADE,
        name TEXT NOT NULL,
        game_id {integer} REFERENCES games(id) ON DELETE SET NULL,
        first_index {integer} NOT NULL,
        connected {integer} NOT NULL DEFAULT 1,
        removed {integer} NOT NULL DEFAULT 0,
        extra_time {integer} NOT NULL DEFAULT 0,
        points {integer} NOT NULL DEFAULT 0,
        streak {integer} NOT NULL DEFAULT 0,
        last_rank {integer},
        recorded {integer} NOT NULL DEFAULT 0,
        joined_at {real} NOT NULL,
        PRIMARY KEY (code, name)
    )""",
    """CREATE TABLE live_answers (
        code TEXT NOT NULL REFERENCES live_sessions(code) ON DELETE CASCADE,
        idx {integer} NOT NULL,
        name TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        answered_at {real} NOT NULL,
        credit {real},
        points {integer},
        seconds {real},
        PRIMARY KEY (code, idx, name)
    )""",
)
"""Migration 8: the class games (`live_sessions`), who joined each (`live_players`, with
the game of theirs their answers are stored in) and the answers as given (`live_answers`,
stamped by the database's clock, graded when the teacher reveals). `game/store/live.py`
holds every statement on them."""


_v9_item_indexes = statements(
    "CREATE INDEX answers_game_credit ON answers (game_id, credit)",
    "CREATE INDEX answers_question ON answers (question_id, answer_text, credit, game_id, seconds)",
)
"""Migration 9: covering indexes for item analysis on SQLite (`game/store/analysis.py`),
which has no hash aggregate: each game's total credit read in game order, and the answers
in question order with everything the sums need, so that neither is sorted. For 24,576
students' 590,000 answers the sums take about 0.5 s of processor time instead of 1.1 s,
for a file 29% larger (135.6 MB to 174.8 MB) and about a second of migration; an answer's
write was not measurably slower (issue 5)."""


MIGRATIONS: list[Migration] = [
    _V1,
    _V2_CARDS,
    _V3_GROUPS_AND_CLOCK,
    _v4_groups_and_maxima,
    _v5_flags,
    _v6_scale_indexes,
    _v7_answer_times,
    _V8_LIVE,
    _v9_item_indexes,
]
"""Migration `i` brings the schema from version `i` to `i + 1`. To change the schema, append
a migration; never edit one that has shipped."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this civic-quiz writes (`PRAGMA user_version`): one per migration."""

SAME_TABLES_SINCE = 5
"""The oldest schema version with today's tables and columns: the migrations after it only
add indexes (a test checks), so a reader opens a file of that version or newer as it is
(slower where an index is missing, never wrong) instead of migrating a copy in memory, which
a school's year of games does not fit. A migration that changes a table raises this."""


def known_version() -> int:
    """The newest schema version this civic-quiz knows: the length of `MIGRATIONS` read at
    call time, not SCHEMA_VERSION (tests append a migration to play a newer civic-quiz, and
    the store must then know the longer list)."""
    return len(MIGRATIONS)
