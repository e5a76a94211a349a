"""The plain-text game: questions as numbered lines on stdout, one answer per line on stdin.

For screen readers, dumb terminals and scripts. It drives the same GameSession as the
full-screen app and writes to the same score store. End of input leaves the game unfinished,
to be resumed later. At an answer prompt the word `flag` (`flag out of date: the target is
5% now`) flags the question for the teacher instead of answering it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TextIO

from ..kinds import InputProblem, kind_of
from ..packs.truth import truth_lines, truth_of
from ..play.scoring import Scoring, hint_cost
from ..play.session import AnswerNotSaved, AnswerOutcome, GameSession, PlayedQuestion
from ..reports.flags import FLAG_REASONS, FlagError, parse_flag, reasons_text
from ..store import StoreError
from ..util.textsafe import escape, one_line, printable, unsafe_characters

HINT_INPUTS = ("?", "h", "hint")

FLAG_LINE = re.compile(r"\s*flag(?:\s|:|$)", re.IGNORECASE)
"""A line that flags the question rather than answering it: the word `flag` first."""

FLAG_HELP = (
    f"To flag a question for your teacher, type flag and a reason ({reasons_text()}),"
    " then : and a note if you like, e.g. flag out of date: the target changed."
)
"""Said once at the start of a game whose scores are saved (a flag is kept with them)."""

__all__ = [
    "FLAG_HELP",
    "FLAG_LINE",
    "HINT_INPUTS",
    "InputProblem",
    "flag_question",
    "instructions",
    "parse_response",
    "play_plain",
]


def instructions(played: PlayedQuestion) -> str:
    """How to answer this question, in one line (its kind says)."""
    return kind_of(played.question).instruction(played)


def parse_response(played: PlayedQuestion, line: str) -> Any:
    """The response a typed line stands for; InputProblem when it is not of the right form."""
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
    return kind_of(played.question).parse(played, text)


def render_question(
    played: PlayedQuestion, player: str | None, scoring: Scoring = "standard"
) -> list[str]:
    """The lines that ask a question (`scoring` says what its hint costs)."""
    q = played.question
    when = f" ({played.as_of_text})" if played.as_of_text else ""
    limit = f", {played.time_limit} seconds" if played.time_limit else ""
    lines = [""]
    if player:
        lines.append(f"{one_line(player)}'s turn.")
    place = f"Question {played.number} of {played.total}{when}"
    lines.append(f"{place}, {played.points} points{limit}.")
    frame = truth_of(played.pack, q).frame_line
    if frame:
        lines.append(frame)  # "According to DW, ...:" says the prompt is the source's claim
    lines.append(q.prompt)
    lines += kind_of(q).plain_lines(played)
    hint = f" Type ? for a hint (it {hint_cost(scoring)})." if q.hint else ""
    lines.append(instructions(played) + hint)
    return lines


def render_feedback(outcome: AnswerOutcome) -> list[str]:
    """The lines that follow an answer: the verdict in words, the answer, why, the source,
    then the correction and updates (what is true instead, what changed since)."""
    q = outcome.played.question
    lost = f" ({outcome.time_lost} lost to time)" if outcome.time_lost else ""
    lines = [f"{outcome.verdict}. {outcome.points} points{lost}."]
    if outcome.streak >= 2:
        lines[0] += f" {outcome.streak} in a row."
    if not outcome.correct:
        lines.append(f"You answered: {outcome.response_text}")
        lines.append(f"The answer: {outcome.correct_answer}")
    lines += outcome.feedback_lines
    if q.explanation:
        lines.append(f"Why: {q.explanation}")
    quotes = q.quotes()
    for number, quote in enumerate(quotes, 1):  # the citation after the last
        last = number == len(quotes)
        cite = f" ({outcome.played.source_line})" if last and outcome.played.source_line else ""
        lines.append(f'Source: "{quote}"{cite}')
    lines += truth_lines(truth_of(outcome.played.pack, q))
    return lines


def flag_question(session: GameSession, line: str) -> str:
    """Flag the current question as a typed `flag ...` line asks; what to tell the player:
    thanks, or why it was not flagged (a bad line, or a store that cannot keep it)."""
    try:
        reason, note = parse_flag(line)
        session.flag(reason, note)
    except FlagError as problem:
        return f"Not flagged: {problem}."
    except StoreError as problem:
        return f"The flag could not be saved: {problem}. The game goes on."
    return f"Flagged as {FLAG_REASONS[reason].lower()}: thank you."


SUBMIT_INPUTS = ("submit",)
"""What a player types to submit an exam's answers from its review."""


