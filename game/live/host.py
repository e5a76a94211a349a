"""The teacher's side of a class game: create or resume it, set the pace, reveal, score."""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from typing import TYPE_CHECKING, Any

from ..kinds import kind_of
from ..play.scoring import max_score, score_answer
from ..store import StoreError
from ..store import live as db
from .engine import (
    HEARTBEAT,
    Answer,
    Player,
    Session,
    answer_of,
    build_state,
    find_pack,
    options_json,
    played_questions,
    player_of,
    playing,
    ranks,
    read_all,
    read_session,
    session_of,
)
from .model import LiveError, LiveOptions, LiveState

if TYPE_CHECKING:
    from ..packs.model import Pack
    from ..play.session import PlayedQuestion
    from ..store import ScoreStore

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join code characters: no 0/O, no 1/I, so that a code read off a projector is typed right."""
CODE_LENGTH = 4


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


class LiveHost:
    """The host of one class game. Every method reads or writes the store and returns once
    the change is committed: the host can be closed and `resume`d at any moment."""

    def __init__(self, store: ScoreStore, code: str, pack: Pack) -> None:
        self.store = store
        self.code = code
        self.pack = pack
        self._seen = 0.0
        self._free: dict[str, int] = {}
        """Players whose claim the host found free at its last looks (`_check_connected`)."""

    # -- making ----------------------------------------------------------------------------

    @classmethod
    def create(cls, store: ScoreStore, pack: Pack, options: LiveOptions) -> LiveHost:
        """A new class game in the lobby, with a join code no other session has."""
        if options.time_limit is not None and not options.time_limit > 0:
            raise LiveError("the time limit must be more than 0 seconds")
        if options.questions is not None and options.questions < 1:
            raise LiveError("a class game needs at least one question")
        seed = options.seed if options.seed is not None else secrets.randbelow(2**31)
        from ..play.players import GameError
        from ..play.session import GameSession

        try:
            game = GameSession([pack], seed=seed, questions=options.questions)
        except GameError as error:
            raise LiveError(str(error)) from error
        keys = json.dumps([p.key for p in game.played], ensure_ascii=False)

        def insert(c: db._Conn) -> str:
            for _ in range(50):
                code = new_code()
                if not db.code_taken(c, code):
                    db.insert_session(
                        c,
                        code=code,
                        pack_id=pack.id,
                        pack_hash=pack.content_hash(),
                        pack_title=pack.title,
                        options_json=options_json(options),
                        seed=seed,
                        question_ids=keys,
                    )
                    return code
            raise LiveError("no free join code was found; try again")  # pragma: no cover

        code = _store_call(lambda: db.write(store, insert))
        return cls(store, code, pack)

    @classmethod
    def resume(cls, store: ScoreStore, code: str, packs: Any = None) -> LiveHost:
        """Pick up a session where it was; LiveError if unknown or ended. `packs`: loaded
        packs, a catalog, or None for the packs on this machine."""
        session = read_session(store, code)
        if session.phase in ("podium", "ended"):
            raise LiveError(f"the class game {session.code} has ended")
        host = cls(store, session.code, find_pack(session, packs))
        host._heartbeat(force=True)
        host._record(session.index if session.phase == "reveal" else session.index - 1)
        return host

    # -- reading ---------------------------------------------------------------------------

    def _questions(self, session: Session) -> list[PlayedQuestion]:
        return played_questions(self.pack, session)

    def state(self) -> LiveState:
        """The session now; reveals a question whose time is up or that everyone answered
        (the host moves on by itself there), and says the host is alive."""
        if self._heartbeat():
            self._check_connected()
        session, players, answers = read_all(self.store, self.code)
        if (
            session.phase == "question"
            and not session.paused
            and self._due(session, players, answers)
        ):
            self.reveal()
            session, players, answers = read_all(self.store, self.code)
        return build_state(session, players, answers, self._questions(session))

    @staticmethod
    def _due(session: Session, players: list[Player], answers: list[Answer]) -> bool:
        active = [p for p in players if playing(p, session) and p.connected]
        answered = {a.name for a in answers if a.index == session.index}
        if active and all(p.name in answered for p in active):
            return True
        if session.options.time_limit is None:
            return False
        extra = any(p.extra_time for p in active)
        return not session.time_left(extra)

    def _heartbeat(self, force: bool = False) -> bool:
        """Say the host is alive, every `HEARTBEAT` seconds; whether it was said."""
        if force or time.monotonic() - self._seen > HEARTBEAT:
            self._seen = time.monotonic()
            _store_call(lambda: db.write(self.store, lambda c: db.host_seen(c, self.code)))
            return True
        return False

    def _check_connected(self) -> None:
        """Mark away the players whose process is gone: a student's game is claimed while
        it plays (a lock the system or the server drops with the process, even killed), so
        a claim the host can take is a student no longer there."""
        _session, players, _answers = read_all(self.store, self.code)
        gone = []
        for p in players:
            if not p.connected or p.removed or p.game_id is None:
                continue
            try:
                claim = self.store.claim_game(p.game_id)
            except StoreError:  # GameClaimedError: still playing
                self._free.pop(p.name, None)
                continue
            claim.release()
            # Free twice in a row, a heartbeat apart: after a PostgreSQL restart every
            # claim is free until its student renews it (`LiveStudent.keep_alive`).
            self._free[p.name] = self._free.get(p.name, 0) + 1
            if self._free[p.name] >= 2:
                gone.append(p.name)
                del self._free[p.name]

        def mark(c: db._Conn) -> None:
            for name in gone:
                db.update_player(c, self.code, name, connected=0)

        if gone:
            _store_call(lambda: db.write(self.store, mark))

    # -- the pace --------------------------------------------------------------------------

    def _change(self, action: Any) -> None:
        def run(c: db._Conn) -> None:
            row = db.session(c, self.code)
            if row is None:
                raise LiveError(f"no class game has the code {self.code}")
            action(c, session_of(row))

        _store_call(lambda: db.write(self.store, run))

    def start(self) -> None:
        """From the lobby to the first question."""

        def go(c: db._Conn, s: Session) -> None:
            if s.phase != "lobby":
                raise LiveError("the class game has already started")
            db.update_session(c, self.code, phase="question", idx=0, open_now=True)

        self._change(go)

    def reveal(self) -> None:
        """Close the current question: grade every answer, score it by the database's times,
        and show the class's answers; each student's answer then joins their game."""
        index = -1

        def go(c: db._Conn, s: Session) -> None:
            nonlocal index
            if s.phase != "question":
                raise LiveError("there is no open question to reveal")
            index = s.index
            self._score(c, s)
            db.update_session(c, self.code, phase="reveal", paused=0, paused_at=None)

        self._change(go)
        self._record(index)

    def _score(self, c: db._Conn, s: Session) -> None:
        played = self._questions(s)[s.index]
        kind = kind_of(played.question)
        players = [player_of(r) for r in db.players(c, self.code)]
        before = ranks(players)
        given = {a.name: a for a in (answer_of(r) for r in db.answers(c, self.code, s.index))}
        limit = s.options.time_limit
        for p in players:
            if p.removed:
                continue
            streak = 0
            won = 0
            answer = given.get(p.name)
            if answer is not None and playing(p, s):
                try:
                    grade = kind.grade_in(played.question, answer.response, played.pack.language)
                    credit = grade.credit
                except (TypeError, ValueError):
                    credit = 0.0
                seconds = max(answer.answered_at - (s.opened_at or answer.answered_at), 0.0)
                correct = credit >= 1.0 - 1e-9
                streak = p.streak + 1 if correct else 0
                won = score_answer(
                    points=played.points,
                    credit=credit,
                    seconds=seconds,
                    time_limit=(limit * (2 if p.extra_time else 1))
                    if s.options.mode == "timed" and limit
                    else None,
                    streak=streak,
                    scoring=s.options.scoring,
                )
                db.grade_answer(c, self.code, s.index, p.name, credit, won, seconds)
            db.update_player(
                c,
                self.code,
                p.name,
                points=p.points + won,
                streak=streak,
                last_rank=before.get(p.name),
            )

    def next(self) -> None:
        """After a reveal: the next question, or the podium after the last."""

        def go(c: db._Conn, s: Session) -> None:
            if s.phase != "reveal":
                raise LiveError("reveal the question before moving on")
            self._move_on(c, s)

        self._change(go)
        self._after_move()

    def _move_on(self, c: db._Conn, s: Session) -> None:
        if s.index + 1 >= len(s.keys):
            db.update_session(c, self.code, phase="podium", paused=0, paused_at=None)
        else:
            db.update_session(
                c,
                self.code,
                phase="question",
                idx=s.index + 1,
                paused=0,
                paused_at=None,
                open_now=True,
            )

    def _after_move(self) -> None:
        session = read_session(self.store, self.code)
        if session.phase == "podium":
            self._record(len(session.keys) - 1)
            self._close_games(finish=True)

    def advance(self) -> None:
        """One key for everything: start, reveal, next question or podium, then end."""
        phase = read_session(self.store, self.code).phase
        if phase == "lobby":
            self.start()
        elif phase == "question":
            self.reveal()
        elif phase == "reveal":
            self.next()
        elif phase == "podium":
            self.end()
        else:
            raise LiveError(f"the class game {self.code} has ended")

    def pause(self) -> None:
        """Stop the clock: students cannot answer until `resume_play`."""
        self._change(lambda c, s: db.pause_clock(c, self.code) if s.phase == "question" else None)

    def resume_play(self) -> None:
        self._change(lambda c, s: db.resume_clock(c, self.code))

    def skip(self) -> None:
        """Drop the current question (nobody scores it) and go on to the next."""
        index = -1

        def go(c: db._Conn, s: Session) -> None:
            nonlocal index
            if s.phase not in ("question", "reveal"):
                raise LiveError("there is no question to skip")
            index = s.index
            if s.phase == "question":
                db.update_session(c, self.code, skipped=json.dumps(sorted(s.skipped | {s.index})))
            self._move_on(c, s)

        self._change(go)
        self._record(index)
        self._after_move()

    def end(self) -> None:
        """Close the class game for good (games of a game not played to the end are kept,
        as abandoned ones)."""
        phase = ""

        def go(c: db._Conn, s: Session) -> None:
            nonlocal phase
            phase = s.phase
            if s.phase != "ended":
                db.update_session(c, self.code, phase="ended", paused=0, paused_at=None)

        self._change(go)
        if phase != "podium":
            self._close_games(finish=False)

    def remove(self, name: str) -> None:
        """Take a player out of the game: they cannot rejoin this session under that name."""
        player = self._player(name)
        _store_call(
            lambda: db.write(
                self.store,
                lambda c: db.update_player(
                    c, self.code, player.name, stage=True, removed=1, connected=0
                ),
            )
        )
        if player.game_id is not None:
            game_id = player.game_id
            _quietly(lambda: self.store.abandon_game(game_id))

    def give_extra_time(self, name: str) -> None:
        """Twice the time limit for one player, from now on (the current question too)."""
        player = self._player(name)
        _store_call(
            lambda: db.write(
                self.store,
                lambda c: db.update_player(c, self.code, player.name, stage=True, extra_time=1),
            )
        )

    def _player(self, name: str) -> Player:
        wanted = name.strip().casefold()
        _session, players, _answers = read_all(self.store, self.code)
        for p in players:
            if p.name.casefold() == wanted and not p.removed:
                return p
        raise LiveError(f"no player named {name.strip()} is in this game")

    # -- the records: each student's answers as a game of theirs ----------------------------

    def _record(self, upto: int) -> None:
        """Store every player's answers up to question `upto` in their own game (once each:
        `recorded` counts what is stored; an answer a crash stored already is not stored
        again). A late joiner's earlier questions are stored as not played."""
        if upto < 0:
            return
        session, players, answers = read_all(self.store, self.code, every_answer=True)
        questions = self._questions(session)
        by_key = {(a.index, a.name): a for a in answers}
        for p in players:
            if p.removed or p.game_id is None:
                continue
            for position in range(p.recorded, upto + 1):
                self._record_one(session, p, position, by_key.get((position, p.name)), questions)
        done = [p.name for p in players if not p.removed and p.game_id and p.recorded <= upto]

        def mark(c: db._Conn) -> None:
            for name in done:
                db.set_recorded(c, self.code, name, upto + 1)

        if done:
            _store_call(lambda: db.write(self.store, mark))

    def _record_one(
        self,
        session: Session,
        player: Player,
        position: int,
        answer: Answer | None,
        questions: list[PlayedQuestion],
    ) -> None:
        played = questions[position]
        if position in session.skipped:
            text, answer = "(skipped by the teacher)", None
        elif position < player.first_index:
            text, answer = "(not played: joined later)", None
        elif answer is None or answer.credit is None:
            text, answer = "(no answer)", None
        else:
            text = answer.answer_text
        game_id = player.game_id
        assert game_id is not None
        try:
            self.store.record_answer(
                game_id,
                position=position,
                question_id=played.key,
                answer_json=answer.answer_json if answer else "null",
                answer_text=text,
                credit=answer.credit or 0.0 if answer else 0.0,
                points=answer.points or 0 if answer else 0,
                seconds=answer.seconds if answer else None,
                hint_used=False,
                correct=answer.correct if answer else False,
            )
        except StoreError as error:
            if "already has an answer" not in str(error) and "takes no more" not in str(error):
                raise LiveError(
                    f"an answer of {player.name} could not be stored: {error}"
                ) from error
        except KeyError:
            pass  # the game was deleted (`db forget`): nothing to add to

    def _close_games(self, *, finish: bool) -> None:
        _session, players, _answers = read_all(self.store, self.code)
        for p in players:
            if p.game_id is None or p.removed:
                continue
            game_id = p.game_id
            with contextlib.suppress(StoreError, KeyError):
                if finish:
                    self.store.finish_game(game_id)
                else:
                    self.store.abandon_game(game_id)


def live_max_score(points: list[int], scoring: str) -> int:
    return max_score(points, "accuracy" if scoring == "accuracy" else "standard")


def _store_call(action: Any) -> Any:
    """A store call whose failure the teacher is told of in one line."""
    try:
        return action()
    except StoreError as error:
        raise LiveError(f"the score database: {error}") from error


def _quietly(action: Any) -> None:
    with contextlib.suppress(StoreError, KeyError):
        action()
