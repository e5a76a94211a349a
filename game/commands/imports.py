"""`civic-quiz import`: make a pack from a GIFT, Aiken, CSV or OpenTDB file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..util.textsafe import printable
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, emit, output_ok

IMPORTERS = {
    "gift": ("game.importers.gift", "import_gift"),
    "aiken": ("game.importers.aiken", "import_aiken"),
    "csv": ("game.importers.csvfile", "import_csv"),
    "opentdb": ("game.importers.opentdb", "import_opentdb"),
}
"""Each source format's importer, as (module, function): a module is imported when used."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `import` and its options."""
    importer = subparsers.add_parser("import", help="make a pack from GIFT, Aiken, CSV or OpenTDB")
    importer.add_argument("file", nargs="?", metavar="FILE")
    importer.add_argument(
        "--from", dest="source_format", choices=("gift", "aiken", "csv", "opentdb")
    )
    importer.add_argument("-o", "--output", metavar="OUT.yaml", help="write here, not stdout")
    importer.add_argument("--force", action="store_true", help="overwrite an existing OUT.yaml")
    importer.add_argument("--id", dest="pack_id", metavar="ID", help="the new pack's id")
    importer.add_argument("--title", metavar="TITLE", help="the new pack's title")
    importer.add_argument("--template", choices=("csv",), help="print a template to fill in")
    importer.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import FILE as a pack, written to -o or stdout only if it is valid."""
    import importlib

    from ..importers.base import (
        ImportFailed,
        build_pack,
        dump_pack,
        max_import_bytes,
        pack_too_large,
    )
    from ..importers.detect import detect_format
    from ..packs.loader import validate_pack_data
    from ..util.safefile import FileRefused, read_regular_file

    if args.template:
        from ..importers.csvfile import csv_template

        sys.stdout.write(csv_template())
        return EXIT_OK
    if not args.file:
        print("civic-quiz import: name the FILE to import (or use --template csv)", file=sys.stderr)
        return EXIT_USAGE
    path = Path(args.file)
    shown = printable(args.file)
    if args.output is not None and not output_ok(args.output, args.force, source=path):
        return EXIT_USAGE
    try:
        # Regular files only, bounded: a FIFO or /dev/zero would block or never end.
        text = read_regular_file(path, max_bytes=max_import_bytes()).decode("utf-8-sig")
    except FileRefused as refused:
        advice = "; split it and import each part" if refused.reason == "too-large" else ""
        print(f"{shown}: error: cannot import: the file {refused.message}{advice}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        print(
            f"{shown}: error: not UTF-8 (byte offset {exc.start}); save it as UTF-8",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    from ..util.progress import progress

    try:
        kind = args.source_format or detect_format(path, text)
        module, function = IMPORTERS[kind]
        # A large file takes a while: on a terminal, say what is being done.
        with progress(f"Importing {shown} ({kind})"):
            result = getattr(importlib.import_module(module), function)(text)
    except ImportFailed as failure:
        where = f"{failure.line}:" if failure.line else ""
        print(f"{shown}:{where} error: {printable(failure.message)}", file=sys.stderr)
        return EXIT_PROBLEMS
    reports = [("skipped", s) for s in result.skipped] + [("dropped", n) for n in result.notes]
    for verb, item in sorted(reports, key=lambda report: report[1].line):
        reason = printable(f"{item.kind}: {item.reason}")
        print(f"{shown}:{item.line}: {verb} {reason}", file=sys.stderr)
    if not result.questions:
        print(f"{shown}: error: no question could be imported; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    data = build_pack(result, pack_id=args.pack_id, title=args.title)
    # Found before writing (and before checking each question): `validate` and the game
    # would refuse the pack.
    too_large = pack_too_large(len(result.questions))
    text = "" if too_large else dump_pack(data)
    if too_large := too_large or pack_too_large(len(result.questions), text):
        print(f"{shown}: error: {too_large}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    with progress(f"Checking the {len(result.questions):,} imported questions"):
        checked = validate_pack_data(data, display=args.output or "<stdout>")
    if checked.errors:
        for problem in checked.errors:
            print(printable(problem.format()), file=sys.stderr)
        print(f"{shown}: error: the imported pack is not valid; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    return emit(text, args.output, result.summary(), force=args.force)
