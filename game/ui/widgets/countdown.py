"""The countdown of a timed question: seconds left in words, and a shrinking bar."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, ProgressBar

TICK_SECONDS = 0.2
"""How often the countdown reads the clock."""


class Countdown(Horizontal):
    """Reads the time left from a callable (the session's clock), so a test's fake clock
    drives it; posts `Expired` once when it reaches zero."""

    @dataclass
    class Expired(Message):
        """The time for the question ran out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._time_left: Callable[[], float | None] = lambda: None
        self._expired = True
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="countdown-text")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="countdown-bar")

    def on_mount(self) -> None:
        self._timer = self.set_interval(TICK_SECONDS, self.tick, pause=True)

    def start(self, limit: float, time_left: Callable[[], float | None]) -> None:
        """Count down `limit` seconds, asking `time_left` how many remain."""
        self._time_left = time_left
        self._expired = False
        self.query_one("#countdown-bar", ProgressBar).update(total=limit)
        self.tick()
        if self._timer is not None:
            self._timer.resume()

    def stop(self) -> None:
        """Stop counting (the question was answered)."""
        self._expired = True
        if self._timer is not None:
            self._timer.pause()

    def tick(self) -> None:
        """Show the time left; post `Expired` when none is left."""
        if self._expired:
            return
        left = self._time_left()
        if left is None:
            return
        seconds = math.ceil(left)
        self.query_one("#countdown-text", Label).update(
            f"\u25f7 {seconds} second{'s' * (seconds != 1)} left"
        )
        self.query_one("#countdown-bar", ProgressBar).update(progress=left)
        self.set_class(left <= 5, "-hurry")
        if left <= 0:
            self.stop()
            self.post_message(self.Expired())
