"""Lines typed on stdin, read by a thread of their own so that a plain live screen can wait
for the class game and for the keyboard at once."""

from __future__ import annotations

import queue
import threading
from typing import TextIO

END = None
"""What `Lines.get` gives once input has ended."""


class Lines:
    """The lines of `stdin`, as they are typed."""

    def __init__(self, stdin: TextIO) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.ended = False
        thread = threading.Thread(target=self._read, args=(stdin,), daemon=True)
        thread.start()

    def _read(self, stdin: TextIO) -> None:
        try:
            for line in stdin:
                self._queue.put(line.rstrip("\r\n"))
        except (OSError, ValueError):
            pass  # stdin closed under us: input has ended
        self._queue.put(END)

    def get(self, timeout: float) -> str | bool | None:
        """The next line; None once input has ended; False when none came in `timeout`."""
        if self.ended:
            return END
        try:
            line = self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            return False
        if line is END:
            self.ended = True
        return line
