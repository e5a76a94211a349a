"""The game engine: a session hands out questions, grades and scores answers, and saves each one.

The Textual app, the plain-text mode and the tests all drive this one state machine; none of
them holds a game rule. A session is built from packs, a mode, a seed and its players. Each
answer is committed to the score store before `answer()` returns, so the UI shows feedback
only for answers that are already safe on disk: an answer that cannot be stored raises
`AnswerNotSaved` and changes nothing, and a game that cannot be created is not started.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from ..core.grading import Grade
from ..core.model import QuestionBase
from ..kinds import kind_of
from ..packs.model import Pack, format_as_of
from .players import GameError, check_player_names
from .scoring import MODES, SCORINGS, Mode, Scoring, points_lost_to_time, score_answer

if TYPE_CHECKING:
    from ..store import AnswerRecord, GameClaim, GameRecord, ScoreStore, StoreError

State = Literal["question", "feedback", "review", "finished"]
"""question: waiting for the current player's answer; feedback: everyone has answered the
current question; review: an exam's questions are all answered, and the player whose turn
it is looks over their answers, may change any, and submits them; finished: the game is
over."""


class AnswerNotSaved(Exception):
    """An answer could not be stored. The session is as it was before the answer: the same
    answer may be given again (`seconds` keeps its time), or the game left and resumed."""

    def __init__(self, error: StoreError, *, seconds: float) -> None:
        super().__init__(f"your answer could not be saved: {error}")
        self.error = error
        """Why, from the store."""
        self.reason = str(error)
        """Why, in one line for players."""
        self.seconds = seconds
        """The time the answer took, to give it again with the same time."""


@dataclass(frozen=True, slots=True)
class PlayedQuestion:
    """A question as this game presents it: its place, its shuffled options, its points."""

    position: int
    """0-based place in the game."""
    total: int
    pack: Pack = field(repr=False)
    question: QuestionBase
    key: str
    """The id stored with answers: the question id, prefixed with the pack id in a game
    drawn from several packs."""
    options: tuple[str, ...]
    """What the player picks from, in display order, as the question's kind shuffled them
    (choice/multi: the options; order: the items; match: the right sides); else empty."""
    points: int
    time_limit: int | None
    """Seconds allowed, in timed mode only."""

    @property
    def number(self) -> int:
        """1-based place in the game, as shown to players."""
        return self.position + 1

    @property
    def as_of(self) -> dt.date | None:
        """The date the question's facts hold."""
        return self.pack.as_of_for(self.question)

    @property
    def as_of_text(self) -> str:
        """`as of 13 November 2016`, or an empty string when the pack gives no date."""
        return format_as_of(self.as_of) if self.as_of else ""

    @property
    def lefts(self) -> tuple[str, ...]:
        """The rows answered one by one (a match's left sides), in the pack's order."""
        return kind_of(self.question).lefts(self.question)

    @property
    def typed(self) -> bool:
        """Whether the answer is typed into an input (single keys are letters there)."""
        return kind_of(self.question).typed

    @property
    def source_line(self) -> str:
        """Who published the question's own source and when, for showing under its quote
        (a pack of several sources cites the one the question names)."""
        source = self.pack.source_for(self.question.source)
        return source.citation() if source else ""


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What happened when a player answered: the grade, the points and what to show."""

    player: str
    played: PlayedQuestion
    response: Any
    response_text: str
    grade: Grade
    points: int
    streak: int
    hint_used: bool
    seconds: float
    timed_out: bool
    scoring: Scoring = "standard"
    """The game's scoring, which says what the hint cost."""

    @property
    def correct(self) -> bool:
        """Full credit."""
        return self.grade.correct

    @property
    def verdict(self) -> str:
        """`Correct`, `Partly correct` or `Wrong` (always in words, never colour alone)."""
        if self.grade.correct:
            # A typo forgiven is still a word misspelt: the student sees how it is written.
            spelling = self.grade.spelling
            return f"Correct (the right spelling: {spelling})" if spelling else "Correct"
        if self.timed_out:
            return "Time is up" if self.played.time_limit is not None else "No answer"
        return "Partly correct" if self.grade.credit > 0 else "Wrong"

    @property
    def time_lost(self) -> int:
        """The points the time taken cost (timed mode, standard scoring), else 0."""
        return points_lost_to_time(
            points=self.played.points,
            credit=self.grade.credit,
            hint_used=self.hint_used,
            seconds=self.seconds,
            time_limit=self.played.time_limit,
            streak=self.streak,
            scoring=self.scoring,
        )

    @property
    def correct_answer(self) -> str:
        """The right answer, as a person reads it."""
        return kind_of(self.played.question).correct_text(self.played.question)

    @property
    def feedback_lines(self) -> list[str]:
        """The kind's extra lines after this answer (a picked option's own feedback)."""
        if self.response is None:
            return []
        return kind_of(self.played.question).feedback_lines(self.played.question, self.response)


