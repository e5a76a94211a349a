"""The score store: games, answers, players and settings in one SQLite file shared by processes,
or in a PostgreSQL database shared by machines (`--db postgresql://...`, see `store_pg`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, get_args

import platformdirs

from ..util.safefile import FileRefused, check_name, regular_size

if TYPE_CHECKING:
    from .postgres import PgClaims, PgDialect

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: claims hold within one process only
    fcntl = None  # type: ignore[assignment]  # the module or None: checked where used

DB_ENV = "CIVIC_QUIZ_DB"
"""The environment variable naming the score database (the `--db` option beats it)."""

APP_NAME = "civic-quiz"
DB_FILENAME = "scores.sqlite3"

APPLICATION_ID = 0x43517A31
"""`PRAGMA application_id` of a civic-quiz database ("CQz1"), so another program's SQLite
file is refused instead of being written into."""

SQLITE_HEADER = b"SQLite format 3\x00"

BUSY_TIMEOUT = 10.0
"""Seconds a connection waits for another process's write before SQLite reports it busy."""

LOCK_RETRIES = 3
"""Further attempts at a write that still found the database locked after `BUSY_TIMEOUT`."""

UNREACHABLE_WAIT = 20.0
"""Seconds a store on PostgreSQL keeps trying to reach a server that went away (connecting
again every `RECONNECT_DELAY`) before the write or read fails."""

RECONNECT_DELAY = 0.5
"""Seconds between two attempts to connect again to a PostgreSQL server that went away."""

WAIT_NOTICE = 0.5
"""Seconds a write that the player waits for (`on_wait`) may find the database locked before
the player is told it is still being saved."""

STREAM_BATCH = 500
"""Rows fetched at a time by a streaming read (`ScoreStore.iter_games` and the like)."""

CHECK_SUFFIX = ".check"
"""A marker beside a SQLite database that was found damaged while in use: the next open runs
the full check that opens otherwise skip (and removes the marker when the file is sound)."""

CLAIMS_SUFFIX = ".claims"
"""The lock file next to the database in which a process claims the games it plays."""

GameStatus = Literal["active", "finished", "abandoned"]
GAME_STATUSES: tuple[GameStatus, ...] = get_args(GameStatus)

T = TypeVar("T")


# -- locations -----------------------------------------------------------------------------


def default_db_path() -> Path:
    """The per-user score database, e.g. `~/.local/share/civic-quiz/scores.sqlite3`."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(
    cli_value: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The database to use: `--db` beats `CIVIC_QUIZ_DB` beats the per-user default. A
    `postgresql://` URL gives a `store_pg.DatabaseUrl`, a `Path` to callers that the store
    opens as a PostgreSQL database."""
    if cli_value is not None and str(cli_value) != "":
        return _db_location(cli_value)
    environ = os.environ if env is None else env
    from_env = environ.get(DB_ENV, "")
    if from_env:
        return _db_location(from_env)
    return default_db_path()


def is_database_url(value: object) -> bool:
    """Whether `value` (text, a path, a `DatabaseUrl`) names a PostgreSQL database: a URL
    whose scheme is written as libpq reads one, in lower case (`POSTGRESQL://` is no URL to
    libpq, so none to civic-quiz either: `--db` refuses it, see `_db_location`)."""
    if getattr(value, "is_database_url", False):
        return True
    return isinstance(value, str) and value.startswith(_URL_SCHEMES)


_URL_SCHEMES = ("postgresql://", "postgres://")


def _db_location(value: str | Path) -> Path:
    if isinstance(value, str) and not is_database_url(value):
        scheme = value[:13].partition("://")[0]
        if value[:13].lower().startswith(_URL_SCHEMES):
            # Neither a URL (libpq would echo it whole, password included, as a malformed
            # setting) nor a file anyone means: refused, the scheme alone shown.
            raise StoreError(
                f"{scheme}://... is no PostgreSQL URL: libpq reads only postgresql:// and"
                " postgres://, in lower case; write the scheme in lower case"
            )
    if is_database_url(value):
        if isinstance(value, Path):
            return value
        from .postgres import DatabaseUrl

        return DatabaseUrl(str(value))
    return Path(value).expanduser()


# -- errors --------------------------------------------------------------------------------


class StoreError(Exception):
    """The score store cannot do what was asked; the message is one line, fit for players."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.path = path
        """The database file concerned (a `DatabaseUrl` for PostgreSQL)."""

    @property
    def message(self) -> str:
        """The one-line, user-facing explanation."""
        return str(self.args[0])


class CorruptStoreError(StoreError):
    """The file exists but is not a usable civic-quiz database (see `move_aside`)."""


class GameClaimedError(StoreError):
    """The game is being played elsewhere (another window or process has claimed it)."""


class NewerStoreError(CorruptStoreError):
    """The database was written by a newer civic-quiz; it is left untouched (do not move it
    aside: upgrading civic-quiz makes it usable again)."""

    def __init__(self, message: str, path: Path, *, found: int, known: int) -> None:
        super().__init__(message, path)
        self.found = found
        """The database's schema version."""
        self.known = known
        """The newest schema version this civic-quiz knows."""


# -- records -------------------------------------------------------------------------------

# Named tuples rather than dataclasses: the records are rows, immutable, and this module is
# imported before the home screen appears; a named tuple's class is made several times
# faster than a frozen dataclass's.


class GameRecord(NamedTuple):
    """One player's game as stored, with its running totals."""

    id: int
    player: str
    pack_id: str
    pack_hash: str
    """Hash of the pack's content when the game started (a changed pack cannot be resumed)."""
    mode: str
    scoring: str
    seed: int
    question_ids: tuple[str, ...]
    """The game's questions, in the order played."""
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: GameStatus
    score: int
    max_score: int
    correct: int
    """Answers counted correct so far."""
    total: int
    """Answers recorded so far (running total, updated with each answer)."""
    answered: int
    """Answer rows stored for this game (equals `total` unless the file was edited by hand)."""
    group_id: int | None = None
    """The games started together (the players of one hot-seat game) share this id, the id
    of the first of them; None in a database older than schema version 3."""
    pending_position: int | None = None
    """The unanswered question the player left (timed mode), with..."""
    pending_seconds: float | None = None
    """...the seconds already spent on it, kept so that resuming does not give them again."""
    lesson: str | None = None
    """The id of the lesson the game was played in (`civic-quiz serve --lesson`), else None."""


_FULL_CREDIT = 1.0 - 1e-9
"""The least credit that is fully correct (`game.packs.grading.CREDIT_EPSILON` below 1),
for counting correct answers in SQL."""


class AnswerRecord(NamedTuple):
    """One stored answer."""

    game_id: int
    position: int
    """0-based index into the game's `question_ids`."""
    question_id: str
    answer_json: str
    """The response as JSON; `null` for no answer or a time-out."""
    answer_text: str
    """The response as a person reads it."""
    credit: float
    points: int
    seconds: float | None
    hint_used: bool
    answered_at: dt.datetime


class LeaderboardRow(NamedTuple):
    """One finished game on a pack's leaderboard."""

    rank: int
    """1-based place."""
    game_id: int
    player: str
    mode: str
    score: int
    max_score: int
    finished_at: dt.datetime

    @property
    def percent(self) -> float:
        """The score as a percentage of the game's maximum: what the ranking compares."""
        return 100.0 * self.score / self.max_score if self.max_score > 0 else 0.0


class StoredCard(NamedTuple):
    """A practice card as stored: the fsrs card as JSON, tied to the content of its question
    (a changed question starts again as a new card)."""

    question_id: str
    question_hash: str
    card_json: str
    due: dt.datetime


class AnswerRow(NamedTuple):
    """One stored answer with its game and player, for teachers' exports (CSV or JSON)."""

    player: str
    game_id: int
    pack_id: str
    mode: str
    game_status: GameStatus
    position: int
    """0-based place of the question in its game."""
    question_id: str
    answer_text: str
    """The answer given, as a person reads it."""
    credit: float
    """The graded share, 0 to 1."""
    points: int
    seconds: float | None
    hint_used: bool
    answered_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        """The row as a flat, JSON-ready mapping (the time as ISO-8601 UTC); its keys, in
        order, are `ANSWER_ROW_FIELDS`, fit for a CSV header."""
        return {
            "player": self.player,
            "game_id": self.game_id,
            "pack_id": self.pack_id,
            "mode": self.mode,
            "game_status": self.game_status,
            "position": self.position,
            "question_id": self.question_id,
            "answer_text": self.answer_text,
            "credit": self.credit,
            "points": self.points,
            "seconds": self.seconds,
            "hint_used": self.hint_used,
            "answered_at": self.answered_at.isoformat(),
        }


