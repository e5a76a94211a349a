"""Item analysis' sums per question, computed by the database (SQLite or PostgreSQL).

`game.reports.stats` turns these sums into facility and discrimination indexes; here the
database does the per-answer work: each first game's total credit (GROUP BY game), then
for each question its attempts, credit, centred sums of squares and co-moment of the credit
and the rest of the game's credit (computed in a form that loses no precision over many
attempts and gives zero for a constant series, as the running sums it replaces did) and its
most common wrong answer. Python receives one row per question and one per distinct
(score, maximum) of the games: nothing per answer or per game, so `stats` takes the same
memory at any size.

The games analysed are each player's first finished graded game of the pack, among those
started at or after `since`: the store's own choice (`rows.first_games_query`). The queries go
through the store's long-read path (`stream`: a connection of their own, one committed
moment), so that the store's lock is not held while the database sums: a game's answer on
another thread is not kept waiting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rows import first_games_query

if TYPE_CHECKING:
    from .store import ScoreStore

SCAN_SHARE = 5
"""On SQLite, the answers are read by scanning the whole table when the first games are at
least 1 in `SCAN_SHARE` of all games, else found by their primary key index. The answers
table keeps its rows in insertion order with the key in a separate index, so each answer
found by key costs a second lookup: about five times what a scan costs per row (24,576
first games of 24,576: 0.2 s to scan against 1.1 s by key; 2,000 of 100,000: the key)."""


@dataclass(frozen=True, slots=True)
class QuestionSums:
    """One question's sums over the attempts analysed (see `game.reports.stats.Tally`)."""

    question_id: str
    attempts: int
    credit: float
    """The credits' sum."""
    sxx: float
    """The sum of squared deviations of the credit from its mean."""
    syy: float
    """The same for the rest of each game's credit."""
    sxy: float
    """The co-moment of the credit and the rest of the game's credit."""
    seconds: float
    """The sum of the times given (0 without any)."""
    timed: int
    """How many answers gave a time."""
    common_wrong_answer: str | None
    """The most common answer with less than full credit (ties: first by code point)."""
    common_wrong_count: int


@dataclass(frozen=True, slots=True)
class ScoreCount:
    """How many of the games analysed have this score and maximum score."""

    score: int
    max_score: int
    games: int


# Each engine's SQL for one row per answered question. SQLite (no hash aggregate, no
# centred sums built in) counts one row per (question, credit, rest of the game's credit,
# wrong answer), then computes each question's means and centred sums from those cells in
# a second pass over them; how it reads the answers is chosen (`SCAN_SHARE`), its
# `CROSS JOIN ... ON` fixing the join order; on a file with migration 9's indexes, most
# games first games, it reads the answers in question order and sorts none of them
# (`SQLITE_INDEXED`). PostgreSQL aggregates by hash with its own regression sums. The
# wrong answers' tie-break is Python's order, by code point: SQLite's `BINARY`,
# PostgreSQL's `COLLATE "C"`. `{firsts}` is the store's subquery of the first games' ids.

_SQLITE_HEAD_SCAN = """
WITH totals(game_id, total) AS (
    SELECT a.game_id, SUM(a.credit) FROM answers a NOT INDEXED
    WHERE a.game_id IN ({firsts}) GROUP BY a.game_id
),
cells AS (
    SELECT a.question_id AS q, a.credit AS x, t.total - a.credit AS y,
           CASE WHEN a.credit < 1 THEN a.answer_text END AS wrong,
           COUNT(*) AS n, SUM(a.seconds) AS s, COUNT(a.seconds) AS timed
    FROM answers a NOT INDEXED CROSS JOIN totals t ON t.game_id = a.game_id
    GROUP BY 1, 2, 3, 4
),"""
"""SQLite, most games first games: the answers table scanned (twice), no lookup by key."""

_SQLITE_HEAD_KEY = """
WITH totals(game_id, total) AS (
    SELECT a.game_id, SUM(a.credit) FROM answers a
    WHERE a.game_id IN ({firsts}) GROUP BY a.game_id
),
cells AS (
    SELECT a.question_id AS q, a.credit AS x, t.total - a.credit AS y,
           CASE WHEN a.credit < 1 THEN a.answer_text END AS wrong,
           COUNT(*) AS n, SUM(a.seconds) AS s, COUNT(a.seconds) AS timed
    FROM totals t CROSS JOIN answers a ON a.game_id = t.game_id
    GROUP BY 1, 2, 3, 4
),"""
"""SQLite, few games first games: their answers found by the primary key."""

