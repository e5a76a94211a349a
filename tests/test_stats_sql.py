"""Item analysis computed by the database (issue 5) gives the numbers the Python way gave:
the reference below is that computation, kept here (each player's first finished graded
game, every answer added to Welford's running sums), compared on random classes on both
backends; and the analysis cache is current until a game finishes or a flag is given."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from game.reports import stats as stats_module
from game.reports.stats import (
    AnalysisCache,
    ItemStats,
    PackStats,
    analysis_cache,
    as_dict,
    first_games,
    item_analysis,
    item_flags,
    player_flags,
    score_distribution,
)
from game.store import AnswerRow, GameFilter, ScoreStore, analysis
from game.store.dialect import SQLITE
from game.store.rows import first_games_query
from tests.games import Answer, End, play_game, play_games

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


# -- the reference: the analysis as Python computed it before issue 5 ---------------------


class Tally:
    """One question's running sums (Welford's updates), one answer added at a time."""

    def __init__(self) -> None:
        self.attempts = 0
        self.credit = 0.0
        self.mean_x = 0.0
        self.mean_y = 0.0
        self.sxx = 0.0
        self.syy = 0.0
        self.sxy = 0.0
        self.wrong: Counter[str] = Counter()
        self.seconds = [0.0, 0.0]

    def add(self, credit: float, rest: float, text: str, seconds: float | None) -> None:
        self.attempts += 1
        self.credit += credit
        dx = credit - self.mean_x
        dy = rest - self.mean_y
        self.mean_x += dx / self.attempts
        self.mean_y += dy / self.attempts
        self.sxx += dx * (credit - self.mean_x)
        self.syy += dy * (rest - self.mean_y)
        self.sxy += dx * (rest - self.mean_y)
        if credit < 1:
            self.wrong[text] += 1
        if seconds is not None:
            self.seconds[0] += seconds
            self.seconds[1] += 1

    def discrimination(self) -> float | None:
        if self.attempts < 2 or self.sxx <= 1e-12 or self.syy <= 1e-12:
            return None
        return 100.0 * self.sxy / math.sqrt(self.sxx * self.syy)


def reference_items(
    games: Iterable[Sequence[AnswerRow]],
    question_ids: Sequence[str] | None,
    flagged: Mapping[str, tuple[tuple[str, int], ...]],
) -> list[ItemStats]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for answers in games:
        total = sum(a.credit for a in answers)
        for answer in answers:
            tallies[answer.question_id].add(
                answer.credit, total - answer.credit, answer.answer_text, answer.seconds
            )
    seen = set(tallies) | set(flagged)
    if question_ids is None:
        current, retired = sorted(seen), []
    else:
        current, retired = list(question_ids), sorted(seen - set(question_ids))
    items = []
    for qid in [*current, *retired]:
        tally = tallies.get(qid) or Tally()
        facility = None if not tally.attempts else 100.0 * tally.credit / tally.attempts
        index = tally.discrimination()
        common = min(tally.wrong.items(), key=lambda kv: (-kv[1], kv[0])) if tally.wrong else None
        items.append(
            ItemStats(
                question_id=qid,
                attempts=tally.attempts,
                facility=facility,
                discrimination=index,
                common_wrong_answer=common[0] if common else None,
                common_wrong_count=common[1] if common else 0,
                average_seconds=tally.seconds[0] / tally.seconds[1] if tally.seconds[1] else None,
                flags=tuple(item_flags(facility, index, tally.attempts)),
                flagged=flagged.get(qid, ()),
                retired=qid in retired,
            )
        )
    return items


def reference_analysis(
    store: ScoreStore,
    pack_id: str,
    since: dt.datetime | None,
    question_ids: Sequence[str] | None,
) -> PackStats:
    """The whole analysis from every game and answer in lists, as it was computed."""
    games = store.games(GameFilter(pack_id=pack_id, since=since))
    graded = [g for g in games if g.mode != "practice"]
    finished = [g for g in graded if g.status == "finished"]
    firsts = first_games(finished)
    wanted = {g.id for g in firsts}
    by_game: dict[int, list[AnswerRow]] = defaultdict(list)
    for row in store.answer_rows(GameFilter(pack_id=pack_id, status="finished")):
        if row.game_id in wanted:
            by_game[row.game_id].append(row)
    percents = [100.0 * g.score / g.max_score if g.max_score > 0 else 0.0 for g in firsts]

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    return PackStats(
        pack_id=pack_id,
        since=since,
        players=len(firsts),
        games=len(finished),
        average_score=mean([float(g.score) for g in firsts]),
        average_max_score=mean([float(g.max_score) for g in firsts]),
        average_percent=mean(percents),
        distribution=score_distribution(percents),
        items=reference_items(by_game.values(), question_ids, player_flags(store, pack_id, since)),
        left_out=stats_module.LeftOut(
            practice=len(games) - len(graded),
            unfinished=sum(g.status == "active" for g in graded),
            abandoned=sum(g.status == "abandoned" for g in graded),
            later=len(finished) - len(firsts),
        ),
    )


def assert_same_analysis(got: PackStats, want: PackStats) -> None:
    """The same numbers: counts, texts and flags exactly, floats but for their last bits
    (the database adds in another order), and the same rounded report (JSON, CSV)."""
    assert as_dict(got) == as_dict(want)
    assert (got.players, got.games, got.distribution, got.left_out) == (
        want.players,
        want.games,
        want.distribution,
        want.left_out,
    )
    for value, expected in (
        (got.average_score, want.average_score),
        (got.average_max_score, want.average_max_score),
        (got.average_percent, want.average_percent),
    ):
        assert value == (None if expected is None else pytest.approx(expected, rel=1e-12))
    assert [i.question_id for i in got.items] == [i.question_id for i in want.items]
    for item, expected_item in zip(got.items, want.items, strict=True):
        assert (
            item.attempts,
            item.common_wrong_answer,
            item.common_wrong_count,
            item.flags,
            item.flagged,
            item.retired,
        ) == (
            expected_item.attempts,
            expected_item.common_wrong_answer,
            expected_item.common_wrong_count,
            expected_item.flags,
            expected_item.flagged,
            expected_item.retired,
        ), item.question_id
        for name in ("facility", "discrimination", "average_seconds"):
            value, expected = getattr(item, name), getattr(expected_item, name)
            if expected is None:
                assert value is None, (item.question_id, name)
            else:
                assert value == pytest.approx(expected, rel=1e-9, abs=1e-9), (
                    item.question_id,
                    name,
                )


# -- random classes on both backends -------------------------------------------------------

CREDITS = [0.0, 0.0, 1 / 3, 0.5, 2 / 3, 1.0, 1.0, 1.0]
"""Partial credits that binary floats cannot hold exactly, to test the sums' rounding."""
TEXTS = ["Zebra", "apple", "\u00e9t\u00e9", "e", "\u00c9t\u00e9", "\u65e5\u672c", "b", ""]
"""Wrong answers whose order by code point differs from a language's (ties are broken
alphabetically: by code point, as Python compares strings)."""


