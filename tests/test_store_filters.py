"""The store's one query filter: every combination of player, pack, status, lesson, since and
graded keeps exactly the games (and answers) a plain Python filter keeps."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from game.store import GameFilter, GameRecord, GameStatus, ScoreStore
from game.store.dialect import SQLITE
from game.store.filters import where
from tests.games import play_game

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


class Spec(NamedTuple):
    player: str
    pack_id: str
    mode: str
    lesson: str | None
    start: int
    """Minutes after T0; its one answer comes a minute later."""
    end: GameStatus


SPECS = [
    Spec("ann", "civics", "classic", "L1", 0, "finished"),
    Spec("ann", "civics", "practice", None, 5, "finished"),
    Spec("bob", "civics", "timed", "L1", 10, "active"),
    Spec("bob", "other", "exam", "L2", 20, "abandoned"),
    Spec("cat", "other", "classic", None, 30, "finished"),
    Spec("cat", "civics", "classic", "L2", 40, "active"),
    Spec("ann", "other", "timed", "L1", 50, "finished"),
]


@pytest.fixture
def stored(any_db: Path) -> Iterator[tuple[ScoreStore, dict[int, Spec]]]:
    with ScoreStore(any_db) as store:
        games: dict[int, Spec] = {}
        for spec in SPECS:
            game_id = play_game(
                store,
                spec.player,
                pack_id=spec.pack_id,
                pack_hash="sha256:abc",
                mode=spec.mode,
                started_at=at(spec.start),
                lesson=spec.lesson,
                points_each=10,
                seconds=1.0,
                text="x",
                answers=[True],
                end=spec.end,
            )
            games[game_id] = spec
        yield store, games


PLAYERS = [None, "ann", "bob", "nobody"]
PACKS = [None, "civics", "other"]
STATUSES: list[GameStatus | None] = [None, "active", "finished", "abandoned"]
LESSONS = [None, "L1", "L2"]
SINCE = [None, 0, 11, 40, 60]


def keeps(
    spec: Spec,
    *,
    player: str | None = None,
    pack_id: str | None = None,
    status: GameStatus | None = None,
    lesson: str | None = None,
    since: int | None = None,
    graded: bool = False,
    since_offset: int = 0,
) -> bool:
    return (
        (player is None or spec.player == player)
        and (pack_id is None or spec.pack_id == pack_id)
        and (status is None or spec.end == status)
        and (lesson is None or spec.lesson == lesson)
        and (since is None or spec.start + since_offset >= since)
        and (not graded or spec.mode != "practice")
    )


def newest_first(games: dict[int, Spec], **filters: Any) -> list[int]:
    kept = [gid for gid, spec in games.items() if keeps(spec, **filters)]
    return sorted(kept, key=lambda gid: (games[gid].start, gid), reverse=True)


def test_games_keeps_what_every_filter_combination_says(
    stored: tuple[ScoreStore, dict[int, Spec]],
) -> None:
    store, games = stored
    for player, pack_id, status, since in itertools.product(PLAYERS, PACKS, STATUSES, SINCE):
        moment = None if since is None else at(since)
        found = store.games(GameFilter(player=player, pack_id=pack_id, status=status, since=moment))
        expected = newest_first(games, player=player, pack_id=pack_id, status=status, since=since)
        assert [g.id for g in found] == expected, (player, pack_id, status, since)


def test_games_with_times_keeps_what_every_filter_combination_says(
    stored: tuple[ScoreStore, dict[int, Spec]],
) -> None:
    store, games = stored
    for lesson, pack_id, since, graded in itertools.product(LESSONS, PACKS, SINCE, (True, False)):
        moment = None if since is None else at(since)
        found = store.games_with_times(lesson=lesson, since=moment, pack_id=pack_id, graded=graded)
        expected = newest_first(games, lesson=lesson, pack_id=pack_id, since=since, graded=graded)
        assert [g.id for g, _, _ in found] == expected, (lesson, pack_id, since, graded)
        assert all(seconds == 1.0 for _, seconds, _ in found)


def test_answer_rows_filter_on_the_answer_time(
    stored: tuple[ScoreStore, dict[int, Spec]],
) -> None:
    store, games = stored
    for player, pack_id, status, since in itertools.product(PLAYERS, PACKS, STATUSES, SINCE):
        moment = None if since is None else at(since)
        rows = store.answer_rows(
            GameFilter(player=player, pack_id=pack_id, status=status, since=moment)
        )
        # `since` looks at when the answer was given: a minute after its game started.
        kept = [
            gid
            for gid, spec in games.items()
            if keeps(
                spec, player=player, pack_id=pack_id, status=status, since=since, since_offset=1
            )
        ]
        expected = sorted(kept, key=lambda gid: (games[gid].start, gid))
        assert [r.game_id for r in rows] == expected, (player, pack_id, status, since)
        for row in rows:
            spec = games[row.game_id]
            assert (row.player, row.pack_id, row.mode, row.game_status) == (
                spec.player,
                spec.pack_id,
                spec.mode,
                spec.end,
            )
            assert row.answered_at == at(spec.start + 1)


def test_leaderboard_best_scores_and_lessons_use_the_same_filter(
    stored: tuple[ScoreStore, dict[int, Spec]],
) -> None:
    store, games = stored
    for pack_id in ("civics", "other"):
        board = store.leaderboard(pack_id)
        expected = [
            gid
            for gid, spec in sorted(games.items(), key=lambda item: item[1].start)
            if keeps(spec, pack_id=pack_id, status="finished", graded=True)
        ]
        assert [r.game_id for r in board] == expected
        assert [r.rank for r in board] == list(range(1, len(expected) + 1))
        for row in board:
            game: GameRecord = store.game(row.game_id)
            assert (row.player, row.mode, row.score, row.max_score, row.finished_at) == (
                game.player,
                game.mode,
                game.score,
                game.max_score,
                game.finished_at,
            )
    assert store.best_scores("ann") == {"civics": 10, "other": 10}
    assert store.best_scores("bob") == {}
    assert store.best_score("cat", "other") == 10
    assert store.best_score("cat", "civics") is None
    assert store.lessons() == ["L1", "L2"]  # by their latest game: L1 at 50, L2 at 40
    assert store.lessons("civics") == ["L2", "L1"]
    assert store.lessons("other") == ["L1", "L2"]


def test_the_filter_itself() -> None:
    assert where(SQLITE) == ("", [])
    clause = where(
        SQLITE, player="ann", pack_id="civics", status="finished", lesson="L1", graded=True
    )
    assert clause.sql == (
        " WHERE g.pack_id = ? AND p.name = ? AND g.status = ? AND g.lesson = ?"
        " AND g.mode != 'practice'"
    )
    assert clause.params == ["civics", "ann", "finished", "L1"]
    since = where(
        SQLITE, since=dt.datetime(2026, 3, 1, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    )
    assert since.sql == " WHERE g.started_at >= ?"
    assert since.params == ["2026-03-01T12:00:00.000000+00:00"]
    assert where(SQLITE, since=T0, since_column="a.answered_at").sql == " WHERE a.answered_at >= ?"
