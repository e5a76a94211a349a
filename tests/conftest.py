"""Shared fixtures: every test runs with the user's own packs, data and config kept out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .pgserver import PgServer


PILOT_IDLE_SAMPLE = 0.005
"""Seconds over which Pilot samples the process's CPU time to tell that the app is idle
after each key pressed. Textual's 20 ms (twice a key) left the app tests waiting, idle, for
a quarter of the suite's time; the app is as idle at the end of a 5 ms sample that used a
twentieth of its CPU, as Textual asks of 20 ms."""


@pytest.fixture(autouse=True, scope="session")
def _quick_pilot_idle() -> Iterator[None]:
    from textual import _wait

    saved = (_wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE)
    _wait.SLEEP_GRANULARITY = PILOT_IDLE_SAMPLE
    _wait.SLEEP_IDLE = PILOT_IDLE_SAMPLE / 20
    yield
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("CIVIC_QUIZ_PACKS", raising=False)
    monkeypatch.delenv("CIVIC_QUIZ_DB", raising=False)
    monkeypatch.delenv("CIVIC_QUIZ_SETTINGS", raising=False)


REPO = Path(__file__).resolve().parent.parent
"""The source tree (tests read the bundled packs from it)."""


def civic_quiz_process(*args: str, db: Path, packs: Path) -> subprocess.Popen[str]:
    """`civic-quiz ARGS` in a process of its own, on the score database `db` (a file or a
    PostgreSQL URL) with the packs of the folder `packs`, its standard streams piped."""
    env = {**os.environ, "CIVIC_QUIZ_DB": str(db), "CIVIC_QUIZ_PACKS": str(packs)}
    return subprocess.Popen(
        [sys.executable, "-m", "game", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


# -- score databases on both backends ------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL 15 server for this test session (about a second to start), on a Unix
    socket in a temporary folder; the tests that need it skip, saying why, only where the
    server's programs (or psycopg) are missing."""
    from . import pgserver

    reason = pgserver.missing()
    if reason is not None:
        pytest.skip(reason)
    with pgserver.running() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgServer) -> Path:
    """A fresh, empty PostgreSQL database of its own for this test, as `--db` gives it."""
    from game.store.pgurl import DatabaseUrl

    return DatabaseUrl(pg_server.database())


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn: a test using it (or `any_db`) runs once on each."""
    return str(request.param)


@pytest.fixture
def any_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A new score database of this run's backend: a file path not created yet (SQLite) or
    a fresh PostgreSQL database (its URL, a `DatabaseUrl`, which is a `Path` to callers)."""
    if backend == "postgresql":
        url: Path = request.getfixturevalue("pg_url")
        return url  # never through Path(): that would make it a file path
    return tmp_path / "data" / "scores.sqlite3"


# -- games in a score store ----------------------------------------------------------------


@pytest.fixture
def make_game() -> Callable[..., int]:
    """A game factory: `make_game(store, "Ada", answers=[True, False], end="active", ...)`
    starts a game, stores its answers and ends it through the store's public methods, and
    returns its id (`tests.games.play_game`, which tests and benchmarks outside a fixture
    import; `play_games` makes a hot-seat group)."""
    from .games import play_game

    return play_game
