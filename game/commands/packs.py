"""`civic-quiz packs`: list the packs the game can find."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ..util.textsafe import json_text, one_line
from .common import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from ..packs.catalog import Catalog, PackEntry


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `packs` and its options."""
    packs = subparsers.add_parser("packs", help="list the packs the game can find")
    packs.add_argument("--format", choices=("table", "json"), default="table")
    packs.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List the packs; exit status 1 when there is none. The list is the catalog's, the one
    the home screen and `play` use: same packs, ids, errors and order."""
    from ..packs.catalog import listed, load_catalog

    found = load_catalog()
    if args.format == "json":
        rows = [listed(entry) for entry in found.entries]
        print(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        print_packs_table(found)
    for warning in found.warnings:
        print(one_line(warning.format()), file=sys.stderr)
    return EXIT_OK if found.entries else EXIT_PROBLEMS


def print_packs_table(found: Catalog) -> None:
    """The packs as a table, broken ones with their first error."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Question packs", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("questions", justify="right")
    table.add_column("path", overflow="fold")
    for entry in found.entries:
        # Pack text goes in as Text, never as a markup string: `[bold]` stays `[bold]`; and
        # with its control characters escaped, which Text would pass to the terminal.
        if entry.ok and entry.pack_id is not None:
            table.add_row(
                Text(one_line(entry.pack_id)),
                Text(one_line(entry.title)),
                _question_count(entry),
                Text(one_line(str(entry.path))),
            )
        else:
            table.add_row(
                Text("(broken)", style="bold red"),
                Text(one_line(entry.error or "the pack has no id")),
                "-",
                Text(one_line(str(entry.path))),
            )
    console = Console()
    if not found.entries:
        console.print("No packs found. Put .yaml packs in ./questions or set CIVIC_QUIZ_PACKS.")
        return
    console.print(table)


def _question_count(entry: PackEntry) -> str:
    """`12`, or `7 (+5 drafts)` when some questions are drafts (which are never played)."""
    if not entry.drafts:
        return str(entry.questions)
    return f"{entry.questions} (+{entry.drafts} draft{'s' * (entry.drafts != 1)})"
