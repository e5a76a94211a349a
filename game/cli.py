"""The `civic-quiz` command: the parser built from one module per command, and its errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .commands import (
    common,
    db,
    draft,
    edit,
    export,
    flags,
    imports,
    new,
    packs,
    play,
    schema,
    scores,
    sentences,
    serve,
    source,
    stats,
    validate,
)
from .textsafe import one_line

COMMANDS = (
    serve,
    play,
    scores,
    stats,
    flags,
    imports,
    export,
    validate,
    packs,
    schema,
    new,
    edit,
    source,
    sentences,
    draft,
    db,
)
"""The command modules, in the order `civic-quiz --help` lists them."""

EXIT_BROKEN_PIPE = 141
"""What a shell reports for a command whose reader went away (128 + SIGPIPE)."""

EXIT_INTERRUPTED = 130
"""What a shell reports for a command stopped with Ctrl-C (128 + SIGINT)."""


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; each sets `handler`, the function that runs it."""
    parser = argparse.ArgumentParser(
        prog="civic-quiz",
        description="A quiz game for civic education. Without a command, opens the game.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="score database (default: CIVIC_QUIZ_DB or the user data folder)",
    )
    # Set by `civic-quiz serve` for each browser tab: the game only, no teachers' screens.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--lesson", metavar="FILE", help="play only the pack and mode of a teacher's lesson file"
    )
    # Without a command the game opens; a command's parser replaces this handler.
    parser.set_defaults(handler=play.run_home)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return status
    except BrokenPipeError:
        # The reader of our output closed it (`civic-quiz scores | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        # Ctrl-C is how a player or teacher stops a command (a plain game, `serve`): what
        # was saved stays saved (answers are stored as given), so no traceback.
        print("\ncivic-quiz: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except common.CommandError as error:
        print(one_line(str(error)), file=sys.stderr)
        return common.EXIT_PROBLEMS
    except Exception as error:
        # A score database that fails after it was opened (a query on a damaged table, the
        # disk gone) ends any command with the store's one-line message, never a traceback.
        # The store module is looked up, not imported: commands that never load it stay fast.
        store = sys.modules.get("game.store")
        if store is None or not isinstance(error, store.StoreError):
            raise
        print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
        return common.EXIT_PROBLEMS
