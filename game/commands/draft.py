"""`civic-quiz draft`: append candidate questions drawn from a pack's source (`draft: true`)."""

from __future__ import annotations

import argparse

from ..util.textsafe import one_line
from .common import EXIT_OK, CommandError, pack_file_named


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `draft` and its options."""
    draft = subparsers.add_parser(
        "draft",
        help="append draft questions drawn from the pack's source (never played until reviewed)",
    )
    draft.add_argument(
        "pack", metavar="PACK", help="the pack (its file or its id) to append the drafts to"
    )
    draft.add_argument(
        "--source", metavar="ID", help="the source to draw from (default the pack's first)"
    )
    draft.add_argument(
        "--dry-run", action="store_true", help="list the drafts without changing the file"
    )
    draft.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Append the drafts and list them; a pack with errors is left as it is (status 1)."""
    from ..authoring.append import append_drafts
    from ..authoring.source import AuthoringError

    try:
        report = append_drafts(
            pack_file_named(args.pack, "draft"), args.source, dry_run=args.dry_run
        )
    except AuthoringError as error:
        raise CommandError(str(error)) from None
    for line in report.lines():
        print(one_line(line))
    return EXIT_OK
