"""A class's results: one row per student of a lesson (or since a date), for the teacher.

Each student's row is their latest graded game in the lesson (or since the date, of the pack
if one is given): practice rounds never count, since each serves a student the questions
due for them and is no test. A student who played several graded games there is shown with
the latest one (what they did last, not their best) and the number of games they played.
The time is the sum of the seconds of the shown game's answers.

Rows are sorted by the score's share of the game's maximum, best first, then by name. The
command line (`civic-quiz scores --lesson ID`) and the Teacher screen show the same rows;
this module imports no Textual and no Rich.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import GameStatus, ScoreStore

STATUS_WORDS: dict[str, str] = {
    "finished": "finished",
    "active": "unfinished",
    "abandoned": "abandoned",
}
"""A game's stored status as the teacher reads it: an active game is one not finished yet
(the student may still resume it)."""

NO_VALUE = "\u2013"
"""Shown for a time that is not known (an en dash)."""

SUGGESTIONS = 3
"""At most this many known lesson ids are suggested for an unknown one."""

RESULT_FIELDS: tuple[str, ...] = (
    "player",
    "pack",
    "mode",
    "lesson",
    "score",
    "max_score",
    "percent",
    "correct",
    "answered",
    "questions",
    "seconds",
    "status",
    "games",
    "last_activity",
)
"""The keys of `as_row`, in order (a CSV header)."""


class UnknownLessonError(LookupError):
    """No game was played in the lesson asked for; `suggestions` are the known lesson ids
    closest to it (perhaps none), and the message names them."""

    def __init__(self, lesson: str, suggestions: list[str], known: list[str]) -> None:
        self.lesson = lesson
        self.suggestions = suggestions
        if suggestions:
            advice = "did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
        elif known:
            # None is close: name the latest few (`known` is latest first), so the teacher
            # sees the ids there are rather than a count.
            shown = ", ".join(repr(name) for name in known[:SUGGESTIONS])
            more = f" and {len(known) - SUGGESTIONS} more" if len(known) > SUGGESTIONS else ""
            advice = f"the lessons played are {shown}{more}"
        else:
            advice = "no game has been played in a lesson yet"
        super().__init__(f"no game was played in lesson {lesson!r}; {advice}")


@dataclass(frozen=True, slots=True)
class StudentResult:
    """One student's row: their latest graded game in the lesson, and how many they played."""

    player: str
    pack: str
    mode: str
    lesson: str | None
    score: int
    max_score: int
    correct: int
    """Answers counted correct."""
    answered: int
    """Questions answered so far."""
    questions: int
    """Questions in the game."""
    seconds: float | None
    """Total seconds of the game's answers; None when no answer has a time."""
    status: str
    """`finished`, `unfinished` or `abandoned` (see `STATUS_WORDS`)."""
    games: int
    """Graded games the student played in the lesson (or since the date)."""
    last_activity: dt.datetime
    """The student's last answer, finish or start, over all those games."""

    @property
    def percent(self) -> float:
        """The score as a percentage of the game's maximum (what the rows are sorted by)."""
        return 100.0 * self.score / self.max_score if self.max_score > 0 else 0.0


def class_results(
    store: ScoreStore,
    *,
    lesson: str | None = None,
    since: dt.datetime | None = None,
    pack_id: str | None = None,
) -> list[StudentResult]:
    """One row per student who played a graded game in `lesson` (and/or started at or
    after `since`, of `pack_id`), best share of the maximum first, then by name.
    UnknownLessonError when no game at all was played in `lesson`."""
    if lesson is not None:
        known = store.lessons()
        if lesson not in known:
            close = difflib.get_close_matches(lesson, known, n=SUGGESTIONS, cutoff=0.6)
            raise UnknownLessonError(lesson, close, list(known))
    latest: dict[str, StudentResult] = {}
    games: dict[str, int] = {}
    last: dict[str, dt.datetime] = {}
    # Newest first: the first game met of each student is the one shown.
    for game, seconds, last_answer in store.games_with_times(
        lesson=lesson, since=since, pack_id=pack_id
    ):
        moments = [game.started_at, game.finished_at, last_answer]
        active = max(m for m in moments if m is not None)
        games[game.player] = games.get(game.player, 0) + 1
        last[game.player] = max(active, last.get(game.player, active))
        if game.player in latest:
            continue
        latest[game.player] = StudentResult(
            player=game.player,
            pack=game.pack_id,
            mode=game.mode,
            lesson=game.lesson,
            score=game.score,
            max_score=game.max_score,
            correct=game.correct,
            answered=game.answered,
            questions=len(game.question_ids),
            seconds=seconds,
            status=status_word(game.status),
            games=0,
            last_activity=active,
        )
    rows = [
        _replace(row, games=games[name], last_activity=last[name]) for name, row in latest.items()
    ]
    rows.sort(key=lambda r: (-r.percent, r.player.casefold(), r.player))
    return rows


def _replace(row: StudentResult, **changes: Any) -> StudentResult:
    fields = {name: getattr(row, name) for name in StudentResult.__dataclass_fields__}
    return StudentResult(**(fields | changes))


def status_word(status: GameStatus | str) -> str:
    """A stored game status in the teacher's words (`active` is `unfinished`)."""
    return STATUS_WORDS.get(status, status)


def class_summary(rows: list[StudentResult]) -> str:
    """`12 students, 10 finished, 2 unfinished; average 68%` (abandoned games are counted
    when there are any; the average is of each row's share of its maximum)."""
    if not rows:
        return "0 students"
    parts = [_count(len(rows), "student")]
    for word in ("finished", "unfinished", "abandoned"):
        count = sum(r.status == word for r in rows)
        if count or word != "abandoned":
            parts.append(f"{count} {word}")
    average = sum(r.percent for r in rows) / len(rows)
    return f"{', '.join(parts)}; average {average:.0f}%"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def duration_text(seconds: float | None) -> str:
    """Seconds as `m:ss` (`h:mm:ss` from an hour on), `NO_VALUE` when unknown."""
    if seconds is None:
        return NO_VALUE
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def as_row(row: StudentResult) -> dict[str, Any]:
    """The row as a flat, JSON-ready mapping with the keys of `RESULT_FIELDS` (percent and
    seconds rounded to 1 decimal, the last activity as ISO-8601 UTC)."""
    return {
        "player": row.player,
        "pack": row.pack,
        "mode": row.mode,
        "lesson": row.lesson,
        "score": row.score,
        "max_score": row.max_score,
        "percent": round(row.percent, 1),
        "correct": row.correct,
        "answered": row.answered,
        "questions": row.questions,
        "seconds": None if row.seconds is None else round(row.seconds, 1),
        "status": row.status,
        "games": row.games,
        "last_activity": row.last_activity.astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
