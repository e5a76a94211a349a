"""`civic-quiz sentences`: a pack's source, one numbered sentence a line (`#12` quotes them)."""

from __future__ import annotations

import argparse

from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_PROBLEMS, CommandError, pack_file_named


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `sentences` and its options."""
    sentences = subparsers.add_parser(
        "sentences",
        help='list the sentences of a pack\'s source, numbered (a quote may be "#12")',
    )
    sentences.add_argument("pack", metavar="PACK", help="the pack: its file or its id")
    sentences.add_argument(
        "--source",
        metavar="ID",
        help="the source to list, for a pack with several (default the first)",
    )
    sentences.add_argument(
        "--grep", metavar="WORD", help="only the sentences holding WORD (any case); numbers kept"
    )
    sentences.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print `#N  sentence` for each sentence (those matching --grep); status 1 when none."""
    from ..authoring.source import AuthoringError, read_pack_source
    from ..core.sentences import numbered_sentences

    try:
        source = read_pack_source(pack_file_named(args.pack, "sentences"), args.source)
    except AuthoringError as error:
        raise CommandError(str(error)) from None
    wanted = args.grep.casefold() if args.grep is not None else None
    shown = 0
    for sentence in numbered_sentences(source.text):
        if wanted is not None and wanted not in sentence.text.casefold():
            continue
        # Article text is data: escaped, so it cannot command the terminal or forge a line.
        print(f"#{sentence.number}  {one_line(sentence.text)}")
        shown += 1
    return EXIT_OK if shown else EXIT_PROBLEMS
