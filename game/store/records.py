"""The score store's records (rows as named tuples), game statuses, and its text of times."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple, get_args

GameStatus = Literal["active", "finished", "abandoned"]
GAME_STATUSES: tuple[GameStatus, ...] = get_args(GameStatus)

# Named tuples rather than dataclasses: the records are rows, immutable, and this module is
# imported before the home screen appears; a named tuple's class is made several times
# faster than a frozen dataclass's.


class GameRecord(NamedTuple):
    """One player's game as stored, with its running totals."""

    id: int
    player: str
    pack_id: str
    pack_hash: str
    """Hash of the pack's content when the game started (a changed pack cannot be resumed)."""
    mode: str
    scoring: str
    seed: int
    question_ids: tuple[str, ...]
    """The game's questions, in the order played."""
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: GameStatus
    score: int
    max_score: int
    correct: int
    """Answers counted correct so far."""
    total: int
    """Answers recorded so far (running total, updated with each answer)."""
    answered: int
    """Answer rows stored for this game (equals `total` unless the file was edited by hand)."""
    group_id: int | None = None
    """The games started together (the players of one hot-seat game) share this id, the id
    of the first of them; None in a database older than schema version 3."""
    pending_position: int | None = None
    """The unanswered question the player left (timed mode), with..."""
    pending_seconds: float | None = None
    """...the seconds already spent on it, kept so that resuming does not give them again."""
    lesson: str | None = None
    """The id of the lesson the game was played in (`civic-quiz serve --lesson`), else None."""


FULL_CREDIT = 1.0 - 1e-9
"""The least credit that is fully correct (`game.core.grading.CREDIT_EPSILON` below 1),
for counting correct answers in SQL."""


class AnswerRecord(NamedTuple):
    """One stored answer."""

    game_id: int
    position: int
    """0-based index into the game's `question_ids`."""
    question_id: str
    answer_json: str
    """The response as JSON; `null` for no answer or a time-out."""
    answer_text: str
    """The response as a person reads it."""
    credit: float
    points: int
    seconds: float | None
    hint_used: bool
    answered_at: dt.datetime


class LeaderboardRow(NamedTuple):
    """One finished game on a pack's leaderboard."""

    rank: int
    """1-based place."""
    game_id: int
    player: str
    mode: str
    score: int
    max_score: int
    finished_at: dt.datetime

    @property
    def percent(self) -> float:
        """The score as a percentage of the game's maximum: what the ranking compares."""
        return 100.0 * self.score / self.max_score if self.max_score > 0 else 0.0


class StoredCard(NamedTuple):
    """A practice card as stored: the fsrs card as JSON, tied to the content of its question
    (a changed question starts again as a new card)."""

    question_id: str
    question_hash: str
    card_json: str
    due: dt.datetime


class AnswerRow(NamedTuple):
    """One stored answer with its game and player, for teachers' exports (CSV or JSON)."""

    player: str
    game_id: int
    pack_id: str
    mode: str
    game_status: GameStatus
    position: int
    """0-based place of the question in its game."""
    question_id: str
    answer_text: str
    """The answer given, as a person reads it."""
    credit: float
    """The graded share, 0 to 1."""
    points: int
    seconds: float | None
    hint_used: bool
    answered_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        """The row as a flat, JSON-ready mapping (the time as ISO-8601 UTC); its keys, in
        order, are `ANSWER_ROW_FIELDS`, fit for a CSV header."""
        return {
            "player": self.player,
            "game_id": self.game_id,
            "pack_id": self.pack_id,
            "mode": self.mode,
            "game_status": self.game_status,
            "position": self.position,
            "question_id": self.question_id,
            "answer_text": self.answer_text,
            "credit": self.credit,
            "points": self.points,
            "seconds": self.seconds,
            "hint_used": self.hint_used,
            "answered_at": self.answered_at.isoformat(),
        }


class FlagRecord(NamedTuple):
    """A player's flag on a question, as stored."""

    id: int
    pack_id: str
    pack_hash: str
    """The content hash of the pack (of the question's own pack) when it was flagged."""
    question_id: str
    player: str
    reason: str
    """One of `flags.FLAG_REASONS`."""
    note: str
    """What the player wrote (cleaned of controls; may be empty)."""
    game_id: int | None
    """The game it was flagged in, if that game is stored."""
    created_at: dt.datetime


class FirstAnswer(NamedTuple):
    """An answer of a player's first finished graded game of a pack, as item analysis
    reads it (`ScoreStore.iter_first_game_answers`)."""

    question_id: str
    answer_text: str
    credit: float
    """The graded share, 0 to 1."""
    seconds: float | None
    game_credit: float
    """The total credit of the answer's game (this answer's included)."""


ANSWER_ROW_FIELDS: tuple[str, ...] = (
    "player",
    "game_id",
    "pack_id",
    "mode",
    "game_status",
    "position",
    "question_id",
    "answer_text",
    "credit",
    "points",
    "seconds",
    "hint_used",
    "answered_at",
)
"""The keys of `AnswerRow.as_dict`, in order."""


def utc_text(when: dt.datetime | None) -> str:
    """ISO-8601 UTC with microseconds, fixed width so text order is time order (the store's
    text of a time; now when None). A naive datetime is taken as local time, as
    `datetime.astimezone` does."""
    moment = dt.datetime.now(dt.UTC) if when is None else when.astimezone(dt.UTC)
    return moment.isoformat(timespec="microseconds")


def from_text(text: str) -> dt.datetime:
    """A time as the store wrote it (`utc_text`), aware."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
