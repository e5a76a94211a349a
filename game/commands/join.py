"""`civic-quiz join`: take part in a live class game with its join code."""

from __future__ import annotations

import argparse
import sys

from ..util.textsafe import one_line
from .common import EXIT_PROBLEMS, EXIT_USAGE, open_store


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `join` and its options."""
    join = subparsers.add_parser("join", help="join a live class game with its code")
    join.add_argument("code", metavar="CODE", help="the join code the teacher shows")
    join.add_argument("--player", metavar="NAME", help="your name in the game")
    join.add_argument(
        "--plain", action="store_true", help="plain lines on stdin/stdout instead of the screen"
    )
    join.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    join.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Join the class game."""
    if not args.plain:
        from ..ui.live.launch import join_app  # Textual only when the screens are wanted

        return join_app(args)
    if not args.player:
        print("civic-quiz join: --plain needs --player NAME", file=sys.stderr)
        return EXIT_USAGE
    from ..live.model import LiveError
    from ..live.student import LiveStudent
    from ..packs.catalog import load_catalog
    from ..plain.join import join_plain

    store = open_store(args.db, ask=False)
    try:
        student = LiveStudent.join(store, args.code, args.player, load_catalog())
        return join_plain(student, sys.stdin, sys.stdout)
    except LiveError as error:
        print(f"civic-quiz join: {one_line(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        store.close()
