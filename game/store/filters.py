"""The filters of the store's game and answer queries: one `GameFilter`, one WHERE clause."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from .dialect import SqlDialect
from .records import GameStatus, utc_text


class GameFilter(NamedTuple):
    """Which games (or their answers) a query lists: every filter given must hold. Give
    its fields by name (`GameFilter(player="Ada", limit=50)`)."""

    pack_id: str | None = None
    player: str | None = None
    status: GameStatus | None = None
    since: dt.datetime | None = None
    """Games started (answers given) at or after this moment; a naive datetime is local
    time."""
    limit: int | None = None
    """At most this many, the newest (a count ignores it)."""

    def where(self, sql: SqlDialect, since_column: str = "g.started_at") -> Where:
        """This filter as a WHERE clause in `sql` (games `g`, players `p`)."""
        return where(
            sql,
            pack_id=self.pack_id,
            player=self.player,
            status=self.status,
            since=self.since,
            since_column=since_column,
        )


class Where(NamedTuple):
    """A WHERE clause (empty, or starting with " WHERE ") and its parameters."""

    sql: str
    params: list[Any]


def where(
    sql: SqlDialect,
    *,
    pack_id: str | None = None,
    player: str | None = None,
    status: GameStatus | None = None,
    lesson: str | None = None,
    since: dt.datetime | None = None,
    since_column: str = "g.started_at",
    graded: bool = False,
) -> Where:
    """The one filter of game queries (games `g`, players `p`), in the engine's SQL: every
    filter given must hold. `since` keeps rows whose `since_column` is at or after that
    moment (a naive datetime is local time); `graded` leaves practice rounds out."""
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("g.pack_id", pack_id),
        ("p.name", player),
        ("g.status", status),
        ("g.lesson", lesson),
    ):
        if value is not None:
            terms.append(f"{column} = {sql.p}")
            params.append(value)
    if since is not None:
        terms.append(f"{since_column} >= {sql.p}")
        params.append(utc_text(since))
    if graded:
        terms.append("g.mode != 'practice'")
    return Where(" WHERE " + " AND ".join(terms) if terms else "", params)