@dataclass(slots=True)
class PlayerState:
    """One player's progress through the game."""

    name: str
    game_id: int | None = None
    score: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0
    outcomes: list[AnswerOutcome] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Time spent answering, in seconds."""
        return sum(o.seconds for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class Standing:
    """A player's place in a game: players with the same score share a place."""

    place: int
    name: str
    score: int
    correct: int


def standings(players: Sequence[PlayerState]) -> list[Standing]:
    """The players by score, best first; equal scores share a place and the next place is
    skipped (1, 2, 2, 4), as in sports; ties keep the order of play."""
    ranked = sorted(players, key=lambda p: -p.score)
    places: list[Standing] = []
    for index, player in enumerate(ranked):
        tied = places and places[-1].score == player.score
        place = places[-1].place if tied else index + 1
        places.append(Standing(place, player.name, player.score, player.correct))
    return places


def response_json(response: Any) -> str:
    """A response as JSON, for the score store."""
    if isinstance(response, set | frozenset | tuple):
        response = sorted(response) if isinstance(response, set | frozenset) else list(response)
    return json.dumps(response, ensure_ascii=False)


def response_text(played: PlayedQuestion, response: Any) -> str:
    """A response as a person reads it (its kind says how)."""
    if response is None:
        return "(no answer)"
    return kind_of(played.question).response_text(played, response)


