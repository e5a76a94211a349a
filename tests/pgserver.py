"""A throwaway PostgreSQL 15 server for the tests: started once per session on a Unix socket
in a temporary folder, one fresh database per test, stopped at the end."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("CIVIC_QUIZ_PG_BIN", "/usr/lib/postgresql/15/bin"))
"""Where Debian puts the PostgreSQL 15 server's programs (initdb, pg_ctl)."""

PORT = 5432
"""The port number names the socket file (`.s.PGSQL.5432`); nothing listens on TCP."""

USER = "quiz"

PASSWORD_USER = "cq"
"""A user who must give a password (scram-sha-256) to log in: the only one, every other
user is trusted on the socket."""

PASSWORD = "S3cretPW"
"""Its password: the tests look for it (and for "S3cret") in everything printed."""


def missing() -> str | None:
    """Why no test server can be started here (None: it can)."""
    for program in ("initdb", "pg_ctl"):
        if not (PG_BIN / program).is_file():
            return f"no PostgreSQL server here: {PG_BIN / program} is missing"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    return None


def _as_server_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as `postgres` there."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PgServer:
    """A running server; `database()` makes a fresh, empty database and gives its URL."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root / "sock"
        self._numbers = itertools.count(1)

    def start(self) -> None:
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        # The password user first: pg_hba.conf is read top down, the first match wins.
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {PASSWORD_USER} scram-sha-256\n" + hba.read_text())
        # fsync off: the tests kill clients, never the server, whose own durability is
        # PostgreSQL's; it saves seconds of disk flushes.
        options = f"-k {self.socket} -p {PORT} -c listen_addresses='' -c fsync=off"
        log = self.root / "server.log"
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "start",
            ]
        )

    def stop(self) -> None:
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(
            _as_server_user(command),
            capture_output=True,
            text=True,
            cwd=self.root,
            check=False,
            # initdb writes the locale it finds into the cluster: the tests want plain C
            # ordering, as SQLite's.
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@/{database}?host={self.socket}&port={PORT}"

    def database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"t_{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def password_database(self) -> str:
        """The name of a new, empty database owned by PASSWORD_USER, who logs in with
        PASSWORD only (made with the user the first time)."""
        import psycopg

        name = f"p_{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            known = conn.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_USER,)
            ).fetchone()
            if not known:
                conn.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'")
            conn.execute(f'CREATE DATABASE "{name}" OWNER {PASSWORD_USER}')
        return name


@contextmanager
def running() -> Iterator[PgServer]:
    """A started server, stopped (and its files removed) when the block ends."""
    root = Path(tempfile.mkdtemp(prefix="civic-quiz-pg-"))
    server = PgServer(root)
    try:
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
