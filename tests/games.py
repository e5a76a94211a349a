"""Games set up in a score store through its public methods, for tests and benchmarks.

`play_games` (and `play_game`, for one player) starts a game, records its answers and
finishes or abandons it, as a played game is stored; the `make_game` fixture of
`tests/conftest.py` is `play_game`. Everything a test does not care about has a default;
everything a test checks can be given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import Any, Literal

from game.store import ScoreStore

End = Literal["finished", "abandoned", "active"]


@dataclass(frozen=True)
class Answer:
    """One answer to store; what is left out comes from the game (`play_games`)."""

    credit: float = 1.0
    text: str | None = None
    """The answer's text; the game's `text` if None."""
    question_id: str | None = None
    """The game's question at this answer's position if None."""
    points: int | None = None
    """round(points_each x credit) if None."""
    seconds: float | EllipsisType | None = ...
    """The game's `seconds` if left out (None is a time not measured)."""
    hint_used: bool = False
    correct: bool | None = None
    """credit == 1 if None."""
    answer_json: str | None = None
    """The text as JSON if None."""
    answered_at: dt.datetime | None = None
    """`answer_every` after the previous one (after the start for the first) if None; now
    if the game has no `started_at` or `answer_every`."""


def as_answer(answer: Answer | bool | float) -> Answer:
    """True is a right answer (credit 1), False a wrong one (credit 0), a number its credit."""
    if isinstance(answer, Answer):
        return answer
    return Answer(credit=float(answer))


def play_games(
    store: ScoreStore,
    *,
    players: Sequence[str] = ("Ana",),
    pack_id: str = "civics",
    pack_hash: str = "h",
    mode: str = "classic",
    scoring: str = "standard",
    seed: int = 1,
    question_ids: Sequence[str] | None = None,
    max_score: int | None = None,
    started_at: dt.datetime | None = None,
    lesson: str | None = None,
    answers: Sequence[Answer | bool | float] = (),
    points_each: int = 100,
    seconds: float | None = 2.0,
    text: str = "a",
    answer_every: dt.timedelta | None = dt.timedelta(minutes=1),
    end: End = "finished",
    finished_at: dt.datetime | None = None,
) -> list[int]:
    """One game per player (a hot-seat group for several), each given `answers`, then
    finished (at `finished_at`, or `answer_every` after the last answer; now without
    `started_at` or `answer_every`), abandoned or left active (`end`). `question_ids`:
    q1, q2... for each answer if None; `max_score`: `points_each` a question if None.
    Returns the games' ids in the order of `players`."""
    given = [as_answer(answer) for answer in answers]
    if question_ids is None:
        question_ids = [a.question_id or f"q{n + 1}" for n, a in enumerate(given)]
    ids = store.start_games(
        players=list(players),
        pack_id=pack_id,
        pack_hash=pack_hash,
        mode=mode,
        scoring=scoring,
        seed=seed,
        question_ids=list(question_ids),
        max_score=points_each * len(question_ids) if max_score is None else max_score,
        started_at=started_at,
        lesson=lesson,
    )
    for game_id in ids:
        for position, answer in enumerate(given):
            answer_text = text if answer.text is None else answer.text
            when = answer.answered_at
            if when is None and started_at is not None and answer_every is not None:
                when = started_at + answer_every * (position + 1)
            store.record_answer(
                game_id,
                position=position,
                question_id=answer.question_id or question_ids[position],
                answer_json=answer.answer_json or json.dumps(answer_text),
                answer_text=answer_text,
                credit=answer.credit,
                points=round(points_each * answer.credit)
                if answer.points is None
                else answer.points,
                seconds=seconds if isinstance(answer.seconds, EllipsisType) else answer.seconds,
                hint_used=answer.hint_used,
                correct=answer.credit == 1 if answer.correct is None else answer.correct,
                answered_at=when,
            )
        if end == "finished":
            when = finished_at
            if when is None and started_at is not None and answer_every is not None:
                when = started_at + answer_every * (len(given) + 1)
            store.finish_game(game_id, finished_at=when)
        elif end == "abandoned":
            store.abandon_game(game_id)
    return ids


def play_game(store: ScoreStore, player: str = "Ana", **game: Any) -> int:
    """`play_games` for one player (its other arguments are `play_games`'); returns the
    game's id."""
    (game_id,) = play_games(store, players=[player], **game)
    return game_id