class GameSession:
    """One game: its questions in a seeded order, its players' turns, answers and scores."""

    def __init__(
        self,
        packs: Sequence[Pack],
        *,
        players: Sequence[str] = ("Player",),
        mode: Mode = "classic",
        seed: int | None = None,
        questions: int | None = None,
        scoring: Scoring | None = None,
        store: ScoreStore | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] | None = None,
        question_keys: Sequence[str] | None = None,
        after_answer: Callable[[AnswerOutcome], object] | None = None,
        lesson: str | None = None,
    ) -> None:
        if not packs:
            raise GameError("a game needs at least one pack")
        if mode not in MODES:
            raise GameError(f"unknown mode '{mode}'; the modes are {', '.join(MODES)}")
        names = check_player_names(players)
        if questions is not None and questions < 1:
            raise GameError("a game needs at least one question")
        self.packs = list(packs)
        self.mode: Mode = mode
        self.seed = seed if seed is not None else secrets.randbelow(2**31)
        self.scoring: Scoring = scoring or _pack_scoring(self.packs)
        if self.scoring not in SCORINGS:
            raise GameError(f"unknown scoring '{self.scoring}'")
        self.store = store
        self.lesson = lesson
        """The teacher's lesson id the new games are stored under (`game.play.lesson`), if any."""
        self.save_error: str | None = None
        """A failure to save something besides an answer (a practice card, the end of the
        game), for the UI to report once; answers that cannot be saved raise instead."""
        self._claims: list[GameClaim] = []
        self._clock = clock
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.played = self._choose(questions, question_keys)
        self._after_answer = after_answer
        self.players = [PlayerState(n) for n in names]
        self.position = 0
        self.turn = 0
        self.state: State = "question"
        self._hint_used = False
        self._asked_at = clock()
        self._spent_before = 0.0
        """Seconds the current player spent on the current question in an earlier sitting
        (a game left unanswered in timed mode), counted with this sitting's."""
        self._kept = 0.0
        """The seconds last kept in the store for the current question (`keep_time`)."""

    # -- building ------------------------------------------------------------------------

    @property
    def pack_id(self) -> str:
        """The id games are filed under: the pack's, or the ids of all packs joined by '+'."""
        return "+".join(p.id for p in self.packs)

    @property
    def pack_hash(self) -> str:
        """The content hash of the packs, to refuse resuming on changed questions."""
        return "+".join(p.content_hash() for p in self.packs)

    def _all_questions(self) -> dict[str, tuple[Pack, QuestionBase]]:
        several = len(self.packs) > 1
        return {
            (f"{pack.id}/{q.id}" if several else q.id): (pack, q)
            for pack in self.packs
            for q in pack.playable_questions()  # drafts are never played
        }

    def _choose(self, count: int | None, keys: Sequence[str] | None) -> list[PlayedQuestion]:
        available = self._all_questions()
        if not available:
            raise GameError("there is no question to play: every question is a draft")
        if keys is None:
            keys = list(available)
            random.Random(self.seed).shuffle(keys)
            keys = keys[:count] if count else keys
        missing = [k for k in keys if k not in available]
        if missing:
            raise GameError(f"the pack no longer has question(s) {', '.join(missing)}")
        chosen = []
        for position, key in enumerate(keys):
            pack, question = available[key]
            chosen.append(
                PlayedQuestion(
                    position=position,
                    total=len(keys),
                    pack=pack,
                    question=question,
                    key=key,
                    options=kind_of(question).options(
                        question, random.Random(f"{self.seed}:{key}")
                    ),
                    points=pack.points_for(question),
                    time_limit=pack.time_limit_for(question) if self.mode == "timed" else None,
                )
            )
        return chosen

    @property
    def max_score(self) -> int:
        """The most this game can score: every question's points with the streak bonus
        that a run of instant, hint-free, fully correct answers earns (`scoring.max_score`)."""
        from .scoring import max_score  # local: the property shares the function's name

        return max_score((p.points for p in self.played), self.scoring)

    def start(self, *, on_wait: Callable[[], object] | None = None) -> None:
        """Open each player's game in the store, all at once, and claim them for this
        session. StoreError when they cannot be created: the game must then not be played
        (or be played without a store). `on_wait` is called if the store keeps the game
        waiting (see `ScoreStore.record_answer`)."""
        if self.store is None or all(p.game_id is not None for p in self.players):
            return
        ids = self.store.start_games(
            players=[p.name for p in self.players],
            pack_id=self.pack_id,
            pack_hash=self.pack_hash,
            mode=self.mode,
            scoring=self.scoring,
            seed=self.seed,
            question_ids=[p.key for p in self.played],
            max_score=self.max_score,
            started_at=self._now(),
            on_wait=on_wait,
            lesson=self.lesson,
        )
        for player, game_id in zip(self.players, ids, strict=True):
            player.game_id = game_id
        self._claim()

    def _claim(self) -> None:
        """Claim every player's game, so that no other window plays it meanwhile."""
        store = self.store
        if store is None:
            return
        try:
            for player in self.players:
                if player.game_id is not None:
                    self._claims.append(store.claim_game(player.game_id))
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Give up this session's claim on its games (when it is left or over); another
        window may then resume them. In timed mode the time already spent on a question left
        unanswered is kept first, so that resuming does not give it again. Safe to call more
        than once."""
        if self._claims:  # once released, another window may be playing the game
            self.keep_time()
        claims, self._claims = self._claims, []
        for claim in claims:
            claim.release()

    # -- playing -------------------------------------------------------------------------

    @property
    def current(self) -> PlayedQuestion:
        """The question being asked (or whose feedback is shown)."""
        return self.played[min(self.position, len(self.played) - 1)]

    @property
    def player(self) -> PlayerState:
        """The player whose turn it is."""
        return self.players[self.turn]

    @property
    def is_over(self) -> bool:
        """True once every question has been answered by every player."""
        return self.state == "finished"

    @property
    def shows_feedback(self) -> bool:
        """Whether answers are followed by feedback (not in exam mode)."""
        return self.mode != "exam"

    def time_left(self) -> float | None:
        """Seconds left for the current question in timed mode, else None."""
        limit = self.current.time_limit
        if limit is None or self.state != "question":
            return None
        return max(limit - self._elapsed(), 0.0)

    @property
    def spent_before(self) -> float:
        """Seconds the current player spent on the current question before the game was
        last left (timed mode; 0 otherwise), counted against its time limit."""
        return self._spent_before

    def _elapsed(self) -> float:
        """Seconds the current player has spent on the current question, earlier sittings
        included (the injected monotonic clock: a wall-clock change cannot alter it)."""
        return self._spent_before + self._clock() - self._asked_at

    def use_hint(self) -> str | None:
        """The current question's hint, marking it used (see `scoring.hint_cost`); None if none."""
        if self.state != "question" or self.current.question.hint is None:
            return None
        self._hint_used = True
        return self.current.question.hint

    def now(self) -> dt.datetime:
        """The time by the session's clock of dates (injected in tests), e.g. to say when a
        practised question comes back."""
        return self._now()

    @property
    def hint_used(self) -> bool:
        """Whether the current player has taken the current question's hint."""
        return self._hint_used

    def answer(
        self,
        response: Any,
        *,
        seconds: float | None = None,
        on_wait: Callable[[], object] | None = None,
    ) -> AnswerOutcome:
        """Grade, score and save the current player's answer; `None` means no answer given.

        Raises TypeError for a response of the wrong shape for the question type, and
        AnswerNotSaved when the answer cannot be stored: then nothing changes, and no
        feedback may be shown. `on_wait` is called once if the store keeps the answer
        waiting (another program holds the database), so that the player can be told.
        """
        outcome = self.grade(response, seconds=seconds)
        self.commit(outcome, on_wait=on_wait)
        return outcome

    def grade(self, response: Any, *, seconds: float | None = None) -> AnswerOutcome:
        """The current player's answer graded and scored, changing nothing: `commit` saves
        it and moves the game on. A front end may show the outcome while it is being
        saved, and must take it back if `commit` raises AnswerNotSaved. TypeError for a
        response of the wrong shape for the question type."""
        if self.state != "question":
            raise GameError("no question is waiting for an answer")
        played = self.current
        taken = self._elapsed() if seconds is None else seconds
        timed_out = response is None or (
            played.time_limit is not None and taken > played.time_limit
        )
        result = (
            Grade(0.0)
            if response is None
            else kind_of(played.question).grade_in(played.question, response, played.pack.language)
        )
        player = self.player
        streak = player.streak + 1 if result.correct else 0
        points = score_answer(
            points=played.points,
            credit=result.credit,
            hint_used=self._hint_used,
            seconds=taken,
            time_limit=played.time_limit,
            streak=streak,
            scoring=self.scoring,
        )
        return AnswerOutcome(
            player=player.name,
            played=played,
            response=response,
            response_text=response_text(played, response),
            grade=result,
            points=points,
            streak=streak,
            hint_used=self._hint_used,
            seconds=round(taken, 3),
            timed_out=timed_out,
            scoring=self.scoring,
        )

    def commit(
        self, outcome: AnswerOutcome, *, on_wait: Callable[[], object] | None = None
    ) -> None:
        """Save an answer `grade` gave for the current turn and move the game on (to the
        next player, the feedback or the next question). AnswerNotSaved when it cannot be
        stored: then nothing changes. GameError for an outcome of another turn."""
        if self.state != "question" or outcome.played is not self.current:
            raise GameError("this answer is not to the question waiting for one")
        player = self.player
        if outcome.player != player.name:
            raise GameError("this answer is not of the player whose turn it is")
        self._record(player, outcome, on_wait)
        if self._after_answer is not None:
            # mypy loses the None check inside the lambda; it is checked just above.
            self._save(lambda: self._after_answer(outcome))  # type: ignore[misc]
        self._apply(player, outcome)
        self._next_turn()

    @property
    def feedback_follows(self) -> bool:
        """Whether the answer of the current turn is followed by feedback (the last player
        to answer this question, in a mode that shows feedback)."""
        return self.shows_feedback and self.turn + 1 >= len(self.players)

    def standings_with(self, outcome: AnswerOutcome) -> list[Standing]:
        """The standings as they will be once `outcome` (of the current player) is
        committed: what feedback shown before the answer is saved ranks."""
        current = self.player
        players = [
            replace(p, score=p.score + outcome.points, correct=p.correct + int(outcome.correct))
            if p is current
            else p
            for p in self.players
        ]
        return standings(players)

    # -- an exam's review ------------------------------------------------------------------

    @property
    def in_review(self) -> bool:
        """Whether an exam's answers are being reviewed before they are submitted."""
        return self.state == "review"

    def review_outcomes(self) -> list[AnswerOutcome]:
        """The answers of the player whose turn it is to review, by position."""
        return sorted(self.player.outcomes, key=lambda o: o.played.position)

    def change_answer(
        self,
        position: int,
        response: Any,
        *,
        on_wait: Callable[[], object] | None = None,
    ) -> AnswerOutcome:
        """Replace the reviewing player's answer at `position` (0-based) in an exam's
        review, and return its new outcome. The answer keeps its time and hint; the streak
        bonus of the answers after it is counted again. Every answer whose points or grade
        change is stored before the change counts (AnswerNotSaved: nothing changes);
        TypeError for a response of the wrong shape, GameError outside a review or for a
        position not answered."""
        if self.state != "review":
            raise GameError("answers can be changed only in an exam's review")
        player = self.player
        old = self.review_outcomes()
        if not any(o.played.position == position for o in old):
            raise GameError(f"there is no answer to question {position + 1} to change")
        played = self.played[position]
        result = (
            Grade(0.0)
            if response is None
            else kind_of(played.question).grade_in(played.question, response, played.pack.language)
        )
        new: list[AnswerOutcome] = []
        streak = 0
        for outcome in old:
            here = outcome.played.position == position
            grade = result if here else outcome.grade
            given = response if here else outcome.response
            streak = streak + 1 if grade.correct else 0
            new.append(
                AnswerOutcome(
                    player=player.name,
                    played=outcome.played,
                    response=given,
                    response_text=response_text(outcome.played, given)
                    if here
                    else outcome.response_text,
                    grade=grade,
                    points=score_answer(
                        points=outcome.played.points,
                        credit=grade.credit,
                        hint_used=outcome.hint_used,
                        seconds=outcome.seconds,
                        time_limit=outcome.played.time_limit,
                        streak=streak,
                        scoring=self.scoring,
                    ),
                    streak=streak,
                    hint_used=outcome.hint_used,
                    seconds=outcome.seconds,
                    timed_out=given is None,
                    scoring=self.scoring,
                )
            )
        changed = [
            n
            for o, n in zip(old, new, strict=True)
            if (o.response, o.grade.credit, o.points) != (n.response, n.grade.credit, n.points)
        ]
        self._replace(player, changed, on_wait)
        player.outcomes = []
        player.score = player.correct = player.streak = player.best_streak = 0
        for outcome in new:
            self._apply(player, outcome)
        return next(o for o in new if o.played.position == position)

    def submit(self) -> None:
        """Submit the reviewing player's answers: the next player reviews theirs, or the
        game is over (and marked finished in the store)."""
        if self.state != "review":
            raise GameError("there is no review to submit")
        if self.turn + 1 < len(self.players):
            self.turn += 1
            return
        self.state = "finished"
        self._finish()

    def flag(self, reason: str, note: str = "") -> None:
        """Flag the current question (the one being asked, or whose feedback is showing)
        for the player whose turn it is: the question's own pack and its content hash are
        stored, so that the teacher sees the flag under the pack, and whether the pack has
        changed since. FlagError for a reason not in `FLAG_REASONS`, a note longer than
        `MAX_NOTE`, or a game played without saving scores; StoreError when the store
        cannot keep it (nothing else changes: the game goes on)."""
        from ..reports.flags import FlagError, check_note, check_reason

        reason, note = check_reason(reason), check_note(note)
        if self.store is None:
            raise FlagError(
                "this game is played without saving scores, so a flag cannot be kept;"
                " tell your teacher instead"
            )
        played, player = self.current, self.player
        self.store.add_flag(
            pack_id=played.pack.id,
            pack_hash=played.pack.content_hash(),
            question_id=played.question.id,
            player=player.name,
            reason=reason,
            note=note,
            game_id=player.game_id,
            at=self._now(),
        )

    def advance(self) -> None:
        """Leave the feedback of a question for the next question (or the end)."""
        if self.state != "feedback":
            raise GameError("there is no feedback to leave")
        self._next_question()

    def _apply(self, player: PlayerState, outcome: AnswerOutcome) -> None:
        player.outcomes.append(outcome)
        player.score += outcome.points
        player.correct += int(outcome.correct)
        player.streak = outcome.streak
        player.best_streak = max(player.best_streak, player.streak)

    def _next_turn(self) -> None:
        self._hint_used = False
        self._spent_before = self._kept = 0.0
        if self.turn + 1 < len(self.players):
            self.turn += 1
            self._asked_at = self._clock()
        elif self.shows_feedback:
            self.state = "feedback"
        else:
            self._next_question()

    def _next_question(self) -> None:
        self.turn = 0
        self.position += 1
        if self.position >= len(self.played):
            if self.mode == "exam":
                self.state = "review"  # submitted on purpose (`submit`), not by the last answer
                return
            self.state = "finished"
            self._finish()
        else:
            self.state = "question"
            self._asked_at = self._clock()

    def restart_clock(self) -> None:
        """Start the current question's clock now (when it is actually shown); time kept
        from an earlier sitting still counts."""
        self._asked_at = self._clock()

    def keep_time(self, *, every: float | None = None) -> None:
        """Store the time the current player has spent so far on the unanswered current
        question (timed mode only), to count it again if the game is resumed. Called on
        leaving and every few seconds by a front end, since a killed window saves nothing
        on exit: with `every`, only if at least that many seconds were spent since the time
        last kept (one small UPDATE now and then). A failure goes to `save_error`: it is no
        answer, the game goes on."""
        player = self.player
        if (
            self.store is None
            or self.state != "question"
            or self.current.time_limit is None
            or player.game_id is None
        ):
            return
        game_id, position, seconds = player.game_id, self.current.position, self._elapsed()
        if every is not None and seconds - self._kept < every:
            return
        self._kept = seconds
        self._save(
            # The store is not None here (a game without one keeps no time), as checked above.
            lambda: self.store.keep_time(game_id, position, round(seconds, 3)),  # type: ignore[union-attr]
            what=f"the time spent on question {position + 1}",
        )

    # -- saving --------------------------------------------------------------------------

    def _save(self, action: Callable[[], Any], *, what: str | None = None) -> Any:
        """Run a save that the game can go on without (a practice card, the end of a game
        whose answers are all stored, the time spent on a question); a failure is kept in
        `save_error`, naming `what` could not be saved when given."""
        from ..store import StoreError

        try:
            return action()
        except StoreError as error:
            message = f"{what} could not be kept ({error})" if what else str(error)
            self.save_error = self.save_error or message
            return None

    def _record(
        self,
        player: PlayerState,
        outcome: AnswerOutcome,
        on_wait: Callable[[], object] | None,
    ) -> None:
        if self.store is None:
            return
        from ..store import StoreError

        try:
            if player.game_id is None:
                raise StoreError("this game was never created in the score database")
            self.store.record_answer(
                player.game_id,
                position=outcome.played.position,
                question_id=outcome.played.key,
                answer_json=response_json(outcome.response),
                answer_text=outcome.response_text,
                credit=outcome.grade.credit,
                points=outcome.points,
                seconds=outcome.seconds,
                hint_used=outcome.hint_used,
                correct=outcome.correct,
                answered_at=self._now(),
                on_wait=on_wait,
            )
        except StoreError as error:
            raise AnswerNotSaved(error, seconds=outcome.seconds) from error

    def _replace(
        self,
        player: PlayerState,
        outcomes: Sequence[AnswerOutcome],
        on_wait: Callable[[], object] | None,
    ) -> None:
        """Store changed answers in place of the old ones (an exam's review)."""
        if self.store is None or not outcomes:
            return
        from ..store import AnswerRecord, StoreError

        when = self._now()
        try:
            if player.game_id is None:
                raise StoreError("this game was never created in the score database")
            self.store.replace_answers(
                player.game_id,
                [
                    AnswerRecord(
                        game_id=player.game_id,
                        position=o.played.position,
                        question_id=o.played.key,
                        answer_json=response_json(o.response),
                        answer_text=o.response_text,
                        credit=o.grade.credit,
                        points=o.points,
                        seconds=o.seconds,
                        hint_used=o.hint_used,
                        answered_at=when,
                    )
                    for o in outcomes
                ],
                on_wait=on_wait,
            )
        except StoreError as error:
            raise AnswerNotSaved(error, seconds=outcomes[0].seconds) from error

    def _finish(self) -> None:
        if self.store is None:
            return
        from ..store import StoreError

        try:
            for player in self.players:
                if player.game_id is not None:
                    self.store.finish_game(player.game_id, finished_at=self._now())
        except StoreError as error:
            # Every answer is stored: the game is finished when it is next resumed.
            self.save_error = self.save_error or (
                f"the game could not be marked as finished ({error}); resume it later to"
                " put it on the leaderboard"
            )
            return
        self.release()

    # -- resuming ------------------------------------------------------------------------

    @classmethod
    def resume(
        cls,
        store: ScoreStore,
        games: Sequence[GameRecord],
        packs: Sequence[Pack],
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] | None = None,
        after_answer: Callable[[AnswerOutcome], object] | None = None,
    ) -> GameSession:
        """Continue unfinished games (one per player, all of one session) where they stopped."""
        first = games[0]
        session = cls(
            packs,
            players=[g.player for g in games],
            # A stored game's mode and scoring are text the store checked on writing.
            mode=first.mode,  # type: ignore[arg-type]
            seed=first.seed,
            scoring=first.scoring,  # type: ignore[arg-type]  # as the mode
            store=store,
            clock=clock,
            now=now,
            question_keys=list(first.question_ids),
            after_answer=after_answer,
        )
        if session.pack_hash != first.pack_hash:
            raise GameError(
                f"the pack '{first.pack_id}' has changed since this game was started,"
                " so it cannot be resumed"
            )
        for player, game in zip(session.players, games, strict=True):
            player.game_id = game.id
        session._claim()  # before reading the answers, which another window might be adding
        try:
            for player, game in zip(session.players, games, strict=True):
                for record in store.answers(game.id):
                    played = session.played[record.position]
                    response = json.loads(record.answer_json)
                    result = _stored_grade(played, response, record.credit)
                    streak = player.streak + 1 if result.correct else 0
                    outcome = stored_outcome(session, player.name, record, response, result, streak)
                    session._apply(player, outcome)
        except BaseException:
            session.release()
            raise
        answered = [len(p.outcomes) for p in session.players]
        session.position = min(answered)
        session.turn = answered.index(session.position)
        # Only the current player's kept time counts: the others' turns are still to come
        # (or done), and a time kept for an earlier question was spent before its answer.
        kept = games[session.turn]
        if (
            kept.pending_position == session.position
            and kept.pending_seconds is not None
            and session.current.time_limit is not None
        ):
            session._spent_before = session._kept = max(float(kept.pending_seconds), 0.0)
        if session.position >= len(session.played):
            if session.mode == "exam":
                # Left in its review: every player reviews again, then submits.
                session.state, session.turn = "review", 0
            else:
                session.state = "finished"
                session._finish()
        return session


