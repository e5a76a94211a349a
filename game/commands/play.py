"""`civic-quiz play`: start a game straight away (full screen or plain lines); and the game
itself when no command is given."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..play.scoring import MODES, SCORINGS
from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_PROBLEMS, open_store, positive, seed_arg, unreadable

if TYPE_CHECKING:
    from ..play.launch import GameRequest
    from ..store import ScoreStore


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `play` and its options."""
    play = subparsers.add_parser("play", help="start a game straight away")
    play.add_argument("packs", nargs="*", metavar="PACK", help="pack ids or pack files")
    play.add_argument(
        "--player",
        action="append",
        default=[],
        metavar="NAME",
        help="player name (repeat for hot-seat players)",
    )
    play.add_argument("--mode", choices=MODES, help="the game mode (classic)")
    play.add_argument("--questions", type=positive, metavar="N", help="play N questions")
    play.add_argument("--seed", type=seed_arg, metavar="N", help="fix question and option order")
    play.add_argument(
        "--scoring",
        choices=SCORINGS,
        help="accuracy: count only credit (no hint, speed or streak effects)",
    )
    play.add_argument("--resume", action="store_true", help="continue the last unfinished game")
    play.add_argument(
        "--plain",
        action="store_true",
        help="plain lines on stdin/stdout instead of the full-screen game",
    )
    play.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    play.add_argument(
        "--lesson", metavar="FILE", default=argparse.SUPPRESS, help="play a lesson file's settings"
    )
    play.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Play the game the options ask for."""
    from ..play.launch import GameRequest
    from ..play.lesson import Lesson, LessonError, load_lesson

    lesson: Lesson | None = None
    if args.lesson is not None:
        try:
            lesson = load_lesson(args.lesson)
        except LessonError as error:
            print(f"civic-quiz play: {one_line(str(error))}", file=sys.stderr)
            return EXIT_PROBLEMS
    # What is given on the command line wins over the lesson file's settings.
    request = GameRequest(
        packs=tuple(args.packs) or ((lesson.pack,) if lesson else ()),
        players=tuple(args.player),
        mode=args.mode or (lesson.mode if lesson else "classic"),
        questions=args.questions or (lesson.questions if lesson else None),
        seed=args.seed if args.seed is not None else (lesson.seed if lesson else None),
        scoring=args.scoring,
        resume=args.resume,
        lesson=lesson.id if lesson else None,
    )
    if not args.plain:
        return open_app(args.db, request)
    return play_plain(args.db, request)


def run_home(args: argparse.Namespace) -> int:
    """No command: the game opens on its home screen."""
    if args.served:
        from ..web.lifeline import tie_to_server

        tie_to_server()  # a tab ends with its server, however the server ends
    return open_app(args.db, None, served=args.served, lesson_file=args.lesson)


def open_app(
    db: str | None,
    request: GameRequest | None,
    *,
    served: bool = False,
    lesson_file: str | None = None,
) -> int:
    """Run the full-screen game until it exits; its exit status."""
    from ..store import resolve_db_path
    from ..ui.factory import make_app

    lesson = None
    if lesson_file is not None:
        from ..play.lesson import LessonError, load_lesson

        try:
            lesson = load_lesson(lesson_file)
        except LessonError as error:
            print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
            return EXIT_PROBLEMS
    app = make_app(db_path=resolve_db_path(db), request=request, served=served, lesson=lesson)
    app.run()
    return app.return_code or EXIT_OK


def play_plain(db: str | None, request: GameRequest) -> int:
    """Play on plain stdin/stdout lines (`--plain`)."""
    from ..packs.catalog import load_catalog
    from ..plain.play import play_plain as play_lines
    from ..play.launch import build_session, resume_command
    from ..play.players import PLAYER_SETTING, GameError
    from ..store import StoreError

    store = open_store(db, ask=sys.stdin.isatty())
    # The errors below quote pack text (a broken pack's first problem) and names from the
    # command line and the store: escaped on one line, as `validate` shows them.
    try:
        # As the full-screen game does: the remembered name, not "Player". A resumed game
        # is not narrowed to it: the remembered name may be another player's.
        if not request.players and not request.resume and (name := remembered_player(store)):
            request = request._replace(players=(name,))
        session = build_session(request, load_catalog(), store, start=False)
        # A game that cannot be created is not played: its score would exist nowhere.
        session.start(on_wait=lambda: print("Saving the new game...", file=sys.stderr))
    except StoreError as error:
        print(f"civic-quiz: the game cannot be played: {one_line(str(error))}", file=sys.stderr)
        store.close()
        return EXIT_PROBLEMS
    except GameError as error:
        print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
        store.close()
        return EXIT_PROBLEMS
    except ValueError as error:  # a stored game this civic-quiz cannot decode (a bad date)
        store.close()
        raise unreadable(store, error) from error

    def leaderboard() -> list[str]:
        rows = store.leaderboard(session.pack_id, limit=5)
        ours = {p.game_id for p in session.players}
        return ["Leaderboard:"] + [
            f"{'>' if r.game_id in ours else ' '} {r.rank}. {r.player}: {r.percent:.0f}%"
            f" ({r.score} / {r.max_score}, {r.mode}, {r.finished_at:%Y-%m-%d})"
            for r in rows
        ]

    try:
        store.set_setting(PLAYER_SETTING, session.players[0].name)  # for the next game
    except StoreError as error:  # not remembering a name is no reason not to play
        print(f"civic-quiz: the name is not remembered: {error}", file=sys.stderr)
    # The pack as given (a file is in no packs folder), or the resumed game's pack.
    packs = request.packs or (session.pack_id.split("+") if request.resume else ())
    resume = resume_command([p.name for p in session.players], packs, db)
    try:
        board = None if session.mode == "practice" else leaderboard  # practice is not ranked
        status = play_lines(session, sys.stdin, sys.stdout, leaderboard=board, resume=resume)
    finally:
        store.close()
    return EXIT_OK if status == 0 else status


def remembered_player(store: ScoreStore) -> str | None:
    """The last player's name the score database remembers; None when it cannot be read
    (not knowing the name is no reason not to play: the game plays as "Player")."""
    from ..play.players import PLAYER_SETTING
    from ..store import StoreError

    try:
        return store.get_setting(PLAYER_SETTING)
    except StoreError:
        return None
