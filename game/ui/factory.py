"""`make_app`: the one place the app is built, with its score database and pack catalog opened
for it; the command line (`civic-quiz play`, each served tab) and the tests all call it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..packs.catalog import load_catalog
from ..store import resolve_db_path
from ..store.opening import StoreOpener

if TYPE_CHECKING:
    from ..play.launch import GameRequest
    from ..play.lesson import Lesson
    from .app import QuizApp


def make_app(
    *,
    db_path: Path | None = None,
    pack_folders: list[Path] | None = None,
    request: GameRequest | None = None,
    clock: Callable[[], float] | None = None,
    now: Callable[[], dt.datetime] | None = None,
    served: bool = False,
    settings_path: Path | None = None,
    lesson: Lesson | None = None,
) -> QuizApp:
    """The app on the database `db_path` (else `--db`'s usual default) and the packs of
    `pack_folders` (else the usual folders).

    The database is opened here; when it cannot be used, the app asks the player what to do
    once it runs (a served tab is never offered to move the shared file aside). `request`: a
    game to start straight away; `clock`, `now`: fixed by tests; `served`: a browser tab of
    `civic-quiz serve`; `lesson`: the teacher's lesson settings."""
    # The app module imports Textual: imported here, it costs nothing to the commands that
    # import this module and never build an app.
    from .app import QuizApp

    path = db_path if db_path is not None else resolve_db_path()
    opener = StoreOpener(path, can_move=not served, now=now)
    catalog = load_catalog(pack_folders)
    return QuizApp(
        catalog=catalog,
        opener=opener,
        opened=opener.open(),
        request=request,
        clock=clock,
        now=now,
        served=served,
        settings_path=settings_path,
        lesson=lesson,
        pack_folders=pack_folders,
    )
