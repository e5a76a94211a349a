"""A student's side of a class game: join with a code and a name, see, answer, rejoin."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from ..kinds import kind_of
from ..play.players import GameError, check_player_name
from ..play.scoring import max_score
from ..play.session import response_json, response_text
from ..store import GameClaimedError, StoreError
from ..store import live as db
from .engine import (
    Player,
    Session,
    build_state,
    epoch_time,
    find_pack,
    normal_code,
    played_questions,
    player_of,
    ranks,
    read_all,
    read_session,
    session_of,
)
from .model import LiveError, StudentView

if TYPE_CHECKING:
    from ..packs.model import Pack
    from ..play.session import PlayedQuestion
    from ..store import GameClaim, ScoreStore


CLAIM_TRIES = 4
REFRESH = 2.0
"""Seconds between two renewals of a student's claim on their game (`_still_here`)."""


class LiveStudent:
    """One student in one class game. The student's game is claimed by this process while
    it plays (a lock the operating system or the server drops when the process dies), so
    the name is refused to anyone else until then, and free again at once after a crash."""

    def __init__(
        self, store: ScoreStore, code: str, name: str, pack: Pack, claim: GameClaim
    ) -> None:
        self.store = store
        self.code = code
        self.name = name
        self.pack = pack
        self._claim: GameClaim | None = claim
        self._seen_index: int | None = None
        self._refreshed = 0.0

    @classmethod
    def join(cls, store: ScoreStore, code: str, name: str, packs: Any = None) -> LiveStudent:
        """Join (or rejoin, with the points so far) the class game with this code. LiveError:
        a wrong or ended code, a name taken by a connected player, a removed name, a bad
        name. `packs`: loaded packs, a catalog, or None for the packs on this machine."""
        try:
            cleaned = check_player_name(name)
        except GameError as error:
            raise LiveError(str(error)) from error
        session = read_session(store, code)
        if session.phase in ("podium", "ended"):
            raise LiveError(f"the class game {session.code} has ended")
        pack = find_pack(session, packs)
        questions = played_questions(pack, session)
        points = [p.points for p in questions]

        def enter(c: db._Conn) -> tuple[str, int | None, bool]:
            row = db.session(c, session.code)
            assert row is not None
            now = session_of(row)
            players = [player_of(r) for r in db.players(c, session.code)]
            same = next((p for p in players if p.name.casefold() == cleaned.casefold()), None)
            if same is not None:
                if same.removed:
                    raise LiveError(
                        f"the name {same.name} was removed from this game by the teacher"
                    )
                return same.name, same.game_id, False
            if now.phase == "lobby":
                first = 0
            elif now.phase == "question" and now.time_left():
                first = now.index
            else:
                first = now.index + 1
            db.insert_player(c, session.code, cleaned, first)
            return cleaned, None, True

        try:
            taken_name, game_id, _new = db.write(store, enter)
            if game_id is None:
                game_id = store.start_game(
                    player=taken_name,
                    pack_id=session.pack_id,
                    pack_hash=session.pack_hash,
                    mode="live",
                    scoring=session.options.scoring,
                    seed=session.seed,
                    question_ids=list(session.keys),
                    max_score=max_score(points, session.options.scoring),
                )
                gid = game_id
                db.write(
                    store, lambda c: db.update_player(c, session.code, taken_name, game_id=gid)
                )
            claim = _claim(store, game_id, taken_name)
            db.write(store, lambda c: db.update_player(c, session.code, taken_name, connected=1))
        except StoreError as error:
            raise LiveError(f"the score database: {error}") from error
        return cls(store, session.code, taken_name, pack, claim)

    def keep_alive(self) -> None:
        """Renew this student's claim on their game if a restarted PostgreSQL server lost
        it (the host sees a student whose claim is free for a while as gone). Cheap: call
        it every `REFRESH` seconds while waiting; `view` calls it too."""
        if time.monotonic() - self._refreshed < REFRESH:
            return
        self._refreshed = time.monotonic()
        db.renew_claims(self.store)

    def _still_here(self, me: Player | None) -> None:
        """Say this student is here if the host marked them away (while their claim was
        lost, or after they had left)."""
        self.keep_alive()
        if me is None or me.removed or me.connected:
            return
        try:
            db.renew_claims(self.store)
            db.write(self.store, lambda c: db.update_player(c, self.code, self.name, connected=1))
        except StoreError:
            pass  # the next look tries again

    def view(self) -> StudentView:
        """The game as this student sees it now."""
        session, players, answers = read_all(self.store, self.code)
        self._still_here(next((p for p in players if p.name == self.name), None))
        questions = played_questions(self.pack, session)
        state = build_state(session, players, answers, questions)
        me = next((p for p in players if p.name == self.name), None)
        mine = next((a for a in answers if a.name == self.name and a.index == session.index), None)
        self._seen_index = session.index
        revealed = session.phase == "reveal"
        places = ranks(players)
        removed = me is None or me.removed
        its = me is not None and not me.removed and me.first_index <= session.index
        return StudentView(
            state=state,
            name=self.name,
            my_answer=None if mine is None else mine.response,
            my_answer_text=None if mine is None else mine.answer_text,
            correct=(mine.correct if mine else None) if revealed and its else None,
            points_won=((mine.points or 0) if mine else 0) if revealed and its else None,
            points=me.points if me else 0,
            place=places.get(self.name),
            deadline=epoch_time(session.deadline(bool(me and me.extra_time))),
            removed=removed,
            playing=its,
        )

    def answer(self, response: Any) -> None:
        """Give (or change) the answer to the question last seen in `view` (else the current
        one), stamped by the database's clock; LiveError when time is up, the question has
        moved on or been revealed, the game is paused, or the response is not an answer."""
        index = self._seen_index

        def give(c: db._Conn) -> None:
            row = db.session(c, self.code)
            if row is None:
                raise LiveError(f"no class game has the code {self.code}")
            s = session_of(row)
            me_row = db.player(c, self.code, self.name)
            me = None if me_row is None else player_of(me_row)
            if me is None or me.removed:
                raise LiveError("the teacher removed you from this game")
            if s.phase in ("podium", "ended"):
                raise LiveError("the class game has ended")
            if s.phase != "question" or (index is not None and index != s.index):
                raise LiveError("time is up: the answers are being shown")
            if me.first_index > s.index:
                raise LiveError("this question was asked before you joined: wait for the next")
            if s.paused:
                raise LiveError("the teacher paused the game: answer when it goes on")
            if not s.time_left(me.extra_time):
                raise LiveError("time is up")
            played = self._played(s)
            checked = _checked(played, response)
            db.put_answer(
                c,
                self.code,
                s.index,
                self.name,
                response_json(checked),
                response_text(played, checked),
            )

        try:
            db.write(self.store, give)
        except StoreError as error:
            raise LiveError(f"your answer could not be saved: {error}") from error

    def _played(self, session: Session) -> PlayedQuestion:
        return played_questions(self.pack, session)[session.index]

    def leave(self) -> None:
        """Leave the game (the name may rejoin, with its points)."""
        claim, self._claim = self._claim, None
        try:
            db.write(self.store, lambda c: db.update_player(c, self.code, self.name, connected=0))
        except (StoreError, LiveError):
            pass  # the host sees them as gone once the claim is free
        finally:
            if claim is not None:
                claim.release()


def _claim(store: ScoreStore, game_id: int, name: str) -> GameClaim:
    """The student's game, claimed while they play; LiveError when another process plays it.
    Tried a few times: the host takes a claim for a moment to see who is gone."""
    for attempt in range(CLAIM_TRIES):
        try:
            return store.claim_game(game_id)
        except GameClaimedError:
            if attempt == CLAIM_TRIES - 1:
                break
            time.sleep(0.1)
    raise LiveError(f"the name {name} is taken: choose another")


def _checked(played: PlayedQuestion, response: Any) -> Any:
    """The response if it is an answer of the question's form (a set made a list, as it is
    stored); LiveError otherwise."""
    if isinstance(response, set | frozenset | tuple):
        response = sorted(response) if isinstance(response, set | frozenset) else list(response)
    response = json.loads(json.dumps(response))
    try:
        kind_of(played.question).grade_in(played.question, response, played.pack.language)
    except (TypeError, ValueError) as error:
        raise LiveError(f"that is not an answer to this question ({error})") from None
    return response


__all__ = ["LiveStudent", "normal_code"]
