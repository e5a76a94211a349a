"""Migration 4: games stored with the maximum before bonuses get a real one (issue 12, "1350
of 1000 points"), and games from before group ids get theirs written down."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import game.store.schema as store_module
from game.play.scoring import max_score
from game.store import MIGRATIONS, SCHEMA_VERSION, ScoreStore
from tests.games import Answer, play_game
from tests.store_trouble import raw_rows, schema_version

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def old_game(
    store: ScoreStore,
    player: str,
    points: list[int],
    scoring: str,
    *,
    streak: bool = True,
    finish: bool = True,
) -> int:
    """A game as civic-quiz stored it before schema version 4: the maximum was the plain sum
    of the points, while the answers earned the streak bonus."""
    answers = []
    for position, value in enumerate(points):
        bonus = min(0.1 * position, 0.5) if streak and scoring == "standard" else 0.0
        answers.append(
            Answer(
                points=int(value * (1 + bonus) + 0.5),
                text="1",
                answer_json="1",
                question_id=f"q{position}",
                seconds=0.0,
            )
        )
    game_id = play_game(
        store,
        player,
        pack_hash="sha256:abc",
        scoring=scoring,
        max_score=sum(points),
        started_at=NOW,
        answers=answers,
        answer_every=None,
        end="active",
    )
    # Before version 4 nothing kept the maximum up with the score: put back the plain sum.
    p = store.sql.p
    store.write(
        lambda conn: conn.execute(
            f"UPDATE games SET max_score = {p} WHERE id = {p}", (sum(points), game_id)
        )
    )
    if finish:
        store.finish_game(game_id)
    return game_id


def test_the_schema_version_is_the_number_of_migrations() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) == 9
    assert store_module.known_version() == SCHEMA_VERSION


def test_migration_4_gives_old_games_a_real_maximum(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = any_db
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:3])
    with ScoreStore(db) as version_3:
        perfect = old_game(version_3, "Ada", [100] * 7, "standard")
        uneven = old_game(version_3, "Ben", [100, 100, 101], "standard")
        accuracy = old_game(version_3, "Cy", [100] * 7, "accuracy")
        unfinished = old_game(version_3, "Dee", [50] * 4, "standard", finish=False)
        before = version_3.game(perfect)
        assert (before.score, before.max_score) == (900, 700)  # the defect
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        assert store.game(perfect).max_score == max_score([100] * 7) == 900
        assert store.game(uneven).max_score == 100 + 110 + 121
        assert store.game(accuracy).max_score == 700  # no bonus in accuracy scoring
        assert store.game(unfinished).max_score == max_score([50] * 4)
        for game in store.games():
            assert game.score <= game.max_score, game
        for row in store.leaderboard("civics"):
            assert row.score <= row.max_score and row.percent <= 100.0
    assert schema_version(db) == SCHEMA_VERSION


def test_a_score_above_the_evenly_shared_maximum_raises_it(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Points not shared evenly (the big question last): the even share underestimates the
    # maximum, so the score reached is the least the maximum can have been.
    db = any_db
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:3])
    with ScoreStore(db) as version_3:
        skewed = old_game(version_3, "Ada", [10] * 5 + [1000], "standard")
        score = version_3.game(skewed).score
        assert score > max_score([int(1050 / 6)] * 6)
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        assert store.game(skewed).max_score == score


def test_migration_4_runs_once(any_db: Path) -> None:
    with ScoreStore(any_db) as store:
        game_id = old_game(store, "Ada", [100] * 7, "standard")
    with ScoreStore(any_db) as again:
        # Migration 4 ran on the empty database; a game stored after it is left alone.
        assert again.game(game_id).max_score == 700


def test_migration_4_writes_down_the_groups_of_old_games(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = any_db
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:2])
    ScoreStore(db).close()
    started = NOW.isoformat(timespec="microseconds")
    later = (NOW + dt.timedelta(seconds=1)).isoformat(timespec="microseconds")
    for name, seed, when in (
        ("Ada", 42, started),
        ("Ben", 42, started),
        ("Cy", 42, later),
        ("Dee", 7, started),
        ("Eve", 42, started),
    ):
        raw_rows(db, "INSERT INTO players (name) VALUES (?)", (name,))
        raw_rows(
            db,
            """INSERT INTO games (player_id, pack_id, pack_hash, mode, scoring, seed,
                   question_ids, started_at, max_score)
               SELECT id, 'pack-a', 'sha256:abc', 'classic', 'standard', ?, ?, ?, 300
               FROM players WHERE name = ?""",
            (seed, json.dumps(["q1", "q2", "q3"]), when, name),
        )
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        groups = [store.game(game_id).group_id for game_id in range(1, 6)]
        assert groups == [1, 1, 3, 4, 1]
        assert [g.player for g in store.unfinished_group(store.game(2))] == ["Ada", "Ben", "Eve"]
        assert [g.player for g in store.unfinished_group(store.game(3))] == ["Cy"]
        # Three questions of 100 points, the streak bonus added: 100 + 110 + 120.
        assert store.game(1).max_score == 330


def test_a_record_without_a_group_is_played_alone(any_db: Path) -> None:
    with ScoreStore(any_db) as store:
        game_id = old_game(store, "Ada", [10], "standard", finish=False)
        alone = store.game(game_id)._replace(group_id=None)
        assert store.unfinished_group(alone) == [alone]


def test_an_old_unfinished_game_never_passes_its_estimated_maximum(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Uneven points, the big question still to come: the estimate from the even share is
    # too low, and the answer to come raises the maximum with the score.
    db = any_db
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:3])
    with ScoreStore(db) as version_3:
        open_id = version_3.start_game(
            player="Ada",
            pack_id="civics",
            pack_hash="sha256:abc",
            mode="classic",
            scoring="standard",
            seed=1,
            question_ids=["q0", "q1"],
            max_score=10 + 1000,
            started_at=NOW,
        )
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        estimated = store.game(open_id).max_score
        assert estimated == max_score([505, 505])
        for position, points in enumerate([10, 1100]):
            store.record_answer(
                open_id,
                position=position,
                question_id=f"q{position}",
                answer_json="1",
                answer_text="1",
                credit=1.0,
                points=points,
                seconds=0.0,
                hint_used=False,
                correct=True,
            )
        game = store.game(open_id)
        assert game.score == 1110 and game.max_score == 1110 > estimated


def test_after_migration_no_display_shows_a_score_above_its_maximum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite only (a file read only is migrated in a copy in memory; PostgreSQL's tables of
    an older version are brought up to date by opening them for writing)."""
    # `scores` (table, JSON, CSV), the class results and the leaderboard all read the
    # stored maximum: fixing the data fixes them all, even where the file is only read.
    from game.cli import main
    from game.reports.results import class_results

    db = tmp_path / "scores.sqlite3"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:3])
    with ScoreStore(db) as version_3:
        old_game(version_3, "Ada", [100] * 7, "standard")
        old_game(version_3, "Ben", [10] * 5 + [1000], "standard")
        old_game(version_3, "Cy", [50] * 4, "standard", finish=False)
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    assert main(["scores", "--format", "json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    assert all(row["score"] <= row["max_score"] for row in rows)
    assert {(row["player"], row["score"], row["max_score"]) for row in rows} >= {("Ada", 900, 900)}
    assert main(["scores", "--format", "csv", "--db", str(db)]) == 0
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == 3
    assert all(int(row["score"]) <= int(row["max_score"]) for row in table)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["scores", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "900/900" in text and "900/700" not in text
    # Reading only migrated a copy in memory: the file itself is still at version 3.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()
    with ScoreStore(db, read_only=True) as reader:
        assert reader.game(1).max_score == 900 and reader.game(1).group_id == 1
    with ScoreStore(db) as store:
        for student in class_results(store, since=NOW - dt.timedelta(days=1)):
            assert student.score <= student.max_score and student.percent <= 100.0