_SQLITE_TAIL = """
means AS (
    SELECT q, SUM(n) AS n, SUM(n * x) AS sx, SUM(n * x) / SUM(n) AS mx,
           SUM(n * y) / SUM(n) AS my, SUM(s) AS s, SUM(timed) AS timed
    FROM cells GROUP BY q
),
spread AS (
    SELECT c.q, SUM(c.n * (c.x - m.mx) * (c.x - m.mx)) AS sxx,
           SUM(c.n * (c.y - m.my) * (c.y - m.my)) AS syy,
           SUM(c.n * (c.x - m.mx) * (c.y - m.my)) AS sxy
    FROM cells c JOIN means m ON m.q = c.q GROUP BY c.q
),
wrongs AS (
    SELECT q, wrong, SUM(n) AS n FROM cells WHERE wrong IS NOT NULL GROUP BY q, wrong
),
common AS (
    SELECT q, wrong, n, ROW_NUMBER() OVER (PARTITION BY q ORDER BY n DESC, wrong) AS r
    FROM wrongs
)
SELECT m.q, m.n, m.sx, p.sxx, p.syy, p.sxy, m.s, m.timed, c.wrong, c.n
FROM means m JOIN spread p ON p.q = m.q LEFT JOIN common c ON c.q = m.q AND c.r = 1"""

_POSTGRESQL = """
WITH scored AS (
    SELECT a.question_id AS q, a.credit AS x, t.total - a.credit AS y, a.seconds AS s,
           CASE WHEN a.credit < 1 THEN a.answer_text END AS wrong
    FROM answers a JOIN (
        SELECT a.game_id, SUM(a.credit) AS total
        FROM answers a JOIN ({firsts}) AS f ON f.id = a.game_id GROUP BY a.game_id
    ) AS t ON t.game_id = a.game_id
),
grouped AS (
    SELECT q, wrong, GROUPING(wrong) AS whole, COUNT(*) AS n, SUM(x) AS sx,
           regr_sxx(y, x) AS sxx, regr_syy(y, x) AS syy, regr_sxy(y, x) AS sxy,
           SUM(s) AS s, COUNT(s) AS timed
    FROM scored GROUP BY GROUPING SETS ((q), (q, wrong))
),
common AS (
    SELECT q, wrong, n,
           ROW_NUMBER() OVER (PARTITION BY q ORDER BY n DESC, wrong COLLATE "C") AS r
    FROM grouped WHERE whole = 0 AND wrong IS NOT NULL
)
SELECT m.q, m.n, m.sx, m.sxx, m.syy, m.sxy, m.s, m.timed, c.wrong, c.n
FROM grouped m LEFT JOIN common c ON c.q = m.q AND c.r = 1 WHERE m.whole = 1"""
"""PostgreSQL: one hash aggregate per question and per (question, wrong answer), with the
server's own centred sums (`regr_sxx` and co., Youngs-Cramer updates: as exact as the
two-pass form, and zero for a constant series); a join, not `IN`, so that the planner
reads the answers by hash rather than once per first game by key."""

_SQLITE_INDEXED = """
WITH totals(game_id, total) AS MATERIALIZED (
    SELECT a.game_id, SUM(a.credit) FROM answers a INDEXED BY answers_game_credit
    WHERE a.game_id IN ({firsts}) GROUP BY a.game_id
),
shift(k) AS MATERIALIZED (SELECT COALESCE(AVG(total), 0) - 0.5 FROM totals),
texts AS MATERIALIZED (
    SELECT a.question_id AS q, a.answer_text AS text, a.credit AS x, COUNT(*) AS n,
           SUM(t.total - a.credit - k.k) AS sd,
           SUM((t.total - a.credit - k.k) * (t.total - a.credit - k.k)) AS sdd,
           MIN(t.total - a.credit) AS lo, MAX(t.total - a.credit) AS hi,
           SUM(a.seconds) AS s, COUNT(a.seconds) AS timed
    FROM answers a INDEXED BY answers_question CROSS JOIN shift k
        CROSS JOIN totals t ON t.game_id = a.game_id
    GROUP BY a.question_id, a.answer_text, a.credit
),
means AS MATERIALIZED (
    SELECT q, SUM(n) AS n, SUM(n * x) AS sx, SUM(n * x) / SUM(n) AS mx,
           SUM(sd) / SUM(n) AS md, SUM(sdd) AS sdd, MIN(lo) AS lo, MAX(hi) AS hi,
           SUM(s) AS s, SUM(timed) AS timed
    FROM texts GROUP BY q
),
spread AS (
    SELECT c.q, SUM(c.n * (c.x - m.mx) * (c.x - m.mx)) AS sxx,
           SUM((c.x - m.mx) * (c.sd - c.n * m.md)) AS sxy
    FROM texts c JOIN means m ON m.q = c.q GROUP BY c.q
),
wrongs AS (
    SELECT q, text AS wrong, SUM(n) AS n FROM texts WHERE x < 1 GROUP BY q, text
),
common AS (
    SELECT q, wrong, n, ROW_NUMBER() OVER (PARTITION BY q ORDER BY n DESC, wrong) AS r
    FROM wrongs
)
SELECT m.q, m.n, m.sx, p.sxx,
       CASE WHEN m.lo = m.hi THEN 0.0 ELSE MAX(0.0, m.sdd - m.n * m.md * m.md) END,
       p.sxy, m.s, m.timed, c.wrong, c.n
FROM means m JOIN spread p ON p.q = m.q LEFT JOIN common c ON c.q = m.q AND c.r = 1"""
"""SQLite, most games first games, on a file with migration 9's indexes: nothing per answer
sorted, one pass over the answers. The totals are read from `answers_game_credit` in game
order; then the answers once from `answers_question` in (question, text, credit) order, its
GROUP BY following that order: one row per (question, text, credit), from which come the
means, the wrong answers, the credit's centred sums (the credit is the same in a row) and
the co-moment (each row's deviations of the rest of the game's credit summed). The rest's
own centred sum of squares is that of its deviations from a shift near every question's
mean (the mean game total less a half: within a point of it), which keeps the cancellation
small, and is exactly zero when the rest is the same in every answer (its least and
greatest equal), as the two-pass form's was."""

