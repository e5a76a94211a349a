"""`civic-quiz serve`: serve the game to browsers, optionally one teacher's lesson."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..play.scoring import MODES
from ..util.textsafe import one_line, printable
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, open_store, positive, seed_arg

if TYPE_CHECKING:
    from ..play.lesson import Lesson


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `serve` and its options."""
    serve = subparsers.add_parser("serve", help="serve the game to browsers (classroom play)")
    serve.add_argument("--host", default=None, help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    serve.add_argument(
        "--public-url", metavar="URL", help="the address students use, when a proxy is in front"
    )
    serve.add_argument(
        "--allow-host",
        metavar="NAME",
        action="append",
        default=[],
        type=host_option,
        help="a name students use to reach this server (repeatable); other names get 403",
    )
    serve.add_argument(
        "--max-players", type=positive, default=60, metavar="N", help="games at once (60)"
    )
    serve.add_argument("--pack", metavar="ID", help="the lesson's pack: students play only it")
    serve.add_argument("--mode", choices=MODES, help="the lesson's mode (classic)")
    serve.add_argument("--questions", type=positive, metavar="N", help="play N questions")
    serve.add_argument("--seed", type=seed_arg, metavar="N", help="fix question and option order")
    serve.add_argument(
        "--lesson", metavar="FILE", default=argparse.SUPPRESS, help="lesson settings file"
    )
    serve.add_argument("--force", action="store_true", help="replace an existing lesson FILE")
    serve.set_defaults(handler=run)


def host_option(value: str) -> str:
    """A `--allow-host` NAME: a host name or address, without scheme or port."""
    from ..web.server import HOST_PARTS

    match = HOST_PARTS.fullmatch(value)
    if match is None or ":" in value.rsplit("]", 1)[-1]:
        raise argparse.ArgumentTypeError(
            f"not a host name or address (no scheme, port or path): {one_line(value)!r}"
        )
    return value


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from ..store import resolve_db_path
    from ..web.launcher import is_loopback, serve

    host = args.host or "127.0.0.1"
    if not is_loopback(host):
        print(
            f"civic-quiz serve: warning: listening on {host}: anyone who can reach this"
            " address can play (and their scores go into this machine's database)",
            file=sys.stderr,
        )
    db_path = resolve_db_path(args.db)
    open_store(str(db_path), ask=sys.stdin.isatty()).close()  # refuse a bad database now
    db_path = db_path.resolve()
    lesson = served_lesson(args)
    if isinstance(lesson, int):
        return lesson
    # The addresses to give out (and the lesson) are printed by `serve` once it listens.
    options = {
        "public_url": args.public_url,
        "max_players": args.max_players,
        "allow_hosts": tuple(args.allow_host),
    }
    if lesson is None:
        serve(host, args.port, db_path, **options)
        return EXIT_OK
    described = lesson.describe(pack_title(lesson.pack))
    if args.lesson is not None:
        lesson_file = Path(args.lesson).resolve()
        serve(host, args.port, db_path, lesson_file=lesson_file, lesson=described, **options)
        return EXIT_OK
    import tempfile

    from ..play.lesson import save_lesson

    # Each tab reads the lesson from a file, which lives as long as the server.
    with tempfile.TemporaryDirectory(prefix="civic-quiz-lesson-") as folder:
        lesson_file = Path(folder) / f"{lesson.id}.yaml"
        save_lesson(lesson_file, lesson)
        serve(host, args.port, db_path, lesson_file=lesson_file, lesson=described, **options)
    return EXIT_OK


def served_lesson(args: argparse.Namespace) -> Lesson | int | None:
    """The lesson `serve` is asked for (None: none; an exit status: it cannot be used, said
    on stderr). Settings given with `--lesson FILE` are saved to FILE (not over another
    lesson without --force); `--lesson FILE` alone reads it."""
    from ..packs.catalog import load_catalog
    from ..play.lesson import LessonError, load_lesson, make_lesson, save_lesson

    settings = args.pack or args.mode or args.questions or args.seed is not None
    if not settings and args.lesson is None:
        return None
    try:
        if not settings:
            lesson = load_lesson(args.lesson)
        elif args.pack is None:
            print("civic-quiz serve: --pack ID is needed with lesson settings", file=sys.stderr)
            return EXIT_USAGE
        else:
            path = Path(args.lesson) if args.lesson is not None else None
            lesson = make_lesson(
                args.pack, mode=args.mode, questions=args.questions, seed=args.seed, path=path
            )
    except LessonError as error:
        print(f"civic-quiz serve: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = load_catalog()
    entry = catalog.by_id(lesson.pack)
    if entry is None or not entry.ok:
        from ..play.launch import pack_hint

        why = "cannot be played" if entry is not None else "is not found"
        hint = pack_hint(lesson.pack, catalog)
        print(
            f"civic-quiz serve: the pack '{printable(lesson.pack)}' {why}{hint};"
            " `civic-quiz packs` lists them",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if not entry.questions:  # every question a draft: no tab could start a game
        print(
            f"civic-quiz serve: the pack '{printable(lesson.pack)}' cannot be played: all of"
            f" its {entry.drafts} questions are drafts",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    # Another file with the lesson's pack id: the teacher is told which one the class plays,
    # as `validate` says it (the students' home screen says it too).
    for warning in catalog.duplicate_warnings:
        if f"'{lesson.pack}'" in warning.message:
            print(one_line(warning.format()), file=sys.stderr)
    if settings and args.lesson is not None:
        try:
            save_lesson(args.lesson, lesson, force=args.force)
        except LessonError as error:
            print(f"civic-quiz serve: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"Lesson settings saved to {printable(args.lesson)}.")
    return lesson


def pack_title(pack_id: str) -> str | None:
    """The title of the pack with this id in the catalog, if there is one."""
    from ..packs.catalog import load_catalog

    entry = load_catalog().by_id(pack_id)
    return entry.title if entry is not None else None
