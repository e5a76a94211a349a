"""The `civic-quiz` command: the parser built from one module per command, and its errors."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import NoReturn

from . import __version__
from .commands import (
    common,
    db,
    draft,
    edit,
    export,
    flags,
    host,
    imports,
    join,
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
from .util.textsafe import one_line

COMMANDS = (
    serve,
    play,
    host,
    join,
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


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose errors name the closest command, option or choice to a
    mistyped one (`paly`: did you mean 'play'?): Python 3.11's argparse does not. The
    commands' parsers are of this class too (`add_subparsers` makes its own kind)."""

    given: Sequence[str] = ()
    """The arguments this parser was last given."""

    # argparse declares parse_known_args with overloads on the namespace's type; this one
    # form is all the command line calls, so mypy's override check is told so.
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        choice = re.search(r"invalid choice: '([^']*)'", message)
        if choice is not None:
            # `--lesosn x.yaml`: argparse takes the option's value for a command; the
            # option is what was mistyped.
            unknown = self.unknown_option(before=choice[1])
            if unknown is not None:
                message = f"unrecognized arguments: {unknown}"
        super().error(message + self.closest(message))

    def unknown_option(self, before: str) -> str | None:
        """The first long option given before the word `before` that this parser lacks."""
        known = {o for action in self._actions for o in action.option_strings}
        for word in self.given:
            if word == before:
                return None
            name = word.split("=", 1)[0]
            if name.startswith("--") and name != "--" and name not in known:
                return word
        return None

    def closest(self, message: str) -> str:
        """` (did you mean '--plain'?)` for the first mistyped word of an argparse error."""
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice is not None:
            return did_you_mean(choice[1], re.findall(r"'([^']*)'", choice[2]))
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        if unknown is not None:
            for word in unknown[1].split():
                if word.startswith("--"):
                    return did_you_mean(word.split("=", 1)[0], self.option_names())
        return ""

    def option_names(self) -> Iterable[str]:
        """The long options of this parser (`--plain`), for a guess at a mistyped one;
        not the hidden ones (`--served` is for `serve`'s own tabs, never to be suggested)."""
        for action in self._actions:
            if action.help != argparse.SUPPRESS:
                yield from (o for o in action.option_strings if o.startswith("--"))

    def command_parser(self, args: argparse.Namespace) -> Parser:
        """The parser of the command `args` were parsed for (`db copy`'s for `db copy`)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found = action.choices.get(str(getattr(args, action.dest, "")))
                if isinstance(found, Parser):
                    return found.command_parser(args)
        return self


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'play'?)` for the known word closest to `word`, else nothing (the
    rule of the commands' own hints for packs and players)."""
    return common.did_you_mean(word, known).replace(" (", "; ", 1).rstrip(")")


def build_parser() -> Parser:
    """The parser of every command; each sets `handler`, the function that runs it."""
    parser = Parser(
        prog="civic-quiz",
        description="A quiz game for civic education. Without a command, opens the game.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
    from .util import progress

    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # What argparse would say, but from the command's own parser: its usage, its options.
        parser.command_parser(args).error(f"unrecognized arguments: {' '.join(extras)}")
    # Progress bars on stderr for the commands, never for a game (full screen or plain),
    # and only while the command runs (tests and other callers run on in this process).
    progress.enabled = args.command not in (None, "play", "serve")
    try:
        return run(args)
    finally:
        progress.enabled = False


def run(args: argparse.Namespace) -> int:
    """Run the command `args` were parsed for; the exit status (errors turned into it)."""
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
        store = sys.modules.get("game.store.errors")
        if store is None or not isinstance(error, store.StoreError):
            raise
        print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
        return common.EXIT_PROBLEMS
