"""The score database's admin operations (`game.store.admin`) on real files made by the store.

`info` runs on both backends; check, backup, vacuum and prune are SQLite-file operations
(on PostgreSQL the server's own tools do that work: `civic-quiz db` says which, tested in
test_db_copy.py), so their tests use a file only."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from game.store import SCHEMA_VERSION, ScoreStore
from game.store import admin as store_admin
from game.store import prune as store_prune
from game.store.admin import AdminError
from tests.games import Answer, play_games
from tests.store_trouble import is_pg

QUESTIONS = ("q1", "q2", "q3")


def at(day: int, hour: int = 10) -> dt.datetime:
    """A moment in January 2026 (UTC)."""
    return dt.datetime(2026, 1, day, hour, tzinfo=dt.UTC)


def play(
    store: ScoreStore,
    player: str,
    day: int,
    *,
    answered: int = len(QUESTIONS),
    end: str = "finish",
    players: tuple[str, ...] = (),
) -> list[int]:
    """A game (or a hot-seat group with `players`) started on `day` with `answered`
    answers each, then finished, abandoned (`end`) or left active ("")."""
    return play_games(
        store,
        players=[player, *players],
        pack_id="pack",
        scoring="standard",
        seed=day,
        question_ids=QUESTIONS,
        started_at=at(day),
        seconds=3.0,
        answers=[Answer(answered_at=at(day, 11)) for _ in range(answered)],
        end={"finish": "finished", "abandon": "abandoned"}.get(end, "active"),
        finished_at=at(day, 12),
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "scores.sqlite3"


def count(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(sql).fetchone()[0])


# -- info ----------------------------------------------------------------------------------


def test_info_counts_games_answers_players_and_reads_the_schema_version(any_db: Path) -> None:
    db = any_db
    with ScoreStore(db) as store:
        play(store, "ada", 5)
        play(store, "bob", 6, end="abandon", answered=1)
        play(store, "ada", 7, end="", answered=2)
    info = store_admin.info(db)
    assert info.path == db
    assert (info.games, info.finished, info.abandoned, info.active) == (3, 1, 1, 1)
    assert info.answers == 3 + 1 + 2
    assert info.players == 2
    assert info.schema_version == SCHEMA_VERSION
    if is_pg(db):
        assert info.server and info.size_bytes > 0  # the database's size on the server
    else:
        assert not info.server and info.size_bytes >= db.stat().st_size > 0
    assert info.first_game == at(5) and info.last_game == at(7)


def test_info_of_an_empty_database(any_db: Path) -> None:
    ScoreStore(any_db).close()
    info = store_admin.info(any_db)
    assert (info.games, info.answers, info.players) == (0, 0, 0)
    assert info.first_game is None and info.last_game is None


def test_a_missing_file_is_an_error_naming_it_and_is_not_created(db: Path) -> None:
    for operation in (store_admin.info, store_admin.check, store_admin.vacuum):
        with pytest.raises(AdminError, match="does not exist") as raised:
            operation(db)
        assert str(db) in str(raised.value)
        assert raised.value.path == db
    assert not db.exists()


def test_a_file_that_is_not_sqlite_is_refused_unchanged(db: Path) -> None:
    db.write_text("name,score\nada,3\n")
    for operation in (store_admin.info, store_admin.check, store_admin.vacuum):
        with pytest.raises(AdminError, match="not a civic-quiz score database") as raised:
            operation(db)
        assert str(db) in str(raised.value)
    with pytest.raises(AdminError, match="not a civic-quiz"):
        store_prune.prune(db, before=dt.date(2026, 1, 1), dry_run=False)
    assert db.read_text() == "name,score\nada,3\n"


def test_an_empty_file_is_refused_and_left_empty(db: Path) -> None:
    db.touch()
    for operation in (store_admin.info, store_admin.check, store_admin.vacuum):
        with pytest.raises(AdminError, match="is an empty file"):
            operation(db)
    assert db.stat().st_size == 0


def test_another_programs_sqlite_file_is_refused(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE games (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO games VALUES (1)")
        conn.commit()
    with pytest.raises(AdminError, match="another program"):
        store_admin.info(db)
    with pytest.raises(AdminError, match="another program"):
        store_prune.prune(db, before=dt.date(2026, 1, 1), dry_run=False)
    assert count(db, "SELECT COUNT(*) FROM games") == 1


def test_a_folder_is_refused_without_being_opened(tmp_path: Path) -> None:
    with pytest.raises(AdminError, match="folder"):
        store_admin.info(tmp_path)


# -- check ---------------------------------------------------------------------------------


def test_check_of_a_sound_database_finds_nothing(db: Path) -> None:
    with ScoreStore(db) as store:
        play(store, "ada", 5)
    assert store_admin.check(db) == []


def test_check_reports_an_answer_whose_game_is_gone(db: Path) -> None:
    with ScoreStore(db) as store:
        (game_id,) = play(store, "ada", 5)
    with closing(sqlite3.connect(db)) as conn:  # foreign keys off: as another tool could
        conn.execute("DELETE FROM games WHERE id = ?", (game_id,))
        conn.commit()
    problems = store_admin.check(db)
    assert problems and all("answers" in p for p in problems)


def test_check_reports_damaged_pages(db: Path) -> None:
    with ScoreStore(db) as store:
        for day in range(1, 29):
            play(store, f"player {day}", day)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'answers'").fetchone()
    with db.open("r+b") as file:  # scribble over the answers table's first page
        file.seek((root[0] - 1) * page_size)
        file.write(b"\xff" * 64)
    problems = store_admin.check(db)
    assert problems, "a scribbled page must be reported"


# -- backup --------------------------------------------------------------------------------


def test_backup_copies_every_game_into_a_usable_database(db: Path, tmp_path: Path) -> None:
    with ScoreStore(db) as store:
        play(store, "ada", 5)
        play(store, "bob", 6, end="")
    dest = tmp_path / "backup" / "copy.sqlite3"
    dest.parent.mkdir()
    store_admin.backup(db, dest)
    assert store_admin.check(dest) == []
    copied = store_admin.info(dest)
    assert (copied.games, copied.answers, copied.players) == (2, 6, 2)
    with ScoreStore(dest) as copy:
        assert [g.player for g in copy.games()] == ["bob", "ada"]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.sqlite3"]


def test_backup_refuses_to_overwrite_unless_told(db: Path, tmp_path: Path) -> None:
    with ScoreStore(db) as store:
        play(store, "ada", 5)
    dest = tmp_path / "copy.sqlite3"
    dest.write_text("keep me")
    with pytest.raises(AdminError, match="already exists") as raised:
        store_admin.backup(db, dest)
    assert str(dest) in str(raised.value)
    assert dest.read_text() == "keep me"
    store_admin.backup(db, dest, overwrite=True)
    assert store_admin.info(dest).games == 1


def test_backup_into_a_missing_folder_is_an_error(db: Path, tmp_path: Path) -> None:
    ScoreStore(db).close()
    with pytest.raises(AdminError, match="folder"):
        store_admin.backup(db, tmp_path / "nowhere" / "copy.sqlite3")


def test_backup_onto_the_database_itself_is_refused(db: Path) -> None:
    with ScoreStore(db) as store:
        play(store, "ada", 5)
    with pytest.raises(AdminError, match="itself"):
        store_admin.backup(db, db, overwrite=True)
    assert store_admin.info(db).games == 1


def test_backup_while_a_game_is_being_played(db: Path, tmp_path: Path) -> None:
    """Answers recorded by another connection during the backup neither fail nor make a
    damaged copy: the copy holds a consistent moment."""
    with ScoreStore(db) as store:
        for day in range(1, 20):
            play(store, f"p{day}", day)
    stop = threading.Event()
    errors: list[BaseException] = []

    def player() -> None:
        try:
            with ScoreStore(db) as store:
                day = 0
                while not stop.is_set():
                    day = day % 28 + 1
                    play(store, "live", day)
        except BaseException as error:  # reported by the test below
            errors.append(error)

    thread = threading.Thread(target=player)
    thread.start()
    try:
        for number in range(5):
            dest = tmp_path / f"copy{number}.sqlite3"
            store_admin.backup(db, dest)
            assert store_admin.check(dest) == []
            info = store_admin.info(dest)
            assert info.answers == count(dest, "SELECT SUM(total) FROM games")
    finally:
        stop.set()
        thread.join()
    assert errors == []


# -- vacuum --------------------------------------------------------------------------------


def test_vacuum_gives_back_the_space_of_pruned_games(db: Path) -> None:
    with ScoreStore(db) as store:
        for day in range(1, 29):
            play(store, f"player {day} " + "x" * 500, day)
    store_prune.prune(db, before=dt.date(2026, 1, 28), dry_run=False)
    before, after = store_admin.vacuum(db)
    assert after < before
    assert store_admin.check(db) == []
    assert store_admin.info(db).games == 1


# -- prune ---------------------------------------------------------------------------------


def test_prune_deletes_old_finished_and_abandoned_games_with_their_answers(any_db: Path) -> None:
    db = any_db
    with ScoreStore(db) as store:
        (old,) = play(store, "ada", 5)
        (old_abandoned,) = play(store, "bob", 6, end="abandon", answered=1)
        (new,) = play(store, "ada", 20)
        (old_active,) = play(store, "cy", 4, end="", answered=1)
        store.add_flag(
            pack_id="pack",
            pack_hash="h",
            question_id="q1",
            player="ada",
            reason="wrong",
            game_id=old,
        )
    dry = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=True)
    counts = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
    assert (counts.games, counts.answers, counts.flags_unlinked, counts.players) == (2, 4, 1, 1)
    assert dry == counts
    with ScoreStore(db) as store:
        assert sorted(g.id for g in store.games()) == [new, old_active]
        assert store.answers(old) == [] and store.answers(old_abandoned) == []
        assert len(store.answers(old_active)) == 1
        # The teacher keeps the flag (it is about the question), no longer tied to a game.
        assert [(f.question_id, f.game_id) for f in store.flags()] == [("q1", None)]
        # bob has no game left: his name goes; ada and cy still play.
        assert store.players() == ["ada", "cy"]
    if not is_pg(db):
        assert store_admin.check(db) == []


def test_prune_keeps_the_games_of_the_day_itself(any_db: Path) -> None:
    db = any_db
    with ScoreStore(db) as store:
        play(store, "ada", 9)
        (kept,) = play(store, "ada", 10)
    store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
    with ScoreStore(db) as store:
        assert [g.id for g in store.games()] == [kept]


def test_a_dry_run_counts_without_deleting(any_db: Path) -> None:
    db = any_db
    with ScoreStore(db) as store:
        play(store, "ada", 5)
        play(store, "bob", 20)
    dry = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=True)
    assert (dry.games, dry.answers, dry.players) == (1, 3, 1)  # ada had that game only
    assert store_admin.info(db).games == 2
    done = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
    assert done == dry
    assert store_admin.info(db).games == 1


def test_a_dry_run_does_not_wait_for_games_being_saved(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting only reads: games are not kept waiting by a dry run on a large file, nor the
    dry run by them."""
    with ScoreStore(db) as store:
        play(store, "ada", 5)
        play(store, "ada", 6)
        play(store, "bob", 7, end="abandon", answered=0)
    monkeypatch.setattr(store_admin, "BUSY_TIMEOUT", 0.05)
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # a game saving an answer
        counts = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=True)
        other.execute("ROLLBACK")
    assert counts == store_admin.PruneCounts(games=3, answers=6, flags_unlinked=0, players=2)