class FlagRecord(NamedTuple):
    """A player's flag on a question, as stored."""

    id: int
    pack_id: str
    pack_hash: str
    """The content hash of the pack (of the question's own pack) when it was flagged."""
    question_id: str
    player: str
    reason: str
    """One of `flags.FLAG_REASONS`."""
    note: str
    """What the player wrote (cleaned of controls; may be empty)."""
    game_id: int | None
    """The game it was flagged in, if that game is stored."""
    created_at: dt.datetime


class FirstAnswer(NamedTuple):
    """An answer of a player's first finished graded game of a pack, as item analysis
    reads it (`ScoreStore.iter_first_game_answers`)."""

    question_id: str
    answer_text: str
    credit: float
    """The graded share, 0 to 1."""
    seconds: float | None
    game_credit: float
    """The total credit of the answer's game (this answer's included)."""


ANSWER_ROW_FIELDS: tuple[str, ...] = (
    "player",
    "game_id",
    "pack_id",
    "mode",
    "game_status",
    "position",
    "question_id",
    "answer_text",
    "credit",
    "points",
    "seconds",
    "hint_used",
    "answered_at",
)
"""The keys of `AnswerRow.as_dict`, in order."""


# -- schema and migrations -----------------------------------------------------------------

Migration = Callable[[sqlite3.Connection], None]
"""Brings the schema up one version; runs inside the migration transaction, so it must not
commit (use `conn.execute`, never `executescript`)."""


def _statements(*sql: str) -> Migration:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in sql:
            conn.execute(statement)

    return migrate


