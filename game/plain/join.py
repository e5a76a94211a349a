"""A student's plain class game: the question as plain mode shows it, answers typed as
lines, then right or wrong, the points and the place (for screen readers and scripts).

An answer may be typed again to change it until time is up. The end of input leaves the
game: `civic-quiz join CODE --player NAME` rejoins it with the points so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from ..kinds import InputProblem
from ..live.model import LiveError, StudentView
from ..live.student import LiveStudent
from ..live.watch import Watcher
from ..play.session import PlayedQuestion
from ..util.textsafe import printable
from .lines import Lines
from .play import instructions, parse_response, render_question

STILL_AWAY = 10.0
"""Seconds between two looks at whether the host came back, without a change (PostgreSQL
says nothing when a host simply goes)."""
SLICE = 0.2
"""Seconds of waiting for the game between two looks at the keyboard."""


def view_lines(view: StudentView, last: StudentView | None) -> list[str]:
    """What changed for the student since `last`, as lines."""
    state = view.state
    lines: list[str] = []
    if view.removed:
        return ["The teacher removed you from this game."]
    if state.host_away and not (last and last.state.host_away):
        lines.append("The teacher's screen is away: wait, the game goes on when it is back.")
    elif last and last.state.host_away and not state.host_away:
        lines.append("The teacher is back.")
    if last is not None and last.state.paused != state.paused:
        lines.append("The teacher paused the game." if state.paused else "The game goes on.")
    moved = last is None or (last.state.phase, last.state.index) != (state.phase, state.index)
    if not moved:
        return lines
    if state.phase == "lobby":
        lines.append("Waiting for the teacher to start.")
    elif state.phase == "question" and isinstance(state.presented, PlayedQuestion):
        if not view.playing:
            lines.append("This question was asked before you joined: wait for the next.")
            return lines
        # As plain mode asks it, without the hint offer: a class game has no hints.
        lines += render_question(state.presented, None)[:-1]
        lines.append(instructions(state.presented))
        if view.deadline is not None:
            left = max((view.deadline - state.now).total_seconds(), 0.0)
            lines.append(f"You have {left:.0f} seconds.")
    elif state.phase == "reveal":
        if not view.playing:
            lines.append("The answers to a question asked before you joined are shown: wait.")
            return lines
        if view.correct is None:
            lines.append(f"No answer. The answer: {state.answer_text}")
        elif view.correct:
            lines.append(f"Right! +{view.points_won} points.")
        else:
            lines.append(f"Not right: +{view.points_won} points. The answer: {state.answer_text}")
        lines += list(state.after_lines)
        lines.append(f"You have {view.points} points, place {view.place} of {len(state.players)}.")
    elif state.phase in ("podium", "ended"):
        place = f"place {view.place} of {len(state.players)}" if view.place else "no place"
        lines.append(f"The game is over: {view.points} points, {place}.")
    return lines


def join_plain(student: LiveStudent, stdin: TextIO, stdout: TextIO) -> int:
    """Play the class game from stdin; the exit status (0 at the end, 1 if removed)."""

    def say(*lines: str) -> None:
        for line in lines:
            stdout.write(printable(line) + "\n")
        stdout.flush()

    say(f"Joined the class game {student.code} as {student.name}.")
    lines = Lines(stdin)
    watcher = Watcher(student.store, student.code, "stage")
    last: StudentView | None = None
    try:
        while True:
            try:
                view = student.view()
            except LiveError as error:
                say(f"Problem: {error}")
                view = None
            if view is not None:
                say(*view_lines(view, last))
                last = view
                if view.removed:
                    return 1
                if view.state.phase in ("podium", "ended"):
                    return 0
            look_again = time.monotonic() + (2.0 if view and view.state.host_away else STILL_AWAY)
            while True:
                line = lines.get(0)
                if line is None:
                    say(f"You left; civic-quiz join {student.code} --player NAME rejoins.")
                    return 0
                if line is not False:
                    _answer(student, last, str(line), say)
                    continue
                if watcher.wait(SLICE) or time.monotonic() > look_again:
                    break
                student.keep_alive()
    finally:
        watcher.close()
        student.leave()


def _answer(
    student: LiveStudent, view: StudentView | None, line: str, say: Callable[..., None]
) -> None:
    state = view.state if view else None
    if (
        state is None
        or state.phase != "question"
        or not isinstance(state.presented, PlayedQuestion)
    ):
        say("There is no question to answer now.")
        return
    try:
        response = parse_response(state.presented, line)
    except InputProblem as problem:
        say(str(problem))
        return
    try:
        student.answer(response)
    except LiveError as error:
        say(f"Not saved: {error}.")
        return
    say("Saved. You may change it until time is up.")
