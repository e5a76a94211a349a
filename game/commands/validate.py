"""`civic-quiz validate`: check packs and report every problem with its line and column."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ..util.textsafe import json_text, one_line, printable
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, given_pack_files

if TYPE_CHECKING:
    from ..packs.loader import CheckedPack
    from ..packs.problems import Problem


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `validate` and its options (`--fix-quotes` is handled by fix_quotes.py)."""
    validate = subparsers.add_parser(
        "validate", help="check packs and report every problem with its line and column"
    )
    validate.add_argument(
        "paths", nargs="+", metavar="PATH", help="pack files, folders or pack ids"
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings as errors: every question needs an explanation and, in a pack with"
        " a source, a quote; no answer given away by another question; no fact older than its"
        " update; every question framed (its own 'frame' or the pack's default)",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--max-size", type=float, default=10, metavar="MB", help="largest pack accepted (10 MB)"
    )
    validate.add_argument(
        "--fix-quotes",
        action="store_true",
        help="rewrite quotes (and claim statements, evidence answers and choices) that differ"
        " from the source only in spacing, quote marks or dashes, and '#12' sentence numbers"
        " to the sentence's text",
    )
    validate.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the packs (or, with --fix-quotes, fix their quotes)."""
    if args.fix_quotes:
        from .fix_quotes import fix_quotes_in

        return fix_quotes_in(args.paths)
    return validate(
        args.paths,
        strict=args.strict,
        output=args.format,
        max_bytes=int(args.max_size * 1024 * 1024),
    )


def validate(paths: list[str], *, strict: bool, output: str, max_bytes: int) -> int:
    """Report the problems of the packs under `paths`; the exit status."""
    from ..packs.discovery import duplicate_id_warnings
    from ..packs.loader import check_pack_file
    from ..util.progress import progress

    files, usage_error = given_pack_files(paths)
    checked = []
    # A folder of many packs takes a while: on a terminal, say which and how far.
    with progress("Checking packs", total=len(files) if len(files) > 1 else None) as step:
        for file in files:
            step.update(what=f"Checking {printable(file.name)}")
            checked.append(check_pack_file(file, max_bytes=max_bytes, strict=strict))
            step.advance()
    problems = [p for c in checked for p in c.problems] + duplicate_id_warnings(checked)
    if strict:
        problems = [p.as_error() for p in problems]
    unreadable = any(p.code == "unreadable" for p in problems)
    if output == "json":
        print(json_text(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)))
    else:
        print_report(checked, problems)
    if usage_error or unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def print_report(checked: list[CheckedPack], problems: list[Problem]) -> None:
    """The problems, one line each, then the files that are fine and a count."""
    out = sys.stdout
    for problem in problems:
        # One line each, as compilers report: a file name or message cannot forge a line.
        out.write(one_line(problem.format()) + "\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    for item in checked:
        if item.pack is not None and not any(
            p.file == item.display and p.severity == "error" for p in problems
        ):
            count = len(item.pack.questions)
            shown = one_line(item.display)
            drafts = item.pack.draft_count
            counted = f" ({drafts} draft{'s' * (drafts != 1)})" if drafts else ""
            out.write(f"{shown}: ok, {count} question{'s' * (count != 1)}{counted}\n")
    out.write(
        f"{len(checked)} file{'s' * (len(checked) != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
    )
