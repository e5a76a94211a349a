"""Learning of a class game's changes without re-reading its tables in a loop: SQLite's
`PRAGMA data_version` on a connection of the watcher's own (it changes when another
connection commits), or PostgreSQL's `LISTEN`/`NOTIFY`."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any, Literal

from ..store import ScoreStore
from ..store import live as db
from .engine import normal_code

POLL = 0.1
"""Seconds between two looks at SQLite's data version (10 a second: cheap, a page read)."""
GATHER = 0.05
"""Seconds a PostgreSQL watcher of every change waits after one for the others of a burst."""
RECONNECT = 0.5
"""Seconds between attempts to reach a PostgreSQL server that went away."""

What = Literal["all", "stage"]
"""all: every change (an answer counted too: the host); stage: what a student waits for
(the phase, the question, a pause, a removal), not each classmate's answer."""


class Watcher:
    """Waits for changes to one class game. Not shared between threads."""

    def __init__(self, store: ScoreStore, code: str, what: What = "all") -> None:
        self.code = normal_code(code)
        self.what = what
        self._engine = store.backend.name
        self._path = store.path
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._data_version: int | None = None
        self._mark = None if self._engine == "postgresql" else self._read_mark()
        if self._engine == "postgresql":
            self._listen()
        self._closed = False

    # -- SQLite ----------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._sqlite is None:
            self._sqlite = sqlite3.connect(
                Path(self._path).resolve().as_uri() + "?mode=ro",
                uri=True,
                timeout=5.0,
                isolation_level=None,
                check_same_thread=False,
            )
        return self._sqlite

    def _read_mark(self) -> tuple[int, int] | None:
        """The session's (version, stage): the one row read after the data version moved."""
        try:
            row = (
                self._conn()
                .execute("SELECT version, stage FROM live_sessions WHERE code = ?", (self.code,))
                .fetchone()
            )
        except sqlite3.Error:
            return None
        return None if row is None else (int(row[0]), int(row[1]))

    def _sqlite_changed(self) -> bool:
        try:
            version = int(self._conn().execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        mark = self._read_mark()
        if mark is None or self._mark is None:
            changed = mark != self._mark
        else:
            changed = mark[0] != self._mark[0] if self.what == "all" else mark[1] != self._mark[1]
        self._mark = mark
        return changed

    # -- PostgreSQL ------------------------------------------------------------------------

    def _listen(self) -> bool:
        from ..store.postgres import psycopg_module

        psycopg = psycopg_module()
        with contextlib.suppress(Exception):
            if self._pg is not None:
                self._pg.close()
        self._pg = None
        try:
            # On PostgreSQL the store's path is a DatabaseUrl, which has the URL.
            url = str(getattr(self._path, "url", self._path))
            conn = psycopg.connect(url, autocommit=True, connect_timeout=5)
            conn.execute(f"LISTEN {db.CHANNEL}")
        except psycopg.Error:
            return False
        self._pg = conn
        return True

    def _pg_wait(self, timeout: float) -> bool:
        from ..store.postgres import psycopg_module

        psycopg = psycopg_module()
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            if self._pg is None or self._pg.closed or self._pg.broken:
                if not self._listen():
                    time.sleep(min(RECONNECT, max(left, 0)))
                    continue
                # Reconnected: whatever happened while the server was away is a change.
                return True
            hit = False
            try:
                for note in self._pg.notifies(timeout=max(left, 0.001)):
                    code, _, kind = note.payload.partition(" ")
                    if code == self.code and (self.what == "all" or kind == "stage"):
                        hit = True
                        break
                if hit:
                    if self.what == "all":
                        # A class answering at once is a burst of notifications: gathered
                        # for a moment, it wakes the host once rather than once an answer.
                        time.sleep(GATHER)
                    self._drain()
                    return True
            except psycopg.Error:
                with contextlib.suppress(Exception):
                    self._pg.close()
                continue

    def _drain(self) -> None:
        """Take the notifications already queued: one wake-up for a burst of changes."""
        for _ in self._pg.notifies(timeout=0.001):
            pass

    # -- both ------------------------------------------------------------------------------

    def wait(self, timeout: float) -> bool:
        """True as soon as something changed since the last call (then read `state()` or
        `view()`); False when `timeout` seconds pass without a change."""
        if self._engine == "postgresql":
            return self._pg_wait(timeout)
        end = time.monotonic() + timeout
        while True:
            if self._sqlite_changed():
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL, left))

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._pg is not None:
            with contextlib.suppress(Exception):
                self._pg.close()
            self._pg = None

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def waiting_sessions(store: ScoreStore) -> list[tuple[str, str]]:
    """(code, pack title) of the class games in the lobby or running, newest first (the
    served home screen offers them)."""
    if not db.has_tables(store):
        return []
    return db.read(store, db.open_sessions)
