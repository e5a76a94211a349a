"""Scoring rules: points for credit, the hint penalty, the speed factor and the streak bonus."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Mode = Literal["classic", "timed", "exam", "practice"]
"""classic: feedback after each question, no clock; timed: a countdown per question;
exam: no feedback until the end; practice: classic play of the questions that spaced
repetition says are due."""
MODES: tuple[Mode, ...] = ("classic", "timed", "exam", "practice")

Scoring = Literal["standard", "accuracy"]
"""standard: hints, speed (timed mode) and streaks change the points; accuracy: only credit."""
SCORINGS: tuple[Scoring, ...] = ("standard", "accuracy")

HINT_FACTOR = 0.5
"""A hint halves the points of its question."""
SLOWEST_FACTOR = 0.5
"""In timed mode points fall linearly from 100% at 0 s to this share at the time limit."""
STREAK_STEP = 0.10
"""Each further fully correct answer in a row adds this bonus..."""
STREAK_CAP = 0.50
"""...up to this much."""


def hint_cost(scoring: Scoring, *, short: bool = False) -> str:
    """What taking a hint costs under a scoring, for the rule text players read: `halves the
    points` (`short`: `halves points`), or under accuracy scoring `costs nothing: accuracy
    scoring` (`free`). Derived from the rule itself (`score_answer`), so they cannot disagree."""
    if scoring != "standard":
        return "free" if short else "costs nothing: accuracy scoring"
    if HINT_FACTOR == 0.5:
        return "halves points" if short else "halves the points"
    return f"keeps {HINT_FACTOR:.0%} of the points"


def hint_effect(scoring: Scoring) -> str:
    """What a hint that was used did to an answer's points: `points halved`, `no cost`."""
    if scoring != "standard":
        return "no cost under accuracy scoring"
    return "points halved" if HINT_FACTOR == 0.5 else f"{HINT_FACTOR:.0%} of the points kept"


def speed_factor(seconds: float, time_limit: float) -> float:
    """Share of the points kept when answering after `seconds` of `time_limit` (0 after it)."""
    if seconds > time_limit:
        return 0.0
    elapsed = max(seconds, 0.0) / time_limit
    return 1.0 - (1.0 - SLOWEST_FACTOR) * elapsed


def streak_bonus(streak: int) -> float:
    """Bonus share for the n-th fully correct answer in a row: +10% per step after the first."""
    return min(STREAK_STEP * max(streak - 1, 0), STREAK_CAP)


def score_answer(
    *,
    points: int,
    credit: float,
    hint_used: bool = False,
    seconds: float | None = None,
    time_limit: float | None = None,
    streak: int = 0,
    scoring: Scoring = "standard",
) -> int:
    """Points earned by one answer.

    `credit` is the graded share (0-1). `time_limit` is given in timed mode only. `streak`
    counts the fully correct answers in a row ending with this one (0 when this one is not
    fully correct). Accuracy scoring counts credit only.
    """
    value = points * credit
    if scoring == "standard":
        if hint_used:
            value *= HINT_FACTOR
        if time_limit is not None and seconds is not None:
            value *= speed_factor(seconds, time_limit)
        value *= 1.0 + streak_bonus(streak)
    return int(value + 0.5)


def points_lost_to_time(
    *,
    points: int,
    credit: float,
    hint_used: bool = False,
    seconds: float | None = None,
    time_limit: float | None = None,
    streak: int = 0,
    scoring: Scoring = "standard",
) -> int:
    """How many of an answer's points the time taken cost: what `score_answer` gives for an
    instant answer less what it gave (0 outside timed mode, under accuracy scoring, or for
    an answer worth nothing anyway)."""
    if time_limit is None or seconds is None:
        return 0

    def scored(after: float) -> int:
        return score_answer(
            points=points,
            credit=credit,
            hint_used=hint_used,
            seconds=after,
            time_limit=time_limit,
            streak=streak,
            scoring=scoring,
        )

    instant, taken = scored(0.0), scored(seconds)
    return max(instant - taken, 0) if taken > 0 else 0


def max_score(points_in_order: Iterable[int], scoring: Scoring = "standard") -> int:
    """The most a game of these questions (their points, in the order played) can score:
    every answer fully correct, without a hint, given at once, so that the streak bonus
    grows 0%, 10%, ... up to its cap; each question rounded as `score_answer` rounds it.
    Accuracy scoring has no bonus: the plain sum."""
    return sum(
        score_answer(points=points, credit=1.0, streak=position, scoring=scoring)
        for position, points in enumerate(points_in_order, start=1)
    )