ITEM_INDEXES = ("answers_game_credit", "answers_question")
"""Migration 9's indexes, which `SQLITE_INDEXED` names (a file of schema 5 to 8, opened
as it is, lacks them and is read by `SQLITE_SCAN`)."""

SQLITE_SCAN = _SQLITE_HEAD_SCAN + _SQLITE_TAIL
SQLITE_KEY = _SQLITE_HEAD_KEY + _SQLITE_TAIL
SQLITE_INDEXED = _SQLITE_INDEXED
POSTGRESQL = _POSTGRESQL
"""The question sums' SQL of each engine (and, on SQLite, each way of reading)."""

SCORES = """SELECT g.score, g.max_score, COUNT(*) FROM games g WHERE g.id IN ({firsts})
            GROUP BY g.score, g.max_score ORDER BY g.score, g.max_score"""
"""The first games counted by score and maximum: the same SQL on both engines."""


def _postgresql(store: ScoreStore) -> bool:
    return store.sql.name == "postgresql"


def question_sums_sql(
    store: ScoreStore, first_games: int, all_games: int, *, indexed: bool = True
) -> str:
    """The SQL for `question_sums` on this store (with `{firsts}` still to fill in);
    `indexed`: whether the SQLite file has migration 9's `ITEM_INDEXES`."""
    if _postgresql(store):
        return POSTGRESQL
    if first_games * SCAN_SHARE < all_games:
        return SQLITE_KEY
    return SQLITE_INDEXED if indexed else SQLITE_SCAN


def _has_item_indexes(store: ScoreStore) -> bool:
    """Whether this SQLite file has migration 9's indexes (a file of an older schema
    opened as it is has not)."""
    names = ", ".join(f"'{name}'" for name in ITEM_INDEXES)
    rows = store.stream(f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({names})")
    ((count,),) = rows
    return int(count) == len(ITEM_INDEXES)


def score_counts(
    store: ScoreStore, pack_id: str, *, since: dt.datetime | None = None
) -> list[ScoreCount]:
    """The analysed games (each player's first finished graded game of the pack) counted
    by score and maximum score."""
    firsts, params = first_games_query(store.sql, pack_id, since)
    rows = list(store.stream(SCORES.format(firsts=firsts), params))
    return [ScoreCount(int(s), int(m), int(n)) for s, m, n in rows]


def question_sums(
    store: ScoreStore,
    pack_id: str,
    *,
    since: dt.datetime | None = None,
    first_games: int | None = None,
) -> list[QuestionSums]:
    """Each answered question's sums over the analysed games' answers, by question id.
    `first_games` (how many games are analysed, if known) chooses how SQLite reads."""
    firsts, params = first_games_query(store.sql, pack_id, since)
    if _postgresql(store):
        sql = POSTGRESQL
    else:
        if first_games is None:
            first_games = sum(c.games for c in score_counts(store, pack_id, since=since))
        ((all_games,),) = store.stream("SELECT COUNT(*) FROM games")
        sql = question_sums_sql(store, first_games, all_games, indexed=_has_item_indexes(store))
    rows: list[Any] = list(store.stream(sql.format(firsts=firsts), params))
    return [
        QuestionSums(
            question_id=q,
            attempts=int(n),
            credit=float(sx),
            sxx=0.0 if sxx is None else float(sxx),
            syy=0.0 if syy is None else float(syy),
            sxy=0.0 if sxy is None else float(sxy),
            seconds=0.0 if s is None else float(s),
            timed=int(timed),
            common_wrong_answer=wrong,
            common_wrong_count=0 if wrong_n is None else int(wrong_n),
        )
        for q, n, sx, sxx, syy, sxy, s, timed, wrong, wrong_n in rows
    ]
