"""Scoring rules: credit, the hint penalty, the speed factor, the streak bonus, accuracy mode."""

from __future__ import annotations

import pytest

from game.scoring import score_answer, speed_factor, streak_bonus


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
