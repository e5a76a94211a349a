"""Claims on games in PostgreSQL: session advisory locks, held for any machine to see."""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import Any

from .base import GameClaim
from .errors import GameClaimedError
from .pgerrors import translate
from .pgurl import APP_KEY, CONNECT_TIMEOUT, DatabaseUrl, psycopg_module


class PgClaims:
    """A store's claims on games: session advisory locks held by a connection of their own
    (the store's may be replaced after a dropped connection), so a game whose process died,
    even killed, is free as soon as the server notices the session is gone. A server that
    restarts ends that session too: the next claim opens a new one, taking this store's
    claims again (`_session`)."""

    def __init__(self, url: DatabaseUrl) -> None:
        self._url = url
        self._raw: Any = None
        self.counts: dict[int, int] = {}
        self._lock = threading.Lock()

    def claim(self, game_id: int) -> GameClaim:
        with self._lock:
            if game_id in self.counts:
                self.counts[game_id] += 1
                return GameClaim(game_id, lambda: self.release(game_id))
            psycopg = psycopg_module()
            try:
                try:
                    got = self._try_lock(self._session(), game_id)
                except psycopg.OperationalError:
                    if not self._raw.broken:
                        raise
                    # The session was lost (a server restart, a dropped network): once more
                    # with a new one, which takes this store's claims again first.
                    got = self._try_lock(self._session(), game_id)
            except psycopg.Error as error:
                raise translate(error, self._url) from error
            if not got:
                raise GameClaimedError(
                    "this game is being played in another window (or tab, or on another"
                    f" machine); finish or leave it there first (game {game_id})",
                    self._url,
                )
            self.counts[game_id] = 1
            return GameClaim(game_id, lambda: self.release(game_id))

    @staticmethod
    def _try_lock(raw: Any, game_id: int) -> bool:
        return bool(
            raw.execute("SELECT pg_try_advisory_lock(%s, %s)", (APP_KEY, game_id)).fetchone()[0]
        )

    def _session(self) -> Any:
        """The claims' session, a new one if there is none or it was lost. The locks of a
        lost session went with it: they are taken again for the games this store still
        plays (one that another window took meanwhile is theirs, and no longer counted)."""
        if self._raw is not None and not self._raw.closed and not self._raw.broken:
            return self._raw
        if self._raw is not None:
            self._raw.close()
        psycopg = psycopg_module()
        self._raw = psycopg.connect(self._url.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        for held in list(self.counts):
            if not self._try_lock(self._raw, held):
                del self.counts[held]
        return self._raw

    def renew(self) -> None:
        """Take the claims again if their session was lost (found out only by using it);
        a server still unreachable is left for the next renewal."""
        with self._lock:
            raw = self._raw
            with suppress(Exception):
                if raw is not None and not raw.closed:
                    raw.execute("SELECT 1")
            with suppress(Exception):
                self._session()

    def release(self, game_id: int) -> None:
        with self._lock:
            count = self.counts.get(game_id)
            if count is None:
                return
            if count > 1:
                self.counts[game_id] = count - 1
                return
            del self.counts[game_id]
            self._unlock(game_id)

    def _unlock(self, game_id: int) -> None:
        psycopg = psycopg_module()
        if self._raw is None or self._raw.closed:
            return  # the session is gone, and its locks with it
        try:
            self._raw.execute("SELECT pg_advisory_unlock(%s, %s)", (APP_KEY, game_id))
        except psycopg.Error:
            self._raw.close()  # closing the session drops every lock it held

    def release_all(self) -> None:
        with self._lock:
            self.counts.clear()
            if self._raw is not None:
                self._raw.close()
                self._raw = None