def stored_outcome(
    session: GameSession,
    player: str,
    record: AnswerRecord,
    response: Any,
    grade: Grade,
    streak: int,
) -> AnswerOutcome:
    """The outcome of an answer as the store keeps it (`response` read from its JSON; its
    points, time and hint as they were stored), graded `grade` at `streak` right in a row."""
    return AnswerOutcome(
        player=player,
        played=session.played[record.position],
        response=response,
        response_text=record.answer_text,
        grade=grade,
        points=record.points,
        streak=streak,
        hint_used=record.hint_used,
        seconds=record.seconds or 0.0,
        timed_out=response is None,
        scoring=session.scoring,
    )


def _stored_grade(played: PlayedQuestion, response: Any, credit: float) -> Grade:
    """The grade of a stored answer: its stored credit, with the right spelling of a typo
    found again by grading it anew (only when that gives the same credit: the pack is
    unchanged, its hash checked, but a grading rule may have changed since)."""
    if response is not None:
        try:
            again = kind_of(played.question).grade_in(
                played.question, response, played.pack.language
            )
        except (TypeError, ValueError):
            again = None
        if again is not None and abs(again.credit - credit) < 1e-9:
            return Grade(credit, again.detail, spelling=again.spelling)
    return Grade(credit)


def _pack_scoring(packs: Sequence[Pack]) -> Scoring:
    """Accuracy scoring when any pack asks for it in its defaults, else standard."""
    wanted = {p.defaults.scoring for p in packs}
    return "accuracy" if "accuracy" in wanted else "standard"
