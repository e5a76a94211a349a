"""`host_app` and `join_app`: the full-screen host and student of a class game, which
`civic-quiz host` and `civic-quiz join` run without `--plain`.

Each opens the score database, makes or resumes the session (or joins it) before any
window opens, so that a wrong code or a taken name is one line on stderr, then shows the
screen until it closes. `run_host` and `run_student` show an already made host or student.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...live.host import LiveHost
    from ...live.model import LiveOptions
    from ...live.student import LiveStudent
    from ...store import ScoreStore

DEFAULT_TIME_LIMIT = 20.0
"""Seconds per question when neither --time-limit nor --no-timer is given."""


def live_options(args: argparse.Namespace) -> LiveOptions:
    """The session's settings from the command line."""
    from ...live.model import LiveOptions

    limit = getattr(args, "time_limit", None)
    return LiveOptions(
        questions=getattr(args, "questions", None),
        seed=getattr(args, "seed", None),
        mode=getattr(args, "mode", None) or "classic",
        time_limit=None
        if getattr(args, "no_timer", False)
        else (DEFAULT_TIME_LIMIT if limit is None else float(limit)),
        scoring=getattr(args, "scoring", None) or "standard",
    )


def _problem(command: str, error: Exception) -> Exception:
    from ...commands.common import CommandError
    from ...util.textsafe import one_line

    return CommandError(f"civic-quiz {command}: {one_line(str(error))}")


def host_app(args: argparse.Namespace) -> int:
    """Make (or with `--resume CODE` pick up) a class game and show the host's screen."""
    from ...commands.common import open_store
    from ...live.host import LiveHost
    from ...live.model import LiveError
    from ...packs.catalog import load_catalog
    from ...play.launch import resolve_packs
    from ...play.players import GameError
    from ...store import StoreError

    store = open_store(getattr(args, "db", None), ask=False)
    with store:
        try:
            catalog = load_catalog()
            resume = getattr(args, "resume", None)
            if resume:
                host = LiveHost.resume(store, resume, catalog)
            else:
                # A pack id or a pack file, as `play` and the plain host take them.
                (pack,) = resolve_packs([args.pack], catalog)
                host = LiveHost.create(store, pack, live_options(args))
        except (LiveError, GameError, StoreError) as error:
            raise _problem("host", error) from None
        return run_host(host, store)


def run_host(host: LiveHost, store: ScoreStore) -> int:
    """Show the host's screen for `host` until the teacher closes it."""
    from ...live.watch import Watcher
    from ...web.served_url import served_url
    from .app import LiveApp
    from .host_screen import HostScreen

    screen = HostScreen(host, lambda: Watcher(store, host.code), url=served_url(store))
    return LiveApp(screen).run() or 0


def join_app(args: argparse.Namespace) -> int:
    """Join a class game as `--player NAME` (else the name the game remembers) and show
    the student's screen."""
    from ...commands.common import open_store
    from ...live.model import LiveError
    from ...live.student import LiveStudent
    from ...packs.catalog import load_catalog
    from ...play.players import PLAYER_SETTING
    from ...store import StoreError

    store = open_store(getattr(args, "db", None), ask=False)
    with store:
        try:
            # Without --player, the name the game remembers (the last player's).
            name = getattr(args, "player", None) or store.get_setting(PLAYER_SETTING)
            if not name:
                raise LiveError("name yourself with --player NAME")
            student = LiveStudent.join(store, args.code, name, load_catalog())
        except (LiveError, StoreError) as error:
            raise _problem("join", error) from None
        return run_student(student, store)


def run_student(student: LiveStudent, store: ScoreStore) -> int:
    """Show the student's screen until they leave (Esc) or the game is over."""
    from ...live.watch import Watcher
    from .app import LiveApp
    from .student_screen import StudentScreen

    app: LiveApp
    screen = StudentScreen(
        student,
        lambda: Watcher(store, student.code, "stage"),
        on_leave=lambda: app.exit(0),
    )
    app = LiveApp(screen)
    return app.run() or 0
