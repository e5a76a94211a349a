"""Replacing stored answers (an exam's review): in place, totals kept, refused once over."""

from __future__ import annotations

import pytest

from game.store import AnswerRecord, ScoreStore, StoreError
from tests.test_store import QIDS, answer, at, start
from tests.test_store import db as db  # the fixtures the tests take
from tests.test_store import store as store_fixture

store = store_fixture


def changed(game_id: int, position: int, *, points: int, credit: float) -> AnswerRecord:
    return AnswerRecord(
        game_id=game_id,
        position=position,
        question_id=QIDS[position],
        answer_json='"Paris"',
        answer_text="Paris",
        credit=credit,
        points=points,
        seconds=3.25,
        hint_used=False,
        answered_at=at(30),
    )


def test_answers_are_replaced_in_place_with_the_totals(store: ScoreStore) -> None:
    game_id = start(store, mode="exam")
    for position in range(3):
        answer(store, game_id, position, points=10)
    store.replace_answers(game_id, [changed(game_id, 1, points=0, credit=0.0)])
    record = store.game(game_id)
    assert (record.score, record.correct, record.answered) == (20, 2, 3)
    answers = store.answers(game_id)
    assert [a.points for a in answers] == [10, 0, 10]
    assert answers[1].answer_text == "Paris" and answers[1].answered_at == at(30)
    store.replace_answers(
        game_id,
        [changed(game_id, 1, points=11, credit=1.0), changed(game_id, 2, points=12, credit=1.0)],
    )
    record = store.game(game_id)
    assert (record.score, record.correct) == (33, 3)
    assert record.max_score >= 33


def test_a_replacement_needs_an_answer_of_an_active_game(store: ScoreStore) -> None:
    game_id = start(store, mode="exam")
    answer(store, game_id, 0, points=10)
    with pytest.raises(StoreError, match="no answer to question 'q2' at position 1"):
        store.replace_answers(game_id, [changed(game_id, 1, points=5, credit=0.5)])
    with pytest.raises(KeyError):
        store.replace_answers(game_id + 1, [changed(game_id + 1, 0, points=5, credit=0.5)])
    # All or nothing: the good first change is not kept when the second fails.
    with pytest.raises(StoreError):
        store.replace_answers(
            game_id,
            [changed(game_id, 0, points=1, credit=0.1), changed(game_id, 1, points=5, credit=0.5)],
        )
    assert [a.points for a in store.answers(game_id)] == [10]
    for position in (1, 2):
        answer(store, game_id, position)
    store.finish_game(game_id)
    with pytest.raises(StoreError, match="finished, so its answers cannot change"):
        store.replace_answers(game_id, [changed(game_id, 0, points=0, credit=0.0)])
    assert store.game(game_id).score == 30
