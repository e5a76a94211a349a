"""A served tab's game ends when its server ends, however the server ends (even `kill -9`)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

SERVER_PID = "CIVIC_QUIZ_SERVER_PID"
"""The environment variable in which `civic-quiz serve` gives each tab its own process id."""

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the kernel sends this process when its parent dies."""

WATCH_EVERY = 0.5
"""Seconds between the watching thread's looks at the parent."""

EXIT_GRACE = 3.0
"""Seconds the game has to quit on SIGTERM once its server is gone, before it is ended."""


def tie_to_server(environ: dict[str, str] | None = None) -> None:
    """End this process (SIGTERM) when the server that started it is gone.

    The tab runs in a session of its own, so the teacher's terminal closing does not reach
    it; the kernel is asked to signal it when its parent dies (Linux), else a thread watches.
    Nothing stored is lost: answers are stored as given, and the claim on the game is a lock
    the system drops with the process, so the student can resume it elsewhere.
    A thread watches too, and ends the process if SIGTERM did not within `EXIT_GRACE`.
    """
    value = (os.environ if environ is None else environ).get(SERVER_PID, "")
    if not value.isdigit():
        return  # not started by `civic-quiz serve`
    server = int(value)
    signalled = _death_signal(signal.SIGTERM)
    # Checked after asking: a server gone before the request was made is seen here.
    if os.getppid() != server:
        sys.exit(0)
    watch = threading.Thread(
        target=_watch, args=(server, not signalled), name="lifeline", daemon=True
    )
    watch.start()


def _death_signal(sig: signal.Signals) -> bool:
    """Ask the kernel for `sig` when the parent dies; whether it could be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(server: int, signal_self: bool) -> None:
    while os.getppid() == server:
        time.sleep(WATCH_EVERY)
    if signal_self:
        os.kill(os.getpid(), signal.SIGTERM)  # the game's own way out: it quits as asked
    time.sleep(EXIT_GRACE)
    # Still here: quitting is stuck (its output has no reader). What was answered is stored.
    os._exit(1)
