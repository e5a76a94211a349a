"""The score store: round trips, ordering, migrations, damaged files and several processes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.store import (
    DB_ENV,
    MIGRATIONS,
    SCHEMA_VERSION,
    AnswerRecord,
    CorruptStoreError,
    GameFilter,
    GameRecord,
    LeaderboardRow,
    NewerStoreError,
    ScoreStore,
    StoreError,
    base,
    default_db_path,
    move_aside,
    resolve_db_path,
    schema,
)
from game.store.sqlite import APPLICATION_ID, SqliteBackend
from tests.games import Answer, play_game
from tests.store_trouble import (
    is_pg,
    locked,
    raw_rows,
    schema_version,
    set_schema_version,
    table_names,
)

WORKER = Path(__file__).resolve().parent / "store_worker.py"
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
QIDS = ("q1", "q2", "q3")


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def db(any_db: Path) -> Path:
    """A new database on each backend in turn (a file path, or a PostgreSQL URL)."""
    return any_db


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    """A new SQLite file, for what only a file has (its bytes, WAL, permissions, folder)."""
    return tmp_path / "data" / "scores.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[ScoreStore]:
    with ScoreStore(db) as opened:
        yield opened


def start(
    store: ScoreStore,
    player: str = "ann",
    pack_id: str = "pack-a",
    minutes: int = 0,
    question_ids: tuple[str, ...] = QIDS,
    mode: str = "classic",
) -> int:
    return store.start_game(
        player=player,
        pack_id=pack_id,
        pack_hash="sha256:abc",
        mode=mode,
        scoring="standard",
        seed=42,
        question_ids=question_ids,
        max_score=30,
        started_at=at(minutes),
    )


def answer(
    store: ScoreStore,
    game_id: int,
    position: int,
    *,
    points: int = 10,
    correct: bool = True,
    question_id: str | None = None,
) -> None:
    store.record_answer(
        game_id,
        position=position,
        question_id=question_id or QIDS[position],
        answer_json='"Brussels"',
        answer_text="Brussels",
        credit=1.0 if correct else 0.0,
        points=points,
        seconds=3.25,
        hint_used=False,
        correct=correct,
        answered_at=at(position + 1),
    )


def answer_all(store: ScoreStore, game_id: int) -> int:
    """Answer each question of a game not answered yet (a game is finished only then);
    returns the game's id."""
    done = {a.position for a in store.answers(game_id)}
    for position, question in enumerate(store.game(game_id).question_ids):
        if position not in done:
            answer(store, game_id, position, question_id=question)
    return game_id


def finished_game(store: ScoreStore, player: str, score: int, finish: int, **kw: str) -> int:
    """A finished game whose single answer scores `score`, finished at minute `finish`."""
    return play_game(
        store,
        player,
        **{"pack_id": "pack-a", **kw},
        pack_hash="sha256:abc",
        seed=42,
        max_score=30,
        started_at=at(0),
        answers=[Answer(points=score, text="Brussels", seconds=3.25)],
        finished_at=at(finish),
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def snapshot(db: Path) -> object:
    """What must stay untouched: a file's bytes, or a PostgreSQL database's version and
    rows."""
    if is_pg(db):
        return (schema_version(db), raw_rows(db, "SELECT * FROM games ORDER BY id"))
    return db.read_bytes()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


# -- paths ---------------------------------------------------------------------------------


def test_default_path_is_in_the_user_data_dir() -> None:
    path = default_db_path()
    assert path.name == "scores.sqlite3"
    assert path.parent.name == "civic-quiz"
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])


def test_db_option_beats_environment_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {DB_ENV: str(tmp_path / "env.sqlite3")}
    assert resolve_db_path(tmp_path / "cli.sqlite3", env) == tmp_path / "cli.sqlite3"
    assert resolve_db_path(str(tmp_path / "cli.sqlite3"), env) == tmp_path / "cli.sqlite3"
    assert resolve_db_path(None, env) == tmp_path / "env.sqlite3"
    assert resolve_db_path("", {DB_ENV: ""}) == default_db_path()
    assert resolve_db_path(None, {}) == default_db_path()
    monkeypatch.setenv(DB_ENV, "~/elsewhere.sqlite3")
    assert resolve_db_path() == Path.home() / "elsewhere.sqlite3"