def random_class(store: ScoreStore, games: int, seed: int) -> None:
    """Games of random players, modes, statuses and answers; one question (`q5`) has the
    same credit in every answer (no variance: no discrimination) and a retired question
    (`old`) is answered in some games."""
    rng = random.Random(seed)
    players = rng.randrange(3, 25)
    for n in range(games):
        order = [*QUESTIONS, *(["old"] if rng.random() < 0.2 else [])]
        rng.shuffle(order)
        mode = rng.choice(["classic", "classic", "exam", "practice"])
        started = T0 + dt.timedelta(minutes=rng.randrange(10_000))
        game = store.start_game(
            player=f"p{rng.randrange(players)}",
            pack_id=rng.choice([PACK, PACK, PACK, "other"]),
            pack_hash="h",
            mode=mode,
            scoring="standard",
            seed=n,
            question_ids=order,
            max_score=rng.choice([0, 600, 700]),
            started_at=started,
        )
        answered = len(order) if rng.random() < 0.85 else rng.randrange(len(order))
        for position in range(answered):
            qid = order[position]
            credit = 1 / 3 if qid == "q5" else rng.choice(CREDITS)
            store.record_answer(
                game,
                position=position,
                question_id=qid,
                answer_json=json.dumps(credit),
                answer_text=rng.choice(TEXTS) if credit < 1 else "right",
                credit=credit,
                points=round(100 * credit),
                seconds=None if rng.random() < 0.1 else rng.uniform(1, 30),
                hint_used=False,
                correct=credit == 1,
                answered_at=started + dt.timedelta(seconds=position + 1),
            )
        if answered == len(order) and rng.random() < 0.9:
            store.finish_game(game, finished_at=started + dt.timedelta(minutes=1))
        elif rng.random() < 0.5:
            store.abandon_game(game)
        if rng.random() < 0.05:
            store.add_flag(
                pack_id=PACK,
                pack_hash="h",
                question_id=rng.choice(QUESTIONS),
                player="p1",
                reason="unclear",
                at=started,
            )


