"""Claims on games in a lock file beside an SQLite database: POSIX record locks, one byte a game."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from .base import GameClaim
from .errors import GameClaimedError, StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: claims hold within one process only
    fcntl = None  # type: ignore[assignment]  # the module or None: checked where used

CLAIMS_SUFFIX = ".claims"
"""The lock file next to the database in which a process claims the games it plays."""


class _ClaimsFile:
    """The claims lock file of one database, opened once per process: POSIX record locks
    belong to the process, and closing any descriptor of the file would drop them all."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        self.holders: dict[int, tuple[object, int]] = {}
        """Game id -> the store (its backend) holding it in this process, and how many claims it
        has."""


_CLAIMS_LOCK = threading.Lock()
_CLAIMS_FILES: dict[str, _ClaimsFile] = {}
"""Claims files open in this process, by path."""


def claim_in_file(store: object, path: Path, game_id: int) -> GameClaim:
    """Claim a game for `store` (any object: the holder) in the lock file beside the database
    at `path`: a byte of `<database>.claims` locked by the operating system for this
    process, so a game whose process died (even killed) is free at once. The same holder
    may claim a game again (each claim is released on its own); another may not."""
    key = os.path.realpath(path) + CLAIMS_SUFFIX
    taken = GameClaimedError(
        "this game is being played in another window (or tab); finish or leave it there"
        f" first (game {game_id})",
        path,
    )
    with _CLAIMS_LOCK:
        claims = _CLAIMS_FILES.get(key)
        if claims is None:
            try:
                claims = _ClaimsFile(key)
            except OSError as error:
                raise StoreError(
                    f"cannot open the lock file {key} ({error.strerror or error}); check"
                    " that the database's folder is writable, or pass --db another file",
                    path,
                ) from error
            _CLAIMS_FILES[key] = claims
        holder = claims.holders.get(game_id)
        if holder is not None:
            if holder[0] is not store:
                raise taken
            claims.holders[game_id] = (store, holder[1] + 1)
            return _game_claim(store, key, game_id)
        if fcntl is not None:
            try:
                fcntl.lockf(claims.fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, game_id, os.SEEK_SET)
            except OSError as error:
                _forget_if_unused(key)
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    raise taken from None
                raise StoreError(
                    f"cannot claim game {game_id} in {key} ({error.strerror or error})", path
                ) from error
        claims.holders[game_id] = (store, 1)
        return _game_claim(store, key, game_id)


def _game_claim(store: object, key: str, game_id: int) -> GameClaim:
    def release() -> None:
        with _CLAIMS_LOCK:
            _unclaim(store, key, game_id)

    return GameClaim(game_id, release)


def _unclaim(store: object, key: str, game_id: int) -> None:
    """Drop one claim of `store` on a game (under `_CLAIMS_LOCK`)."""
    claims = _CLAIMS_FILES.get(key)
    holder = claims.holders.get(game_id) if claims else None
    if claims is None or holder is None or holder[0] is not store:
        return
    if holder[1] > 1:
        claims.holders[game_id] = (store, holder[1] - 1)
        return
    del claims.holders[game_id]
    if fcntl is not None:
        fcntl.lockf(claims.fd, fcntl.LOCK_UN, 1, game_id, os.SEEK_SET)
    _forget_if_unused(key)


def _forget_if_unused(key: str) -> None:
    claims = _CLAIMS_FILES.get(key)
    if claims is not None and not claims.holders:
        del _CLAIMS_FILES[key]
        os.close(claims.fd)  # no claim of this process is left to drop


def release_all(store: object) -> None:
    """Drop every claim of a store (it is being closed)."""
    with _CLAIMS_LOCK:
        for key, claims in list(_CLAIMS_FILES.items()):
            for game_id, (holder, _count) in list(claims.holders.items()):
                if holder is store:
                    del claims.holders[game_id]
                    if fcntl is not None:
                        fcntl.lockf(claims.fd, fcntl.LOCK_UN, 1, game_id, os.SEEK_SET)
            _forget_if_unused(key)