# -- opening -------------------------------------------------------------------------------


def test_opening_creates_the_current_schema(db: Path) -> None:
    with ScoreStore(db) as store:
        assert store.path == db
        assert store.backend.name == ("postgresql" if is_pg(db) else "sqlite")
    assert schema_version(db) == SCHEMA_VERSION
    assert {"players", "games", "answers", "settings", "cards", "flags"} <= table_names(db)
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_opening_creates_folders_wal_and_the_current_schema(sqlite_db: Path) -> None:
    """SQLite only (the file, its folder, WAL and application id)."""
    db = sqlite_db
    with ScoreStore(db) as store:
        assert store.path == db
    assert db.is_file()
    conn = raw(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"players", "games", "answers", "settings"} <= tables
    conn.close()
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_the_store_connection_uses_wal_foreign_keys_and_a_busy_timeout(sqlite_db: Path) -> None:
    """SQLite only (its pragmas)."""
    with ScoreStore(sqlite_db) as store:
        _check_sqlite_connection(store)


def _check_sqlite_connection(store: ScoreStore) -> None:
    with store.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_keeps_data_and_does_not_migrate_again(db: Path) -> None:
    with ScoreStore(db) as store:
        game_id = start(store)
    with ScoreStore(db) as store:
        assert store.game(game_id).player == "ann"
        assert store.players() == ["ann"]


def test_an_empty_file_is_a_new_database(sqlite_db: Path) -> None:
    """SQLite only (an empty file is SQLite's)."""
    sqlite_db.parent.mkdir(parents=True)
    sqlite_db.write_bytes(b"")
    with ScoreStore(sqlite_db) as store:
        store.set_setting("k", "v")
        assert store.get_setting("k") == "v"


def test_a_closed_store_refuses_work(db: Path) -> None:
    store = ScoreStore(db)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.players()


# -- games and answers ---------------------------------------------------------------------


def test_game_round_trip(store: ScoreStore) -> None:
    game_id = start(store)
    record = store.game(game_id)
    assert record == GameRecord(
        id=game_id,
        player="ann",
        pack_id="pack-a",
        pack_hash="sha256:abc",
        mode="classic",
        scoring="standard",
        seed=42,
        question_ids=QIDS,
        started_at=T0,
        finished_at=None,
        status="active",
        score=0,
        max_score=30,
        correct=0,
        total=0,
        answered=0,
        group_id=game_id,
    )
    assert record.started_at.tzinfo is not None


def test_answers_round_trip_and_update_running_totals(store: ScoreStore) -> None:
    game_id = start(store, question_ids=("q1", "q2", "q3", "q4", "q5"))
    responses = [
        ('"Brussels"', "Brussels", 1.0, 10, 2.5, False, True),
        ('["a", "b"]', "a; b", 0.5, 5, 7.0, True, False),
        ("true", "True", 1.0, 10, 1.0, False, True),
        ('{"l": "r"}', "l → r", 1.0, 12, 4.0, False, True),
        ("null", "(no answer)", 0.0, 0, None, False, False),
    ]
    paris = dt.timezone(dt.timedelta(hours=1))
    for position, (js, text, credit, points, seconds, hint, correct) in enumerate(responses):
        store.record_answer(
            game_id,
            position=position,
            question_id=f"q{position + 1}",
            answer_json=js,
            answer_text=text,
            credit=credit,
            points=points,
            seconds=seconds,
            hint_used=hint,
            correct=correct,
            answered_at=dt.datetime(2026, 3, 1, 13, position, tzinfo=paris),
        )
        record = store.game(game_id)
        assert (record.total, record.answered) == (position + 1, position + 1)
    record = store.game(game_id)
    assert (record.score, record.correct, record.status) == (37, 3, "active")
    stored = store.answers(game_id)
    assert [a.position for a in stored] == [0, 1, 2, 3, 4]
    assert stored[1] == AnswerRecord(
        game_id=game_id,
        position=1,
        question_id="q2",
        answer_json='["a", "b"]',
        answer_text="a; b",
        credit=0.5,
        points=5,
        seconds=7.0,
        hint_used=True,
        answered_at=dt.datetime(2026, 3, 1, 12, 1, tzinfo=dt.UTC),
    )
    assert stored[3].answer_text == "l → r"
    assert stored[4].seconds is None
    assert stored[4].answer_json == "null"
    assert stored[0].answered_at.utcoffset() == dt.timedelta(0)


