"""Practice mode: every question a player has seen is a spaced-repetition card (FSRS).

The scheduling itself is the `fsrs` package's; this module only decides which rating an
answer earns, which questions a practice round serves, and keeps the cards in the store.

Ratings, from the answer's outcome:
- not fully correct (wrong, partly correct, no answer): Again
- correct, but with the hint or slower than the question's time limit: Hard
- correct in under a third of the time limit: Easy
- correct otherwise: Good
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from fsrs import Card, Rating, Scheduler

from ..store import StoredCard

if TYPE_CHECKING:
    from ..core.model import QuestionBase
    from ..packs.model import Pack
    from .session import AnswerOutcome

DEFAULT_ROUND = 10
"""Questions in a practice round unless `--questions` says otherwise."""


class CardStore(Protocol):
    """What practice needs from the score store."""

    def cards(self, player: str, pack_id: str) -> dict[str, StoredCard]: ...

    def save_card(self, player: str, pack_id: str, card: StoredCard) -> None: ...


def question_hash(question: QuestionBase) -> str:
    """A hash of a question's content: a changed question starts again as a new card."""
    return hashlib.sha256(question.model_dump_json().encode("utf-8")).hexdigest()[:16]


def rating_for(outcome: AnswerOutcome, time_limit: float) -> Rating:
    """The FSRS rating an answer earns (see the module docstring)."""
    if not outcome.correct:
        return Rating.Again
    if outcome.hint_used or outcome.seconds > time_limit:
        return Rating.Hard
    if outcome.seconds < time_limit / 3:
        return Rating.Easy
    return Rating.Good


def _card_of(stored: StoredCard | None, question: QuestionBase) -> Card | None:
    """The stored card of a question, or None when it is new or has changed since."""
    if stored is None or stored.question_hash != question_hash(question):
        return None
    try:
        return Card.from_dict(json.loads(stored.card_json))
    except (ValueError, KeyError, TypeError):
        return None  # a damaged card row: the question simply starts again


def plan_round(
    pack: Pack,
    stored: Mapping[str, StoredCard],
    now: dt.datetime,
    limit: int = DEFAULT_ROUND,
) -> list[str]:
    """Question ids for a round: due cards, most overdue first, then new questions."""
    due: list[tuple[dt.datetime, str]] = []
    new: list[str] = []
    for question in pack.playable_questions():  # drafts are never played
        card = _card_of(stored.get(question.id), question)
        if card is None:
            new.append(question.id)
        elif card.due <= now:
            due.append((card.due, question.id))
    due.sort()
    return ([qid for _, qid in due] + new)[:limit]


def due_count(pack: Pack, stored: Mapping[str, StoredCard], now: dt.datetime) -> int:
    """How many questions of a pack are due now for a player (new ones are not counted)."""
    count = 0
    for question in pack.playable_questions():  # drafts are never played
        card = _card_of(stored.get(question.id), question)
        count += card is not None and card.due <= now
    return count


class PracticeRecorder:
    """Updates a player's cards as they answer; hand `record` to the session as `after_answer`."""

    def __init__(
        self,
        store: CardStore,
        player: str,
        pack: Pack,
        now: Callable[[], dt.datetime],
        scheduler: Scheduler | None = None,
    ) -> None:
        self.store = store
        self.player = player
        self.pack = pack
        self.now = now
        # Fuzzing spreads due dates at random; off, so a round can be replayed and tested.
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)
        self._stored = dict(store.cards(player, pack.id))

    def record(self, outcome: AnswerOutcome) -> StoredCard:
        """Review the question's card with the rating the answer earned, and save it."""
        question = outcome.played.question
        when = self.now()
        card = _card_of(self._stored.get(question.id), question)
        if card is None:
            card = Card(card_id=_card_id(self.player, self.pack.id, question.id), due=when)
        rating = rating_for(outcome, self.pack.time_limit_for(question))
        card, _ = self.scheduler.review_card(card, rating, review_datetime=when)
        stored = StoredCard(
            question.id, question_hash(question), json.dumps(card.to_dict()), card.due
        )
        self.store.save_card(self.player, self.pack.id, stored)
        self._stored[question.id] = stored
        return stored


def comes_back_text(due: dt.datetime, now: dt.datetime) -> str:
    """When a practised question is due again, in words: `back in 10 minutes`, `back in 5
    hours`, `back tomorrow`, `back in 3 days` (`back now` when it is due already)."""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "back now"
    if seconds < 3600:
        minutes = max(round(seconds / 60), 1)
        return f"back in {minutes} minute{'s' * (minutes != 1)}"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"back in {hours} hour{'s' * (hours != 1)}"
    days = int(seconds // 86400)  # whole days: "3 days" for 3 days and 2 hours
    return "back tomorrow" if days == 1 else f"back in {days} days"


def comes_back(store: CardStore, player: str, pack_id: str, now: dt.datetime) -> dict[str, str]:
    """When each of a player's practised questions of a pack comes back, in words, by
    question id (`back in 3 days`)."""
    return {
        qid: comes_back_text(card.due, now) for qid, card in store.cards(player, pack_id).items()
    }


def _card_id(*parts: str) -> int:
    """A stable card id (fsrs would otherwise make one from the clock, pausing to keep it
    unique)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big")
