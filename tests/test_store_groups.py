"""Hot-seat games are stored with a group id, so that resuming brings back every player of
one session and no one else's; databases of schema version 2 keep working."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import game.store.schema as store_module
from game.packs.catalog import load_catalog
from game.play.launch import GameRequest, build_session, resume_session
from game.store import MIGRATIONS, ScoreStore
from tests.games import Answer, play_game
from tests.sample_packs import right_answer, wrong_answer
from tests.store_trouble import raw_rows
from tests.ui.helpers import NOW, FakeClock, write_packs

QIDS = ("q1", "q2", "q3")


def start_group(store: ScoreStore, players: list[str], seed: int = 42) -> list[int]:
    return store.start_games(
        players=players,
        pack_id="pack-a",
        pack_hash="sha256:abc",
        mode="classic",
        scoring="standard",
        seed=seed,
        question_ids=QIDS,
        max_score=300,
        started_at=NOW,
    )


def test_two_hot_seat_sessions_started_at_once_stay_apart(any_db: Path) -> None:
    # Same pack, same seed, same second (a classroom starting on a signal): the old guess
    # by pack, seed and start time took all four players for one game.
    with ScoreStore(any_db) as store:
        ada, ben = start_group(store, ["Ada", "Ben"])
        cat, dan = start_group(store, ["Cat", "Dan"])
        assert [g.id for g in store.unfinished_group(store.game(ben))] == [ada, ben]
        assert [g.id for g in store.unfinished_group(store.game(cat))] == [cat, dan]
        assert store.game(ben).group_id == ada


def test_a_version_2_database_is_migrated_and_its_games_grouped_as_before(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = any_db
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:2])
    ScoreStore(db).close()
    for name, seed in (("Ada", 42), ("Ben", 42), ("Eve", 1)):  # as version 2 wrote them
        raw_rows(db, "INSERT INTO players (name) VALUES (?)", (name,))
        raw_rows(
            db,
            """INSERT INTO games (player_id, pack_id, pack_hash, mode, scoring, seed,
                   question_ids, started_at, max_score)
               SELECT id, 'pack-a', 'sha256:abc', 'classic', 'standard', ?, ?, ?, 300
               FROM players WHERE name = ?""",
            (seed, json.dumps(QIDS), NOW.isoformat(timespec="microseconds"), name),
        )
    ada, ben, eve = 1, 2, 3
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with ScoreStore(db) as store:
        # Migration 4 wrote down the group they were guessed by: the first id of each.
        assert [store.game(g).group_id for g in (ada, ben, eve)] == [ada, ada, eve]
        assert [g.player for g in store.unfinished_group(store.game(ben))] == ["Ada", "Ben"]
        assert [g.id for g in store.unfinished_group(store.game(eve))] == [eve]
        # New games get a group; the old ones are never mixed with them.
        new_ada, new_ben = start_group(store, ["Ada", "Ben"])
        assert [g.id for g in store.unfinished_group(store.game(new_ben))] == [new_ada, new_ben]
        assert [g.id for g in store.unfinished_group(store.game(ada))] == [ada, ben]


def test_resuming_a_hot_seat_game_brings_back_every_player_in_turn(
    tmp_path: Path, any_db: Path
) -> None:
    catalog = load_catalog([write_packs(tmp_path / "packs")])
    request = GameRequest(packs=("every-type",), players=("Ada", "Ben", "Cy"), seed=3)
    with ScoreStore(any_db) as store:
        # Another hot-seat game of the same pack, seed and second must not join in.
        other = GameRequest(packs=("every-type",), players=("Dee", "Eli"), seed=3)
        build_session(other, catalog, store, clock=FakeClock(), now=lambda: NOW).release()
        session = build_session(request, catalog, store, clock=FakeClock(), now=lambda: NOW)
        for player_answer in (right_answer, wrong_answer, right_answer):
            session.answer(player_answer(session.current))
        session.advance()
        session.answer(right_answer(session.current))  # Ada answers the second question
        scores = [p.score for p in session.players]
        session.release()
        ben = store.unfinished_games("Ben")[0]
        resumed = resume_session(store, catalog, ben.id, clock=FakeClock(), now=lambda: NOW)
        assert [p.name for p in resumed.players] == ["Ada", "Ben", "Cy"]
        assert [p.score for p in resumed.players] == scores
        assert (resumed.position, resumed.turn, resumed.player.name) == (1, 1, "Ben")
        resumed.answer(right_answer(resumed.current))
        assert resumed.player.name == "Cy"


def test_a_resumed_single_game_has_its_own_group(any_db: Path) -> None:
    with ScoreStore(any_db) as store:
        (solo,) = start_group(store, ["Ada"])
        start_group(store, ["Ben"])
        assert [g.player for g in store.unfinished_group(store.game(solo))] == ["Ada"]
        assert store.game(solo).started_at == NOW.astimezone(dt.UTC)


def finished(
    store: ScoreStore, player: str, score: int, max_score: int, mode: str = "classic"
) -> int:
    one = Answer(points=score, text="1", answer_json="1", question_id="q1", seconds=1.0)
    return play_game(
        store,
        player,
        pack_id="pack-a",
        pack_hash="sha256:abc",
        mode=mode,
        max_score=max_score,
        started_at=NOW,
        answers=[one],
        answer_every=None,
    )


def test_the_leaderboard_ranks_by_share_of_the_maximum_and_never_lists_practice(
    any_db: Path,
) -> None:
    with ScoreStore(any_db) as store:
        short = finished(store, "Ada", 50, 300)  # 17%
        long = finished(store, "Ben", 1423, 3700)  # 38%
        finished(store, "Cy", 900, 1000, mode="practice")
        rows = store.leaderboard("pack-a")
        assert [r.game_id for r in rows] == [long, short]
        assert round(rows[0].percent) == 38


def test_the_finished_mark_changes_when_a_game_finishes_in_another_connection(
    any_db: Path,
) -> None:
    db = any_db
    with ScoreStore(db) as watcher, ScoreStore(db) as player:
        before = watcher.finished_mark()
        finished(player, "Ada", 50, 300)
        assert watcher.finished_mark() != before
