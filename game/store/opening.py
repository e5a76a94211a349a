"""Opening the score database, and what may be done when it cannot be used: the one flow that
the command line (a y/N prompt) and the app (a dialog) both follow, each asking in its own way.

    opener = StoreOpener(path, can_move=True)
    outcome = opener.open()
    while isinstance(outcome, StoreProblem):
        outcome = opener.choose(outcome, ask(outcome))  # "move", "nosave" or "quit"
    # outcome: the open ScoreStore, "nosave" (play without saving) or "quit"

`open_store(opener, ask)` runs that loop for a front end that can ask without waiting on an
event loop (the command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .core import open_backend
from .errors import CorruptStoreError, NewerStoreError, StoreError
from .recovery import move_aside
from .store import ScoreStore

OpenChoice = Literal["move", "nosave", "quit"]
"""move: rename the damaged file (kept, never deleted) and start a new database; nosave: play
without saving scores; quit: give up. Any other answer (a dialog closed) counts as quit."""

Settled = ScoreStore | Literal["nosave", "quit"]
"""How opening ended: the open database, playing without one, or giving up."""


def can_move_aside(error: StoreError) -> bool:
    """Whether moving the file aside may help: only for a damaged file (a database from a
    newer civic-quiz becomes usable again by upgrading, so it is left alone; a PostgreSQL
    database is no file to move)."""
    return (
        isinstance(error, CorruptStoreError)
        and not isinstance(error, NewerStoreError)
        and error.path is not None
        and open_backend(error.path).is_file
    )


@dataclass(frozen=True)
class StoreProblem:
    """Why the score database cannot be used, and whether moving it aside is offered."""

    error: StoreError
    """What went wrong, with a message fit for players."""
    movable: bool
    """Whether "move it aside and start a new database" is offered."""

    @property
    def newer(self) -> bool:
        """The database was written by a newer civic-quiz (nothing may be changed in it)."""
        return isinstance(self.error, NewerStoreError)

    @property
    def damaged(self) -> bool:
        """The file exists but is not a usable civic-quiz database (or is a newer one's)."""
        return isinstance(self.error, CorruptStoreError)


class StoreOpener:
    """Opens one score database and carries out what the player chose about a problem."""

    def __init__(
        self,
        path: Path,
        *,
        can_move: bool = True,
        read_only: bool = False,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.path = path
        """The database file."""
        self.can_move = can_move and not read_only
        """Whether a damaged file may be moved aside (never for a database shared by served
        tabs, nor by a command that only reads it)."""
        self.read_only = read_only
        """Open for reading only: nothing migrated, nothing created."""
        self.now = now
        """The time that names a moved file (None: the real time)."""
        self.kept: Path | None = None
        """Where the damaged file was moved to, once it was."""

    def open(self) -> ScoreStore | StoreProblem:
        """The open database, or why it cannot be used."""
        try:
            return ScoreStore(self.path, read_only=self.read_only)
        except StoreError as error:
            return self.problem(error)

    def problem(self, error: StoreError) -> StoreProblem:
        """The problem `error` makes, with what this opener may offer about it."""
        return StoreProblem(error, movable=self.can_move and can_move_aside(error))

    def choose(self, problem: StoreProblem, choice: str | None) -> Settled | StoreProblem:
        """Do what was chosen: after a move, the new database (or the next problem, which is
        asked about again); "nosave" and anything but "move" end the opening as they are."""
        if choice == "nosave":
            return "nosave"
        if choice != "move" or not problem.movable:
            return "quit"
        try:
            self.kept = move_aside(self.path, now=self.now() if self.now else None)
        except StoreError as error:
            return self.problem(error)
        return self.open()


def open_store(opener: StoreOpener, ask: Callable[[StoreProblem], str | None]) -> Settled:
    """Open the database, asking `ask` what to do about each problem until it is settled."""
    outcome: Settled | StoreProblem = opener.open()
    while isinstance(outcome, StoreProblem):
        outcome = opener.choose(outcome, ask(outcome))
    return outcome