def test_a_dry_run_on_postgresql_does_not_wait_for_games_being_saved(
    pg_url: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.store import base as store_module
    from tests.store_trouble import locked

    with ScoreStore(pg_url) as store:
        play(store, "ada", 5)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.05)
    monkeypatch.setattr(store_module, "LOCK_RETRIES", 0)
    with locked(pg_url):  # a game saving an answer holds the write lock
        counts = store_prune.prune(pg_url, before=dt.date(2026, 1, 10), dry_run=True)
        assert counts.games == 1
        with pytest.raises(AdminError, match="stayed locked"):  # deleting does wait
            store_prune.prune(pg_url, before=dt.date(2026, 1, 10), dry_run=False)
    assert store_admin.info(pg_url).games == 1


def test_prune_keeps_a_hot_seat_group_while_one_of_its_games_is_unfinished(any_db: Path) -> None:
    db = any_db
    with ScoreStore(db) as store:
        ada, bob = play(store, "ada", 5, players=("bob",), end="")
        store.finish_game(ada, finished_at=at(5, 12))
    counts = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
    assert counts.games == 0
    with ScoreStore(db) as store:
        assert sorted(g.id for g in store.games()) == [ada, bob]


def test_prune_keeps_a_player_who_has_practice_cards(any_db: Path) -> None:
    db = any_db
    from game.store import StoredCard

    with ScoreStore(db) as store:
        play(store, "ada", 5)
        store.save_card("ada", "pack", StoredCard("q1", "qh", "{}", at(6)))
    counts = store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
    assert (counts.games, counts.players) == (1, 0)
    with ScoreStore(db) as store:
        assert store.players() == ["ada"]
        assert list(store.cards("ada", "pack")) == ["q1"]


def test_a_locked_database_is_a_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ScoreStore(db) as store:
        play(store, "ada", 5)
    monkeypatch.setattr(store_admin, "BUSY_TIMEOUT", 0.05)
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another program writing
        with pytest.raises(AdminError, match="locked") as raised:
            store_prune.prune(db, before=dt.date(2026, 1, 10), dry_run=False)
        other.execute("ROLLBACK")
    assert str(db) in str(raised.value)
    assert store_admin.info(db).games == 1
