"""Item analysis read in SQL and streamed (issue 14) gives the numbers the whole-list way
gave: each player's first finished graded game chosen by the store, every answer added to
running sums; and the analysis cache is current until a game finishes or a flag is given."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.reports import stats as stats_module
from game.reports.stats import (
    AnalysisCache,
    analyse_answers,
    analysis_cache,
    first_games,
    item_analysis,
    player_flags,
)
from game.store import AnswerRow, GameFilter, ScoreStore
from tests.games import Answer, End, play_game

T0 = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
PACK = "civics"
QUESTIONS = [f"q{n}" for n in range(6)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ScoreStore]:
    with ScoreStore(tmp_path / "scores.sqlite3") as opened:
        yield opened


def _random_class(store: ScoreStore, games: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(games):
        order = QUESTIONS[:]
        rng.shuffle(order)
        mode = rng.choice(["classic", "classic", "exam", "practice"])
        started = T0 + dt.timedelta(minutes=rng.randrange(10_000))
        player = f"p{rng.randrange(12)}"
        pack_id = rng.choice([PACK, PACK, PACK, "other"])
        answered = len(order) if rng.random() < 0.85 else rng.randrange(len(order))
        answers = []
        for _ in range(answered):
            credit = rng.choice([0.0, 0.5, 1.0, 1.0])
            text = f"answer {rng.randrange(4)}"
            seconds = None if rng.random() < 0.1 else rng.uniform(1, 30)
            answers.append(Answer(credit, text, answer_json=json.dumps(credit), seconds=seconds))
        end: End = "active"
        if answered == len(order) and rng.random() < 0.9:
            end = "finished"
        elif rng.random() < 0.5:
            end = "abandoned"
        play_game(
            store,
            player,
            pack_id=pack_id,
            mode=mode,
            seed=n,
            question_ids=order,
            max_score=600,
            started_at=started,
            answers=answers,
            answer_every=dt.timedelta(seconds=1),
            end=end,
            finished_at=started + dt.timedelta(minutes=1),
        )


def _whole_list_analysis(store: ScoreStore, since: dt.datetime | None) -> list:
    """The analysis as it was computed before: every game and answer in lists."""
    games = store.games(GameFilter(pack_id=PACK, since=since))
    finished = [g for g in games if g.mode != "practice" and g.status == "finished"]
    wanted = {g.id for g in first_games(finished)}
    by_game: dict[int, list[AnswerRow]] = defaultdict(list)
    for row in store.answer_rows(GameFilter(pack_id=PACK, status="finished")):
        if row.game_id in wanted:
            by_game[row.game_id].append(row)
    return analyse_answers(by_game.values(), QUESTIONS, player_flags(store, PACK, since))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("since", [None, T0 + dt.timedelta(days=3)])
def test_sql_and_streaming_give_the_whole_list_numbers(
    store: ScoreStore, seed: int, since: dt.datetime | None
) -> None:
    _random_class(store, 80, seed)
    streamed = item_analysis(store, PACK, since=since, question_ids=QUESTIONS).items
    expected = _whole_list_analysis(store, since)
    assert [i.question_id for i in streamed] == [i.question_id for i in expected]
    for got, want in zip(streamed, expected, strict=True):
        assert got.attempts == want.attempts
        assert got.facility == pytest.approx(want.facility)
        if want.discrimination is None:
            assert got.discrimination is None
        else:
            assert got.discrimination == pytest.approx(want.discrimination)
        assert (got.common_wrong_answer, got.common_wrong_count) == (
            want.common_wrong_answer,
            want.common_wrong_count,
        )
        assert got.average_seconds == pytest.approx(want.average_seconds)
        assert got.flags == want.flags


def test_the_overview_counts_match_the_games(store: ScoreStore) -> None:
    _random_class(store, 80, 4)
    stats = item_analysis(store, PACK)
    games = store.games(GameFilter(pack_id=PACK))
    graded = [g for g in games if g.mode != "practice"]
    finished = [g for g in graded if g.status == "finished"]
    firsts = first_games(finished)
    assert stats.games == len(finished)
    assert stats.players == len(firsts)
    assert stats.left_out.practice == len(games) - len(graded)
    assert stats.left_out.unfinished == sum(g.status == "active" for g in graded)
    assert stats.left_out.abandoned == sum(g.status == "abandoned" for g in graded)
    assert stats.left_out.later == len(finished) - len(firsts)
    assert stats.average_score == pytest.approx(sum(g.score for g in firsts) / len(firsts))


def test_the_analysis_reads_no_whole_list(
    store: ScoreStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _random_class(store, 30, 5)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a list of every game or answer was read")

    monkeypatch.setattr(ScoreStore, "games", refused)
    monkeypatch.setattr(ScoreStore, "answer_rows", refused)
    assert item_analysis(store, PACK).players > 0


def test_the_cache_is_current_until_a_game_finishes_or_a_flag_is_given(
    store: ScoreStore, monkeypatch: pytest.MonkeyPatch, make_game: Callable[..., int]
) -> None:
    _random_class(store, 30, 6)
    runs: list[str] = []
    real = stats_module.item_analysis

    def counted(*args: object, **kwargs: object) -> object:
        runs.append("run")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stats_module, "item_analysis", counted)
    cache = AnalysisCache()
    assert cache.cached(store, PACK) is None
    first = cache.analyse(store, PACK)
    assert cache.analyse(store, PACK) is first and cache.cached(store, PACK) is first
    assert len(runs) == 1
    assert cache.analyse(store, PACK, question_ids=QUESTIONS) is not first  # another key
    assert len(runs) == 2
    store.add_flag(pack_id=PACK, pack_hash="h", question_id="q1", player="p1", reason="wrong")
    assert cache.cached(store, PACK) is None
    flagged = cache.analyse(store, PACK)
    assert len(runs) == 3 and flagged.items != first.items
    # any pack: the mark is every finished game
    make_game(store, "late", pack_id="other", question_ids=[], max_score=0)
    assert cache.cached(store, PACK) is None
    cache.analyse(store, PACK)
    assert len(runs) == 4


def test_each_store_has_its_own_cache(tmp_path: Path) -> None:
    with ScoreStore(tmp_path / "a.sqlite3") as a, ScoreStore(tmp_path / "b.sqlite3") as b:
        assert analysis_cache(a) is analysis_cache(a)
        assert analysis_cache(a) is not analysis_cache(b)
