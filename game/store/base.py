"""What both backends of the score store share: the waits, retrying a busy write, claims."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

BUSY_TIMEOUT = 10.0
"""Seconds a connection waits for another process's write before the database reports it busy."""

LOCK_RETRIES = 3
"""Further attempts at a write that still found the database locked after `BUSY_TIMEOUT`."""

UNREACHABLE_WAIT = 20.0
"""Seconds a store on PostgreSQL keeps trying to reach a server that went away (connecting
again every `RECONNECT_DELAY`) before the write or read fails."""

RECONNECT_DELAY = 0.5
"""Seconds between two attempts to connect again to a PostgreSQL server that went away."""

WAIT_NOTICE = 0.5
"""Seconds a write that the player waits for (`on_wait`) may find the database locked before
the player is told it is still being saved."""

STREAM_BATCH = 500
"""Rows fetched at a time by a streaming read (`ScoreStore.iter_games` and the like)."""

T = TypeVar("T")


def with_retries(action: Callable[[], T], is_busy: Callable[[BaseException], bool]) -> T:
    """Run `action`, trying again a few times if the database stayed locked even after the
    busy timeout (a last resort: a write transaction normally queues writers)."""
    for attempt in range(LOCK_RETRIES + 1):
        try:
            return action()
        except Exception as error:
            if not is_busy(error) or attempt == LOCK_RETRIES:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


class GameClaim:
    """A store's claim on one game (see `ScoreStore.claim_game`); release it when the game
    is left. Usable as a context manager; releasing twice is harmless."""

    def __init__(self, game_id: int, release: Callable[[], None]) -> None:
        self.game_id = game_id
        """The game claimed."""
        self._release: Callable[[], None] | None = release
        self._lock = threading.Lock()

    @property
    def held(self) -> bool:
        """Whether this claim has not been released yet."""
        return self._release is not None

    def release(self) -> None:
        """Give the game up, for another window to play it."""
        with self._lock:
            release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> GameClaim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"GameClaim({self.game_id}, held={self.held})"


def batched_rows(cursor: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    """A cursor's rows, fetched `batch` at a time (either driver), the cursor closed when
    they are read or the reading stops."""
    try:
        while chunk := cursor.fetchmany(batch):
            yield from (tuple(row) for row in chunk)
    finally:
        cursor.close()
