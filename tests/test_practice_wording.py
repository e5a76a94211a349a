"""When a practised question comes back, in words: minutes, hours, tomorrow, days."""

from __future__ import annotations

import datetime as dt

import pytest

from game.play.practice import comes_back_text

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("later", "words"),
    [
        (dt.timedelta(0), "back now"),
        (dt.timedelta(seconds=20), "back in 1 minute"),
        (dt.timedelta(minutes=10), "back in 10 minutes"),
        (dt.timedelta(hours=5), "back in 5 hours"),
        (dt.timedelta(hours=30), "back tomorrow"),
        (dt.timedelta(days=3, hours=2), "back in 3 days"),
    ],
)
def test_comes_back_text(later: dt.timedelta, words: str) -> None:
    assert comes_back_text(NOW + later, NOW) == words
