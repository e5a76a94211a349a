"""The live class game's types, shared by its engine and its screens (no Textual here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from ..kinds import Presented

Phase = Literal["lobby", "question", "reveal", "podium", "ended"]
"""lobby: players join; question: the class answers; reveal: the class's answers and the
right one; podium: the game is over and the best three are shown; ended: closed for good."""

PHASES: tuple[Phase, ...] = ("lobby", "question", "reveal", "podium", "ended")

TimingMode = Literal["classic", "timed"]
"""classic: points for credit and streak; timed: faster answers earn more (speed factor)."""

LiveScoring = Literal["standard", "accuracy"]


class LiveError(Exception):
    """Something a player or the teacher asked for that cannot be done; `str(error)` is one
    line for people: "no class game has the code K7Q2", "the name Ana is taken", ..."""


@dataclass(frozen=True)
class LiveOptions:
    """How the teacher set up the class game."""

    questions: int | None = None
    """How many of the pack's questions (None: all)."""
    seed: int | None = None
    """Fixes the question and option order (None: drawn)."""
    mode: TimingMode = "classic"
    time_limit: float | None = 20.0
    """Seconds per question; None: no timer (`--no-timer`), the teacher reveals."""
    scoring: LiveScoring = "standard"


@dataclass(frozen=True)
class LivePlayer:
    """A student in the session, as the host sees them."""

    name: str
    connected: bool
    points: int
    answered: bool
    """Whether they answered the current question."""
    extra_time: bool = False
    """The teacher gave them twice the time limit."""


@dataclass(frozen=True)
class Bar:
    """One bar of the class's answers."""

    label: str
    """"A", "B", ... for options; "1-5" for a numeric bin; "item → 2" for order/match."""
    text: str
    count: int
    correct: bool


@dataclass(frozen=True)
class Standing:
    """A player's place on the leaderboard."""

    rank: int
    name: str
    points: int
    move: int
    """Places gained since the last question (+ up, - down, 0 the same or new)."""


@dataclass(frozen=True)
class LiveState:
    """The whole session at one moment, as the host and the screens show it."""

    code: str
    pack_title: str
    phase: Phase
    paused: bool
    index: int
    """0-based current question, -1 in the lobby."""
    total: int
    presented: Presented | None
    """The question as shown (prompt, options, lefts, frame); None in the lobby."""
    opened_at: dt.datetime | None
    deadline: dt.datetime | None
    """When time is up (None: no timer, or not in a question)."""
    now: dt.datetime
    """The database's clock when this state was read: a screen counts down from
    `deadline - now`, never from its own clock."""
    players: tuple[LivePlayer, ...]
    answered: int
    bars: tuple[Bar, ...]
    """The class's answers, filled in "reveal" and later."""
    answer_text: str
    """In "reveal": the right answer."""
    after_lines: tuple[str, ...]
    """In "reveal": the explanation, quote, correction and updates."""
    top: tuple[Standing, ...]
    """The top five (reveal, podium)."""
    version: int
    """Bumped on every change."""
    host_away: bool = False
    """The host has not been seen for a while (closed or crashed): students wait."""

    @property
    def seconds_left(self) -> float | None:
        """Seconds until `deadline` by the database's clock, or None without one."""
        if self.deadline is None:
            return None
        return max((self.deadline - self.now).total_seconds(), 0.0)


@dataclass(frozen=True)
class StudentView:
    """The session as one student sees it."""

    state: LiveState
    name: str
    my_answer: Any | None
    my_answer_text: str | None
    correct: bool | None
    """In "reveal" and later: whether the answer was fully right (None: no answer)."""
    points_won: int | None
    points: int
    place: int | None
    deadline: dt.datetime | None
    """The student's own (twice the limit with extra time)."""
    removed: bool = False
    """The teacher removed this student: the view ends the game for them."""
    playing: bool = True
    """Whether the current question is theirs (False: joined after its time was up)."""
