"""The plain-text game: questions as numbered lines on stdout, one answer per line on stdin.

For screen readers, dumb terminals and scripts. It drives the same GameSession as the
full-screen app and writes to the same score store. End of input leaves the game unfinished,
to be resumed later.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TextIO

from .packs.grading import parse_number
from .packs.model import (
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from .session import AnswerNotSaved, AnswerOutcome, GameSession, PlayedQuestion
from .textsafe import escape, one_line, printable, unsafe_characters

HINT_INPUTS = ("?", "h", "hint")
_NUMBERS = re.compile(r"[\s,;]+")
_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "2"}


class InputProblem(ValueError):
    """A line that is not an answer of the expected form; the message says what is expected."""


def instructions(played: PlayedQuestion) -> str:
    """How to answer this question, in one line."""
    q = played.question
    n = len(played.options)
    if isinstance(q, ChoiceQuestion):
        return f"Answer with a number from 1 to {n}."
    if isinstance(q, MultiQuestion):
        return "Pick all that apply: numbers separated by spaces, like 1 3 (or - for none)."
    if isinstance(q, TrueFalseQuestion):
        return "Answer t for true or f for false."
    if isinstance(q, NumericQuestion):
        unit = f" (in {q.unit})" if q.unit else ""
        return f"Type a number{unit}."
    if isinstance(q, OrderQuestion):
        return f"Type the numbers 1 to {n} in the right order, like {_example(n)}."
    if isinstance(q, MatchQuestion):
        letters = " ".join(_letter(i) for i in range(len(played.lefts)))
        return f"For {letters} in turn, type the number of its match, like {_example(n)}."
    return "Type your answer."


def _example(n: int) -> str:
    return " ".join(str(i) for i in [*range(2, n + 1), 1][:n])


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def parse_response(played: PlayedQuestion, line: str) -> Any:
    """The response a typed line stands for; InputProblem when it is not of the right form."""
    q = played.question
    text = line.strip()
    # Refused rather than stripped: what is left of an escape sequence (an arrow key's
    # `[A`) would be graded as the answer without the player knowing; asked again, they
    # can type what they meant. And nothing stored can later command a teacher's terminal.
    found = unsafe_characters(text)
    if found:
        shown = ", ".join(escape(char) for char in found)
        raise InputProblem(
            f"The line has a control character ({shown}), perhaps from an arrow or function"
            " key: please type the answer again."
        )
    if isinstance(q, ChoiceQuestion):
        return played.options[_numbers(text, len(played.options), exactly=1)[0] - 1]
    if isinstance(q, MultiQuestion):
        if text in ("-", "0", "none"):
            return []
        picks = _numbers(text, len(played.options))
        return [played.options[i - 1] for i in dict.fromkeys(picks)]
    if isinstance(q, TrueFalseQuestion):
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise InputProblem("Please answer t (true) or f (false).")
    if isinstance(q, NumericQuestion):
        if parse_number(text, q.unit) is None:
            raise InputProblem("Please type a number, like 2, 2.5 or 1,000.")
        return text
    if isinstance(q, OrderQuestion):
        order = _numbers(text, len(played.options), exactly=len(played.options))
        if sorted(order) != list(range(1, len(played.options) + 1)):
            raise InputProblem("Please use each number once.")
        return [played.options[i - 1] for i in order]
    if isinstance(q, MatchQuestion):
        picks = _numbers(text, len(played.options), exactly=len(played.lefts))
        return {left: played.options[i - 1] for left, i in zip(played.lefts, picks, strict=True)}
    if isinstance(q, TextQuestion) and not text:
        raise InputProblem("Please type an answer.")
    return text


def _numbers(text: str, highest: int, *, exactly: int | None = None) -> list[int]:
    parts = [p for p in _NUMBERS.split(text) if p]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    wanted = f"{exactly} number{'s' * (exactly != 1)}" if exactly else "numbers"
    if not numbers or any(not 1 <= n <= highest for n in numbers):
        raise InputProblem(f"Please type {wanted} from 1 to {highest}.")
    if exactly is not None and len(numbers) != exactly:
        raise InputProblem(f"Please type {wanted} from 1 to {highest}.")
    return numbers


def render_question(played: PlayedQuestion, player: str | None) -> list[str]:
    """The lines that ask a question."""
    q = played.question
    when = f" ({played.as_of_text})" if played.as_of_text else ""
    limit = f", {played.time_limit} seconds" if played.time_limit else ""
    lines = [""]
    if player:
        lines.append(f"{one_line(player)}'s turn.")
    place = f"Question {played.number} of {played.total}{when}"
    lines.append(f"{place}, {played.points} points{limit}.")
    lines.append(q.prompt)
    if isinstance(q, MatchQuestion):
        lines += [f"  {_letter(i)}. {left}" for i, left in enumerate(played.lefts)]
        lines.append("Matches:")
    lines += [f"  {i}. {option}" for i, option in enumerate(played.options, start=1)]
    hint = " Type ? for a hint (it halves the points)." if q.hint else ""
    lines.append(instructions(played) + hint)
    return lines


def render_feedback(outcome: AnswerOutcome) -> list[str]:
    """The lines that follow an answer: the verdict in words, the answer, why, and the source."""
    q = outcome.played.question
    lines = [f"{outcome.verdict}. {outcome.points} points."]
    if outcome.streak >= 2:
        lines[0] += f" {outcome.streak} in a row."
    if not outcome.correct:
        lines.append(f"You answered: {outcome.response_text}")
        lines.append(f"The answer: {outcome.correct_answer}")
    feedback = _option_feedback(outcome)
    if feedback:
        lines.append(feedback)
    if q.explanation:
        lines.append(f"Why: {q.explanation}")
    if q.quote:
        cite = f" ({outcome.played.source_line})" if outcome.played.source_line else ""
        lines.append(f'Source: "{q.quote}"{cite}')
    return lines


def _option_feedback(outcome: AnswerOutcome) -> str:
    q = outcome.played.question
    if isinstance(q, ChoiceQuestion) and isinstance(outcome.response, str):
        option = next((c for c in q.choices if c.text == outcome.response), None)
        return option.feedback or "" if option else ""
    return ""


def play_plain(
    session: GameSession,
    stdin: TextIO,
    stdout: TextIO,
    *,
    leaderboard: Callable[[], list[str]] | None = None,
    resume: str = "civic-quiz play --resume",
) -> int:
    """Play a whole game as plain lines; returns 0 when finished, 3 when input ended early,
    1 when an answer could not be saved (the game is kept, to be resumed with the command
    `resume`)."""

    def say(*lines: str) -> None:
        # Pack text, names from the store and error messages: escaped, never sent raw.
        for line in lines:
            stdout.write(printable(line) + "\n")
        stdout.flush()

    several = len(session.players) > 1
    say(
        f"civic-quiz: {', '.join(p.title for p in session.packs)}, "
        f"{len(session.played)} questions, {session.mode} mode."
    )
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        played = session.current
        say(*render_question(played, session.player.name if several else None))
        session.restart_clock()
        left = session.time_left()
        if left is not None and session.spent_before > 0:
            # Resumed: the time spent on this question before it was left still counts.
            seconds = math.ceil(left)
            say(f"Time already spent on it counts: {seconds} second{'s' * (seconds != 1)} left.")
        while left != 0:  # 0: nothing left to wait for (see the else below)
            stdout.write("> ")
            stdout.flush()
            line = stdin.readline()
            if not line:
                session.release()  # keeps the time spent on this question (timed mode)
                say(
                    "",
                    f"Input ended: the game is saved as unfinished. Resume it with: {resume}",
                )
                return 3
            if line.strip().lower() in HINT_INPUTS and played.question.hint:
                say(f"Hint: {session.use_hint()}")
                continue
            if line.strip() == "?":
                say("This question has no hint.")
                continue
            try:
                response = parse_response(played, line)
            except InputProblem as problem:
                say(str(problem))
                continue
            break
        else:
            # Its time ran out in an earlier sitting (the loop never ran): no answer.
            say("Time is up: it ran out before the game was left.")
            response = None
        try:
            outcome = session.answer(response, on_wait=lambda: say("Saving your answer..."))
        except AnswerNotSaved as problem:
            # No feedback for an answer that is not stored: the player would see a score
            # that exists nowhere. The game stays as it was, at this question.
            session.release()
            say(
                "",
                f"Your answer could not be saved: {problem.reason}. The game is kept:"
                f" resume it with: {resume}",
            )
            return 1
        if session.save_error:
            say(f"Warning: {session.save_error}")
            session.save_error = None
        if session.shows_feedback:
            say(*render_feedback(outcome))
    say("", "Game over.")
    for player in session.players:
        say(
            f"{player.name}: {player.score} of {session.max_score} points, "
            f"{player.correct} of {len(session.played)} correct, "
            f"best streak {player.best_streak}."
        )
    if not session.shows_feedback:
        say("", "Review:")
        for player in session.players:
            for outcome in player.outcomes:
                say(
                    "",
                    f"{outcome.played.number}. {outcome.played.question.prompt}",
                    *render_feedback(outcome),
                )
    if leaderboard is not None:
        say("", *leaderboard())
    return 0
