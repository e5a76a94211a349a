"""The store's reads (games, answers, scores, flags, cards, settings) and its small writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .core import StoreCore
from .filters import GameFilter, where
from .records import (
    AnswerRecord,
    AnswerRow,
    FirstAnswer,
    FlagRecord,
    GameRecord,
    GameStatus,
    LeaderboardRow,
    StoredCard,
    from_text,
    utc_text,
)
from .rows import (
    ANSWER_COLUMNS,
    GAME_COLUMNS,
    GAMES,
    answer_record,
    answers_query,
    answers_source,
    answers_where,
    exported_answer,
    first_games_query,
    game_record,
    games_query,
    leaderboard_row,
)

if TYPE_CHECKING:
    from .interface import Connection

ALL = GameFilter()
"""Every game."""


class StoreReads(StoreCore):
    """What `ScoreStore` reads, and its writes of flags, cards and settings."""

    def game(self, game_id: int) -> GameRecord:
        """The game with this id; KeyError if there is none."""
        sql = self.sql
        p = sql.p
        rows = self.query(
            f"SELECT {GAME_COLUMNS} {GAMES} WHERE g.id = {p}",
            (game_id,),
        )
        if not rows:
            raise KeyError(game_id)
        return game_record(rows[0])

    def answers(self, game_id: int) -> list[AnswerRecord]:
        """The game's answers, by position."""
        sql = self.sql
        p = sql.p
        rows = self.query(
            f"SELECT {ANSWER_COLUMNS} FROM answers WHERE game_id = {p} ORDER BY position",
            (game_id,),
        )
        return [answer_record(row) for row in rows]

    def games(self, matching: GameFilter = ALL) -> list[GameRecord]:
        """The games `matching` keeps, newest first (at most its `limit`). For every game
        of a school's database, `iter_games` keeps memory flat."""
        text, params = games_query(self.sql, matching)
        return [game_record(row) for row in self.query(text, params)]

    def iter_games(self, matching: GameFilter = ALL) -> Iterator[GameRecord]:
        """What `games` lists, one game at a time from the cursor (memory does not grow
        with the number of games; see `stream`)."""
        text, params = games_query(self.sql, matching)
        return (game_record(row) for row in self.stream(text, params))

    def count_games(self, matching: GameFilter = ALL) -> int:
        """How many games `games` would list without a limit (counted by SQL, over an
        index: "showing 50 of 73,214 games")."""
        clause = matching.where(self.sql)
        return int(self.query(f"SELECT COUNT(*) {GAMES}{clause.sql}", clause.params)[0][0])

    def unfinished_games(self, player: str | None = None) -> list[GameRecord]:
        """Active games (of `player`, or of everyone), newest first, that a player resumes
        alone: not a class game's (mode `live`), which goes on by joining it again."""
        games = self.games(GameFilter(player=player, status="active"))
        return [game for game in games if game.mode != "live"]

    def unfinished_group(self, game: GameRecord) -> list[GameRecord]:
        """The active games started together with `game` (every player of its hot-seat
        session), in turn order: those sharing its group id (every game has one, games from
        before schema version 3 since migration 4)."""
        sql = self.sql
        p = sql.p
        if game.group_id is None:
            return [game]  # a record made by hand: it can only be played alone
        rows = self.query(
            f"""SELECT {GAME_COLUMNS} {GAMES}
                WHERE g.status = 'active' AND g.group_id = {p} ORDER BY g.id""",
            (game.group_id,),
        )
        return [game_record(row) for row in rows] or [game]

    def keep_time(self, game_id: int, position: int, seconds: float) -> None:
        """Keep the seconds a player has spent on the unanswered question at `position`, to
        count them again when the game is resumed (timed mode)."""
        sql = self.sql
        p = sql.p
        self.write(
            lambda conn: conn.execute(
                f"""UPDATE games SET pending_position = {p}, pending_seconds = {p}
                   WHERE id = {p} AND status = 'active'""",
                (position, float(seconds), game_id),
            )
        )

    def answer_rows(self, matching: GameFilter = ALL) -> list[AnswerRow]:
        """Every stored answer `matching` keeps, one row each: games in the order they
        started, each game's answers by position. Its `since` keeps the answers given at or
        after that moment, its `status` filters on the answer's game (e.g. "finished")."""
        text, params = answers_query(self.sql, matching)
        return [exported_answer(row) for row in self.query(text, params)]

    def iter_answer_rows(self, matching: GameFilter = ALL) -> Iterator[AnswerRow]:
        """What `answer_rows` lists, one answer at a time from the cursor (memory does not
        grow with the number of answers); with a `limit`, only the newest `limit` answers
        (of the latest games), still in the order of `answer_rows`."""
        text, params = answers_query(self.sql, matching)
        return (exported_answer(row) for row in self.stream(text, params))

    def count_answer_rows(self, matching: GameFilter = ALL) -> int:
        """How many answers `answer_rows` would list without a limit."""
        clause = answers_where(self.sql, matching)
        if (matching.pack_id, matching.player, matching.status) == (None, None, None):
            text = "SELECT COUNT(*) FROM answers a" + clause.sql  # the answers alone
        else:
            text = "SELECT COUNT(*) " + answers_source(clause, matching.since)
        return int(self.query(text, clause.params)[0][0])

    # -- item analysis -------------------------------------------------------------------

    def pack_game_counts(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> dict[tuple[bool, GameStatus], int]:
        """A pack's games (started at or after `since`) counted by (practice round?,
        status), by SQL: what item analysis leaves out, and why."""
        clause = where(self.sql, pack_id=pack_id, since=since)
        rows = self.query(
            f"""SELECT CASE WHEN g.mode = 'practice' THEN 1 ELSE 0 END, g.status, COUNT(*)
                FROM games g{clause.sql} GROUP BY 1, 2""",
            clause.params,
        )
        return {(bool(practice), status): int(count) for practice, status, count in rows}

    def first_finished_games(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> list[GameRecord]:
        """Each player's first finished graded game of a pack (first by start, then id;
        among the games started at or after `since`), in that order: chosen by SQL over
        the index `games_first_finished`, one game per player however many they played."""
        firsts, params = first_games_query(self.sql, pack_id, since)
        rows = self.query(
            f"""SELECT {GAME_COLUMNS} {GAMES} WHERE g.id IN ({firsts})
                ORDER BY g.started_at, g.id""",
            params,
        )
        return [game_record(row) for row in rows]

    def iter_first_game_answers(
        self, pack_id: str, *, since: dt.datetime | None = None
    ) -> Iterator[FirstAnswer]:
        """The answers of each player's first finished graded game of a pack (see
        `first_finished_games`), each with its game's total credit, one at a time from the
        cursor, in no particular order: only those games' answers are read, found by the
        answers' primary key (the window's sort by game is the only one)."""
        firsts, params = first_games_query(self.sql, pack_id, since)
        sql = f"""SELECT a.question_id, a.answer_text, a.credit, a.seconds,
                         SUM(a.credit) OVER (PARTITION BY a.game_id)
                  FROM answers a WHERE a.game_id IN ({firsts})"""
        for question_id, text, credit, seconds, total in self.stream(sql, params):
            yield FirstAnswer(
                question_id=question_id,
                answer_text=text,
                credit=float(credit),
                seconds=None if seconds is None else float(seconds),
                game_credit=float(total),
            )

    # -- scores --------------------------------------------------------------------------

    def leaderboard(self, pack_id: str, limit: int = 10) -> list[LeaderboardRow]:
        """A pack's best finished games, ranked by score as a percentage of the game's
        maximum (so that a game of 3 questions and one of 37 compare fairly), then the
        earlier finish. Practice rounds are left out: they serve each player different
        questions."""
        sql = self.sql
        p = sql.p
        clause = where(self.sql, pack_id=pack_id, status="finished", graded=True)
        rows = self.query(
            f"""SELECT {GAME_COLUMNS} {GAMES}{clause.sql}
                ORDER BY CAST(g.score AS {sql.real}) / {sql.greatest}(g.max_score, 1) DESC,
                         g.finished_at ASC, g.id ASC
                LIMIT {p}""",
            [*clause.params, limit],
        )
        return [leaderboard_row(rank, game_record(row)) for rank, row in enumerate(rows, start=1)]

    def best_score(self, player: str, pack_id: str) -> int | None:
        """The player's best finished score on a pack; None if they never finished it."""
        clause = where(self.sql, player=player, pack_id=pack_id, status="finished")
        return self.query(f"SELECT MAX(g.score) {GAMES}{clause.sql}", clause.params)[0][0]

    def best_scores(self, player: str) -> dict[str, int]:
        """The player's best finished score on each pack they finished: pack id -> score."""
        clause = where(self.sql, player=player, status="finished")
        rows = self.query(
            f"SELECT g.pack_id, MAX(g.score) {GAMES}{clause.sql} GROUP BY g.pack_id"
            " ORDER BY g.pack_id",
            clause.params,
        )
        return {pack: score for pack, score in rows}

    def finished_mark(self) -> tuple[int, str | None]:
        """How many games are finished and when the last was: cheap to ask every few seconds
        (an index covers it), and it changes whenever a game finishes, in any process."""
        rows = self.query("SELECT COUNT(*), MAX(finished_at) FROM games WHERE status = 'finished'")
        count, last = rows[0]
        return count, last

    def pack_ids(self) -> list[str]:
        """Every pack id games were played with, sorted (by SQL, through the pack index: a
        mistyped id's suggestion must not read a school year of games)."""
        rows = self.query("SELECT DISTINCT pack_id FROM games ORDER BY pack_id")
        return [row[0] for row in rows]

    def players(self) -> list[str]:
        """Everyone who has started a game, alphabetically."""
        rows = self.query(f"SELECT name FROM players ORDER BY {self.sql.nocase('name')}, name")
        return [row[0] for row in rows]

    # -- flags ---------------------------------------------------------------------------

    def add_flag(
        self,
        *,
        pack_id: str,
        pack_hash: str,
        question_id: str,
        player: str,
        reason: str,
        note: str = "",
        game_id: int | None = None,
        at: dt.datetime | None = None,
    ) -> int:
        """Store a player's flag on a question, committed before returning; its id.
        ValueError (`flags.FlagError`) for a reason not in `FLAG_REASONS`; the note is
        cleaned of control characters and cut to `MAX_NOTE` characters."""
        sql = self.sql
        from ..reports.flags import MAX_NOTE, check_reason, clean_note

        reason = check_reason(reason)
        note = clean_note(note)[:MAX_NOTE]
        when = utc_text(at)

        def insert(conn: Connection) -> int:
            cursor = conn.execute(
                f"""INSERT INTO flags (pack_id, pack_hash, question_id, player, reason, note,
                       game_id, created_at) VALUES ({sql.marks(8)}) RETURNING id""",
                (pack_id, pack_hash, question_id, player, reason, note, game_id, when),
            )
            return int(cursor.fetchone()[0])

        return self.write(insert)

    def flags(self, pack_id: str | None = None) -> list[FlagRecord]:
        """The flags (on one pack's questions, if given), newest first. A file read as it
        is (one the migrations did not fit, opened for reading only) may have no flags
        table: it has no flags."""
        with self.read() as conn:
            if not self._backend.has_table(conn, "flags"):
                return []
        text = """SELECT id, pack_id, pack_hash, question_id, player, reason, note, game_id,
                        created_at FROM flags"""
        params: list[Any] = []
        if pack_id is not None:
            text += f" WHERE pack_id = {self.sql.p}"
            params.append(pack_id)
        rows = self.query(text + " ORDER BY created_at DESC, id DESC", params)
        return [
            FlagRecord(
                id=row[0],
                pack_id=row[1],
                pack_hash=row[2],
                question_id=row[3],
                player=row[4],
                reason=row[5],
                note=row[6],
                game_id=row[7],
                created_at=from_text(row[8]),
            )
            for row in rows
        ]

    # -- practice cards ------------------------------------------------------------------

    def cards(self, player: str, pack_id: str) -> dict[str, StoredCard]:
        """A player's practice cards for a pack, by question id."""
        sql = self.sql
        p = sql.p
        rows = self.query(
            f"""SELECT c.question_id, c.question_hash, c.card_json, c.due FROM cards c
               JOIN players p ON p.id = c.player_id WHERE p.name = {p} AND c.pack_id = {p}""",
            (player, pack_id),
        )
        return {r[0]: StoredCard(r[0], r[1], r[2], from_text(r[3])) for r in rows}

    def practised_packs(self, player: str) -> set[str]:
        """The packs in which a player has practice cards."""
        sql = self.sql
        p = sql.p
        rows = self.query(
            f"""SELECT DISTINCT c.pack_id FROM cards c
               JOIN players p ON p.id = c.player_id WHERE p.name = {p}""",
            (player,),
        )
        return {row[0] for row in rows}

    def save_card(self, player: str, pack_id: str, card: StoredCard) -> None:
        """Store a player's card for a question, replacing the earlier one."""
        sql = self.sql
        p = sql.p

        def upsert(conn: Connection) -> None:
            conn.execute(
                f"INSERT INTO players (name) VALUES ({p}) ON CONFLICT (name) DO NOTHING", (player,)
            )
            conn.execute(
                f"""INSERT INTO cards (player_id, pack_id, question_id, question_hash,
                       card_json, due)
                   SELECT id, {p}, {p}, {p}, {p}, {p} FROM players WHERE name = {p}
                   ON CONFLICT (player_id, pack_id, question_id) DO UPDATE SET
                       question_hash = excluded.question_hash,
                       card_json = excluded.card_json, due = excluded.due""",
                (
                    pack_id,
                    card.question_id,
                    card.question_hash,
                    card.card_json,
                    utc_text(card.due),
                    player,
                ),
            )

        self.write(upsert)

    # -- settings ------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """A stored setting (e.g. the last player's name); None if unset."""
        sql = self.sql
        p = sql.p
        rows = self.query(f"SELECT value FROM settings WHERE key = {p}", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting, replacing any earlier value."""
        sql = self.sql
        p = sql.p
        self.write(
            lambda conn: conn.execute(
                f"""INSERT INTO settings (key, value) VALUES ({p}, {p})
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                (key, value),
            )
        )

    # -- class results -------------------------------------------------------------------

    def games_with_times(
        self,
        *,
        lesson: str | None = None,
        since: dt.datetime | None = None,
        pack_id: str | None = None,
        graded: bool = True,
    ) -> list[tuple[GameRecord, float | None, dt.datetime | None]]:
        """Games matching every filter given, newest first, each with the total seconds of
        its answers (None when no answer has a time) and the time of its last answer (None
        without answers): one query, the sums made by SQLite over the answers' primary key.
        `since` keeps the games started at or after that moment; `graded` leaves practice
        rounds out."""
        clause = where(self.sql, lesson=lesson, since=since, pack_id=pack_id, graded=graded)
        sql = f"""SELECT {GAME_COLUMNS},
                         (SELECT SUM(a.seconds) FROM answers a WHERE a.game_id = g.id),
                         (SELECT MAX(a.answered_at) FROM answers a WHERE a.game_id = g.id)
                  {GAMES}{clause.sql}
                  ORDER BY g.started_at DESC, g.id DESC"""
        width = len(GameRecord._fields)
        return [
            (
                game_record(row[:width]),
                None if row[width] is None else float(row[width]),
                None if row[width + 1] is None else from_text(row[width + 1]),
            )
            for row in self.query(sql, clause.params)
        ]

    def lessons(self, pack_id: str | None = None) -> list[str]:
        """The lesson ids games were played in (of one pack, if given), the latest lesson
        (by its last game's start) first."""
        clause = where(self.sql, pack_id=pack_id)
        sql = f"SELECT g.lesson FROM games g{clause.sql}"
        sql += " AND" if clause.sql else " WHERE"
        sql += " g.lesson IS NOT NULL GROUP BY g.lesson ORDER BY MAX(g.started_at) DESC, g.lesson"
        return [row[0] for row in self.query(sql, clause.params)]
