"""The address a running `civic-quiz serve` gives the students, kept in the score database
so that the live host's screen can show it with its QR code.

The record names the server's machine and process: it is shown only while that process
runs on the host's own machine (a server stopped by `kill -9` leaves a record nobody
shows)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import ScoreStore

SERVED_URL_SETTING = "served-url"
"""The settings key of the record."""


def record_served_url(db_path: Path, url: str) -> None:
    """Keep `url` as the address of this server (nothing is said when it cannot be kept:
    the class can still be told the address the server printed)."""
    _write(db_path, json.dumps({"url": url, "pid": os.getpid(), "host": socket.gethostname()}))


def forget_served_url(db_path: Path) -> None:
    """Remove this server's record, as it stops."""
    _write(db_path, "")


def _write(db_path: Path, value: str) -> None:
    from ..store import ScoreStore, StoreError
    from ..store.opening import StoreOpener

    opened = StoreOpener(db_path, can_move=False).open()
    if not isinstance(opened, ScoreStore):
        return
    try:
        with opened:
            opened.set_setting(SERVED_URL_SETTING, value)
    except StoreError:
        pass  # the address was printed; the host's screen will only lack it


def served_url(store: ScoreStore) -> str | None:
    """The address of the `serve` running on this machine on the same database, if any."""
    from ..store import StoreError

    try:
        value = store.get_setting(SERVED_URL_SETTING)
    except StoreError:
        return None
    try:
        record = json.loads(value or "")
        url, pid, host = str(record["url"]), int(record["pid"]), str(record["host"])
    except (ValueError, TypeError, KeyError):
        return None
    if host != socket.gethostname() or not _running(pid):
        return None
    return url


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it runs
    return True
