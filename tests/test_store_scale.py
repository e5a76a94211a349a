"""The score store at a school's scale (issue 14): an open that reads no more than the schema
(damage is caught on use instead), the indexes of migrations 6 and 7 and the plans that use them,
and the streaming reads (games, answers, each player's first game) next to the lists."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.reports.stats import first_games
from game.store import (
    MIGRATIONS,
    SAME_TABLES_SINCE,
    CorruptStoreError,
    GameFilter,
    ScoreStore,
    StoreError,
    base,
    schema,
)
from game.store import sqlite as sqlite_backend
from game.store.dialect import SQLITE
from game.store.opening import StoreOpener, StoreProblem
from game.store.rows import answers_query, first_games_query, games_query
from game.store.sqlite import CHECK_SUFFIX
from tests.games import Answer, play_game

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PACK = "civics"


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "scores.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[ScoreStore]:
    with ScoreStore(db) as opened:
        yield opened


def play(
    store: ScoreStore,
    player: str,
    start: float,
    credits: list[float],
    *,
    pack_id: str = PACK,
    mode: str = "classic",
    finish: bool = True,
) -> int:
    """A game of questions q0, q1, ... started at minute `start`, one answer a second."""
    answers = [
        Answer(
            credit,
            "right" if credit == 1 else f"wrong {position}",
            f"q{position}",
            answer_json=json.dumps("right" if credit == 1 else "wrong"),
            seconds=1.0 + position,
        )
        for position, credit in enumerate(credits)
    ]
    return play_game(
        store,
        player,
        pack_id=pack_id,
        pack_hash="sha256:abc",
        mode=mode,
        scoring="accuracy",
        started_at=at(start),
        points_each=10,
        answers=answers,
        answer_every=dt.timedelta(seconds=1),
        end="finished" if finish else "active",
        finished_at=at(start + 1),
    )


def a_class(store: ScoreStore, games: int = 60) -> None:
    """`games` games of 8 players (several each, some practice, some unfinished)."""
    for n in range(games):
        credits = [float((n + q) % 3 != 0) for q in range(4)]
        mode = "practice" if n % 7 == 6 else "classic"
        play(store, f"player {n % 8}", n, credits, mode=mode, finish=n % 11 != 10)


# -- opening reads only the schema; damage is found on use -------------------------------


def _damage_table(db: Path, table: str) -> None:
    """Overwrite the root page of `table` (its b-tree's top) with garbage."""
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with db.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(bytes([0xA5]) * page_size)


def test_a_damaged_table_is_found_on_use_with_the_offer_and_the_full_check(db: Path) -> None:
    with ScoreStore(db) as store:
        a_class(store, 40)
    _damage_table(db, "answers")
    before = db.read_bytes()
    # The open reads the schema and the header only: it no longer reads every page.
    with ScoreStore(db) as store:
        for read in (
            lambda: store.answer_rows(),
            lambda: list(store.iter_answer_rows()),
            lambda: store.answers(1),
            lambda: list(store.iter_first_game_answers(PACK)),
        ):
            with pytest.raises(CorruptStoreError) as caught:
                read()
            message = str(caught.value)
            assert "database disk image is malformed" in message
            assert f"civic-quiz db check --db {db}" in message
            assert "--db another file" in message and "\n" not in message
            assert caught.value.path == db
    assert db.read_bytes() == before  # reading never writes
    # The damage found leaves a marker: the next open checks the whole file, and there
    # the damaged file is refused with the offer to move it aside.
    marker = Path(f"{db}{CHECK_SUFFIX}")
    assert marker.exists()
    with pytest.raises(CorruptStoreError, match="is damaged"):
        ScoreStore(db)
    problem = StoreOpener(db, can_move=True).open()
    assert isinstance(problem, StoreProblem) and problem.movable
    marker.unlink()  # as before any error: the open reads the schema only
    with ScoreStore(db) as store:
        game_id = store.start_game(
            player="late",
            pack_id=PACK,
            pack_hash="sha256:abc",
            mode="classic",
            scoring="accuracy",
            seed=1,
            question_ids=["q0"],
            max_score=10,
        )
        with pytest.raises(CorruptStoreError, match="malformed"):
            store.record_answer(  # a write that reaches the damaged table
                game_id,
                position=0,
                question_id="q0",
                answer_json="1",
                answer_text="1",
                credit=1.0,
                points=1,
                seconds=None,
                hint_used=False,
                correct=True,
            )


def test_a_sound_file_marked_for_a_check_is_checked_once(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScoreStore(db) as store:
        a_class(store, 5)
    marker = Path(f"{db}{CHECK_SUFFIX}")
    marker.touch()
    checks: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: checks.append(sql) if "quick_check" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    with ScoreStore(db) as store:
        assert store.players()
    assert len(checks) == 1 and not marker.exists()
    with ScoreStore(db):
        pass
    assert len(checks) == 1  # the next open is the usual cheap one


def test_a_damaged_games_table_is_caught_on_use_when_read_only(db: Path) -> None:
    with ScoreStore(db) as store:
        a_class(store, 40)
    _damage_table(db, "games")
    with ScoreStore(db, read_only=True) as store:
        with pytest.raises(CorruptStoreError, match="malformed"):
            list(store.iter_games())
        with pytest.raises(CorruptStoreError, match="malformed"):
            store.first_finished_games(PACK)


def test_the_open_runs_no_integrity_check(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ScoreStore(db) as store:
        a_class(store, 5)
    statements: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[call-overload]
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite_backend.sqlite3, "connect", connect)
    ScoreStore(db).close()
    ScoreStore(db, read_only=True).close()
    assert statements  # the trace saw the open
    assert not [s for s in statements if "check" in s.lower()], statements


# -- migrations 6, 7 and 9 and the plans -------------------------------------------------


@pytest.mark.parametrize(
    ("version", "table", "added"),
    [
        (5, "games", {"games_first_finished", "games_started"}),
        (6, "answers", {"answers_answered"}),
        (8, "answers", {"answers_game_credit", "answers_question"}),
    ],
    ids=["migration-6", "migration-7", "migration-9"],
)
def test_migrations_6_7_and_9_add_their_indexes_to_an_older_database(
    db: Path, monkeypatch: pytest.MonkeyPatch, version: int, table: str, added: set[str]
) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:version])
    with ScoreStore(db) as older:
        play(older, "Ada", 0, [1.0, 0.0])
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        assert [g.player for g in store.first_finished_games(PACK)] == ["Ada"]
        assert len(list(store.iter_answer_rows(GameFilter(since=at(-1))))) == 2
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert added <= {row[1] for row in conn.execute(f"PRAGMA index_list({table})")}
    conn.close()


