"""The address `civic-quiz serve` keeps in the score database for the live host's screen:
shown while its server runs on this machine, never once it stopped or for another."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from game.store import ScoreStore
from game.web.served_url import (
    SERVED_URL_SETTING,
    forget_served_url,
    record_served_url,
    served_url,
)

URL = "http://192.168.1.20:8000/"


def test_the_address_of_a_running_server_is_shown(tmp_path: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    record_served_url(db, URL)  # this process stands for the running server
    with ScoreStore(db) as store:
        assert served_url(store) == URL
    forget_served_url(db)
    with ScoreStore(db) as store:
        assert served_url(store) is None


def test_a_stopped_server_or_another_machine_is_not_shown(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = int(finished.stdout)
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        record = {"url": URL, "pid": gone, "host": socket.gethostname()}
        store.set_setting(SERVED_URL_SETTING, json.dumps(record))
        assert served_url(store) is None
        import os

        record = {"url": URL, "pid": os.getpid(), "host": "another-machine"}
        store.set_setting(SERVED_URL_SETTING, json.dumps(record))
        assert served_url(store) is None
        store.set_setting(SERVED_URL_SETTING, "not json")
        assert served_url(store) is None
