"""Learning of a class game's changes without re-reading its tables in a loop: the store's
listener (SQLite's `PRAGMA data_version`, PostgreSQL's `LISTEN`/`NOTIFY`), then one row."""

from __future__ import annotations

import time
from typing import Literal

from ..store import ScoreStore
from ..store import live as db
from .engine import OFFER_WITHOUT_HOST, normal_code

GATHER = 0.05
"""Seconds a watcher of every change waits after one for the others of a burst."""

What = Literal["all", "stage"]
"""all: every change (an answer counted too: the host); stage: what a student waits for
(the phase, the question, a pause, a removal), not each classmate's answer."""


class Watcher:
    """Waits for changes to one class game. Not shared between threads."""

    def __init__(self, store: ScoreStore, code: str, what: What = "all") -> None:
        self.code = normal_code(code)
        self.what = what
        self._store = store
        self._listener = store.backend.listen(db.CHANNEL)
        self._mark = self._read_mark()

    def _read_mark(self) -> tuple[int, int] | None:
        """The session's (version, stage): the one row read after the database changed."""
        try:
            return db.read(self._store, lambda c: db.versions(c, self.code))
        except Exception:  # the database away for a moment: the next change reads again
            return None

    def _moved(self) -> bool:
        """Whether the session changed in what this watcher waits for (one row read)."""
        mark = self._read_mark()
        if mark is None or self._mark is None:
            changed = mark != self._mark
        else:
            changed = mark[0] != self._mark[0] if self.what == "all" else mark[1] != self._mark[1]
        self._mark = mark
        return changed

    def _announced(self, payloads: list[str]) -> bool:
        """Whether an announcement (`CODE kind`) is of this session and of interest."""
        for payload in payloads:
            code, _, kind = payload.partition(" ")
            if code == self.code and (self.what == "all" or kind == "stage"):
                return True
        return False

    def wait(self, timeout: float) -> bool:
        """True as soon as something changed since the last call (then read `state()` or
        `view()`); False when `timeout` seconds pass without a change."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            heard = self._listener.wait(left)
            if heard is None:  # a commit (SQLite) or a server reached again: read the row
                if self._moved():
                    return True
            elif self._announced(heard):
                if self.what == "all":
                    # A class answering at once is a burst of announcements: gathered for a
                    # moment, it wakes the host once rather than once an answer.
                    time.sleep(GATHER)
                    self._listener.wait(0.001)
                self._mark = self._read_mark()
                return True
            elif not heard:
                return False

    def close(self) -> None:
        self._listener.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def waiting_sessions(store: ScoreStore) -> list[tuple[str, str]]:
    """(code, pack title) of the class games in the lobby or running whose host is still
    about (`OFFER_WITHOUT_HOST`), newest first (the served home screen offers them)."""
    if not db.has_tables(store):
        return []
    return db.read(store, lambda c: db.open_sessions(c, OFFER_WITHOUT_HOST))