def test_times_are_stored_as_utc_iso_text(db: Path) -> None:
    with ScoreStore(db) as store:
        start(store)
    assert raw_rows(db, "SELECT started_at FROM games") == [("2026-03-01T12:00:00.000000+00:00",)]


def test_a_second_answer_for_a_position_is_refused(store: ScoreStore) -> None:
    game_id = start(store)
    answer(store, game_id, 0, points=10)
    with pytest.raises(StoreError, match="already has an answer at position 0"):
        answer(store, game_id, 0, points=99)
    record = store.game(game_id)
    assert (record.score, record.total, record.answered) == (10, 1, 1)
    assert [a.points for a in store.answers(game_id)] == [10]


def test_answers_must_match_an_active_games_questions(store: ScoreStore) -> None:
    game_id = start(store)
    with pytest.raises(KeyError):
        answer(store, game_id + 1, 0)
    with pytest.raises(StoreError, match="no question 'q2' at position 0"):
        answer(store, game_id, 0, question_id="q2")
    with pytest.raises(StoreError, match="position 3"):
        answer(store, game_id, 3, question_id="q4")
    with pytest.raises(ValueError):
        store.record_answer(
            game_id,
            position=0,
            question_id="q1",
            answer_json="not json",
            answer_text="?",
            credit=0,
            points=0,
            seconds=None,
            hint_used=False,
            correct=False,
        )
    answer_all(store, game_id)
    store.finish_game(game_id)
    with pytest.raises(StoreError, match="finished"):
        answer(store, game_id, 1)
    assert len(store.answers(game_id)) == len(QIDS)


def test_finish_and_abandon(store: ScoreStore) -> None:
    done = answer_all(store, start(store))
    store.finish_game(done, finished_at=at(30))
    store.finish_game(done, finished_at=at(45))  # again: no change
    assert store.game(done).status == "finished"
    assert store.game(done).finished_at == at(30)
    with pytest.raises(StoreError, match="already finished"):
        store.abandon_game(done)

    dropped = start(store)
    store.abandon_game(dropped)
    assert store.game(dropped).status == "abandoned"
    assert store.game(dropped).finished_at is None
    with pytest.raises(StoreError, match="already abandoned"):
        store.finish_game(dropped)

    with pytest.raises(KeyError):
        store.finish_game(999)
    with pytest.raises(KeyError):
        store.abandon_game(999)
    with pytest.raises(KeyError):
        store.game(999)
    assert store.answers(999) == []


def test_finished_at_defaults_to_now_in_utc(store: ScoreStore) -> None:
    game_id = answer_all(store, start(store))
    before = dt.datetime.now(dt.UTC)
    store.finish_game(game_id)
    finished = store.game(game_id).finished_at
    assert finished is not None
    assert finished.utcoffset() == dt.timedelta(0)
    assert finished >= before


def test_games_filters_and_newest_first(store: ScoreStore) -> None:
    a1 = start(store, "ann", "pack-a", minutes=1)
    b1 = start(store, "bob", "pack-a", minutes=2)
    a2 = start(store, "ann", "pack-b", minutes=3)
    b2 = start(store, "bob", "pack-b", minutes=4)
    store.finish_game(answer_all(store, a1))
    store.abandon_game(b1)
    assert [g.id for g in store.games()] == [b2, a2, b1, a1]
    assert [g.id for g in store.games(GameFilter(pack_id="pack-a"))] == [b1, a1]
    assert [g.id for g in store.games(GameFilter(player="ann"))] == [a2, a1]
    assert [g.id for g in store.games(GameFilter(status="finished"))] == [a1]
    assert [g.id for g in store.games(GameFilter(player="bob", pack_id="pack-b"))] == [b2]
    assert [g.id for g in store.games(GameFilter(limit=2))] == [b2, a2]
    assert store.games(GameFilter(player="nobody")) == []


