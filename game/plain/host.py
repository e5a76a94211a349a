"""The plain host of a class game: a line for each change on stdout, the teacher's keys as
lines on stdin (for scripts and screen readers).

Enter moves on (start, reveal, next question, podium); `end` ends the game; `k NAME` removes
a player, `x NAME` gives one twice the time; `p` pauses or resumes; `s` skips a question.
The end of input leaves the class game as it is: `civic-quiz host --resume CODE` goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from ..live.host import LiveHost
from ..live.model import LiveError, LiveState
from ..live.watch import Watcher
from ..packs.truth import truth_of
from ..util.textsafe import one_line, printable
from .lines import Lines

TICK = 1.0
"""Seconds between two looks at the game when nothing changed (time up, the heartbeat)."""
SLICE = 0.2
"""Seconds of waiting for the game between two looks at the keyboard."""

HELP = "Keys: Enter moves on, p pauses, s skips, k NAME removes, x NAME gives extra time, end ends."


def bar_lines(state: LiveState) -> list[str]:
    """The class's answers as text: a line per bar, with its count and whether it is right."""
    lines = []
    options = state.presented.options if state.presented is not None else ()
    for bar in state.bars:
        mark = " (right)" if bar.correct else ""
        # Options by their number, as the students' screens number them.
        label = str(options.index(bar.text) + 1) if bar.text in options else bar.label
        text = "" if bar.text == label else f" {bar.text}"
        lines.append(f"  {label}.{text}: {bar.count}{mark}")
    return lines


def top_line(state: LiveState, title: str = "Top 5") -> str:
    parts = []
    for s in state.top:
        move = f" (+{s.move})" if s.move > 0 else (f" ({s.move})" if s.move < 0 else "")
        parts.append(f"{s.rank}. {s.name} {s.points}{move}")
    return f"{title}: " + ("; ".join(parts) if parts else "nobody")


def question_lines(state: LiveState) -> list[str]:
    played = state.presented
    if played is None:
        return []
    limit = f", {state.seconds_left:.0f} seconds" if state.seconds_left is not None else ""
    lines = [f"Question {state.index + 1} of {state.total}{limit}:"]
    pack = getattr(played, "pack", None)
    frame = truth_of(pack, played.question).frame_line if pack is not None else None
    if frame:
        lines.append(frame)
    lines.append(played.question.prompt)
    lines += [f"  {i}. {option}" for i, option in enumerate(played.options, start=1)]
    return lines


class HostLines:
    """What changed between two states, as lines."""

    def __init__(self) -> None:
        self.last: LiveState | None = None

    def changes(self, state: LiveState) -> list[str]:
        last = self.last
        self.last = state
        lines: list[str] = []
        names = [p.name for p in state.players]
        if last is None or [p.name for p in last.players] != names:
            count = f"{len(names)} player{'s' if len(names) != 1 else ''}"
            lines.append(f"{count}: {', '.join(names)}" if names else "0 players")
        moved = last is None or (last.phase, last.index) != (state.phase, state.index)
        if last is not None and last.paused != state.paused:
            lines.append("Paused." if state.paused else "Going on.")
        if moved:
            if state.phase == "question":
                lines += question_lines(state)
            elif state.phase == "reveal" and state.presented is not None:
                lines.append(f"{state.answered} of {len(state.players)} answered")
                lines.append(f"Answers to question {state.index + 1}:")
                lines += bar_lines(state)
                lines.append(f"The answer: {state.answer_text}")
                lines += list(state.after_lines)
                lines.append(top_line(state))
            elif state.phase == "podium":
                lines.append(top_line(state, "Podium"))
                lines.append("The game is over. Enter ends it.")
            elif state.phase == "ended":
                lines.append("The class game has ended.")
        elif state.phase == "question" and last is not None and last.answered != state.answered:
            lines.append(f"{state.answered} of {len(state.players)} answered")
        return lines


def host_plain(host: LiveHost, stdin: TextIO, stdout: TextIO, *, resumed: bool = False) -> int:
    """Run the class game from stdin; the exit status."""

    def say(*lines: str) -> None:
        # Pack text and players' names: escaped, never sent raw to the terminal.
        for line in lines:
            stdout.write(printable(line) + "\n")
        stdout.flush()

    code = host.code
    say(
        f"Join code: {code} (students: civic-quiz join {code} --player NAME)"
        + (" - resumed" if resumed else "")
    )
    say(f"{one_line(host.pack.title)}. {HELP}")
    lines = Lines(stdin)
    watcher = Watcher(host.store, code)
    shown = HostLines()
    try:
        while True:
            try:
                state = host.state()
            except LiveError as error:
                say(f"Problem: {error}")
                state = None
            if state is not None:
                say(*shown.changes(state))
                if state.phase == "ended":
                    return 0
            look_again = time.monotonic() + TICK
            line = lines.get(0)
            while line is False:
                # A change, or a second gone (the countdown, the heartbeat): look again.
                if watcher.wait(SLICE) or time.monotonic() > look_again:
                    break
                line = lines.get(0)
            if line is False:
                continue
            if line is None:
                say(f"The host left; civic-quiz host --resume {code} goes on.")
                return 0
            _command(host, str(line), say)
    finally:
        watcher.close()


def _command(host: LiveHost, line: str, say: Callable[..., None]) -> None:
    words = line.strip()
    verb, _, rest = words.partition(" ")
    try:
        if not words:
            host.advance()
        elif words.lower() == "end":
            host.end()
        elif verb.lower() == "k" and rest.strip():
            host.remove(rest.strip())
            say(f"Removed {rest.strip()}.")
        elif verb.lower() == "x" and rest.strip():
            host.give_extra_time(rest.strip())
            say(f"{rest.strip()} has twice the time.")
        elif words.lower() == "p":
            if host.state().paused:
                host.resume_play()
            else:
                host.pause()
        elif words.lower() == "s":
            host.skip()
        else:
            say(f"Unknown key {words!r}. {HELP}")
    except LiveError as error:
        say(f"Problem: {error}")
