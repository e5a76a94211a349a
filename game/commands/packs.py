"""`civic-quiz packs`: list the packs the game can find."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ..textsafe import json_text, one_line
from .common import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from ..packs.discovery import Discovery


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `packs` and its options."""
    packs = subparsers.add_parser("packs", help="list the packs the game can find")
    packs.add_argument("--format", choices=("table", "json"), default="table")
    packs.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List the packs; exit status 1 when there is none."""
    from ..packs.discovery import discover

    found = discover()
    if args.format == "json":
        rows = [
            {
                "id": c.pack.id if c.pack else None,
                "title": c.pack.title if c.pack else None,
                "questions": len(c.pack.questions) if c.pack else None,
                "path": str(c.path),
                "ok": c.pack is not None,
                "error": c.errors[0].format() if c.errors else None,
            }
            for c in found.packs
        ]
        print(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        print_packs_table(found)
    for warning in found.warnings:
        print(one_line(warning.format()), file=sys.stderr)
    return EXIT_OK if found.packs else EXIT_PROBLEMS


def print_packs_table(found: Discovery) -> None:
    """The packs as a table, broken ones with their first error."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Question packs", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("questions", justify="right")
    table.add_column("path", overflow="fold")
    for item in found.packs:
        # Pack text goes in as Text, never as a markup string: `[bold]` stays `[bold]`; and
        # with its control characters escaped, which Text would pass to the terminal.
        if item.pack is not None:
            table.add_row(
                Text(one_line(item.pack.id)),
                Text(one_line(item.pack.title)),
                str(len(item.pack.questions)),
                Text(one_line(str(item.path))),
            )
        else:
            first = item.errors[0]
            table.add_row(
                Text("(broken)", style="bold red"),
                Text(f"{first.line}:{first.column}: {one_line(first.message)}"),
                "-",
                Text(one_line(str(item.path))),
            )
    console = Console()
    if not found.packs:
        console.print("No packs found. Put .yaml packs in ./questions or set CIVIC_QUIZ_PACKS.")
        return
    console.print(table)
