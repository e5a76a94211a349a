"""The score store's errors: one-line messages fit for players."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The score store cannot do what was asked; the message is one line, fit for players."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.path = path
        """The database file concerned (a `DatabaseUrl` for PostgreSQL)."""

    @property
    def message(self) -> str:
        """The one-line, user-facing explanation."""
        return str(self.args[0])


class CorruptStoreError(StoreError):
    """The file exists but is not a usable civic-quiz database (see `move_aside`)."""


class GameClaimedError(StoreError):
    """The game is being played elsewhere (another window or process has claimed it)."""


class NewerStoreError(CorruptStoreError):
    """The database was written by a newer civic-quiz; it is left untouched (do not move it
    aside: upgrading civic-quiz makes it usable again)."""

    def __init__(self, message: str, path: Path, *, found: int, known: int) -> None:
        super().__init__(message, path)
        self.found = found
        """The database's schema version."""
        self.known = known
        """The newest schema version this civic-quiz knows."""
