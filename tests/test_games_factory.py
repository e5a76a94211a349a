"""The game factory of the tests (`tests/games.py`, the `make_game` fixture) stores what it
is given, as a played game is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from game.store import ScoreStore
from tests.games import Answer, play_games

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_a_game_is_started_answered_and_finished(
    tmp_path: Path, make_game: Callable[..., int]
) -> None:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        game_id = make_game(store, "Ada", answers=[True, False, 0.5], started_at=T0)
        game = store.game(game_id)
        assert (game.player, game.status, game.question_ids) == (
            "Ada",
            "finished",
            ("q1", "q2", "q3"),
        )
        assert (game.score, game.max_score, game.correct) == (150, 300, 1)
        assert game.finished_at == T0 + dt.timedelta(minutes=4)
        answers = store.answers(game_id)
        assert [(a.credit, a.points, a.answer_text) for a in answers] == [
            (1.0, 100, "a"),
            (0.0, 0, "a"),
            (0.5, 50, "a"),
        ]
        assert [a.answered_at for a in answers] == [T0 + dt.timedelta(minutes=n) for n in (1, 2, 3)]


def test_what_a_test_gives_is_stored_as_given(
    tmp_path: Path, make_game: Callable[..., int]
) -> None:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        given = Answer(
            1.0, "Paris", "capital", points=7, seconds=None, hint_used=True, correct=False
        )
        game_id = make_game(
            store,
            "Bo",
            pack_id="geo",
            mode="practice",
            lesson="3b",
            max_score=7,
            answers=[given],
            end="active",
        )
        game = store.game(game_id)
        assert (game.pack_id, game.mode, game.lesson, game.status) == (
            "geo",
            "practice",
            "3b",
            "active",
        )
        (answer,) = store.answers(game_id)
        assert (answer.question_id, answer.answer_text, answer.points) == ("capital", "Paris", 7)
        assert (answer.seconds, answer.hint_used, store.game(game_id).correct) == (None, True, 0)
        abandoned = make_game(store, "Bo", answers=[False], end="abandoned")
        assert store.game(abandoned).status == "abandoned"


def test_several_players_are_one_hot_seat_group(tmp_path: Path) -> None:
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        ada, ben = play_games(store, players=["Ada", "Ben"], answers=[True], end="active")
        assert store.game(ada).group_id == store.game(ben).group_id == ada
        assert [g.player for g in store.unfinished_group(store.game(ben))] == ["Ada", "Ben"]
