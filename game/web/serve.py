"""`civic-quiz serve`: each browser tab gets its own game process, all on one score database.

Only the game is served (the app is started with `--served`, which hides the teachers'
screens and every action that writes files other than the score database).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

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


def served_command(db_path: Path) -> str:
    """The command each browser tab runs: the game in served mode, on the shared database."""
    return shlex.join([sys.executable, "-m", "game", "--db", str(db_path), "--served"])


def serve(host: str, port: int, db_path: Path) -> None:
    """Serve the game until interrupted."""
    from textual_serve.server import Server

    server = Server(
        served_command(db_path),
        host=host,
        port=port,
        title="civic-quiz",
        templates_path=TEMPLATES,
    )
    server.serve()
