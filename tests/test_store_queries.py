"""Teachers' store queries: every answer as a row, and games since a moment."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.store import ANSWER_ROW_FIELDS, AnswerRow, GameFilter, ScoreStore
from tests.games import Answer, play_game

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def store(any_db: Path) -> Iterator[ScoreStore]:
    with ScoreStore(any_db) as opened:
        yield opened


def play(
    store: ScoreStore,
    player: str,
    pack_id: str,
    start: int,
    answers: list[tuple[str, str, float]],
    *,
    finish: bool = True,
) -> int:
    """A game started at minute `start`, one answer a minute (question, text, credit)."""
    return play_game(
        store,
        player,
        pack_id=pack_id,
        pack_hash="sha256:abc",
        scoring="accuracy",
        started_at=at(start),
        points_each=10,
        end="finished" if finish else "active",
        answers=[
            Answer(
                credit,
                text,
                question,
                seconds=None if position == 1 else 2.5 + position,
                hint_used=position == 1,
            )
            for position, (question, text, credit) in enumerate(answers)
        ],
    )


@pytest.fixture
def games(store: ScoreStore) -> dict[str, int]:
    return {
        "ann1": play(store, "ann", "civics", 0, [("q1", "Paris", 1.0), ("q2", "Rome", 0.0)]),
        "bob1": play(store, "bob", "civics", 10, [("q2", "Berlin", 0.5)], finish=False),
        "ann2": play(store, "ann", "other", 20, [("x1", "yes", 1.0)]),
        "cat1": play(store, "cat", "civics", 30, [("q1", "Lyon", 0.0), ("q2", "Rome", 1.0)]),
    }


def test_answer_rows_hold_every_answer_with_its_game_and_player(
    store: ScoreStore, games: dict[str, int]
) -> None:
    rows = store.answer_rows()
    assert [(r.player, r.game_id, r.position) for r in rows] == [
        ("ann", games["ann1"], 0),
        ("ann", games["ann1"], 1),
        ("bob", games["bob1"], 0),
        ("ann", games["ann2"], 0),
        ("cat", games["cat1"], 0),
        ("cat", games["cat1"], 1),
    ]
    second = rows[1]
    assert second == AnswerRow(
        player="ann",
        game_id=games["ann1"],
        pack_id="civics",
        mode="classic",
        game_status="finished",
        position=1,
        question_id="q2",
        answer_text="Rome",
        credit=0.0,
        points=0,
        seconds=None,
        hint_used=True,
        answered_at=at(2),
    )
    assert rows[0].seconds == 2.5
    assert rows[0].hint_used is False
    assert rows[2].game_status == "active"
    assert rows[2].credit == 0.5


def test_answer_rows_filters(store: ScoreStore, games: dict[str, int]) -> None:
    def keys(rows: list[AnswerRow]) -> list[tuple[int, int]]:
        return [(r.game_id, r.position) for r in rows]

    civics = store.answer_rows(GameFilter(pack_id="civics"))
    assert {r.pack_id for r in civics} == {"civics"}
    assert len(civics) == 5
    assert keys(store.answer_rows(GameFilter(player="ann"))) == [
        (games["ann1"], 0),
        (games["ann1"], 1),
        (games["ann2"], 0),
    ]
    assert keys(store.answer_rows(GameFilter(pack_id="civics", player="ann"))) == [
        (games["ann1"], 0),
        (games["ann1"], 1),
    ]
    # since compares the answer's time: ann's second civics answer was at minute 2
    assert keys(store.answer_rows(GameFilter(since=at(2), player="ann"))) == [
        (games["ann1"], 1),
        (games["ann2"], 0),
    ]
    assert keys(store.answer_rows(GameFilter(since=at(31)))) == [
        (games["cat1"], 0),
        (games["cat1"], 1),
    ]
    assert store.answer_rows(GameFilter(since=at(100))) == []
    assert keys(store.answer_rows(GameFilter(pack_id="civics", status="active"))) == [
        (games["bob1"], 0)
    ]
    assert store.answer_rows(GameFilter(player="nobody")) == []


def test_answer_rows_since_accepts_other_time_zones(
    store: ScoreStore, games: dict[str, int]
) -> None:
    # 13:31 in UTC+1 is 12:31 UTC: only cat's two answers (12:31 and 12:32) are that late.
    plus_one = dt.timezone(dt.timedelta(hours=1))
    since = dt.datetime(2026, 3, 1, 13, 31, tzinfo=plus_one)
    assert [r.player for r in store.answer_rows(GameFilter(since=since))] == ["cat", "cat"]


def test_answer_row_as_dict_is_flat_json_in_field_order(
    store: ScoreStore, games: dict[str, int]
) -> None:
    row = store.answer_rows(GameFilter(player="cat"))[0]
    data = row.as_dict()
    assert tuple(data) == ANSWER_ROW_FIELDS
    assert AnswerRow._fields == ANSWER_ROW_FIELDS
    assert data["answered_at"] == "2026-03-01T12:31:00+00:00"
    assert data["answer_text"] == "Lyon"
    assert json.loads(json.dumps(data)) == data


def test_games_since_keeps_games_started_then_or_later(
    store: ScoreStore, games: dict[str, int]
) -> None:
    assert [g.id for g in store.games(GameFilter(since=at(20)))] == [games["cat1"], games["ann2"]]
    assert [g.id for g in store.games(GameFilter(since=at(20), pack_id="civics"))] == [
        games["cat1"]
    ]
    assert [g.id for g in store.games(GameFilter(since=at(21)))] == [games["cat1"]]
    assert [g.id for g in store.games(GameFilter(since=at(0), status="finished", limit=2))] == [
        games["cat1"],
        games["ann2"],
    ]
    assert store.games(GameFilter(since=at(31))) == []
    # without `since` every game is listed, as before
    assert len(store.games()) == 4


def test_practice_rounds_stay_off_the_leaderboard(
    any_db: Path, make_game: Callable[..., int]
) -> None:
    from game.store import ScoreStore

    with ScoreStore(any_db) as store:
        for mode in ("classic", "practice"):
            one = Answer(text="1", answer_json="1", question_id="q", seconds=1.0)
            make_game(store, "Ada", pack_id="p", mode=mode, answers=[one])
        assert [row.mode for row in store.leaderboard("p")] == ["classic"]


def test_practised_packs_are_those_with_cards(any_db: Path) -> None:
    from game.store import StoredCard

    with ScoreStore(any_db) as store:
        assert store.practised_packs("Ada") == set()
        due = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
        for pack_id in ("nato", "eu", "nato"):
            store.save_card("Ada", pack_id, StoredCard("q1", "hash", "{}", due))
        store.save_card("Bo", "un", StoredCard("q1", "hash", "{}", due))
        assert store.practised_packs("Ada") == {"nato", "eu"}
        assert store.practised_packs("Bo") == {"un"}
        assert store.practised_packs("Cy") == set()