def _columns(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
    finally:
        conn.close()


def test_the_migrations_after_same_tables_since_only_add_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader opens a file of SAME_TABLES_SINCE or newer as it is: a migration after it
    # that changed a table or a column would make its queries fail on such a file.
    older, newest = tmp_path / "older.sqlite3", tmp_path / "newest.sqlite3"
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:SAME_TABLES_SINCE])
    ScoreStore(older).close()
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    ScoreStore(newest).close()
    assert len(MIGRATIONS) > SAME_TABLES_SINCE
    # The live class game's tables (migration 8) are new tables, which a reader of an
    # older file finds missing and reads as empty (game/store/live.py): no column changed.
    newest_columns = _columns(newest)
    assert {t: c for t, c in newest_columns.items() if not t.startswith("live_")} == _columns(older)


def test_a_reader_reads_a_file_missing_only_indexes_as_it_is(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A school's year of games does not fit the in-memory copy a reader migrates: 700 MB
    # of memory for `scores` on a file of 100,000 games before migration 7.
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:SAME_TABLES_SINCE])
    with ScoreStore(db) as older:
        play(older, "Ada", 0, [1.0, 0.0])
        play(older, "Ben", 5, [0.0, 0.0])
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)

    def no_copy(self: ScoreStore, conn: sqlite3.Connection) -> sqlite3.Connection:
        raise AssertionError("the reader copied the file into memory")

    monkeypatch.setattr(sqlite_backend.SqliteBackend, "_migrated_copy", no_copy)
    with ScoreStore(db, read_only=True) as reader:
        assert [g.player for g in reader.games()] == ["Ben", "Ada"]
        assert len(list(reader.iter_answer_rows(GameFilter(since=at(4))))) == 2
        assert [g.player for g in reader.first_finished_games(PACK)] == ["Ada", "Ben"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SAME_TABLES_SINCE
    conn.close()


def _plan(db: Path, sql: str, params: list[object]) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        conn.close()


def a_class_in(db: Path, *, analysed: bool) -> None:
    """120 games of `a_class` in the database; with `analysed`, its statistics gathered
    (ANALYZE), which a plan must survive."""
    with ScoreStore(db) as store:
        a_class(store, 120)
    if analysed:
        conn = sqlite3.connect(db)
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()


@pytest.mark.parametrize("analysed", [False, True], ids=["fresh", "after-analyze"])
@pytest.mark.parametrize("since", [None, at(3)], ids=["every-game", "since"])
def test_the_first_games_and_their_answers_are_read_over_indexes(
    db: Path, analysed: bool, since: dt.datetime | None
) -> None:
    a_class_in(db, analysed=analysed)
    firsts, params = first_games_query(SQLITE, PACK, since)
    plan = _plan(
        db,
        f"""SELECT a.question_id, SUM(a.credit) OVER (PARTITION BY a.game_id)
            FROM answers a WHERE a.game_id IN ({firsts})""",
        params,
    )
    joined = "\n".join(plan)
    # Only the chosen games' answers are read, by the answers' primary key; no table is
    # read whole.
    assert any(p.startswith("SEARCH a USING") and "(game_id=?)" in p for p in plan), joined
    assert not any(p.startswith(("SCAN a", "SCAN g", "SCAN answers", "SCAN games")) for p in plan)
    assert any(p.startswith("SEARCH g USING INDEX") for p in plan), joined
    if since is None:
        # The index gives each player's games in start order: the numbering sorts nothing.
        assert "SEARCH g USING INDEX games_first_finished (pack_id=? AND status=?)" in plan
        assert not any("TEMP B-TREE" in p for p in _plan(db, firsts, params)), joined


@pytest.mark.parametrize("since", [None, at(30)])
def test_the_newest_games_are_read_from_the_start_index(
    store: ScoreStore, db: Path, since: dt.datetime | None
) -> None:
    a_class(store, 40)
    sql, params = games_query(SQLITE, GameFilter(since=since, limit=50))
    plan = _plan(db, sql, params)
    assert any("USING INDEX games_started" in p for p in plan), plan
    assert not any("TEMP B-TREE" in p for p in plan), plan


@pytest.mark.parametrize("analysed", [False, True], ids=["fresh", "after-analyze"])
def test_answers_since_a_day_are_read_from_the_answer_time_index(db: Path, analysed: bool) -> None:
    a_class_in(db, analysed=analysed)
    for limit in (None, 50):
        sql, params = answers_query(SQLITE, GameFilter(since=at(10_000), limit=limit))
        plan = _plan(db, sql, params)
        assert any("USING INDEX answers_answered (answered_at>?)" in p for p in plan), plan
        assert not any(p.startswith(("SCAN a", "SCAN answers")) for p in plan), plan


# -- each player's first game, in SQL ----------------------------------------------------


def test_first_finished_games_are_each_players_first_graded_finished_game(
    store: ScoreStore,
) -> None:
    a_class(store, 60)
    play(store, "player 0", -10, [1.0], pack_id="other")  # another pack: not counted
    play(store, "player 9", -5, [1.0], mode="practice")  # only practice: not counted
    expected = first_games(
        g for g in store.games(GameFilter(pack_id=PACK, status="finished")) if g.mode != "practice"
    )
    firsts = store.first_finished_games(PACK)
    assert [g.id for g in firsts] == [g.id for g in expected]
    assert len({g.player for g in firsts}) == len(firsts) == 8
    later = store.first_finished_games(PACK, since=at(20))
    assert all(g.started_at >= at(20) for g in later)
    assert [g.id for g in later] == [
        g.id
        for g in first_games(
            g
            for g in store.games(GameFilter(pack_id=PACK, status="finished", since=at(20)))
            if g.mode != "practice"
        )
    ]


def test_first_game_answers_carry_their_games_total_credit(store: ScoreStore) -> None:
    first = play(store, "Ada", 0, [1.0, 0.5, 0.0])
    play(store, "Ada", 10, [1.0, 1.0, 1.0])  # a later game: not read
    play(store, "Ben", 5, [0.0, 1.0, 1.0], finish=False)  # unfinished: not read
    rows = sorted(store.iter_first_game_answers(PACK))
    assert [(r.question_id, r.credit, r.game_credit) for r in rows] == [
        ("q0", 1.0, 1.5),
        ("q1", 0.5, 1.5),
        ("q2", 0.0, 1.5),
    ]
    assert [r.answer_text for r in rows] == ["right", "wrong 1", "wrong 2"]
    assert [r.seconds for r in rows] == [a.seconds for a in store.answers(first)]


def test_pack_game_counts_say_what_analysis_leaves_out(store: ScoreStore) -> None:
    play(store, "Ada", 0, [1.0])
    play(store, "Ada", 1, [1.0])
    play(store, "Ben", 2, [1.0], mode="practice")
    play(store, "Cy", 3, [1.0], finish=False)
    abandoned = play(store, "Dee", 4, [1.0], finish=False)
    store.abandon_game(abandoned)
    play(store, "Eve", 5, [1.0], pack_id="other")
    assert store.pack_game_counts(PACK) == {
        (False, "finished"): 2,
        (True, "finished"): 1,
        (False, "active"): 1,
        (False, "abandoned"): 1,
    }
    assert store.pack_game_counts(PACK, since=at(2.5)) == {
        (False, "active"): 1,
        (False, "abandoned"): 1,
    }


# -- streaming listings ------------------------------------------------------------------


def test_iter_games_lists_what_games_lists_and_count_games_counts_it(store: ScoreStore) -> None:
    a_class(store, 30)
    play(store, "other", 100, [1.0], pack_id="other")
    for matching in (
        GameFilter(),
        GameFilter(pack_id=PACK),
        GameFilter(player="player 3"),
        GameFilter(status="active"),
    ):
        listed = store.games(matching)
        assert list(store.iter_games(matching)) == listed
        assert store.count_games(matching) == len(listed)
    assert list(store.iter_games(GameFilter(limit=5))) == store.games()[:5]
    assert (
        store.count_games(GameFilter(since=at(20)))
        == len(store.games(GameFilter(since=at(20))))
        == 11
    )


def test_iter_answer_rows_streams_the_export_and_a_limit_keeps_the_newest(
    store: ScoreStore,
) -> None:
    a_class(store, 12)
    every = store.answer_rows()
    assert list(store.iter_answer_rows()) == every
    assert store.count_answer_rows() == len(every) == 48
    assert list(store.iter_answer_rows(GameFilter(limit=6))) == every[-6:]
    assert list(store.iter_answer_rows(GameFilter(player="player 2"))) == store.answer_rows(
        GameFilter(player="player 2")
    )
    assert store.count_answer_rows(GameFilter(player="player 2")) == len(
        store.answer_rows(GameFilter(player="player 2"))
    )
    assert store.count_answer_rows(GameFilter(since=at(10))) == len(
        store.answer_rows(GameFilter(since=at(10)))
    )


def test_a_stream_reads_more_rows_than_a_batch(
    store: ScoreStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "STREAM_BATCH", 3)
    a_class(store, 10)
    assert len(list(store.iter_answer_rows())) == 40
    assert [g.id for g in store.iter_games()] == [g.id for g in store.games()]


def test_a_stream_does_not_keep_a_write_waiting(store: ScoreStore) -> None:
    """The stream reads through a connection of its own: while a caller is half-way
    through it, another thread's answer is saved (the store's lock is free)."""
    a_class(store, 10)
    rows = store.iter_answer_rows()
    first = next(rows)
    saved: list[int] = []
    writer = threading.Thread(target=lambda: saved.append(play(store, "late", 99, [1.0])))
    writer.start()
    writer.join(timeout=60)
    assert not writer.is_alive() and len(saved) == 1
    rest = list(rows)
    assert len(rest) == 39  # the stream reads the moment it started from
    assert first.game_id == 1
    assert store.count_answer_rows() == 41


def test_a_stream_of_an_older_databases_copy_in_memory_reads_it_all(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:5])
    with ScoreStore(db) as version_5:
        a_class(version_5, 6)
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db, read_only=True) as store:
        assert len(list(store.iter_answer_rows())) == 24
        assert len(list(store.iter_first_game_answers(PACK))) == 4 * 6
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5  # not written
    conn.close()


def test_a_closed_store_refuses_to_stream(db: Path) -> None:
    store = ScoreStore(db)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        list(store.iter_games())


def test_pack_ids_are_read_over_the_pack_index(store: ScoreStore, db: Path) -> None:
    a_class(store, 6)
    assert store.pack_ids() == [PACK]
    plan = _plan(db, "SELECT DISTINCT pack_id FROM games ORDER BY pack_id", [])
    assert any("USING COVERING INDEX" in p for p in plan), plan
    assert not any("TEMP B-TREE" in p for p in plan), plan