_V1 = _statements(
    """CREATE TABLE players (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE games (
        id INTEGER PRIMARY KEY,
        player_id INTEGER NOT NULL REFERENCES players(id),
        pack_id TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        mode TEXT NOT NULL,
        scoring TEXT NOT NULL,
        seed INTEGER NOT NULL,
        question_ids TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'finished', 'abandoned')),
        score INTEGER NOT NULL DEFAULT 0,
        max_score INTEGER NOT NULL,
        correct INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        CHECK ((status = 'finished') = (finished_at IS NOT NULL))
    )""",
    "CREATE INDEX games_leaderboard ON games (pack_id, status, score DESC, finished_at)",
    "CREATE INDEX games_player ON games (player_id, status, started_at)",
    "CREATE INDEX games_status ON games (status, started_at)",
    """CREATE TABLE answers (
        game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        question_id TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        credit REAL NOT NULL,
        points INTEGER NOT NULL,
        seconds REAL,
        hint_used INTEGER NOT NULL CHECK (hint_used IN (0, 1)),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (game_id, position)
    )""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)

_V2_CARDS = _statements(
    """CREATE TABLE cards (
        player_id INTEGER NOT NULL REFERENCES players(id),
        pack_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        card_json TEXT NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (player_id, pack_id, question_id)
    )""",
)
"""Spaced-repetition cards for practice mode, one per player and question."""

_V3_GROUPS_AND_CLOCK = _statements(
    "ALTER TABLE games ADD COLUMN group_id INTEGER",
    "CREATE INDEX games_group ON games (group_id)",
    "ALTER TABLE games ADD COLUMN pending_position INTEGER",
    "ALTER TABLE games ADD COLUMN pending_seconds REAL",
    "ALTER TABLE games ADD COLUMN lesson TEXT",
    "CREATE INDEX games_lesson ON games (lesson, started_at)",
)
"""The id shared by the games of one hot-seat session (older rows keep NULL until migration
4 gives them one), the time already spent on the question a
player left unanswered (seconds, not a wall-clock time: a clock change cannot alter it), and
the lesson a game was played in (the teacher's lesson id; NULL outside a lesson)."""


def _v4_groups_and_maxima(conn: sqlite3.Connection) -> None:
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

    groups: dict[tuple[str, int, str], int] = {}
    for game_id, pack_id, seed, started in conn.execute(
        "SELECT id, pack_id, seed, started_at FROM games WHERE group_id IS NULL ORDER BY id"
    ).fetchall():
        first = groups.setdefault((pack_id, seed, started), game_id)
        conn.execute("UPDATE games SET group_id = ? WHERE id = ?", (first, game_id))
    for game_id, question_ids, score, old_max in conn.execute(
        "SELECT id, question_ids, score, max_score FROM games WHERE scoring = 'standard'"
    ).fetchall():
        count = len(json.loads(question_ids))
        if count == 0:
            continue
        share, larger = divmod(max(old_max, 0), count)
        points = [share] * (count - larger) + [share + 1] * larger
        real = max(max_score(points, "standard"), score)
        conn.execute("UPDATE games SET max_score = ? WHERE id = ?", (real, game_id))


_v5_flags = _statements(
    """CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        question_id TEXT NOT NULL,
        player TEXT NOT NULL,
        reason TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        game_id INTEGER REFERENCES games(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX flags_question ON flags (pack_id, question_id)",
)
"""Players' flags on questions (wrong, out of date, unclear) for the teacher. The player is
kept by name, not by id: a flag may come from a game that is not stored. The pack's hash
tells a flag on an older version of the pack from one on today's."""


_v6_scale_indexes = _statements(
    "CREATE INDEX games_first_finished ON games (pack_id, status, player_id, started_at)",
    "CREATE INDEX games_started ON games (started_at)",
)
"""Indexes for a school's year of games (issue 14): each player's first finished game of a
pack, in start order, read from the index without sorting (item analysis), and the newest
games, or those since a day, read without going through every game (`scores`). The answers
of a game are found by their primary key (game_id, position)."""


_v7_answer_times = _statements("CREATE INDEX answers_answered ON answers (answered_at)")
"""The answers given since a day (`scores --answers --since`) read from an index instead of
every answer of the year: for the last month of a school's 100,000 games, the query takes
0.1 s instead of 4 s (the whole CSV export 2.2 s instead of 6.5 s), for a file about a
quarter larger."""


MIGRATIONS: list[Migration] = [
    _V1,
    _V2_CARDS,
    _V3_GROUPS_AND_CLOCK,
    _v4_groups_and_maxima,
    _v5_flags,
    _v6_scale_indexes,
    _v7_answer_times,
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


def _known_version() -> int:
    # Read at call time, not SCHEMA_VERSION: tests append a migration to play a newer
    # civic-quiz, and the store must then know the longer list.
    return len(MIGRATIONS)


# -- times ---------------------------------------------------------------------------------


def _utc_text(when: dt.datetime | None) -> str:
    """ISO-8601 UTC with microseconds, fixed width so text order is time order. A naive
    datetime is taken as local time, as `datetime.astimezone` does."""
    moment = dt.datetime.now(dt.UTC) if when is None else when.astimezone(dt.UTC)
    return moment.isoformat(timespec="microseconds")


def _from_text(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# -- sqlite error mapping ------------------------------------------------------------------

_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _errorname(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def _is_busy(error: sqlite3.Error) -> bool:
    name = _errorname(error)
    if name:
        return name.startswith(_BUSY)
    return "locked" in str(error) or "busy" in str(error)


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A one-line StoreError (or CorruptStoreError) for a sqlite3 error on `path`."""
    name = _errorname(error)
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


class _SqliteDialect:
    """What differs between the backends, for SQLite (`store_pg.PgDialect` is PostgreSQL's):
    the store's SQL is SQLite's, so this dialect only begins, ends and translates."""

    name = "sqlite"
    is_unreachable_possible = False
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    integrity: type[BaseException] = sqlite3.IntegrityError

    def __init__(self, path: Path) -> None:
        self.path = path

    def translate(self, error: BaseException) -> StoreError:
        return _translate(error, self.path)  # type: ignore[arg-type]  # only sqlite3 errors reach it

    def is_busy(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError) and _is_busy(error)

    def is_unreachable(self, error: BaseException) -> bool:
        return False  # a file is always there (a missing one is another error)

    def reconnect(self, conn: sqlite3.Connection) -> None:  # pragma: no cover - never asked
        raise AssertionError("an SQLite connection is never lost")

    def begin_write(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn: sqlite3.Connection) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def set_wait(self, conn: sqlite3.Connection, seconds: float) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def close(self) -> None:
        """Nothing to close beyond the store's connection."""

    def has_table(self, conn: sqlite3.Connection, name: str) -> bool:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None


# -- the store -----------------------------------------------------------------------------

_GAME_COLUMNS = """
    g.id, p.name, g.pack_id, g.pack_hash, g.mode, g.scoring, g.seed, g.question_ids,
    g.started_at, g.finished_at, g.status, g.score, g.max_score, g.correct, g.total,
    (SELECT COUNT(*) FROM answers a WHERE a.game_id = g.id), g.group_id, g.pending_position,
    g.pending_seconds, g.lesson
"""

_ANSWER_COLUMNS = """
    game_id, position, question_id, answer_json, answer_text, credit, points, seconds,
    hint_used, answered_at
"""

_ANSWER_GAME_COLUMNS = "p.name, g.pack_id, g.mode, g.status"
"""What an exported answer (`AnswerRow`) tells of its game, before the answer's columns."""

_ANSWER_COLUMNS_OF_A = ", ".join(f"a.{c.strip()}" for c in _ANSWER_COLUMNS.split(","))
"""`_ANSWER_COLUMNS` of the answers table aliased `a` (joined with games, whose columns
share some names)."""


def _game_record(row: Sequence[Any]) -> GameRecord:
    status = row[10]
    if status not in GAME_STATUSES:  # pragma: no cover - the CHECK constraint forbids it
        raise ValueError(f"unknown game status {status!r}")
    return GameRecord(
        id=row[0],
        player=row[1],
        pack_id=row[2],
        pack_hash=row[3],
        mode=row[4],
        scoring=row[5],
        seed=row[6],
        question_ids=tuple(json.loads(row[7])),
        started_at=_from_text(row[8]),
        finished_at=_from_text(row[9]) if row[9] is not None else None,
        status=status,
        score=row[11],
        max_score=row[12],
        correct=row[13],
        total=row[14],
        answered=row[15],
        group_id=row[16],
        pending_position=row[17],
        pending_seconds=None if row[18] is None else float(row[18]),
        lesson=row[19],
    )


def _leaderboard_row(rank: int, game: GameRecord) -> LeaderboardRow:
    if game.finished_at is None:  # pragma: no cover - the query keeps finished games only
        raise ValueError(f"game {game.id} is not finished")
    return LeaderboardRow(
        rank=rank,
        game_id=game.id,
        player=game.player,
        mode=game.mode,
        score=game.score,
        max_score=game.max_score,
        finished_at=game.finished_at,
    )


def _answer_row(game: Sequence[Any], answer: AnswerRecord) -> AnswerRow:
    """An answer for export, with its game's `_ANSWER_GAME_COLUMNS`."""
    player, pack_id, mode, status = game
    return AnswerRow(
        player=player,
        game_id=answer.game_id,
        pack_id=pack_id,
        mode=mode,
        game_status=status,
        position=answer.position,
        question_id=answer.question_id,
        answer_text=answer.answer_text,
        credit=answer.credit,
        points=answer.points,
        seconds=answer.seconds,
        hint_used=answer.hint_used,
        answered_at=answer.answered_at,
    )


class _Where(NamedTuple):
    """A WHERE clause (empty, or starting with " WHERE ") and its parameters."""

    sql: str
    params: list[Any]


def _where(
    *,
    pack_id: str | None = None,
    player: str | None = None,
    status: GameStatus | None = None,
    lesson: str | None = None,
    since: dt.datetime | None = None,
    since_column: str = "g.started_at",
    graded: bool = False,
) -> _Where:
    """The one filter of game queries (games `g`, players `p`): every filter given must
    hold. `since` keeps rows whose `since_column` is at or after that moment (a naive
    datetime is local time); `graded` leaves practice rounds out."""
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("g.pack_id", pack_id),
        ("p.name", player),
        ("g.status", status),
        ("g.lesson", lesson),
    ):
        if value is not None:
            terms.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        terms.append(f"{since_column} >= ?")
        params.append(_utc_text(since))
    if graded:
        terms.append("g.mode != 'practice'")
    return _Where(" WHERE " + " AND ".join(terms) if terms else "", params)


_GAMES = "FROM games g JOIN players p ON p.id = g.player_id"


def _games_query(
    pack_id: str | None,
    player: str | None,
    status: GameStatus | None,
    since: dt.datetime | None,
    limit: int | None,
) -> tuple[str, list[Any]]:
    """The games matching the filters, newest first: the newest are read first from the
    index on the start time (`games_started`), so a limit stops early."""
    where = _where(pack_id=pack_id, player=player, status=status, since=since)
    sql = f"SELECT {_GAME_COLUMNS} {_GAMES}{where.sql} ORDER BY g.started_at DESC, g.id DESC"
    params = where.params
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _answers_where(
    pack_id: str | None,
    player: str | None,
    since: dt.datetime | None,
    status: GameStatus | None,
) -> _Where:
    """The filter of answer queries: `since` on the time each answer was given."""
    return _where(
        pack_id=pack_id, player=player, status=status, since=since, since_column="a.answered_at"
    )


def _answers_source(where: _Where, since: dt.datetime | None) -> str:
    """The FROM and WHERE of answer queries: answers with their games and players. With
    `since`, the answers are read first, from the index on the time they were given (a CROSS
    JOIN keeps SQLite to that order: after ANALYZE it would rather walk every game in start
    order to spare the sort, 4 s instead of 0.1 s for a month of a school's year). Without,
    the games are walked in start order and nothing is sorted."""
    if since is None:
        return f"""FROM answers a JOIN games g ON g.id = a.game_id
                   JOIN players p ON p.id = g.player_id{where.sql}"""
    return f"""FROM answers a CROSS JOIN games g CROSS JOIN players p{where.sql}
                   AND g.id = a.game_id AND p.id = g.player_id"""


def _answers_query(
    pack_id: str | None,
    player: str | None,
    since: dt.datetime | None,
    status: GameStatus | None,
    limit: int | None,
) -> tuple[str, list[Any]]:
    """The answers matching the filters in export order (games as they started, each
    game's answers by position); with `limit`, the newest `limit` of them, in that order."""
    where = _answers_where(pack_id, player, since, status)
    columns = f"{_ANSWER_GAME_COLUMNS}, {_ANSWER_COLUMNS_OF_A}, g.started_at AS game_started"
    source = _answers_source(where, since)
    if limit is None:
        return f"SELECT {columns} {source} ORDER BY g.started_at, g.id, a.position", where.params
    # The newest first, cut, then put back in export order (a sort of `limit` rows).
    newest = f"""SELECT {columns} {source}
                 ORDER BY g.started_at DESC, g.id DESC, a.position DESC LIMIT ?"""
    sql = f"SELECT * FROM ({newest}) AS newest ORDER BY game_started, game_id, position"
    return sql, [*where.params, limit]


def _exported_answer(row: Sequence[Any]) -> AnswerRow:
    """An `AnswerRow` from a row of `_answers_query`."""
    width = len(_ANSWER_GAME_COLUMNS.split(","))
    return _answer_row(row[:width], _answer_record(row[width : width + 10]))


def _first_games_query(pack_id: str, since: dt.datetime | None) -> tuple[str, list[Any]]:
    """A subquery of the ids of each player's first finished graded game of a pack (by
    start, then id; among the games started at or after `since`), and its parameters.
    A window function numbers each player's games in the order of the index
    `games_first_finished` (pack, status, player, start), so nothing is sorted."""
    params: list[Any] = [pack_id]
    since_sql = ""
    if since is not None:
        since_sql = " AND g.started_at >= ?"
        params.append(_utc_text(since))
    sql = f"""SELECT ranked.id FROM (
                  SELECT g.id, ROW_NUMBER() OVER (
                      PARTITION BY g.player_id ORDER BY g.started_at, g.id) AS n
                  FROM games g
                  WHERE g.pack_id = ? AND g.status = 'finished' AND g.mode != 'practice'{since_sql}
              ) AS ranked WHERE ranked.n = 1"""
    return sql, params


def _answer_record(row: Sequence[Any]) -> AnswerRecord:
    return AnswerRecord(
        game_id=row[0],
        position=row[1],
        question_id=row[2],
        answer_json=row[3],
        answer_text=row[4],
        credit=float(row[5]),
        points=row[6],
        seconds=None if row[7] is None else float(row[7]),
        hint_used=bool(row[8]),
        answered_at=_from_text(row[9]),
    )


class ScoreStore:
    """Games, answers and settings in one SQLite file that several processes share, or in a
    PostgreSQL database that several machines share (`path` a `postgresql://` URL).

    Every write is one transaction holding the database's write lock (SQLite's `BEGIN
    IMMEDIATE`, an advisory lock on PostgreSQL), committed before the method returns. The
    connection is guarded by a lock, so worker threads may share a store.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self._read_only = read_only
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pg_claims: PgClaims | None = None
        self._stream_uri: str | None = None
        """The file as a read-only URI for the connections that stream long reads
        (`_stream`); None when the store reads a copy in memory (or PostgreSQL's)."""
        if is_database_url(path):
            from .postgres import PgDialect

            url = _db_location(path)
            self._path = url
            dialect = PgDialect(url)  # type: ignore[arg-type]  # a DatabaseUrl, made just above
            self._db: _SqliteDialect | PgDialect = dialect
            self._conn, self._db = dialect.open(self, read_only)
            return
        self._path = Path(path)
        self._db = _SqliteDialect(self._path)
        self._conn = self._open_read_only() if read_only else self._open()

    # -- opening -------------------------------------------------------------------------

    def _check_path(self) -> bool:
        """Whether the database file exists; StoreError for a path that no database can be
        (a NUL byte, a folder, a FIFO, a device), found without opening it: opening a FIFO
        blocks forever and a device never ends."""
        path = self._path
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

    def _open(self) -> sqlite3.Connection:
        path = self._path
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
                path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise _translate(error, path) from error
        try:
            self._prepare(conn)
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as error:
            conn.close()
            raise _translate(error, path) from error
        self._stream_uri = path.absolute().as_uri() + "?mode=ro"
        return conn

    def _open_read_only(self) -> sqlite3.Connection:
        """Open the file for reading only: no migration, no switch to WAL, nothing created
        (a missing or empty file reads as an empty database)."""
        path = self._path
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
            if not _errorname(error).startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise _translate(error, path) from error
        try:
            return self._connect_read_only(uri + "&immutable=1")
        except sqlite3.Error as error:
            raise _translate(error, path) from error

    def _connect_read_only(self, uri: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            if self._check(conn) == 0:
                conn.close()
                return self._empty()
            if conn.execute("PRAGMA user_version").fetchone()[0] < SAME_TABLES_SINCE:
                return self._migrated_copy(conn)
        except BaseException:
            conn.close()
            raise
        self._stream_uri = uri
        return conn

    def _migrated_copy(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        """A database of an older schema, read through a copy in memory brought up to the
        current one (the file is not written): the queries expect today's columns, and a
        display its real maximum (migration 4). Reading only is for one-shot commands, so a
        snapshot is what they need; only files older than SAME_TABLES_SINCE come here (one
        as big as the file, in memory). A copy the migrations do not fit (a file changed by
        hand) is dropped, and the file read as it is, as before."""
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
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

    def _empty(self) -> sqlite3.Connection:
        """An empty database in memory, for reading a score file that does not exist yet."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._migrate(conn)
        return conn

    def _sniff(self) -> bytes:
        """Refuse a file without the SQLite header before SQLite sees it (SQLite would
        otherwise rewrite or delete -wal and -shm files lying next to it); the header read,
        empty for a missing or empty file. Call `_check_path` first (never open a FIFO)."""
        path = self._path
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

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the file is ours (reading only), then switch to WAL and migrate."""
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        self._check(conn)
        self._with_retries(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = FULL")
        self._with_retries(lambda: self._migrate(conn))

    def _check(self, conn: sqlite3.Connection) -> int:
        """Refuse a file that is not a civic-quiz database (or one from a newer civic-quiz)
        without writing; the number of tables it has.

        Only the schema and the header are read, so opening costs the same at any size: no
        `PRAGMA quick_check`, which reads every page (2.5 s at 100,000 games). Damage
        elsewhere is reported by SQLite when a query reaches it, and every query turns it
        into a CorruptStoreError (`_translate`); `civic-quiz db check` reads everything."""
        tables = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        self._check_version(version, app_id, tables)
        marker = Path(str(self._path) + CHECK_SUFFIX)
        if marker.exists():  # damage was found in use: this open reads every page once
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise CorruptStoreError(
                    f"{self._path} is damaged ({problems[0]}); move or rename it to start a"
                    " fresh score database, or pass --db another file",
                    self._path,
                )
            with contextlib.suppress(OSError):
                marker.unlink()
        return tables

    def _check_version(self, version: int, app_id: int, tables: int) -> None:
        path = self._path
        new_file = app_id == 0 and version == 0 and tables == 0
        if app_id != APPLICATION_ID and not new_file:
            raise CorruptStoreError(
                f"{path} is an SQLite database of another program, not a civic-quiz score"
                " database; pass --db another file",
                path,
            )
        known = _known_version()
        if version > known:
            raise NewerStoreError(
                f"{path} was written by a newer civic-quiz (schema version {version}; this"
                f" one knows up to {known}); upgrade civic-quiz, or pass --db another file",
                path,
                found=version,
                known=known,
            )

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply the missing migrations in one immediate transaction (one process migrates;
        the others wait, then find nothing to do)."""
        if conn.execute("PRAGMA user_version").fetchone()[0] == _known_version():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            self._check_version(version, app_id, tables)
            from contextlib import nullcontext

            from ..util.progress import Step, progress

            # A big database takes seconds to bring up to date (12 s at 100k games): said,
            # on a terminal, when there are tables to carry over (a new file is instant).
            steps = _known_version() - version
            what = f"Upgrading the score database {self._path.name}: step"
            shown = progress(what, total=steps) if tables else nullcontext(Step())
            with shown as step:
                for number in range(version, _known_version()):
                    MIGRATIONS[number](conn)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                    step.advance()
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- plumbing ------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file (for PostgreSQL a `DatabaseUrl`: `str()` gives its URL without
        the password)."""
        return self._path

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return "postgresql" if is_database_url(self._path) else "sqlite"

    def close(self) -> None:
        """Close the connection and give up this store's claims (safe to call twice)."""
        _release_all(self)
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._db.close()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ScoreStore({str(self._path)!r})"  # a URL without its password

    @staticmethod
    def _with_retries(action: Callable[[], T]) -> T:
        """Run `action`, trying again a few times if the database stayed locked even after
        the busy timeout (a last resort: `BEGIN IMMEDIATE` normally queues writers)."""
        for attempt in range(LOCK_RETRIES + 1):
            try:
                return action()
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or attempt == LOCK_RETRIES:
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The open connection, under the lock, with the database's errors made StoreErrors.
        (On PostgreSQL, a `store_pg.PgConnection`, which takes the same calls.)"""
        with self._lock:
            if self._conn is None:
                raise StoreError(f"the score database {self._path} is closed", self._path)
            try:
                yield self._conn
            except self._db.errors as error:
                raise self._db.translate(error) from error

    def _retrying(
        self,
        conn: sqlite3.Connection,
        action: Callable[[], T],
        on_wait: Callable[[], object] | None = None,
    ) -> T:
        """Run `action`, again after a busy database (`_with_retries`) and, on PostgreSQL,
        after a lost connection: connecting again every `RECONNECT_DELAY` for up to
        `UNREACHABLE_WAIT` seconds (`on_wait` is told once), then giving up with the error.
        A write is one transaction, so a lost one never half-happened."""
        db = self._db
        if not db.is_unreachable_possible:
            return self._with_retries(action)
        deadline = time.monotonic() + UNREACHABLE_WAIT
        busy = 0
        while True:
            try:
                return action()
            except db.errors as error:
                if db.is_busy(error) and busy < LOCK_RETRIES:
                    busy += 1
                    time.sleep(0.05 * 2**busy)
                    continue
                if not db.is_unreachable(error) or time.monotonic() >= deadline:
                    raise
            if on_wait is not None:
                on_wait()
                on_wait = None
            time.sleep(RECONNECT_DELAY)
            with suppress(*db.errors):  # still unreachable: the next attempt says so
                db.reconnect(conn)

    def _write(
        self,
        action: Callable[[sqlite3.Connection], T],
        on_wait: Callable[[], object] | None = None,
    ) -> T:
        """Run `action` in one `BEGIN IMMEDIATE` transaction, committed before returning.

        `on_wait` is called once if the database is still locked after `WAIT_NOTICE`
        seconds (the write goes on waiting), so that a player can be told."""
        if self._read_only:
            raise StoreError(f"{self._path} was opened for reading only", self._path)
        db = self._db
        with self._connection() as conn:

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

            if on_wait is not None and WAIT_NOTICE < BUSY_TIMEOUT:
                try:
                    db.set_wait(conn, WAIT_NOTICE)
                    return attempt()
                except db.errors as error:
                    if not db.is_busy(error) and not db.is_unreachable(error):
                        raise
                finally:
                    with suppress(*db.errors):  # lost: connecting again sets it
                        db.set_wait(conn, BUSY_TIMEOUT)
                on_wait()
                on_wait = None
            return self._retrying(conn, attempt, on_wait)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._connection() as conn:
            return self._retrying(conn, lambda: conn.execute(sql, params).fetchall())

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a long read, fetched a batch at a time: memory stays the same however
        many rows there are. A file is read through a connection of its own, opened for this
        read (cheap: the open reads no more than the schema), so that the read neither holds
        the store's lock while the caller works on each row (a game's answer, on another
        thread, is not kept waiting) nor sees half of a transaction: it reads one committed
        moment. A copy in memory is read at once. sqlite3 errors become StoreErrors (a
        damaged page found on the way is a CorruptStoreError)."""
        if self._conn is not None and self._db.name == "postgresql":
            yield from self._db.stream(sql, params)  # type: ignore[union-attr]  # PgDialect here
            return
        uri = self._stream_uri
        if uri is None or self._conn is None:
            yield from self._read(sql, params)
            return
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise _translate(error, self._path) from error
        try:
            cursor = self._with_retries(lambda: conn.execute(sql, params))
            while rows := cursor.fetchmany(STREAM_BATCH):
                yield from rows
        except sqlite3.Error as error:
            raise _translate(error, self._path) from error
        finally:
            conn.close()

    # -- games ---------------------------------------------------------------------------

    def start_game(
        self,
        *,
        player: str,
        pack_id: str,
        pack_hash: str,
        mode: str,
        scoring: str,
        seed: int,
        question_ids: Sequence[str],
        max_score: int,
        started_at: dt.datetime | None = None,
    ) -> int:
        """Record a new active game for `player` (created if new); returns its id."""
        (game_id,) = self.start_games(
            players=[player],
            pack_id=pack_id,
            pack_hash=pack_hash,
            mode=mode,
            scoring=scoring,
            seed=seed,
            question_ids=question_ids,
            max_score=max_score,
            started_at=started_at,
        )
        return game_id

    def start_games(
        self,
        *,
        players: Sequence[str],
        pack_id: str,
        pack_hash: str,
        mode: str,
        scoring: str,
        seed: int,
        question_ids: Sequence[str],
        max_score: int,
        started_at: dt.datetime | None = None,
        on_wait: Callable[[], object] | None = None,
        lesson: str | None = None,
    ) -> list[int]:
        """Record one new active game per player (hot-seat players share a start and a
        `group_id`, the first game's id), all in one transaction: either every player's game
        exists or none does; `lesson` files them under a teacher's lesson. Returns their ids
        in the order of `players`."""
        if isinstance(question_ids, str) or isinstance(players, str):
            raise TypeError("question_ids and players must be sequences, not one string")
        ids_json = json.dumps([str(q) for q in question_ids], ensure_ascii=False)
        started = _utc_text(started_at)

        def insert(conn: sqlite3.Connection) -> list[int]:
            game_ids = []
            for player in players:
                conn.execute("INSERT OR IGNORE INTO players (name) VALUES (?)", (player,))
                cursor = conn.execute(
                    """INSERT INTO games (player_id, pack_id, pack_hash, mode, scoring, seed,
                           question_ids, started_at, status, max_score)
                       SELECT id, ?, ?, ?, ?, ?, ?, ?, 'active', ? FROM players
                       WHERE name = ?""",
                    (pack_id, pack_hash, mode, scoring, seed, ids_json, started, max_score, player),
                )
                game_id = cursor.lastrowid
                if game_id is None:  # pragma: no cover - the player row was just ensured
                    raise StoreError(f"could not start a game in {self._path}", self._path)
                game_ids.append(game_id)
            marks = ",".join("?" * len(game_ids))
            conn.execute(
                f"UPDATE games SET group_id = ?, lesson = ? WHERE id IN ({marks})",
                (game_ids[0], lesson, *game_ids),
            )
            return game_ids

        return self._write(insert, on_wait)

    def record_answer(
        self,
        game_id: int,
        *,
        position: int,
        question_id: str,
        answer_json: str,
        answer_text: str,
        credit: float,
        points: int,
        seconds: float | None,
        hint_used: bool,
        correct: bool,
        answered_at: dt.datetime | None = None,
        on_wait: Callable[[], object] | None = None,
    ) -> None:
        """Store an answer and add it to the game's running totals, in one transaction that
        is committed before this returns. Raises KeyError for an unknown game, StoreError
        for a game no longer active, a position already answered, or a question that is
        not the game's question at `position`. `on_wait`: see `_write`."""
        json.loads(answer_json)  # ValueError for a response that is not JSON
        when = _utc_text(answered_at)
        tries = 0

        def insert(conn: sqlite3.Connection) -> None:
            nonlocal tries
            tries += 1
            if (
                tries > 1
                and conn.execute(
                    """SELECT 1 FROM answers WHERE game_id = ? AND position = ?
                   AND question_id = ? AND answered_at = ?""",
                    (game_id, position, question_id, when),
                ).fetchone()
            ):
                # A connection lost while committing: the answer was saved after all.
                return
            row = conn.execute(
                "SELECT status, question_ids FROM games WHERE id = ?", (game_id,)
            ).fetchone()
            if row is None:
                raise KeyError(game_id)
            status, ids_json = row
            if status != "active":
                raise StoreError(
                    f"game {game_id} is {status}, so it takes no more answers", self._path
                )
            ids = json.loads(ids_json)
            if not 0 <= position < len(ids) or ids[position] != question_id:
                raise StoreError(
                    f"game {game_id} has no question {question_id!r} at position {position}",
                    self._path,
                )
            try:
                conn.execute(
                    f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        game_id,
                        position,
                        question_id,
                        answer_json,
                        answer_text,
                        float(credit),
                        int(points),
                        None if seconds is None else float(seconds),
                        int(bool(hint_used)),
                        when,
                    ),
                )
            except self._db.integrity as error:
                raise StoreError(
                    f"game {game_id} already has an answer at position {position}",
                    self._path,
                ) from error
            # The maximum is raised to the score only for a game whose maximum migration 4
            # had to estimate (its questions' points were not stored): a game started since
            # stores `scoring.max_score`, which no answer can pass.
            conn.execute(
                """UPDATE games SET score = score + ?, correct = correct + ?, total = total + 1,
                       max_score = MAX(max_score, score + ?)
                   WHERE id = ?""",
                (int(points), int(bool(correct)), int(points), game_id),
            )

        self._write(insert, on_wait)

    def replace_answers(
        self,
        game_id: int,
        answers: Sequence[AnswerRecord],
        on_wait: Callable[[], object] | None = None,
    ) -> None:
        """Replace stored answers of an unfinished game (an exam's answers changed in its
        review, and the later answers whose streak bonus that changes), and set the game's
        running totals from its answers, in one transaction committed before this returns.
        Each answer replaces the one at its `position` (the key: a position holds one
        answer); `answered_at` is the time of the change. Raises KeyError for an unknown
        game, StoreError for a game no longer active or a position not yet answered (or
        holding another question)."""
        rows = list(answers)
        for answer in rows:
            json.loads(answer.answer_json)  # ValueError for a response that is not JSON

        def update(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT status FROM games WHERE id = ?", (game_id,)).fetchone()
            if row is None:
                raise KeyError(game_id)
            if row[0] != "active":
                raise StoreError(
                    f"game {game_id} is {row[0]}, so its answers cannot change", self._path
                )
            for answer in rows:
                changed = conn.execute(
                    """UPDATE answers SET answer_json = ?, answer_text = ?, credit = ?,
                           points = ?, seconds = ?, hint_used = ?, answered_at = ?
                       WHERE game_id = ? AND position = ? AND question_id = ?""",
                    (
                        answer.answer_json,
                        answer.answer_text,
                        float(answer.credit),
                        int(answer.points),
                        None if answer.seconds is None else float(answer.seconds),
                        int(bool(answer.hint_used)),
                        _utc_text(answer.answered_at),
                        game_id,
                        answer.position,
                        answer.question_id,
                    ),
                ).rowcount
                if changed != 1:
                    raise StoreError(
                        f"game {game_id} has no answer to question {answer.question_id!r}"
                        f" at position {answer.position}",
                        self._path,
                    )
            # The totals from the answers themselves, as `record_answer` keeps them (fully
            # correct: credit within `grading.CREDIT_EPSILON` of 1).
            conn.execute(
                """UPDATE games SET
                       score = (SELECT COALESCE(SUM(points), 0) FROM answers WHERE game_id = ?),
                       correct = (SELECT COUNT(*) FROM answers
                                  WHERE game_id = ? AND credit >= ?)
                   WHERE id = ?""",
                (game_id, game_id, _FULL_CREDIT, game_id),
            )
            conn.execute(
                "UPDATE games SET max_score = MAX(max_score, score) WHERE id = ?", (game_id,)
            )

        self._write(update, on_wait)

    def _set_status(
        self, game_id: int, status: GameStatus, finished_at: dt.datetime | None
    ) -> None:
        when = _utc_text(finished_at)

        def update(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "SELECT status, question_ids FROM games WHERE id = ?", (game_id,)
            ).fetchone()
            if row is None:
                raise KeyError(game_id)
            if row[0] == status:
                return
            if row[0] != "active":
                raise StoreError(f"game {game_id} is already {row[0]}", self._path)
            if status == "finished":
                # A game with an answer missing would show a score nobody was shown.
                questions = len(json.loads(row[1]))
                answered = conn.execute(
                    "SELECT COUNT(*) FROM answers WHERE game_id = ?", (game_id,)
                ).fetchone()[0]
                if answered < questions:
                    raise StoreError(
                        f"game {game_id} has answers to {answered} of its {questions}"
                        " questions, so it cannot be finished; resume it to answer the rest",
                        self._path,
                    )
            conn.execute(
                "UPDATE games SET status = ?, finished_at = ? WHERE id = ?",
                (status, when if status == "finished" else None, game_id),
            )

        self._write(update)

    def finish_game(self, game_id: int, *, finished_at: dt.datetime | None = None) -> None:
        """Mark an active game finished (it joins the leaderboard). Finishing a finished
        game again changes nothing; an abandoned game, or one without an answer to each of
        its questions, raises StoreError."""
        self._set_status(game_id, "finished", finished_at)

    def abandon_game(self, game_id: int) -> None:
        """Mark an active game abandoned (the player chose not to resume it)."""
        self._set_status(game_id, "abandoned", None)

    def claim_game(self, game_id: int) -> GameClaim:
        """Claim a game for this store while it is played, so that no other window or
        process plays it at the same time; GameClaimedError if another one has it.

        The claim is a lock held by the operating system for this process (a byte of the
        lock file `<database>.claims`), so a game whose process died (even killed) is free
        at once. The same store may claim a game again (each claim is released on its own);
        another store, even in this process, may not. On PostgreSQL the claim is an
        advisory lock of a session the store keeps for its claims, which behaves the same
        for processes on any machine."""
        if self._read_only:
            raise StoreError(f"{self._path} was opened for reading only", self._path)
        if self.backend == "postgresql":
            if self._pg_claims is None:
                from .postgres import PgClaims

                self._pg_claims = PgClaims(self._path)  # type: ignore[arg-type]  # a DatabaseUrl
            return self._pg_claims.claim(self, game_id)
        return _claim(self, game_id)

    def game(self, game_id: int) -> GameRecord:
        """The game with this id; KeyError if there is none."""
        rows = self._read(
            f"SELECT {_GAME_COLUMNS} {_GAMES} WHERE g.id = ?",
            (game_id,),
        )
        if not rows:
            raise KeyError(game_id)
        return _game_record(rows[0])

    def answers(self, game_id: int) -> list[AnswerRecord]:
        """The game's answers, by position."""
        rows = self._read(
            f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE game_id = ? ORDER BY position",
            (game_id,),
        )
        return [_answer_record(row) for row in rows]

    def games(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        status: GameStatus | None = None,
        limit: int | None = None,
        since: dt.datetime | None = None,
    ) -> list[GameRecord]:
        """Games matching every filter given, newest first (at most `limit`); `since` keeps
        the games started at or after that moment (a naive datetime is local time). For
        every game of a school's database, `iter_games` keeps memory flat."""
        sql, params = _games_query(pack_id, player, status, since, limit)
        return [_game_record(row) for row in self._read(sql, params)]

    def iter_games(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        status: GameStatus | None = None,
        limit: int | None = None,
        since: dt.datetime | None = None,
    ) -> Iterator[GameRecord]:
        """What `games` lists, one game at a time from the cursor (memory does not grow
        with the number of games; see `_stream`)."""
        sql, params = _games_query(pack_id, player, status, since, limit)
        return (_game_record(row) for row in self._stream(sql, params))

    def count_games(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        status: GameStatus | None = None,
        since: dt.datetime | None = None,
    ) -> int:
        """How many games `games` would list without a limit (counted by SQL, over an
        index: "showing 50 of 73,214 games")."""
        where = _where(pack_id=pack_id, player=player, status=status, since=since)
        return int(self._read(f"SELECT COUNT(*) {_GAMES}{where.sql}", where.params)[0][0])

    def unfinished_games(self, player: str | None = None) -> list[GameRecord]:
        """Active games (of `player`, or of everyone), newest first."""
        return self.games(player=player, status="active")

    def unfinished_group(self, game: GameRecord) -> list[GameRecord]:
        """The active games started together with `game` (every player of its hot-seat
        session), in turn order: those sharing its group id (every game has one, games from
        before schema version 3 since migration 4)."""
        if game.group_id is None:
            return [game]  # a record made by hand: it can only be played alone
        rows = self._read(
            f"""SELECT {_GAME_COLUMNS} {_GAMES}
                WHERE g.status = 'active' AND g.group_id = ? ORDER BY g.id""",
            (game.group_id,),
        )
        return [_game_record(row) for row in rows] or [game]

    def keep_time(self, game_id: int, position: int, seconds: float) -> None:
        """Keep the seconds a player has spent on the unanswered question at `position`, to
        count them again when the game is resumed (timed mode)."""
        self._write(
            lambda conn: conn.execute(
                """UPDATE games SET pending_position = ?, pending_seconds = ?
                   WHERE id = ? AND status = 'active'""",
                (position, float(seconds), game_id),
            )
        )

    def answer_rows(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        since: dt.datetime | None = None,
        status: GameStatus | None = None,
    ) -> list[AnswerRow]:
        """Every stored answer matching the filters given, one row each: games in the order
        they started, each game's answers by position. `since` keeps the answers given at
        or after that moment (a naive datetime is local time); `status` filters on the
        answer's game (e.g. "finished")."""
        sql, params = _answers_query(pack_id, player, since, status, None)
        return [_exported_answer(row) for row in self._read(sql, params)]

    def iter_answer_rows(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        since: dt.datetime | None = None,
        status: GameStatus | None = None,
        limit: int | None = None,
    ) -> Iterator[AnswerRow]:
        """What `answer_rows` lists, one answer at a time from the cursor (memory does not
        grow with the number of answers); with `limit`, only the newest `limit` answers (of
        the latest games), still in the order of `answer_rows`."""
        sql, params = _answers_query(pack_id, player, since, status, limit)
        return (_exported_answer(row) for row in self._stream(sql, params))

    def count_answer_rows(
        self,
        *,
        pack_id: str | None = None,
        player: str | None = None,
        since: dt.datetime | None = None,
        status: GameStatus | None = None,
    ) -> int:
        """How many answers `answer_rows` would list."""
        where = _answers_where(pack_id, player, since, status)
        if (pack_id, player, status) == (None, None, None):  # the answers alone
            sql = "SELECT COUNT(*) FROM answers a" + where.sql
        else:
            sql = "SELECT COUNT(*) " + _answers_source(where, since)
        return int(self._read(sql, where.params)[0][0])

    # -- item analysis -------------------------------------------------------------------

    def pack_game_counts(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> dict[tuple[bool, GameStatus], int]:
        """A pack's games (started at or after `since`) counted by (practice round?,
        status), by SQL: what item analysis leaves out, and why."""
        where = _where(pack_id=pack_id, since=since)
        rows = self._read(
            f"""SELECT CASE WHEN g.mode = 'practice' THEN 1 ELSE 0 END, g.status, COUNT(*)
                FROM games g{where.sql} GROUP BY 1, 2""",
            where.params,
        )
        return {(bool(practice), status): int(count) for practice, status, count in rows}

    def first_finished_games(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> list[GameRecord]:
        """Each player's first finished graded game of a pack (first by start, then id;
        among the games started at or after `since`), in that order: chosen by SQL over
        the index `games_first_finished`, one game per player however many they played."""
        firsts, params = _first_games_query(pack_id, since)
        rows = self._read(
            f"""SELECT {_GAME_COLUMNS} {_GAMES} WHERE g.id IN ({firsts})
                ORDER BY g.started_at, g.id""",
            params,
        )
        return [_game_record(row) for row in rows]

    def iter_first_game_answers(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> Iterator[FirstAnswer]:
        """The answers of each player's first finished graded game of a pack (see
        `first_finished_games`), each with its game's total credit, one at a time from the
        cursor, in no particular order: only those games' answers are read, found by the
        answers' primary key (the window's sort by game is the only one)."""
        firsts, params = _first_games_query(pack_id, since)
        sql = f"""SELECT a.question_id, a.answer_text, a.credit, a.seconds,
                         SUM(a.credit) OVER (PARTITION BY a.game_id)
                  FROM answers a WHERE a.game_id IN ({firsts})"""
        for question_id, text, credit, seconds, total in self._stream(sql, params):
            yield FirstAnswer(
                question_id=question_id,
                answer_text=text,
                credit=float(credit),
                seconds=None if seconds is None else float(seconds),
                game_credit=float(total),
            )

    # -- scores --------------------------------------------------------------------------

    def leaderboard(self, pack_id: str, limit: int = 10) -> list[LeaderboardRow]:
        """A pack's best finished games, ranked by score as a percentage of the game's
        maximum (so that a game of 3 questions and one of 37 compare fairly), then the
        earlier finish. Practice rounds are left out: they serve each player different
        questions."""
        where = _where(pack_id=pack_id, status="finished", graded=True)
        rows = self._read(
            f"""SELECT {_GAME_COLUMNS} {_GAMES}{where.sql}
                ORDER BY CAST(g.score AS REAL) / MAX(g.max_score, 1) DESC,
                         g.finished_at ASC, g.id ASC
                LIMIT ?""",
            [*where.params, limit],
        )
        return [_leaderboard_row(rank, _game_record(row)) for rank, row in enumerate(rows, start=1)]

    def best_score(self, player: str, pack_id: str) -> int | None:
        """The player's best finished score on a pack; None if they never finished it."""
        where = _where(player=player, pack_id=pack_id, status="finished")
        return self._read(f"SELECT MAX(g.score) {_GAMES}{where.sql}", where.params)[0][0]

    def best_scores(self, player: str) -> dict[str, int]:
        """The player's best finished score on each pack they finished: pack id -> score."""
        where = _where(player=player, status="finished")
        rows = self._read(
            f"SELECT g.pack_id, MAX(g.score) {_GAMES}{where.sql} GROUP BY g.pack_id"
            " ORDER BY g.pack_id",
            where.params,
        )
        return {pack: score for pack, score in rows}

    def finished_mark(self) -> tuple[int, str | None]:
        """How many games are finished and when the last was: cheap to ask every few seconds
        (an index covers it), and it changes whenever a game finishes, in any process."""
        rows = self._read("SELECT COUNT(*), MAX(finished_at) FROM games WHERE status = 'finished'")
        count, last = rows[0]
        return count, last

    def pack_ids(self) -> list[str]:
        """Every pack id games were played with, sorted (by SQL, through the pack index: a
        mistyped id's suggestion must not read a school year of games)."""
        rows = self._read("SELECT DISTINCT pack_id FROM games ORDER BY pack_id")
        return [row[0] for row in rows]

    def players(self) -> list[str]:
        """Everyone who has started a game, alphabetically."""
        rows = self._read("SELECT name FROM players ORDER BY name COLLATE NOCASE, name")
        return [row[0] for row in rows]

    # -- flags ---------------------------------------------------------------------------

    def add_flag(
        self,
        *,
        pack_id: str,
        pack_hash: str,
        question_id: str,
        player: str,
        reason: str,
        note: str = "",
        game_id: int | None = None,
        at: dt.datetime | None = None,
    ) -> int:
        """Store a player's flag on a question, committed before returning; its id.
        ValueError (`flags.FlagError`) for a reason not in `FLAG_REASONS`; the note is
        cleaned of control characters and cut to `MAX_NOTE` characters."""
        from ..reports.flags import MAX_NOTE, check_reason, clean_note

        reason = check_reason(reason)
        note = clean_note(note)[:MAX_NOTE]
        when = _utc_text(at)

        def insert(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                """INSERT INTO flags (pack_id, pack_hash, question_id, player, reason, note,
                       game_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (pack_id, pack_hash, question_id, player, reason, note, game_id, when),
            )
            if cursor.lastrowid is None:  # pragma: no cover - an INSERT always has one
                raise StoreError(f"could not store the flag in {self._path}", self._path)
            return cursor.lastrowid

        return self._write(insert)

    def flags(self, pack_id: str | None = None) -> list[FlagRecord]:
        """The flags (on one pack's questions, if given), newest first. A file read as it
        is (one the migrations did not fit, opened for reading only) may have no flags
        table: it has no flags."""
        with self._connection() as conn:
            if not self._db.has_table(conn, "flags"):
                return []
        sql = """SELECT id, pack_id, pack_hash, question_id, player, reason, note, game_id,
                        created_at FROM flags"""
        params: list[Any] = []
        if pack_id is not None:
            sql += " WHERE pack_id = ?"
            params.append(pack_id)
        rows = self._read(sql + " ORDER BY created_at DESC, id DESC", params)
        return [
            FlagRecord(
                id=row[0],
                pack_id=row[1],
                pack_hash=row[2],
                question_id=row[3],
                player=row[4],
                reason=row[5],
                note=row[6],
                game_id=row[7],
                created_at=_from_text(row[8]),
            )
            for row in rows
        ]

    # -- practice cards ------------------------------------------------------------------

    def cards(self, player: str, pack_id: str) -> dict[str, StoredCard]:
        """A player's practice cards for a pack, by question id."""
        rows = self._read(
            """SELECT c.question_id, c.question_hash, c.card_json, c.due FROM cards c
               JOIN players p ON p.id = c.player_id WHERE p.name = ? AND c.pack_id = ?""",
            (player, pack_id),
        )
        return {r[0]: StoredCard(r[0], r[1], r[2], _from_text(r[3])) for r in rows}

    def practised_packs(self, player: str) -> set[str]:
        """The packs in which a player has practice cards."""
        rows = self._read(
            """SELECT DISTINCT c.pack_id FROM cards c
               JOIN players p ON p.id = c.player_id WHERE p.name = ?""",
            (player,),
        )
        return {row[0] for row in rows}

    def save_card(self, player: str, pack_id: str, card: StoredCard) -> None:
        """Store a player's card for a question, replacing the earlier one."""

        def upsert(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR IGNORE INTO players (name) VALUES (?)", (player,))
            conn.execute(
                """INSERT INTO cards (player_id, pack_id, question_id, question_hash,
                       card_json, due)
                   SELECT id, ?, ?, ?, ?, ? FROM players WHERE name = ?
                   ON CONFLICT (player_id, pack_id, question_id) DO UPDATE SET
                       question_hash = excluded.question_hash,
                       card_json = excluded.card_json, due = excluded.due""",
                (
                    pack_id,
                    card.question_id,
                    card.question_hash,
                    card.card_json,
                    _utc_text(card.due),
                    player,
                ),
            )

        self._write(upsert)

    # -- settings ------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """A stored setting (e.g. the last player's name); None if unset."""
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting, replacing any earlier value."""
        self._write(
            lambda conn: conn.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                (key, value),
            )
        )

    # -- class results -------------------------------------------------------------------

    def games_with_times(
        self,
        *,
        lesson: str | None = None,
        since: dt.datetime | None = None,
        pack_id: str | None = None,
        graded: bool = True,
    ) -> list[tuple[GameRecord, float | None, dt.datetime | None]]:
        """Games matching every filter given, newest first, each with the total seconds of
        its answers (None when no answer has a time) and the time of its last answer (None
        without answers): one query, the sums made by SQLite over the answers' primary key.
        `since` keeps the games started at or after that moment; `graded` leaves practice
        rounds out."""
        where = _where(lesson=lesson, since=since, pack_id=pack_id, graded=graded)
        sql = f"""SELECT {_GAME_COLUMNS},
                         (SELECT SUM(a.seconds) FROM answers a WHERE a.game_id = g.id),
                         (SELECT MAX(a.answered_at) FROM answers a WHERE a.game_id = g.id)
                  {_GAMES}{where.sql}
                  ORDER BY g.started_at DESC, g.id DESC"""
        width = len(GameRecord._fields)
        return [
            (
                _game_record(row[:width]),
                None if row[width] is None else float(row[width]),
                None if row[width + 1] is None else _from_text(row[width + 1]),
            )
            for row in self._read(sql, where.params)
        ]

    def lessons(self, pack_id: str | None = None) -> list[str]:
        """The lesson ids games were played in (of one pack, if given), the latest lesson
        (by its last game's start) first."""
        where = _where(pack_id=pack_id)
        sql = f"SELECT g.lesson FROM games g{where.sql}"
        sql += " AND" if where.sql else " WHERE"
        sql += " g.lesson IS NOT NULL GROUP BY g.lesson ORDER BY MAX(g.started_at) DESC, g.lesson"
        return [row[0] for row in self._read(sql, where.params)]


# -- claims --------------------------------------------------------------------------------


class GameClaim:
    """A store's claim on one game (see `ScoreStore.claim_game`); release it when the game
    is left. Usable as a context manager; releasing twice is harmless."""

    def __init__(self, store: ScoreStore, key: str, game_id: int) -> None:
        self._store: ScoreStore | None = store
        self._key = key
        self.game_id = game_id
        """The game claimed."""

    @property
    def held(self) -> bool:
        """Whether this claim has not been released yet."""
        return self._store is not None

    def release(self) -> None:
        """Give the game up, for another window to play it."""
        with _CLAIMS_LOCK:
            store, self._store = self._store, None
            if store is not None:
                _unclaim(store, self._key, self.game_id)

    def __enter__(self) -> GameClaim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"GameClaim({self.game_id}, held={self.held})"


class _ClaimsFile:
    """The claims lock file of one database, opened once per process: POSIX record locks
    belong to the process, and closing any descriptor of the file would drop them all."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        self.holders: dict[int, tuple[ScoreStore, int]] = {}
        """Game id -> the store holding it in this process, and how many claims it has."""


_CLAIMS_LOCK = threading.Lock()
_CLAIMS_FILES: dict[str, _ClaimsFile] = {}
"""Claims files open in this process, by path."""


def _claim(store: ScoreStore, game_id: int) -> GameClaim:
    path = store.path
    key = os.path.realpath(path) + CLAIMS_SUFFIX
    taken = GameClaimedError(
        "this game is being played in another window (or tab); finish or leave it there"
        f" first (game {game_id})",
        path,
    )
    with _CLAIMS_LOCK:
        claims = _CLAIMS_FILES.get(key)
        if claims is None:
            try:
                claims = _ClaimsFile(key)
            except OSError as error:
                raise StoreError(
                    f"cannot open the lock file {key} ({error.strerror or error}); check"
                    " that the database's folder is writable, or pass --db another file",
                    path,
                ) from error
            _CLAIMS_FILES[key] = claims
        holder = claims.holders.get(game_id)
        if holder is not None:
            if holder[0] is not store:
                raise taken
            claims.holders[game_id] = (store, holder[1] + 1)
            return GameClaim(store, key, game_id)
        if fcntl is not None:
            try:
                fcntl.lockf(claims.fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, game_id, os.SEEK_SET)
            except OSError as error:
                _forget_if_unused(key)
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    raise taken from None
                raise StoreError(
                    f"cannot claim game {game_id} in {key} ({error.strerror or error})", path
                ) from error
        claims.holders[game_id] = (store, 1)
        return GameClaim(store, key, game_id)


def _unclaim(store: ScoreStore, key: str, game_id: int) -> None:
    """Drop one claim of `store` on a game (under `_CLAIMS_LOCK`)."""
    if store._pg_claims is not None:
        store._pg_claims.release(game_id)
        return
    claims = _CLAIMS_FILES.get(key)
    holder = claims.holders.get(game_id) if claims else None
    if claims is None or holder is None or holder[0] is not store:
        return
    if holder[1] > 1:
        claims.holders[game_id] = (store, holder[1] - 1)
        return
    del claims.holders[game_id]
    if fcntl is not None:
        fcntl.lockf(claims.fd, fcntl.LOCK_UN, 1, game_id, os.SEEK_SET)
    _forget_if_unused(key)


def _forget_if_unused(key: str) -> None:
    claims = _CLAIMS_FILES.get(key)
    if claims is not None and not claims.holders:
        del _CLAIMS_FILES[key]
        os.close(claims.fd)  # no claim of this process is left to drop


def _release_all(store: ScoreStore) -> None:
    """Drop every claim of a store (it is being closed)."""
    if store._pg_claims is not None:
        store._pg_claims.release_all()
    with _CLAIMS_LOCK:
        for key, claims in list(_CLAIMS_FILES.items()):
            for game_id, (holder, _count) in list(claims.holders.items()):
                if holder is store:
                    del claims.holders[game_id]
                    if fcntl is not None:
                        fcntl.lockf(claims.fd, fcntl.LOCK_UN, 1, game_id, os.SEEK_SET)
            _forget_if_unused(key)


# -- recovery ------------------------------------------------------------------------------

_COMPANIONS = ("-wal", "-shm", "-journal")


def _with_suffix(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal, -shm and -journal files) to
    `scores.sqlite3.corrupt-YYYYmmdd-HHMMSS` (with `-2`, `-3`... if taken) and return the new
    path. Nothing is deleted or overwritten."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"cannot move {path} aside: it does not exist", path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{path.name}.corrupt-{stamp}"
    counter = 1
    while True:
        target = path.with_name(base if counter == 1 else f"{base}-{counter}")
        taken = [target, *(_with_suffix(target, s) for s in _COMPANIONS)]
        if not any(os.path.lexists(p) for p in taken):
            try:
                _rename_no_clobber(path, target)
            except FileExistsError:
                counter += 1
                continue
            except OSError as error:
                raise StoreError(
                    f"cannot move {path} aside ({error.strerror or error}); move or rename it"
                    " yourself",
                    path,
                ) from error
            break
        counter += 1
    for suffix in _COMPANIONS:
        companion = _with_suffix(path, suffix)
        if os.path.lexists(companion):
            try:
                _rename_no_clobber(companion, _with_suffix(target, suffix))
            except OSError as error:
                raise StoreError(
                    f"moved {path} to {target} but could not move {companion}"
                    f" ({error.strerror or error}); move it yourself before starting again",
                    path,
                ) from error
    return target


def _rename_no_clobber(source: Path, target: Path) -> None:
    """Rename `source` to `target`, raising FileExistsError rather than replacing a file."""
    if source.is_file() and not source.is_symlink():
        try:
            os.link(source, target)  # atomic: fails if target exists
            linked = True
        except FileExistsError:
            raise
        except OSError:
            linked = False  # no hard links on this file system: check, then rename
        if linked:
            os.unlink(source)
            return
    if os.path.lexists(target):
        raise FileExistsError(target)
    os.rename(source, target)