def prompt_line(stdin: TextIO, stdout: TextIO) -> str:
    """A line typed at the `> ` prompt; empty at the end of input."""
    stdout.write("> ")
    stdout.flush()
    return stdin.readline()


def input_ended(session: GameSession, say: Callable[..., None], resume: str) -> int:
    """At the end of input: the game kept as unfinished (with the time spent on the question
    in timed mode), the command that resumes it said; the status, 3."""
    session.release()
    say("", f"Input ended: the game is saved as unfinished. Resume it with: {resume}")
    return 3


def review_lines(session: GameSession, *, several: bool) -> list[str]:
    """An exam's review: each answer of the player whose turn it is, numbered, and how to
    change one or submit."""
    who = f"{one_line(session.player.name)}: your" if several else "Your"
    lines = ["", f"{who} answers, before you submit them:"]
    for outcome in session.review_outcomes():
        played = outcome.played
        lines.append(f"  {played.number}. {one_line(played.question.prompt)}")
        lines.append(f"     You answered: {one_line(outcome.response_text)}")
    lines.append(
        f"Type a question's number (1 to {len(session.played)}) to change its answer,"
        " or submit to hand in your answers."
    )
    return lines


def review_plain(
    session: GameSession,
    stdin: TextIO,
    stdout: TextIO,
    say: Callable[..., None],
    *,
    several: bool,
    resume: str,
) -> int | None:
    """One step of an exam's review: the list, then a number to change that answer or
    `submit`. None to go on; 3 when input ended, 1 when a change could not be saved (the
    game is kept, in its review, to be resumed)."""
    say(*review_lines(session, several=several))
    while True:
        line = prompt_line(stdin, stdout)
        if not line:
            return input_ended(session, say, resume)
        text = line.strip().lower()
        if text in SUBMIT_INPUTS:
            session.submit()
            return None
        if text.isdigit() and 1 <= int(text) <= len(session.played):
            break
        say(f"Type a number from 1 to {len(session.played)}, or submit.")
    played = session.played[int(text) - 1]
    (current,) = [o for o in session.review_outcomes() if o.played is played]
    say(*render_question(played, None, session.scoring)[:-1])
    say(f"You answered: {current.response_text}")
    say(instructions(played) + " Or an empty line to keep your answer.")
    while True:
        line = prompt_line(stdin, stdout)
        if not line:
            return input_ended(session, say, resume)
        if not line.strip():
            say("Your answer is kept.")
            return None
        try:
            response = parse_response(played, line)
        except InputProblem as problem:
            say(str(problem))
            continue
        break
    try:
        outcome = session.change_answer(
            played.position, response, on_wait=lambda: say("Saving your answer...")
        )
    except AnswerNotSaved as problem:
        session.release()
        say(
            "",
            f"Your changed answer could not be saved: {problem.reason}. The game is kept,"
            f" with your earlier answer: resume it with: {resume}",
        )
        return 1
    say(f"Changed: you answered {outcome.response_text}.")
    return None


def _comes_back(session: GameSession) -> dict[str, str]:
    """When each practised question of the session's pack comes back (empty if unknown)."""
    from ..play.practice import comes_back  # fsrs: loaded once a round is practised

    if session.store is None:
        return {}
    try:
        return comes_back(session.store, session.player.name, session.packs[0].id, session.now())
    except StoreError:
        return {}


def practice_feedback(session: GameSession, outcome: AnswerOutcome) -> list[str]:
    """`Comes back in 10 minutes.` after a practised question's feedback."""
    words = _comes_back(session).get(outcome.played.key)
    return [f"Comes {words}."] if words else []


