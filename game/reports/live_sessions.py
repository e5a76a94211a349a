"""The class games held on a score database, newest first, for the Teacher screen: when,
which pack, how many players and questions, how far it went, who led; and one game's
players by points."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import ScoreStore

DEFAULT_LIMIT = 200
"""Class games listed at most (a school year of lessons)."""


@dataclass(frozen=True)
class PastSession:
    """One class game."""

    code: str
    pack_id: str
    pack_title: str
    phase: str
    """lobby, question, reveal (still running), podium or ended."""
    started: dt.datetime
    questions: int
    players: int
    leader: str | None
    """The player with the most points (the first to join among equals), if any."""
    leader_points: int

    @property
    def status(self) -> str:
        """`ended`, `running` or `not started`, as the list says it."""
        if self.phase in ("podium", "ended"):
            return "ended"
        return "not started" if self.phase == "lobby" else "running"


# The live tables are `game.store.live`'s (migration 8); these two reads are the Teacher
# screen's only, so they are kept with it.
SESSIONS_SQL = """
SELECT s.code, s.pack_id, s.pack_title, s.phase, s.created_at, s.question_ids,
       (SELECT COUNT(*) FROM live_players p WHERE p.code = s.code AND p.removed = 0),
       (SELECT p.name FROM live_players p WHERE p.code = s.code AND p.removed = 0
        ORDER BY p.points DESC, p.joined_at LIMIT 1),
       (SELECT MAX(p.points) FROM live_players p WHERE p.code = s.code AND p.removed = 0)
FROM live_sessions s ORDER BY s.created_at DESC LIMIT ?
"""

PLAYERS_SQL = """
SELECT name, points FROM live_players WHERE code = ? AND removed = 0
ORDER BY points DESC, joined_at, name
"""


def past_sessions(store: ScoreStore, limit: int = DEFAULT_LIMIT) -> list[PastSession]:
    """The class games, newest first (none on a database without the live tables)."""
    from ..store import live as db

    if not db.has_tables(store):
        return []
    rows = db.read(store, lambda c: c.execute(SESSIONS_SQL, (limit,)))
    sessions = []
    for code, pack_id, title, phase, created, question_ids, players, leader, best in rows:
        try:
            questions = len(json.loads(question_ids))
        except (ValueError, TypeError):
            questions = 0
        sessions.append(
            PastSession(
                code=str(code),
                pack_id=str(pack_id),
                pack_title=str(title),
                phase=str(phase),
                started=dt.datetime.fromtimestamp(float(created), dt.UTC),
                questions=questions,
                players=int(players or 0),
                leader=None if leader is None else str(leader),
                leader_points=int(best or 0),
            )
        )
    return sessions


def session_players(store: ScoreStore, code: str) -> list[tuple[str, int]]:
    """(name, points) of one class game's players, most points first."""
    from ..store import live as db

    if not db.has_tables(store):
        return []
    rows = db.read(store, lambda c: c.execute(PLAYERS_SQL, (code,)))
    return [(str(name), int(points)) for name, points in rows]