@pytest.mark.parametrize("seed", range(4))
def test_the_database_gives_the_reference_numbers_on_both_backends(any_db: Path, seed: int) -> None:
    with ScoreStore(any_db) as store:
        random_class(store, 60, seed)
        for since in (None, T0 + dt.timedelta(days=3)):
            for question_ids in (None, QUESTIONS):
                assert_same_analysis(
                    item_analysis(store, PACK, since=since, question_ids=question_ids),
                    reference_analysis(store, PACK, since, question_ids),
                )


def _drop_item_indexes(db: Path) -> None:
    """Make the file look like one of schema 5 to 8 opened as it is: no migration 9
    indexes (the store reads such a file without migrating it)."""
    conn = sqlite3.connect(db)
    try:
        for name in analysis.ITEM_INDEXES:
            conn.execute(f"DROP INDEX {name}")
        conn.commit()
    finally:
        conn.close()


WAYS = {"by-key": analysis.SQLITE_KEY, "indexed": analysis.SQLITE_INDEXED}
WAYS["by-scan"] = analysis.SQLITE_SCAN


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("seed", [11, 12])
def test_every_way_of_reading_sqlite_gives_the_reference_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, seed: int
) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db) as store:
        random_class(store, 80, seed)
        if way == "by-scan":
            _drop_item_indexes(db)
        monkeypatch.setattr(analysis, "SCAN_SHARE", 0 if way == "by-key" else 10**9)
        indexed = analysis._has_item_indexes(store)
        assert indexed == (way != "by-scan")
        assert analysis.question_sums_sql(store, 10, 100, indexed=indexed) == WAYS[way]
        sqls: list[str] = []
        stream = ScoreStore.stream

        def recorded(self: ScoreStore, sql: str, params: Sequence[object] = ()) -> Iterator[object]:
            sqls.append(sql)
            return stream(self, sql, params)

        monkeypatch.setattr(ScoreStore, "stream", recorded)
        got = item_analysis(store, PACK, question_ids=QUESTIONS)
        monkeypatch.setattr(ScoreStore, "stream", stream)
        assert any(sql.startswith(WAYS[way].split("{firsts}")[0]) for sql in sqls)
        assert_same_analysis(got, reference_analysis(store, PACK, None, QUESTIONS))


def test_the_sqlite_reading_follows_the_share_of_first_games(store: ScoreStore) -> None:
    assert analysis.question_sums_sql(store, 2_000, 100_000) == analysis.SQLITE_KEY
    assert analysis.question_sums_sql(store, 24_576, 24_576) == analysis.SQLITE_INDEXED
    assert analysis.question_sums_sql(store, 0, 0) == analysis.SQLITE_INDEXED
    unindexed = analysis.question_sums_sql(store, 24_576, 24_576, indexed=False)
    assert unindexed == analysis.SQLITE_SCAN
    assert analysis.question_sums_sql(store, 2_000, 100_000, indexed=False) == analysis.SQLITE_KEY


def test_a_rest_the_same_in_every_answer_has_no_spread(any_db: Path) -> None:
    # Every game gives a third of a point (not exact in binary) on every question: the
    # credit and the rest of the game's credit are the same in every answer, and their
    # sums of squares zero but for the last bits of the means (under the 1e-12 below which
    # `stats` gives no discrimination), whatever the rounding of the sums.
    with ScoreStore(any_db) as store:
        players = [f"p{n}" for n in range(40)]
        play_games(
            store,
            players=players,
            pack_id=PACK,
            question_ids=QUESTIONS,
            answers=[1 / 3] * len(QUESTIONS),
        )
        sums = analysis.question_sums(store, PACK)
        assert [s.question_id for s in sums] == sorted(QUESTIONS)
        for item in sums:
            assert item.attempts == 40 and abs(item.syy) <= 1e-12 and item.sxx <= 1e-12, item
            assert item.credit == pytest.approx(40 / 3, rel=1e-12)
        stats = item_analysis(store, PACK, question_ids=QUESTIONS)
        assert [i.discrimination for i in stats.items] == [None] * len(QUESTIONS)