def test_unfinished_games(store: ScoreStore) -> None:
    old = start(store, "ann", minutes=1)
    answer(store, old, 0)
    new = start(store, "ann", minutes=5)
    other = start(store, "bob", minutes=3)
    done = answer_all(store, start(store, "ann", minutes=7))
    store.finish_game(done)
    dropped = start(store, "ann", minutes=8)
    store.abandon_game(dropped)
    assert [g.id for g in store.unfinished_games()] == [new, other, old]
    assert [g.id for g in store.unfinished_games("ann")] == [new, old]
    assert store.unfinished_games("ann")[1].answered == 1
    assert store.unfinished_games("carol") == []


def test_leaderboard_orders_by_score_then_earlier_finish(store: ScoreStore) -> None:
    late_high = finished_game(store, "ann", 25, finish=50)
    early_high = finished_game(store, "bob", 25, finish=40)
    low = finished_game(store, "carol", 5, finish=10)
    top = finished_game(store, "dan", 30, finish=60, mode="timed")
    start(store, "erin", minutes=0)  # active: not on the board
    abandoned = start(store, "fay", question_ids=("q1",))
    answer(store, abandoned, 0, points=100)
    store.abandon_game(abandoned)
    finished_game(store, "gus", 99, finish=5, pack_id="pack-b")  # another pack

    board = store.leaderboard("pack-a")
    assert [(r.rank, r.game_id) for r in board] == [
        (1, top),
        (2, early_high),
        (3, late_high),
        (4, low),
    ]
    assert board[0] == LeaderboardRow(
        rank=1, game_id=top, player="dan", mode="timed", score=30, max_score=30, finished_at=at(60)
    )
    assert [r.player for r in store.leaderboard("pack-a", limit=2)] == ["dan", "bob"]
    assert [r.score for r in store.leaderboard("pack-b")] == [99]
    assert store.leaderboard("pack-z") == []


def test_best_scores(store: ScoreStore) -> None:
    finished_game(store, "ann", 10, finish=1)
    finished_game(store, "ann", 20, finish=2)
    finished_game(store, "ann", 15, finish=3)
    finished_game(store, "ann", 7, finish=4, pack_id="pack-b")
    finished_game(store, "bob", 30, finish=5)
    unfinished = start(store, "ann", pack_id="pack-c", question_ids=("q1",))
    answer(store, unfinished, 0, points=50)
    assert store.best_score("ann", "pack-a") == 20
    assert store.best_score("ann", "pack-b") == 7
    assert store.best_score("ann", "pack-c") is None
    assert store.best_score("zed", "pack-a") is None
    assert store.best_scores("ann") == {"pack-a": 20, "pack-b": 7}
    assert store.best_scores("bob") == {"pack-a": 30}
    assert store.best_scores("zed") == {}


def test_players_are_listed_once_alphabetically(store: ScoreStore) -> None:
    assert store.players() == []
    for name in ("bob", "Ann", "carol", "bob", "Ann"):
        start(store, name)
    assert store.players() == ["Ann", "bob", "carol"]


def test_settings(db: Path) -> None:
    with ScoreStore(db) as store:
        assert store.get_setting("last_player") is None
        store.set_setting("last_player", "ann")
        store.set_setting("last_player", "bob")
        store.set_setting("theme", "dark")
    with ScoreStore(db) as store:
        assert store.get_setting("last_player") == "bob"
        assert store.get_setting("theme") == "dark"


def test_threads_can_share_one_store(store: ScoreStore) -> None:
    errors: list[BaseException] = []
    ids = tuple(f"q{i}" for i in range(20))

    def play(name: str) -> None:
        try:
            game_id = start(store, name, question_ids=ids)
            for position in range(len(ids)):
                answer(store, game_id, position, question_id=ids[position], points=1)
            store.finish_game(game_id)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=play, args=(f"p{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [g.score for g in store.games(GameFilter(status="finished"))] == [20, 20, 20, 20]


# -- locking -------------------------------------------------------------------------------


def test_lock_retries_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base.time, "sleep", lambda seconds: None)
    is_busy = SqliteBackend(Path("unopened.sqlite3")).is_busy
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "ok"

    assert base.with_retries(flaky, is_busy) == "ok"
    assert len(calls) == 3

    calls.clear()

    def locked() -> None:
        calls.append(1)
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        base.with_retries(locked, is_busy)
    assert len(calls) == base.LOCK_RETRIES + 1

    calls.clear()

    def broken() -> None:
        calls.append(1)
        raise sqlite3.OperationalError("no such table: nothing")

    with pytest.raises(sqlite3.OperationalError):
        base.with_retries(broken, is_busy)
    assert len(calls) == 1


