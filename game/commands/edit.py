"""`civic-quiz edit`: the pack editor, on a pack's file or id (a new file after confirming)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_USAGE, CommandError, pack_file_named


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `edit` and its options."""
    edit = subparsers.add_parser(
        "edit",
        help="edit a pack: its questions beside its article's sentences",
        description="Opens the pack editor on PACK (its file or its id). A .yaml file that"
        " does not exist is created as `civic-quiz new` writes it, after you confirm.",
    )
    edit.add_argument("pack", metavar="PACK", help="the pack: its file or its id")
    edit.add_argument(
        "--yes", action="store_true", help="create a missing pack file without asking"
    )
    edit.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Open the editor (after creating the file when asked to); errors as one located line."""
    from ..authoring.editing import EditRefused, PackDocument

    path = pack_file_named(args.pack, "edit")
    if not path.exists():
        status = _create(path, args.yes)
        if status != EXIT_OK:
            return status
    try:
        PackDocument.open(path)  # a pack the editor cannot open is refused before the screen
    except EditRefused as refused:
        raise CommandError(one_line(str(refused))) from None
    from ..ui.editor.app import EditorApp

    return EditorApp(path).run() or EXIT_OK


def _create(path: Path, yes: bool) -> int:
    """Write a starter pack at `path` (as `new` does) once the teacher agrees."""
    from . import new

    shown = one_line(str(path))
    if path.suffix not in (".yaml", ".yml"):
        raise CommandError(f"{shown}: error: no such pack file (a new one ends in .yaml)")
    if not yes:
        if not sys.stdin.isatty():
            raise CommandError(f"{shown}: error: no such file; --yes creates it")
        answer = input(f"{shown} does not exist. Create it as a new pack? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing created", file=sys.stderr)
            return EXIT_USAGE
    return new.run(argparse.Namespace(path=str(path), source=None, force=False))
