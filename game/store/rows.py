"""The columns the store's queries read, the records made of their rows, and the game queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from .dialect import SqlDialect
from .filters import GameFilter, Where
from .records import (
    GAME_STATUSES,
    AnswerRecord,
    AnswerRow,
    GameRecord,
    LeaderboardRow,
    from_text,
    utc_text,
)

GAME_COLUMNS = """
    g.id, p.name, g.pack_id, g.pack_hash, g.mode, g.scoring, g.seed, g.question_ids,
    g.started_at, g.finished_at, g.status, g.score, g.max_score, g.correct, g.total,
    (SELECT COUNT(*) FROM answers a WHERE a.game_id = g.id), g.group_id, g.pending_position,
    g.pending_seconds, g.lesson
"""

ANSWER_COLUMNS = """
    game_id, position, question_id, answer_json, answer_text, credit, points, seconds,
    hint_used, answered_at
"""

ANSWER_GAME_COLUMNS = "p.name, g.pack_id, g.mode, g.status"
"""What an exported answer (`AnswerRow`) tells of its game, before the answer's columns."""

ANSWER_COLUMNS_OF_A = ", ".join(f"a.{c.strip()}" for c in ANSWER_COLUMNS.split(","))
"""`ANSWER_COLUMNS` of the answers table aliased `a` (joined with games, whose columns
share some names)."""


def game_record(row: Sequence[Any]) -> GameRecord:
    status = row[10]
    if status not in GAME_STATUSES:  # pragma: no cover - the CHECK constraint forbids it
        raise ValueError(f"unknown game status {status!r}")
    return GameRecord(
        id=row[0],
        player=row[1],
        pack_id=row[2],
        pack_hash=row[3],
        mode=row[4],
        scoring=row[5],
        seed=row[6],
        question_ids=tuple(json.loads(row[7])),
        started_at=from_text(row[8]),
        finished_at=from_text(row[9]) if row[9] is not None else None,
        status=status,
        score=row[11],
        max_score=row[12],
        correct=row[13],
        total=row[14],
        answered=row[15],
        group_id=row[16],
        pending_position=row[17],
        pending_seconds=None if row[18] is None else float(row[18]),
        lesson=row[19],
    )


def leaderboard_row(rank: int, game: GameRecord) -> LeaderboardRow:
    if game.finished_at is None:  # pragma: no cover - the query keeps finished games only
        raise ValueError(f"game {game.id} is not finished")
    return LeaderboardRow(
        rank=rank,
        game_id=game.id,
        player=game.player,
        mode=game.mode,
        score=game.score,
        max_score=game.max_score,
        finished_at=game.finished_at,
    )


def answer_row(game: Sequence[Any], answer: AnswerRecord) -> AnswerRow:
    """An answer for export, with its game's `ANSWER_GAME_COLUMNS`."""
    player, pack_id, mode, status = game
    return AnswerRow(
        player=player,
        game_id=answer.game_id,
        pack_id=pack_id,
        mode=mode,
        game_status=status,
        position=answer.position,
        question_id=answer.question_id,
        answer_text=answer.answer_text,
        credit=answer.credit,
        points=answer.points,
        seconds=answer.seconds,
        hint_used=answer.hint_used,
        answered_at=answer.answered_at,
    )


GAMES = "FROM games g JOIN players p ON p.id = g.player_id"


def games_query(sql: SqlDialect, matching: GameFilter) -> tuple[str, list[Any]]:
    """The games matching the filter, newest first: the newest are read first from the
    index on the start time (`games_started`), so a limit stops early."""
    where = matching.where(sql)
    text = f"SELECT {GAME_COLUMNS} {GAMES}{where.sql} ORDER BY g.started_at DESC, g.id DESC"
    params = where.params
    if matching.limit is not None:
        text += f" LIMIT {sql.p}"
        params.append(matching.limit)
    return text, params


def answers_where(sql: SqlDialect, matching: GameFilter) -> Where:
    """The filter of answer queries: `since` on the time each answer was given."""
    return matching.where(sql, since_column="a.answered_at")


def answers_source(where: Where, since: dt.datetime | None) -> str:
    """The FROM and WHERE of answer queries: answers with their games and players. With
    `since`, the answers are read first, from the index on the time they were given (a CROSS
    JOIN keeps SQLite to that order: after ANALYZE it would rather walk every game in start
    order to spare the sort, 4 s instead of 0.1 s for a month of a school's year). Without,
    the games are walked in start order and nothing is sorted."""
    if since is None:
        return f"""FROM answers a JOIN games g ON g.id = a.game_id
                   JOIN players p ON p.id = g.player_id{where.sql}"""
    return f"""FROM answers a CROSS JOIN games g CROSS JOIN players p{where.sql}
                   AND g.id = a.game_id AND p.id = g.player_id"""


def answers_query(sql: SqlDialect, matching: GameFilter) -> tuple[str, list[Any]]:
    """The answers matching the filter in export order (games as they started, each
    game's answers by position); with a limit, the newest `limit` of them, in that order."""
    where = answers_where(sql, matching)
    columns = f"{ANSWER_GAME_COLUMNS}, {ANSWER_COLUMNS_OF_A}, g.started_at AS game_started"
    source = answers_source(where, matching.since)
    if matching.limit is None:
        return f"SELECT {columns} {source} ORDER BY g.started_at, g.id, a.position", where.params
    # The newest first, cut, then put back in export order (a sort of `limit` rows).
    newest = f"""SELECT {columns} {source}
                 ORDER BY g.started_at DESC, g.id DESC, a.position DESC LIMIT {sql.p}"""
    text = f"SELECT * FROM ({newest}) AS newest ORDER BY game_started, game_id, position"
    return text, [*where.params, matching.limit]


def exported_answer(row: Sequence[Any]) -> AnswerRow:
    """An `AnswerRow` from a row of `_answers_query`."""
    width = len(ANSWER_GAME_COLUMNS.split(","))
    return answer_row(row[:width], answer_record(row[width : width + 10]))


def first_games_query(
    sql: SqlDialect, pack_id: str, since: dt.datetime | None
) -> tuple[str, list[Any]]:
    """A subquery of the ids of each player's first finished graded game of a pack (by
    start, then id; among the games started at or after `since`), and its parameters.
    A window function numbers each player's games in the order of the index
    `games_first_finished` (pack, status, player, start), so nothing is sorted."""
    params: list[Any] = [pack_id]
    since_sql = ""
    if since is not None:
        since_sql = f" AND g.started_at >= {sql.p}"
        params.append(utc_text(since))
    text = f"""SELECT ranked.id FROM (
                  SELECT g.id, ROW_NUMBER() OVER (
                      PARTITION BY g.player_id ORDER BY g.started_at, g.id) AS n
                  FROM games g
                  WHERE g.pack_id = {sql.p} AND g.status = 'finished'
                      AND g.mode != 'practice'{since_sql}
              ) AS ranked WHERE ranked.n = 1"""
    return text, params


def answer_record(row: Sequence[Any]) -> AnswerRecord:
    return AnswerRecord(
        game_id=row[0],
        position=row[1],
        question_id=row[2],
        answer_json=row[3],
        answer_text=row[4],
        credit=float(row[5]),
        points=row[6],
        seconds=None if row[7] is None else float(row[7]),
        hint_used=bool(row[8]),
        answered_at=from_text(row[9]),
    )
