"""Scoring rules: credit, the hint penalty, the speed factor, the streak bonus, accuracy mode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.play.scoring import (
    MODES,
    SCORINGS,
    Scoring,
    max_score,
    score_answer,
    speed_factor,
    streak_bonus,
)


def test_points_times_credit() -> None:
    assert score_answer(points=100, credit=1.0) == 100
    assert score_answer(points=100, credit=0.5) == 50
    assert score_answer(points=100, credit=0.0) == 0
    assert score_answer(points=90, credit=1 / 3) == 30


def test_a_hint_halves_the_points() -> None:
    assert score_answer(points=100, credit=1.0, hint_used=True) == 50
    assert score_answer(points=100, credit=0.5, hint_used=True) == 25


@pytest.mark.parametrize(
    ("seconds", "factor"),
    [(0, 1.0), (15, 0.75), (30, 0.5), (30.001, 0.0), (45, 0.0), (-1, 1.0)],
)
def test_speed_falls_linearly_to_half_then_nothing(seconds: float, factor: float) -> None:
    assert speed_factor(seconds, 30) == pytest.approx(factor)
    assert score_answer(points=100, credit=1.0, seconds=seconds, time_limit=30) == round(
        100 * factor
    )


def test_no_clock_outside_timed_mode() -> None:
    assert score_answer(points=100, credit=1.0, seconds=500, time_limit=None) == 100


@pytest.mark.parametrize(
    ("streak", "bonus"), [(0, 0.0), (1, 0.0), (2, 0.1), (3, 0.2), (6, 0.5), (7, 0.5), (50, 0.5)]
)
def test_streak_bonus_ten_percent_a_step_capped_at_fifty(streak: int, bonus: float) -> None:
    assert streak_bonus(streak) == pytest.approx(bonus)
    assert score_answer(points=100, credit=1.0, streak=streak) == round(100 * (1 + bonus))


def test_everything_together() -> None:
    # 100 x 1.0 x hint 0.5 x speed 0.75 x streak 1.2 = 45
    assert (
        score_answer(points=100, credit=1.0, hint_used=True, seconds=15, time_limit=30, streak=3)
        == 45
    )


def test_accuracy_scoring_counts_only_credit() -> None:
    assert (
        score_answer(
            points=100,
            credit=0.5,
            hint_used=True,
            seconds=29,
            time_limit=30,
            streak=5,
            scoring="accuracy",
        )
        == 50
    )


def test_max_score_counts_the_streak_bonus() -> None:
    # 100, 110, 120, 130, 140, 150, 150: the "1350 of 1000 points" of issue 12 cannot happen
    assert max_score([100] * 7) == 900
    assert max_score([100] * 7, "accuracy") == 700
    assert max_score([]) == 0
    # the bonus follows the order played: the later questions earn more
    assert max_score([10, 200]) == 10 + 220
    assert max_score([200, 10]) == 200 + 11
    # each question rounded as score_answer rounds it: 5 x 1.1 = 5.5 -> 6
    assert max_score([5, 5]) == 5 + 6


ANSWER = st.tuples(
    st.integers(min_value=0, max_value=1000),  # the question's points
    st.floats(min_value=0.0, max_value=1.0),  # credit
    st.booleans(),  # hint used
    st.one_of(st.none(), st.floats(min_value=-5.0, max_value=120.0)),  # seconds taken
    st.booleans(),  # counted correct
)


@given(
    answers=st.lists(ANSWER, max_size=40),
    mode=st.sampled_from(MODES),
    scoring=st.sampled_from(SCORINGS),
    time_limit=st.integers(min_value=1, max_value=60),
)
def test_no_sequence_of_answers_scores_above_max_score(
    answers: list[tuple[int, float, bool, float | None, bool]],
    mode: str,
    scoring: Scoring,
    time_limit: int,
) -> None:
    # Scored as GameSession scores them: the streak grows with each answer counted correct
    # (whatever its credit) and falls to 0 otherwise; the clock runs in timed mode only.
    streak = 0
    total = 0
    for points, credit, hint_used, seconds, correct in answers:
        streak = streak + 1 if correct else 0
        total += score_answer(
            points=points,
            credit=credit,
            hint_used=hint_used,
            seconds=seconds,
            time_limit=time_limit if mode == "timed" else None,
            streak=streak,
            scoring=scoring,
        )
    assert total <= max_score([a[0] for a in answers], scoring)
    perfect = [
        score_answer(points=a[0], credit=1.0, streak=n, scoring=scoring)
        for n, a in enumerate(answers, start=1)
    ]
    assert sum(perfect) == max_score([a[0] for a in answers], scoring)
