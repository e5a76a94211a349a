"""Passwords never leave: every way a PostgreSQL URL can carry a password logs in (or fails)
on a real server without the password in anything printed, and `serve` hands the database
to its tabs through their environment, never on a command line."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from game.cli import main
from game.store import DB_ENV, ScoreStore, StoreError, is_database_url, resolve_db_path
from game.store.pgurl import DatabaseUrl
from game.web.launcher import served_command, served_environment
from tests.pgserver import PASSWORD, PASSWORD_USER, PORT, PgServer

SECRET = "S3cret"
"""What no output may hold: the start of the password (so no form of it slips through)."""


ENCODED = "".join(f"%{ord(c):02X}" for c in SECRET)
"""The same, every character percent-encoded (as a URL may give it)."""


def printed(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    return out + err


def leaks(text: str) -> bool:
    """Whether the password shows in `text`, as given or percent-encoded."""
    return SECRET in text or ENCODED.lower() in text.lower()


def socket_query(server: PgServer) -> str:
    return f"host={server.socket}&port={PORT}"


@pytest.fixture
def pw_db(pg_server: PgServer) -> str:
    """A database only PASSWORD_USER may use, with PASSWORD."""
    return pg_server.password_database()


def forms(server: PgServer, name: str, password: str) -> dict[str, str]:
    """The ways a URL carries a password, as libpq reads them."""
    where = socket_query(server)
    encoded = "".join(f"%{ord(c):02X}" for c in password)  # every character percent-encoded
    return {
        "user:password@": f"postgresql://{PASSWORD_USER}:{password}@/{name}?{where}",
        "user:encoded@": f"postgresql://{PASSWORD_USER}:{encoded}@/{name}?{where}",
        "password=": f"postgresql://{PASSWORD_USER}@/{name}?{where}&password={password}",
        "pass%77ord=": f"postgresql://{PASSWORD_USER}@/{name}?{where}&pass%77ord={password}",
        "%70assword=": f"postgres://{PASSWORD_USER}@/{name}?%70assword={encoded}&{where}",
        "pass%77ord= after password=": (
            f"postgresql://{PASSWORD_USER}@/{name}?password=x&{where}&pass%77ord={password}"
        ),
    }


FORMS = [
    "user:password@",
    "user:encoded@",
    "password=",
    "pass%77ord=",
    "%70assword=",
    "pass%77ord= after password=",
]


@pytest.mark.parametrize("form", FORMS)
def test_each_password_form_logs_in_and_is_never_printed(
    pg_server: PgServer, pw_db: str, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = forms(pg_server, pw_db, PASSWORD)[form]
    assert main(["--db", url, "db", "info"]) == 0
    text = printed(capsys)
    assert "Score database: postgres" in text
    assert "Games: 0" in text
    assert not leaks(text)
    assert not leaks(str(DatabaseUrl(url))) and not leaks(repr(DatabaseUrl(url)))


@pytest.mark.parametrize("form", ["user:password@", "password=", "pass%77ord=", "%70assword="])
def test_a_wrong_password_in_any_form_fails_without_being_printed(
    pg_server: PgServer, pw_db: str, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = forms(pg_server, pw_db, "S3cretWrong")[form]
    assert main(["--db", url, "db", "info"]) != 0
    text = printed(capsys)
    assert "cannot log in" in text
    assert not leaks(text)
    assert text.count("\n") == 1


def test_a_malformed_percent_token_in_the_password_is_not_echoed(
    pg_server: PgServer, pw_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://{PASSWORD_USER}:S3cret%zzPW@/{pw_db}?{socket_query(pg_server)}"
    assert main(["--db", url, "db", "info"]) != 0
    text = printed(capsys)
    assert "percent" in text  # says what is wrong...
    assert SECRET not in text  # ...without the password libpq quotes
    assert text.count("\n") == 1
    with pytest.raises(StoreError) as caught:
        ScoreStore(url)
    assert not leaks(str(caught.value))


def test_a_scheme_in_capitals_is_not_a_url_as_for_libpq_and_is_refused_unechoed(
    pg_server: PgServer,
    pw_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"POSTGRESQL://{PASSWORD_USER}:{PASSWORD}@/{pw_db}?{socket_query(pg_server)}"
    assert not is_database_url(url)  # libpq reads only the lower-case schemes
    assert not is_database_url("Postgres://h/d")
    assert is_database_url("postgres://h/d") and is_database_url("postgresql://h/d")
    assert main(["--db", url, "db", "info"]) != 0
    text = printed(capsys)
    assert "lower case" in text
    assert not leaks(text)
    assert list(tmp_path.iterdir()) == []  # no file nor folder made of it either
    with pytest.raises(StoreError) as caught:
        resolve_db_path(url)
    assert not leaks(str(caught.value))


def test_serve_gives_tabs_the_database_in_their_environment_not_their_command_line(
    pg_server: PgServer, pw_db: str
) -> None:
    url = forms(pg_server, pw_db, PASSWORD)["pass%77ord="]
    db = resolve_db_path(url)
    command = served_command(db)
    environment = served_environment(db)
    assert not leaks(command) and "postgres" not in command and "--db" not in command
    assert environment == {DB_ENV: url}
    # What a tab does with it: the URL with its password, which logs in.
    in_tab = resolve_db_path(None, environment)
    assert in_tab == db
    ScoreStore(in_tab).close()
    # A file's path stays on the command line (nothing secret in it), and no environment.
    assert "--db /d/s.db" in served_command(Path("/d/s.db"))
    assert served_environment(Path("/d/s.db")) == {}


def test_a_real_tab_logs_in_with_no_password_in_its_process_command_line(
    pg_server: PgServer, pw_db: str
) -> None:
    url = forms(pg_server, pw_db, PASSWORD)["user:password@"]
    db = resolve_db_path(url)
    environment = {
        **os.environ,
        **served_environment(db),
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "COLUMNS": "80",
        "ROWS": "24",
    }
    tab = subprocess.Popen(
        shlex.split(served_command(db)),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        start_new_session=True,
    )
    try:
        import psycopg

        logged_in = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and tab.poll() is None:
            with psycopg.connect(pg_server.url(), autocommit=True) as admin:
                logged_in = bool(
                    admin.execute(
                        "SELECT 1 FROM pg_stat_activity WHERE usename = %s AND datname = %s",
                        (PASSWORD_USER, pw_db),
                    ).fetchone()
                )
            if logged_in:
                break
            time.sleep(0.2)
        assert logged_in, tab.stderr.read() if tab.poll() is not None and tab.stderr else ""
        cmdline = Path(f"/proc/{tab.pid}/cmdline").read_bytes()
        assert b"-m\0game" in cmdline and b"--served" in cmdline
        assert SECRET.encode() not in cmdline and b"postgres" not in cmdline
    finally:
        os.killpg(tab.pid, signal.SIGKILL)
        tab.wait(10)
        if tab.stderr:
            tab.stderr.close()
        if tab.stdin:
            tab.stdin.close()


def test_serve_on_a_password_url_shows_it_nowhere_and_its_tab_logs_in(
    pg_server: PgServer, pw_db: str, tmp_path: Path
) -> None:
    import asyncio

    import aiohttp

    from tests.web.served import served_game
    from tests.web.test_guard import open_game

    url = forms(pg_server, pw_db, PASSWORD)["pass%77ord="]
    with served_game(tmp_path, url) as address:  # type: ignore[arg-type]  # the URL as typed

        async def play_and_look() -> list[int]:
            async with aiohttp.ClientSession() as session:
                ws = await open_game(session, address)
                try:
                    return tabs_of(url)
                finally:
                    await ws.close()

        tabs = asyncio.run(play_and_look())
    assert len(tabs) == 1
    log = (tmp_path / "server.log").read_text()
    assert "Scores go to postgresql://cq@/" in log
    assert not leaks(log)


def tabs_of(url: str) -> list[int]:
    """The served game processes whose environment names `url`, each checked: neither the
    password nor the URL on its command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        if b"--served" in args.split(b"\0") and f"{DB_ENV}={url}".encode() in environ:
            assert SECRET.encode() not in args and b"postgres" not in args
            found.append(int(entry.name))
    return found
