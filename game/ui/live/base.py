"""`LiveScreen`: what the host's and a student's screens share: a worker that waits for the
session to change and reads it, the game's calls made in threads, and the seconds left
counted from the database's clock."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from ...live.model import LiveError
from ...store import StoreError
from ..lifecycle import showing

WAIT = 0.5
"""Seconds the watcher waits for a change before the worker looks whether it should stop."""

REREAD = 5.0
"""Seconds after which the session is read again without a change: a host who went away
changes nothing, and the students must still learn of it."""

RETRY = 1.0
"""Seconds between two tries when the database cannot be reached."""

T = TypeVar("T")

PROBLEMS = (LiveError, StoreError, OSError)
"""What a call to the game may raise that the screen says in words (never a traceback)."""


def seconds_left(deadline: dt.datetime | None, now: dt.datetime) -> float | None:
    """Seconds from `now` to `deadline` (both the database's clock), None without one."""
    if deadline is None:
        return None
    return max((deadline - now).total_seconds(), 0.0)


class LiveScreen(Screen[None], Generic[T]):
    """Reads the session (`read`, in a thread) whenever the watcher says it changed, and
    shows it (`show`, on the event loop); `problem` is told when it cannot be read."""

    class Read(Message):
        """The session was read (posted by the watching thread)."""

        def __init__(self, data: Any) -> None:
            super().__init__()
            self.data = data

    class Problem(Message):
        """The session could not be read or changed; `text` says why, in one line."""

        def __init__(self, text: str, *, reading: bool) -> None:
            super().__init__()
            self.text = text
            self.reading = reading

    def __init__(
        self,
        open_watcher: Callable[[], Any],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._open_watcher = open_watcher
        self._clock = clock
        self._calls = threading.Lock()
        """One call to the game at a time, in the order the keys were pressed."""
        self._left_at_read: float | None = None
        self._read_at = 0.0
        self.latest: T | None = None
        """The session as last read."""
        self._clock_shown: str | None = None

    # -- to be given by the screens --------------------------------------------------------

    def read(self) -> T:
        """Read the session (called in a thread)."""
        raise NotImplementedError

    def show(self, data: T) -> None:
        """Show the session as read."""
        raise NotImplementedError

    def problem(self, text: str, *, reading: bool) -> None:
        """Say that the session could not be read (`reading`) or changed."""
        self.notify(text, severity="error", markup=False)

    # -- watching --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._watch()

    @work(thread=True, exclusive=True, group="live-watch")
    def _watch(self) -> None:
        """Wait for changes and read the session after each, until the screen goes."""
        worker = get_current_worker()
        stop = threading.Event()
        watcher: Any = None
        last = 0.0
        try:
            while not worker.is_cancelled:
                try:
                    if watcher is None:
                        watcher = self._open_watcher()
                        changed = True
                    else:
                        changed = watcher.wait(WAIT)
                    if changed or time.monotonic() - last >= REREAD:
                        with self._calls:  # the store is used by one thread at a time
                            data = self.read()
                        last = time.monotonic()
                        self.post_message(self.Read(data))
                except PROBLEMS as error:
                    self.post_message(self.Problem(str(error), reading=True))
                    if watcher is not None:
                        self._close(watcher)
                        watcher = None
                    stop.wait(RETRY)
        finally:
            if watcher is not None:
                self._close(watcher)

    @staticmethod
    def _close(watcher: Any) -> None:
        # A watcher whose database is gone has nothing left to close.
        with contextlib.suppress(*PROBLEMS):
            watcher.close()

    @on(Read)
    def _read(self, event: Read) -> None:
        event.stop()
        if showing(self):
            self.latest = event.data
            self.show(event.data)

    @on(Problem)
    def _problem(self, event: Problem) -> None:
        event.stop()
        if showing(self):
            self.problem(event.text, reading=event.reading)

    # -- calls to the game -----------------------------------------------------------------

    @work(thread=True, group="live-call")
    def call(self, action: Callable[..., object], *args: object) -> None:
        """Call the game (in a thread, one call at a time), then read the session at once
        (the watcher would too, a moment later); a refusal is said, not raised."""
        with self._calls:
            try:
                action(*args)
                data = self.read()
            except PROBLEMS as error:
                self.post_message(self.Problem(str(error), reading=False))
                return
        self.post_message(self.Read(data))

    # -- the time left ---------------------------------------------------------------------

    def set_deadline(self, deadline: dt.datetime | None, now: dt.datetime) -> None:
        """Count down to `deadline` from the database's `now`, just read."""
        self._left_at_read = seconds_left(deadline, now)
        self._read_at = self._clock()

    def show_clock(self, text: str) -> None:
        """Put `text` in the `#clock` line, only when it changed: the clock is ticked five
        times a second, and each update lays out and draws the screen again (18 ms of CPU a
        second in a lobby, in every student's process)."""
        if text == self._clock_shown:
            return
        self._clock_shown = text
        self.query_one("#clock", Static).update(Text(text, style="bold"))

    def time_left(self) -> float | None:
        """Seconds left now: those at the read less the time since (this machine's
        monotonic clock measures only the time since the read)."""
        if self._left_at_read is None:
            return None
        return max(self._left_at_read - (self._clock() - self._read_at), 0.0)


def clock_text(left: float | None, *, paused: bool = False) -> str:
    """`◷ 12 seconds left`, `Paused`, or nothing without a timer."""
    if paused:
        return "\u23f8 Paused by the teacher"
    if left is None:
        return ""
    seconds = int(left + 0.999)
    if seconds <= 0:
        return "\u25f7 Time is up"
    return f"\u25f7 {seconds} second{'s' * (seconds != 1)} left"