def test_a_write_lock_held_too_long_is_a_store_error(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScoreStore(db):
        pass
    monkeypatch.setattr(base, "BUSY_TIMEOUT", 0.01)
    monkeypatch.setattr(base, "LOCK_RETRIES", 1)
    monkeypatch.setattr(base.time, "sleep", lambda seconds: None)
    with locked(db), ScoreStore(db) as store:
        with pytest.raises(StoreError, match="locked") as caught:
            store.set_setting("k", "v")
        assert caught.value.path == db
        assert store.get_setting("k") is None  # readers are not blocked (WAL, MVCC)


# -- migrations ----------------------------------------------------------------------------


def _next_version(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE notes (
            player_id INTEGER NOT NULL REFERENCES players(id),
            question_id TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (player_id, question_id)
        )"""
    )
    conn.execute("INSERT INTO notes SELECT DISTINCT player_id, 'q1', started_at FROM games")


def test_a_new_migration_upgrades_and_keeps_data(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ScoreStore(db) as store:
        game_id = finished_game(store, "ann", 20, finish=9)
        store.set_setting("last_player", "ann")
    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS, _next_version])
    with ScoreStore(db) as store:
        assert store.game(game_id).score == 20
        assert store.get_setting("last_player") == "ann"
        assert store.leaderboard("pack-a")[0].game_id == game_id
    assert schema_version(db) == SCHEMA_VERSION + 1
    assert raw_rows(db, "SELECT COUNT(*) FROM notes") == [(1,)]


def test_a_failing_migration_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ScoreStore(db) as store:
        start(store)

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS, half_done])
    with pytest.raises(StoreError):
        ScoreStore(db)
    assert schema_version(db) == SCHEMA_VERSION
    assert "notes" not in table_names(db)
    assert raw_rows(db, "SELECT COUNT(*) FROM games") == [(1,)]


def test_a_database_from_a_newer_version_is_refused_untouched(db: Path) -> None:
    with ScoreStore(db) as store:
        start(store)
    set_schema_version(db, SCHEMA_VERSION + 1)
    before = snapshot(db)
    with pytest.raises(NewerStoreError, match="newer civic-quiz") as caught:
        ScoreStore(db)
    assert isinstance(caught.value, CorruptStoreError)
    assert (caught.value.found, caught.value.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert caught.value.path == db
    assert snapshot(db) == before


@pytest.mark.parametrize("user_version", [0, 1, 9])
def test_another_programs_sqlite_file_is_refused_untouched(
    sqlite_db: Path, user_version: int
) -> None:
    """SQLite only (SQLite's user_version and file bytes (PostgreSQL's case has its own test))."""
    sqlite_db.parent.mkdir(parents=True)
    conn = raw(sqlite_db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.close()
    before = sqlite_db.read_bytes()
    with pytest.raises(CorruptStoreError, match="another program"):
        ScoreStore(sqlite_db)
    assert sqlite_db.read_bytes() == before


# -- damaged and unusable files ------------------------------------------------------------


def _good_database_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good" / "scores.sqlite3"
    with ScoreStore(path) as store:
        for n in range(30):
            finished_game(store, f"player {n}", n, finish=n)
    return path.read_bytes()


@pytest.mark.parametrize(
    "kind",
    ["random", "text", "truncated-header", "truncated-one-page", "truncated-half"],
)
def test_damaged_files_are_refused_untouched(tmp_path: Path, sqlite_db: Path, kind: str) -> None:
    """SQLite only (damaged file bytes)."""
    good = _good_database_bytes(tmp_path)
    assert len(good) > 4 * 4096
    content = {
        "random": bytes(range(256)) * 40,
        "text": b"player,score\nann,10\n" * 200,
        "truncated-header": good[:60],
        "truncated-one-page": good[:4096],
        "truncated-half": good[: len(good) // 2],
    }[kind]
    sqlite_db.parent.mkdir(parents=True)
    sqlite_db.write_bytes(content)
    with pytest.raises(CorruptStoreError) as caught:
        ScoreStore(sqlite_db)
    message = str(caught.value)
    assert str(sqlite_db) in message
    assert "\n" not in message
    assert "--db" in message
    assert caught.value.path == sqlite_db
    assert sqlite_db.read_bytes() == content


def test_a_folder_at_the_path_is_refused(sqlite_db: Path) -> None:
    """SQLite only (a path in the file system)."""
    sqlite_db.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder") as caught:
        ScoreStore(sqlite_db)
    assert not isinstance(caught.value, CorruptStoreError)
    assert sqlite_db.is_dir()
    assert list(sqlite_db.iterdir()) == []


def test_a_path_under_a_file_is_refused(tmp_path: Path) -> None:
    """SQLite only (a path in the file system)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me")
    path = blocker / "scores.sqlite3"
    with pytest.raises(StoreError, match="cannot create the folder") as caught:
        ScoreStore(path)
    assert str(blocker) in str(caught.value)
    assert blocker.read_text() == "keep me"


def _run_without_privileges(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python code where file permissions apply: as root, with every capability dropped
    (setpriv), since root otherwise writes to read-only files anyway."""
    command = [sys.executable, "-c", code, *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


_OPEN_AND_REPORT = """
import sys
from pathlib import Path
from game.store import ScoreStore, StoreError
try:
    ScoreStore(Path(sys.argv[1]))
except StoreError as error:
    print("REFUSED", error)
else:
    print("OPENED")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_file_is_refused_untouched(sqlite_db: Path) -> None:
    """SQLite only (file permissions)."""
    with ScoreStore(sqlite_db) as store:
        start(store)
    before = sqlite_db.read_bytes()
    sqlite_db.chmod(0o444)
    try:
        result = _run_without_privileges(_OPEN_AND_REPORT, str(sqlite_db))
    finally:
        sqlite_db.chmod(0o644)
    assert result.stdout.startswith("REFUSED"), result.stdout + result.stderr
    assert "permission" in result.stdout.lower()
    assert str(sqlite_db) in result.stdout
    assert sqlite_db.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = _run_without_privileges(_OPEN_AND_REPORT, str(folder / "scores.sqlite3"))
    finally:
        folder.chmod(0o755)
    assert result.stdout.startswith("REFUSED"), result.stdout + result.stderr
    assert str(folder) in result.stdout
    assert list(folder.iterdir()) == []


# -- moving a damaged file aside -----------------------------------------------------------


def test_move_aside_keeps_the_bytes_and_a_fresh_store_works(sqlite_db: Path) -> None:
    """SQLite only (moving a file aside)."""
    sqlite_db.parent.mkdir(parents=True)
    junk = b"this is not a database\n" * 50
    sqlite_db.write_bytes(junk)
    sqlite_db.with_name(sqlite_db.name + "-wal").write_bytes(b"wal bytes")
    sqlite_db.with_name(sqlite_db.name + "-shm").write_bytes(b"shm bytes")
    with pytest.raises(CorruptStoreError, match="not an SQLite file"):
        ScoreStore(sqlite_db)
    assert (
        sqlite_db.with_name(sqlite_db.name + "-wal").read_bytes() == b"wal bytes"
    )  # SQLite never saw it
    assert sqlite_db.read_bytes() == junk

    moved = move_aside(sqlite_db, now=dt.datetime(2026, 11, 28, 10, 30, 0))
    assert moved == sqlite_db.with_name("scores.sqlite3.corrupt-20261128-103000")
    assert moved.read_bytes() == junk
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"wal bytes"
    assert moved.with_name(moved.name + "-shm").read_bytes() == b"shm bytes"
    assert not sqlite_db.exists()
    assert sidecars(sqlite_db) == [
        "scores.sqlite3.corrupt-20261128-103000",
        "scores.sqlite3.corrupt-20261128-103000-shm",
        "scores.sqlite3.corrupt-20261128-103000-wal",
    ]

    with ScoreStore(sqlite_db) as store:
        game_id = start(store)
        assert store.game(game_id).status == "active"


def test_move_aside_never_overwrites(sqlite_db: Path) -> None:
    """SQLite only (moving a file aside)."""
    when = dt.datetime(2026, 11, 28, 10, 30, 0)
    sqlite_db.parent.mkdir(parents=True)
    taken = sqlite_db.with_name("scores.sqlite3.corrupt-20261128-103000")
    taken.write_bytes(b"first")
    taken_wal = sqlite_db.with_name("scores.sqlite3.corrupt-20261128-103000-2-wal")
    taken_wal.write_bytes(b"someone's wal")
    sqlite_db.write_bytes(b"second")
    moved = move_aside(sqlite_db, now=when)
    assert moved.name == "scores.sqlite3.corrupt-20261128-103000-3"
    assert moved.read_bytes() == b"second"
    assert taken.read_bytes() == b"first"
    assert taken_wal.read_bytes() == b"someone's wal"
    with pytest.raises(StoreError, match="does not exist"):
        move_aside(sqlite_db, now=when)


# -- several processes ---------------------------------------------------------------------


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_answers_committed_before_a_kill_survive(db: Path) -> None:
    proc = _worker("durable", str(db))
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline().split()
        assert first[0] == "started", proc.stderr.read() if proc.stderr else ""
        game_id = int(first[1])
        for position in range(3):
            proc.stdin.write("next\n")
            proc.stdin.flush()
            assert proc.stdout.readline() == f"answered {position}\n"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    if not is_pg(db):
        assert db.with_name(db.name + "-wal").exists()  # killed before any clean close

    with ScoreStore(db) as store:
        record = store.game(game_id)
        assert record.status == "active"
        assert (record.score, record.correct, record.total, record.answered) == (6, 3, 3, 3)
        assert [a.position for a in store.answers(game_id)] == [0, 1, 2]
        assert [g.id for g in store.unfinished_games("durable")] == [game_id]


def test_twenty_processes_share_one_new_database(db: Path) -> None:
    procs = [_worker("play", str(db), f"player {n:02d}") for n in range(20)]
    outputs: list[tuple[int, str, str]] = []
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n"
        for proc in procs:  # every worker opens the (not yet created) store together
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            out, err = proc.communicate()
            outputs.append((proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    failures = [(code, err) for code, _, err in outputs if code != 0]
    assert failures == []
    assert all(out.startswith("done ") for _, out, _ in outputs)

    with ScoreStore(db) as store:
        finished = store.games(GameFilter(status="finished"))
        assert len(finished) == 20
        assert {g.score for g in finished} == {55}
        assert {g.total for g in finished} == {10}
        assert len(store.players()) == 20
        assert sum(len(store.answers(g.id)) for g in finished) == 200
        assert store.unfinished_games() == []
    assert raw_rows(db, "SELECT COUNT(*) FROM answers") == [(200,)]
    assert schema_version(db) == SCHEMA_VERSION


def test_games_remember_the_lesson_they_were_played_in(db: Path) -> None:
    with ScoreStore(db) as store:
        common = {
            "pack_id": "p",
            "pack_hash": "h",
            "mode": "classic",
            "scoring": "standard",
            "seed": 1,
            "question_ids": ["q"],
            "max_score": 100,
        }
        (in_lesson,) = store.start_games(players=["Ada"], lesson="monday-nato", **common)
        outside = store.start_game(player="Ben", **common)
        assert store.game(in_lesson).lesson == "monday-nato"
        assert store.game(outside).lesson is None


# -- PostgreSQL ----------------------------------------------------------------------------


def test_another_programs_postgresql_database_is_refused_untouched(pg_url: Path) -> None:
    raw_rows(pg_url, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    raw_rows(pg_url, "INSERT INTO notes VALUES (1, 'mine')")
    with pytest.raises(CorruptStoreError, match="another program") as caught:
        ScoreStore(pg_url)
    assert caught.value.path == pg_url
    assert table_names(pg_url) == {"notes"}
    assert raw_rows(pg_url, "SELECT * FROM notes") == [(1, "mine")]


def test_a_database_url_is_shown_without_its_password(pg_server: object) -> None:
    url = resolve_db_path("postgresql://quiz:s3cret@/nowhere?host=/nonexistent&port=5432")
    assert str(url) == "postgresql://quiz@/nowhere?host=/nonexistent&port=5432"
    assert "s3cret" in url.url  # type: ignore[attr-defined]
    assert resolve_db_path(None, {DB_ENV: str(url)}) == url  # the password is kept
    with pytest.raises(StoreError, match="cannot reach") as caught:
        ScoreStore(url)
    assert "s3cret" not in str(caught.value)
    assert "postgresql://quiz@/nowhere" in str(caught.value)
    assert "\n" not in str(caught.value)