def test_an_empty_pack_has_no_sums(any_db: Path) -> None:
    with ScoreStore(any_db) as store:
        assert analysis.question_sums(store, PACK) == []
        assert analysis.score_counts(store, PACK) == []
        stats = item_analysis(store, PACK, question_ids=QUESTIONS)
        assert stats.players == 0 and stats.average_score is None
        assert [i.attempts for i in stats.items] == [0] * len(QUESTIONS)


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

    for name in (
        "games",
        "answer_rows",
        "iter_answer_rows",
        "first_finished_games",
        "iter_first_game_answers",
    ):
        monkeypatch.setattr(ScoreStore, name, refused)
    rows: list[int] = []
    real_query, real_stream = ScoreStore.query, ScoreStore.stream

    def query(self: ScoreStore, sql: str, params: Sequence[object] = ()) -> list[object]:
        result = real_query(self, sql, params)
        rows.append(len(result))
        return result

    def stream(self: ScoreStore, sql: str, params: Sequence[object] = ()) -> Iterator[object]:
        result = list(real_stream(self, sql, params))
        rows.append(len(result))
        return iter(result)

    monkeypatch.setattr(ScoreStore, "query", query)
    monkeypatch.setattr(ScoreStore, "stream", stream)
    stats = item_analysis(store, PACK)
    assert stats.players > 0
    # Rows per question, per distinct score, per flag: none per answer (there are 30 x 6).
    assert max(rows) <= 20, rows


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


@pytest.mark.parametrize("way", ["key", "scan", "indexed"])
def test_each_sqlite_way_reads_the_answers_as_it_says(tmp_path: Path, way: str) -> None:
    db = tmp_path / "scores.sqlite3"
    with ScoreStore(db) as store:
        random_class(store, 40, 21)
    firsts, params = first_games_query(SQLITE, PACK, None)
    chosen = {"key": analysis.SQLITE_KEY, "scan": analysis.SQLITE_SCAN}
    sql = chosen.get(way, analysis.SQLITE_INDEXED).format(firsts=firsts)
    conn = sqlite3.connect(db)
    try:
        rows = list(conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    finally:
        conn.close()
    plan = [row[3] for row in rows]
    joined = "\n".join(plan)
    by_key = [p for p in plan if p.startswith("SEARCH a USING INDEX sqlite_autoindex_answers")]
    scans = [p for p in plan if p.startswith("SCAN a")]
    if way == "key":
        # Only the first games' answers are read: their totals from migration 9's covering
        # index, then their answers found by key.
        assert len(by_key) == 1 and not scans, joined
        assert plan.count("SEARCH a USING COVERING INDEX answers_game_credit (game_id=?)") == 1
    elif way == "scan":
        # The table read in its own order, without a lookup per answer.
        assert len(scans) == 2 and not by_key, joined
    else:
        # The totals read in game order, then the answers once in question order, both
        # from migration 9's covering indexes; no sort where the answers are read (the
        # only sorts are of the small rows per question and text).
        assert plan.count("SEARCH a USING COVERING INDEX answers_game_credit (game_id=?)") == 1
        assert plan.count("SCAN a USING COVERING INDEX answers_question") == 1, joined
        assert not by_key and len(scans) == 1, joined
        parents = {row[0]: row[1] for row in rows}
        reads_answers = {row[1] for row in rows if row[3].split()[1:2] == ["a"]}
        sorts = [row for row in rows if "TEMP B-TREE" in row[3]]
        assert sorts, joined
        assert not [row for row in sorts if parents[row[0]] in reads_answers], joined


def test_the_sums_are_read_without_holding_the_stores_lock(any_db: Path) -> None:
    """A game answering on another thread is not kept waiting while the database sums:
    the analysis' long reads run on a connection of their own."""
    with ScoreStore(any_db) as store:
        random_class(store, 30, 31)
        done: list[object] = []

        def analyse() -> None:
            done.append(analysis.score_counts(store, PACK))
            done.append(analysis.question_sums(store, PACK))

        with store._lock:  # what a write on another thread holds
            worker = threading.Thread(target=analyse, daemon=True)
            worker.start()
            worker.join(timeout=30)
            assert not worker.is_alive(), "the analysis waited for the store's lock"
        assert len(done) == 2 and done[1]
