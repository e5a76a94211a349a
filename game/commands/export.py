"""`civic-quiz export`: write a pack in another format (GIFT)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..util.textsafe import one_line, printable
from .common import EXIT_PROBLEMS, EXIT_USAGE, emit, output_ok


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `export` and its options."""
    exporter = subparsers.add_parser("export", help="write a pack in another format")
    exporter.add_argument("pack", metavar="PACK", help="pack id or pack file")
    exporter.add_argument("--to", choices=("gift",), default="gift")
    exporter.add_argument("-o", "--output", metavar="OUT", help="write here, not stdout")
    exporter.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    exporter.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export the pack to -o or stdout; what cannot be exported is listed on stderr, and
    so is, one line a question, what an exported question loses (its hint, a unit...)."""
    from ..exporters.gift import export_gift, left_out
    from ..packs.catalog import load_catalog
    from ..play.launch import resolve_packs
    from ..play.players import GameError

    catalog = load_catalog()
    try:
        (pack,) = resolve_packs([args.pack], catalog)
    except GameError as error:
        print(f"civic-quiz export: {printable(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.output is not None:
        entry = catalog.by_id(args.pack)
        source = entry.path if entry is not None else Path(args.pack)
        if not output_ok(args.output, args.force, source=source):
            return EXIT_USAGE
    text, skipped = export_gift(pack)
    for item in skipped:
        print(f"skipped question {printable(f'{item.kind}: {item.reason}')}", file=sys.stderr)
    # One line a question, so a teacher sees what Moodle's copy lacks before importing it.
    for item in left_out(pack, skipped):
        print(f"left out of GIFT: {one_line(item.reason)}", file=sys.stderr)
    exported = len(pack.questions) - len(skipped)
    summary = f"Exported {exported} questions; skipped {len(skipped)}."
    return emit(text, args.output, summary, force=args.force)
