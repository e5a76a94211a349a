"""The store's writes of games and answers, each one transaction committed before it returns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .base import GameClaim
from .core import StoreCore
from .errors import StoreError
from .records import FULL_CREDIT, AnswerRecord, GameStatus, utc_text
from .rows import ANSWER_COLUMNS

if TYPE_CHECKING:
    from .interface import Connection


class GameWrites(StoreCore):
    """Starting games, recording and replacing answers, finishing, claiming (`ScoreStore`)."""

    def start_game(
        self,
        *,
        player: str,
        pack_id: str,
        pack_hash: str,
        mode: str,
        scoring: str,
        seed: int,
        question_ids: Sequence[str],
        max_score: int,
        started_at: dt.datetime | None = None,
    ) -> int:
        """Record a new active game for `player` (created if new); returns its id."""
        (game_id,) = self.start_games(
            players=[player],
            pack_id=pack_id,
            pack_hash=pack_hash,
            mode=mode,
            scoring=scoring,
            seed=seed,
            question_ids=question_ids,
            max_score=max_score,
            started_at=started_at,
        )
        return game_id

    def start_games(
        self,
        *,
        players: Sequence[str],
        pack_id: str,
        pack_hash: str,
        mode: str,
        scoring: str,
        seed: int,
        question_ids: Sequence[str],
        max_score: int,
        started_at: dt.datetime | None = None,
        on_wait: Callable[[], object] | None = None,
        lesson: str | None = None,
    ) -> list[int]:
        """Record one new active game per player (hot-seat players share a start and a
        `group_id`, the first game's id), all in one transaction: either every player's game
        exists or none does; `lesson` files them under a teacher's lesson. Returns their ids
        in the order of `players`."""
        sql = self.sql
        p = sql.p
        if isinstance(question_ids, str) or isinstance(players, str):
            raise TypeError("question_ids and players must be sequences, not one string")
        ids_json = json.dumps([str(q) for q in question_ids], ensure_ascii=False)
        started = utc_text(started_at)

        def insert(conn: Connection) -> list[int]:
            game_ids = []
            for player in players:
                conn.execute(
                    f"INSERT INTO players (name) VALUES ({p}) ON CONFLICT (name) DO NOTHING",
                    (player,),
                )
                cursor = conn.execute(
                    f"""INSERT INTO games (player_id, pack_id, pack_hash, mode, scoring, seed,
                           question_ids, started_at, status, max_score)
                       SELECT id, {p}, {p}, {p}, {p}, {p}, {p}, {p}, 'active', {p} FROM players
                       WHERE name = {p} RETURNING id""",
                    (pack_id, pack_hash, mode, scoring, seed, ids_json, started, max_score, player),
                )
                row = cursor.fetchone()
                if row is None:  # pragma: no cover - the player row was just ensured
                    raise StoreError(f"could not start a game in {self._path}", self._path)
                game_ids.append(int(row[0]))
            marks = sql.marks(len(game_ids))
            conn.execute(
                f"UPDATE games SET group_id = {p}, lesson = {p} WHERE id IN ({marks})",
                (game_ids[0], lesson, *game_ids),
            )
            return game_ids

        return self.write(insert, on_wait)

    def record_answer(
        self,
        game_id: int,
        *,
        position: int,
        question_id: str,
        answer_json: str,
        answer_text: str,
        credit: float,
        points: int,
        seconds: float | None,
        hint_used: bool,
        correct: bool,
        answered_at: dt.datetime | None = None,
        on_wait: Callable[[], object] | None = None,
    ) -> None:
        """Store an answer and add it to the game's running totals, in one transaction that
        is committed before this returns. Raises KeyError for an unknown game, StoreError
        for a game no longer active, a position already answered, or a question that is
        not the game's question at `position`. `on_wait`: see `write`."""
        sql = self.sql
        p = sql.p
        json.loads(answer_json)  # ValueError for a response that is not JSON
        when = utc_text(answered_at)
        tries = 0

        def insert(conn: Connection) -> None:
            nonlocal tries
            tries += 1
            if (
                tries > 1
                and conn.execute(
                    f"""SELECT 1 FROM answers WHERE game_id = {p} AND position = {p}
                   AND question_id = {p} AND answered_at = {p}""",
                    (game_id, position, question_id, when),
                ).fetchone()
            ):
                # A connection lost while committing: the answer was saved after all.
                return
            row = conn.execute(
                f"SELECT status, question_ids FROM games WHERE id = {p}", (game_id,)
            ).fetchone()
            if row is None:
                raise KeyError(game_id)
            status, ids_json = row
            if status != "active":
                raise StoreError(
                    f"game {game_id} is {status}, so it takes no more answers", self._path
                )
            ids = json.loads(ids_json)
            if not 0 <= position < len(ids) or ids[position] != question_id:
                raise StoreError(
                    f"game {game_id} has no question {question_id!r} at position {position}",
                    self._path,
                )
            try:
                conn.execute(
                    f"INSERT INTO answers ({ANSWER_COLUMNS}) VALUES ({sql.marks(10)})",
                    (
                        game_id,
                        position,
                        question_id,
                        answer_json,
                        answer_text,
                        float(credit),
                        int(points),
                        None if seconds is None else float(seconds),
                        int(bool(hint_used)),
                        when,
                    ),
                )
            except self._backend.integrity as error:
                raise StoreError(
                    f"game {game_id} already has an answer at position {position}",
                    self._path,
                ) from error
            # The maximum is raised to the score only for a game whose maximum migration 4
            # had to estimate (its questions' points were not stored): a game started since
            # stores `scoring.max_score`, which no answer can pass.
            conn.execute(
                f"""UPDATE games SET score = score + {p}, correct = correct + {p},
                       total = total + 1, max_score = {sql.greatest}(max_score, score + {p})
                   WHERE id = {p}""",
                (int(points), int(bool(correct)), int(points), game_id),
            )

        self.write(insert, on_wait)

    def replace_answers(
        self,
        game_id: int,
        answers: Sequence[AnswerRecord],
        on_wait: Callable[[], object] | None = None,
    ) -> None:
        """Replace stored answers of an unfinished game (an exam's answers changed in its
        review, and the later answers whose streak bonus that changes), and set the game's
        running totals from its answers, in one transaction committed before this returns.
        Each answer replaces the one at its `position` (the key: a position holds one
        answer); `answered_at` is the time of the change. Raises KeyError for an unknown
        game, StoreError for a game no longer active or a position not yet answered (or
        holding another question)."""
        sql = self.sql
        p = sql.p
        rows = list(answers)
        for answer in rows:
            json.loads(answer.answer_json)  # ValueError for a response that is not JSON

        def update(conn: Connection) -> None:
            row = conn.execute(f"SELECT status FROM games WHERE id = {p}", (game_id,)).fetchone()
            if row is None:
                raise KeyError(game_id)
            if row[0] != "active":
                raise StoreError(
                    f"game {game_id} is {row[0]}, so its answers cannot change", self._path
                )
            for answer in rows:
                changed = conn.execute(
                    f"""UPDATE answers SET answer_json = {p}, answer_text = {p}, credit = {p},
                           points = {p}, seconds = {p}, hint_used = {p}, answered_at = {p}
                       WHERE game_id = {p} AND position = {p} AND question_id = {p}""",
                    (
                        answer.answer_json,
                        answer.answer_text,
                        float(answer.credit),
                        int(answer.points),
                        None if answer.seconds is None else float(answer.seconds),
                        int(bool(answer.hint_used)),
                        utc_text(answer.answered_at),
                        game_id,
                        answer.position,
                        answer.question_id,
                    ),
                ).rowcount
                if changed != 1:
                    raise StoreError(
                        f"game {game_id} has no answer to question {answer.question_id!r}"
                        f" at position {answer.position}",
                        self._path,
                    )
            # The totals from the answers themselves, as `record_answer` keeps them (fully
            # correct: credit within `grading.CREDIT_EPSILON` of 1).
            conn.execute(
                f"""UPDATE games SET
                       score = (SELECT COALESCE(SUM(points), 0) FROM answers WHERE game_id = {p}),
                       correct = (SELECT COUNT(*) FROM answers
                                  WHERE game_id = {p} AND credit >= {p})
                   WHERE id = {p}""",
                (game_id, game_id, FULL_CREDIT, game_id),
            )
            conn.execute(
                f"UPDATE games SET max_score = {sql.greatest}(max_score, score) WHERE id = {p}",
                (game_id,),
            )

        self.write(update, on_wait)

    def _set_status(
        self, game_id: int, status: GameStatus, finished_at: dt.datetime | None
    ) -> None:
        sql = self.sql
        p = sql.p
        when = utc_text(finished_at)

        def update(conn: Connection) -> None:
            row = conn.execute(
                f"SELECT status, question_ids FROM games WHERE id = {p}", (game_id,)
            ).fetchone()
            if row is None:
                raise KeyError(game_id)
            if row[0] == status:
                return
            if row[0] != "active":
                raise StoreError(f"game {game_id} is already {row[0]}", self._path)
            if status == "finished":
                # A game with an answer missing would show a score nobody was shown.
                questions = len(json.loads(row[1]))
                answered = conn.execute(
                    f"SELECT COUNT(*) FROM answers WHERE game_id = {p}", (game_id,)
                ).fetchone()[0]
                if answered < questions:
                    raise StoreError(
                        f"game {game_id} has answers to {answered} of its {questions}"
                        " questions, so it cannot be finished; resume it to answer the rest",
                        self._path,
                    )
            conn.execute(
                f"UPDATE games SET status = {p}, finished_at = {p} WHERE id = {p}",
                (status, when if status == "finished" else None, game_id),
            )

        self.write(update)

    def finish_game(self, game_id: int, *, finished_at: dt.datetime | None = None) -> None:
        """Mark an active game finished (it joins the leaderboard). Finishing a finished
        game again changes nothing; an abandoned game, or one without an answer to each of
        its questions, raises StoreError."""
        self._set_status(game_id, "finished", finished_at)

    def abandon_game(self, game_id: int) -> None:
        """Mark an active game abandoned (the player chose not to resume it)."""
        self._set_status(game_id, "abandoned", None)

    def claim_game(self, game_id: int) -> GameClaim:
        """Claim a game for this store while it is played, so that no other window or
        process plays it at the same time; GameClaimedError if another one has it.

        The claim is a lock held by the operating system for this process (a byte of the
        lock file `<database>.claims`), so a game whose process died (even killed) is free
        at once. The same store may claim a game again (each claim is released on its own);
        another store, even in this process, may not. On PostgreSQL the claim is an
        advisory lock of a session the store keeps for its claims, which behaves the same
        for processes on any machine."""
        self._check_writable()
        return self._backend.claim(game_id)
