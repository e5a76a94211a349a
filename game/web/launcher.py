"""Starting the web server of `civic-quiz serve`: a game process per tab, one database.

Only the game is served (the app is started with `--served`, which hides the teachers'
screens and every action that writes files other than the score database).
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path

from ..util.textsafe import printable

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""textual-serve's page, without its link to a web font (no network at run time)."""

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether a host name or address only reaches this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_command(db_path: Path, lesson_file: Path | None = None) -> str:
    """The command each browser tab runs: the game in served mode, on the shared database,
    under the teacher's lesson settings when there is a lesson file. A PostgreSQL URL is
    never on it (any local user reads a command line, `ps`): tabs get it from their
    environment (`served_environment`)."""
    from ..store import is_database_url

    parts = [sys.executable, "-m", "game"]
    if not is_database_url(db_path):
        parts += ["--db", str(db_path)]
    parts.append("--served")
    if lesson_file is not None:
        parts += ["--lesson", str(lesson_file)]
    return shlex.join(parts)


def served_environment(db_path: Path) -> dict[str, str]:
    """What each tab's environment gets on top of the server's: a PostgreSQL URL, password
    included, as `CIVIC_QUIZ_DB` (a process's environment is readable by its own user only);
    nothing for a file, which is on the command line."""
    from ..store import DB_ENV, is_database_url

    if not is_database_url(db_path):
        return {}
    return {DB_ENV: db_path.url}  # type: ignore[attr-defined]  # a DatabaseUrl


DEFAULT_MAX_PLAYERS = 60
"""Games at once: a class or two, well within a 2-core, 8 GB machine (about 60 MB each)."""


def serve(
    host: str,
    port: int,
    db_path: Path,
    *,
    public_url: str | None = None,
    max_players: int = DEFAULT_MAX_PLAYERS,
    lesson_file: Path | None = None,
    lesson: str | None = None,
    allow_hosts: tuple[str, ...] = (),
) -> None:
    """Serve the game until interrupted; print the addresses to give out once listening.
    `lesson_file`: the lesson every tab plays (`game.play.lesson`); `lesson`: its description,
    printed with the addresses; `allow_hosts`: names other than the machine's addresses by
    which students reach it (`--allow-host`)."""
    from .addresses import announcement, student_urls
    from .served_url import forget_served_url, record_served_url
    from .server import QuizServer, origin_of

    if public_url is not None and origin_of(public_url) is None:
        raise SystemExit(f"civic-quiz serve: --public-url must be an http(s) URL: {public_url!r}")

    def announce() -> None:
        text = announcement(host, port, public_url=public_url, max_players=max_players)
        played = f"{printable(lesson)}\n" if lesson else ""
        print(f"{text}{played}Scores go to {printable(str(db_path))}.", flush=True)
        # The live host's screen shows the address and its QR code to the class.
        urls = student_urls(host, port, public_url=public_url)
        record_served_url(db_path, urls[0])

    # Each tab's environment is a copy of this process's, made when the tab starts.
    os.environ.update(served_environment(db_path))
    server = QuizServer(
        served_command(db_path, lesson_file),
        host=host,
        port=port,
        title="civic-quiz",
        templates_path=TEMPLATES,
        public_url=public_url,
        max_players=max_players,
        allow_hosts=allow_hosts,
        on_listening=announce,
    )
    try:
        server.serve()
    finally:
        forget_served_url(db_path)
