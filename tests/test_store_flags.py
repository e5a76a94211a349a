"""Flags in the score store: migration 5, round trips, checks, old files and a locked file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.reports.flags import MAX_NOTE, FlagError
from game.store import MIGRATIONS, FlagRecord, ScoreStore, StoreError
from game.store import schema as store_module
from tests.store_trouble import is_pg, locked, raw_rows, schema_version, short_waits

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(any_db: Path) -> Path:
    """A new database on each backend in turn."""
    return any_db


@pytest.fixture
def store(db: Path) -> Iterator[ScoreStore]:
    with ScoreStore(db) as opened:
        yield opened


def flag(store: ScoreStore, minutes: int = 0, **given: object) -> int:
    fields: dict[str, object] = {
        "pack_id": "civics",
        "pack_hash": "sha256:v1",
        "question_id": "q1",
        "player": "Ada",
        "reason": "wrong",
        "at": T0 + dt.timedelta(minutes=minutes),
    }
    fields.update(given)
    return store.add_flag(**fields)  # type: ignore[arg-type]


def test_a_flag_is_stored_with_everything_the_teacher_needs(store: ScoreStore) -> None:
    game_id = store.start_game(
        player="Ada",
        pack_id="civics",
        pack_hash="sha256:v1",
        mode="classic",
        scoring="standard",
        seed=1,
        question_ids=["q1"],
        max_score=100,
    )
    flag_id = flag(store, reason="out-of-date", note="the target is 5% now", game_id=game_id)
    assert store.flags() == [
        FlagRecord(
            id=flag_id,
            pack_id="civics",
            pack_hash="sha256:v1",
            question_id="q1",
            player="Ada",
            reason="out-of-date",
            note="the target is 5% now",
            game_id=game_id,
            created_at=T0,
        )
    ]


def test_flags_come_newest_first_and_by_pack(store: ScoreStore) -> None:
    first = flag(store, 0)
    later = flag(store, 5, reason="unclear")
    other = flag(store, 2, pack_id="eu")
    assert [f.id for f in store.flags()] == [later, other, first]
    assert [f.id for f in store.flags("civics")] == [later, first]
    assert store.flags("nothing") == []


def test_a_reason_not_in_the_list_is_refused_and_nothing_is_stored(store: ScoreStore) -> None:
    with pytest.raises(FlagError, match="the reasons are: wrong, out of date, unclear"):
        flag(store, reason="boring")
    assert store.flags() == []
    # A reason as players read it is stored as its word.
    flag(store, reason="Out of date")
    assert [f.reason for f in store.flags()] == ["out-of-date"]


def test_a_note_is_cleaned_and_cut_to_the_limit(store: ScoreStore) -> None:
    flag(store, note="a\x1b[2Jb\nc\u202ed")
    flag(store, 1, note="y" * (MAX_NOTE + 50))
    newest, oldest = store.flags()
    assert oldest.note == "a [2Jb c d"
    assert newest.note == "y" * MAX_NOTE


def test_migration_5_adds_flags_to_a_version_4_database(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:4])
    with ScoreStore(db) as version_4:
        version_4.set_setting("player", "Ada")
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        assert store.get_setting("player") == "Ada"
        flag(store)
        assert len(store.flags()) == 1
    assert schema_version(db) >= 5
    if is_pg(db):
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'flags'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'flags'"
    assert "flags_question" in {row[0] for row in raw_rows(db, sql)}


def test_a_version_4_database_read_only_has_no_flags_and_is_not_written(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:4])
    with ScoreStore(db) as version_4:
        version_4.set_setting("player", "Ada")
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db, read_only=True) as reader:
        assert reader.flags() == []
        assert reader.flags("civics") == []
        with pytest.raises(StoreError, match="reading only"):
            flag(reader)
    assert schema_version(db) == 4


def test_a_file_read_as_it_is_without_a_flags_table_has_no_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite only (a file read only is migrated in a copy in memory)."""
    db = tmp_path / "scores.sqlite3"
    # A copy the migrations do not fit (changed by hand) is read as it is: no flags table.
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:4])
    with ScoreStore(db) as version_4:
        version_4.set_setting("player", "Ada")
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE flags_question (x)")  # migration 5's index name, taken
    conn.commit()
    conn.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db, read_only=True) as reader:
        assert reader.flags() == []


def test_a_flag_on_a_database_locked_too_long_is_a_store_error(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short_waits(monkeypatch)
    with ScoreStore(db) as store, locked(db), pytest.raises(StoreError, match="stayed locked"):
        flag(store)
    with ScoreStore(db) as store:
        assert store.flags() == []
