"""`civic-quiz host`: run a live class game for the projector (or as plain lines)."""

from __future__ import annotations

import argparse
import sys

from ..util.textsafe import one_line
from .common import EXIT_PROBLEMS, EXIT_USAGE, open_store, positive, seed_arg


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the time limit is 1 to 3600 seconds")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `host` and its options."""
    host = subparsers.add_parser(
        "host", help="run a live class game: you set the pace, the class answers together"
    )
    host.add_argument("pack", nargs="?", metavar="PACK", help="pack id or pack file")
    host.add_argument("--questions", type=positive, metavar="N", help="play N questions")
    host.add_argument("--seed", type=seed_arg, metavar="N", help="fix question and option order")
    host.add_argument(
        "--mode",
        choices=("classic", "timed"),
        default="classic",
        help="timed: faster answers earn more (classic)",
    )
    timer = host.add_mutually_exclusive_group()
    timer.add_argument(
        "--time-limit", type=_seconds, metavar="S", default=20.0, help="seconds per question (20)"
    )
    timer.add_argument(
        "--no-timer", action="store_true", help="no countdown: you reveal each question"
    )
    host.add_argument(
        "--scoring",
        choices=("standard", "accuracy"),
        default="standard",
        help="accuracy: count only credit (no speed or streak effects)",
    )
    host.add_argument("--resume", metavar="CODE", help="pick up the class game with this code")
    host.add_argument(
        "--plain", action="store_true", help="plain lines on stdin/stdout instead of the screen"
    )
    host.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    host.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Host a new class game, or resume one."""
    if (args.pack is None) == (args.resume is None):
        print("civic-quiz host: name a PACK, or --resume CODE", file=sys.stderr)
        return EXIT_USAGE
    if not args.plain:
        from ..ui.live.launch import host_app  # Textual only when the screens are wanted

        return host_app(args)
    return host_plain_command(args)


def host_plain_command(args: argparse.Namespace) -> int:
    from ..live.host import LiveHost
    from ..live.model import LiveError, LiveOptions
    from ..packs.catalog import load_catalog
    from ..plain.host import host_plain
    from ..play.launch import resolve_packs
    from ..play.players import GameError

    store = open_store(args.db, ask=False)
    try:
        catalog = load_catalog()
        if args.resume is not None:
            host = LiveHost.resume(store, args.resume, catalog)
        else:
            (pack,) = resolve_packs([args.pack], catalog)
            options = LiveOptions(
                questions=args.questions,
                seed=args.seed,
                mode=args.mode,
                time_limit=None if args.no_timer else args.time_limit,
                scoring=args.scoring,
            )
            host = LiveHost.create(store, pack, options)
        return host_plain(host, sys.stdin, sys.stdout, resumed=args.resume is not None)
    except (LiveError, GameError) as error:
        print(f"civic-quiz host: {one_line(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        store.close()