def practice_end(session: GameSession) -> list[str]:
    """The end of a practice round: what was practised, how much was right, and when each
    question comes back."""
    lines = ["", f"Practice: {one_line(', '.join(p.title for p in session.packs))}."]
    for player in session.players:
        count = len(player.outcomes)
        lines.append(
            f"{one_line(player.name)}: {count} question{'s' * (count != 1)} practised,"
            f" {player.correct} right."
        )
    back = _comes_back(session)
    if back:
        lines += ["", "When each question comes back:"]
        for outcome in session.player.outcomes:
            played = outcome.played
            words = back.get(played.key, "not scheduled")
            lines.append(f"{played.number}. {one_line(played.question.prompt)}: {words}")
    return lines


def play_plain(
    session: GameSession,
    stdin: TextIO,
    stdout: TextIO,
    *,
    leaderboard: Callable[[], list[str]] | None = None,
    resume: str = "civic-quiz play --resume",
) -> int:
    """Play a whole game as plain lines; returns 0 when finished, 3 when input ended early,
    130 when the player pressed Ctrl+C, 1 when an answer could not be saved (the game is
    kept, to be resumed with the command `resume`)."""
    try:
        return _play_lines(session, stdin, stdout, leaderboard=leaderboard, resume=resume)
    except KeyboardInterrupt:
        # Ctrl+C is how a player stops too: every answer given is already stored (each is
        # saved before its feedback), so say so and how to go on, as the end of input does.
        session.release()
        stdout.write(
            printable(
                f"\nInterrupted: your answers are saved and the game is kept as"
                f" unfinished. Resume it with: {resume}"
            )
            + "\n"
        )
        stdout.flush()
        return INTERRUPTED


INTERRUPTED = 130
"""`play_plain`'s status when the player pressed Ctrl+C (what a shell reports: 128 + SIGINT)."""


def players_text(names: list[str]) -> str:
    """`Ada`, `Ada and Ben`, `Ada, Ben and Cy`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _play_lines(
    session: GameSession,
    stdin: TextIO,
    stdout: TextIO,
    *,
    leaderboard: Callable[[], list[str]] | None,
    resume: str,
) -> int:
    """`play_plain`, but for Ctrl+C."""

    def say(*lines: str) -> None:
        # Pack text, names from the store and error messages: escaped, never sent raw.
        for line in lines:
            stdout.write(printable(line) + "\n")
        stdout.flush()

    several = len(session.players) > 1
    names = [one_line(p.name) for p in session.players]
    plays = "plays" if len(names) == 1 else "play"
    say(
        f"civic-quiz: {players_text(names)} {plays} {', '.join(p.title for p in session.packs)}, "
        f"{len(session.played)} questions, {session.mode} mode."
    )
    if session.store is not None:
        say(FLAG_HELP)
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        if session.state == "review":
            status = review_plain(session, stdin, stdout, say, several=several, resume=resume)
            if status is not None:
                return status
            continue
        played = session.current
        say(*render_question(played, session.player.name if several else None, session.scoring))
        session.restart_clock()
        left = session.time_left()
        if left is not None and session.spent_before > 0:
            # Resumed: the time spent on this question before it was left still counts.
            seconds = math.ceil(left)
            say(f"Time already spent on it counts: {seconds} second{'s' * (seconds != 1)} left.")
        while left != 0:  # 0: nothing left to wait for (see the else below)
            line = prompt_line(stdin, stdout)
            if not line:
                return input_ended(session, say, resume)
            if FLAG_LINE.match(line):
                # Not an answer: the question is asked again once the flag is kept (or not).
                say(flag_question(session, line))
                continue
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
            if session.mode == "practice":
                say(*practice_feedback(session, outcome))
    if session.mode == "practice":  # no score to beat: what was practised, and when again
        say(*practice_end(session))
        return 0
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
                played = outcome.played
                frame = truth_of(played.pack, played.question).frame_line
                say(
                    "",
                    f"{played.number}. {frame + ' ' if frame else ''}{played.question.prompt}",
                    *render_feedback(outcome),
                )
    if leaderboard is not None:
        say("", *leaderboard())
    return 0
