"""The `civic-quiz` command and its sub-commands; a thin layer over the domain core."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civic-quiz",
        description="A quiz game for civic education. Without a command, lists the packs.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check packs and report every problem with its line and column"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="pack files or folders")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--max-size", type=float, default=10, metavar="MB", help="largest pack accepted (10 MB)"
    )

    packs = commands.add_parser("packs", help="list the packs the game can find")
    packs.add_argument("--format", choices=("table", "json"), default="table")

    commands.add_parser("schema", help="print the JSON Schema of the pack format")

    new = commands.add_parser("new", help="write a commented starter pack")
    new.add_argument("path", metavar="PATH", help="the pack file to create (.yaml)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate(
            args.paths,
            strict=args.strict,
            output=args.format,
            max_bytes=int(args.max_size * 1024 * 1024),
        )
    if args.command == "schema":
        return _schema()
    if args.command == "new":
        return _new(Path(args.path), force=args.force)
    return _packs(output=getattr(args, "format", "table"))


def _validate(paths: list[str], *, strict: bool, output: str, max_bytes: int) -> int:
    from .packs.discovery import duplicate_id_warnings, pack_files
    from .packs.loader import check_pack_file

    checked = []
    usage_error = False
    for given in paths:
        path = Path(given)
        if not path.exists():
            print(f"{given}: error: no such file or folder", file=sys.stderr)
            usage_error = True
            continue
        files = pack_files(path)
        if path.is_dir() and not files:
            print(f"{given}: warning: no .yaml or .yml files in this folder", file=sys.stderr)
        checked += [check_pack_file(f, max_bytes=max_bytes) for f in files]
    problems = [p for c in checked for p in c.problems] + duplicate_id_warnings(checked)
    if strict:
        problems = [p.as_error() for p in problems]
    unreadable = any(p.code == "unreadable" for p in problems)
    if output == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        _print_report(checked, problems)
    if usage_error or unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def _print_report(checked: list, problems: list) -> None:
    out = sys.stdout
    for problem in problems:
        out.write(_printable(problem.format()) + "\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    for item in checked:
        if item.pack is not None and not any(
            p.file == item.display and p.severity == "error" for p in problems
        ):
            count = len(item.pack.questions)
            out.write(f"{item.display}: ok, {count} question{'s' * (count != 1)}\n")
    out.write(
        f"{len(checked)} file{'s' * (len(checked) != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
    )


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text safe to write to a terminal: control codes shown as escapes, never sent raw."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _packs(*, output: str) -> int:
    from .packs.discovery import discover

    found = discover()
    if output == "json":
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
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print_packs_table(found)
    for warning in found.warnings:
        print(_printable(warning.format()), file=sys.stderr)
    return EXIT_OK if found.packs else EXIT_PROBLEMS


def _print_packs_table(found) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Question packs", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("questions", justify="right")
    table.add_column("path", overflow="fold")
    for item in found.packs:
        # Pack text goes in as Text, never as a markup string: `[bold]` stays `[bold]`.
        if item.pack is not None:
            table.add_row(
                Text(item.pack.id),
                Text(item.pack.title),
                str(len(item.pack.questions)),
                Text(str(item.path)),
            )
        else:
            first = item.errors[0]
            table.add_row(
                Text("(broken)", style="bold red"),
                Text(f"{first.line}:{first.column}: {_printable(first.message)}"),
                "-",
                Text(str(item.path)),
            )
    console = Console()
    if not found.packs:
        console.print("No packs found. Put .yaml packs in ./questions or set CIVIC_QUIZ_PACKS.")
        return
    console.print(table)


def _schema() -> int:
    from .packs.schema import pack_json_schema

    print(json.dumps(pack_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _new(path: Path, *, force: bool) -> int:
    from .packs.starter import starter_pack

    if path.exists() and not force:
        print(f"{path}: error: already exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    if path.suffix not in (".yaml", ".yml"):
        print(f"{path}: error: a pack file name ends in .yaml", file=sys.stderr)
        return EXIT_USAGE
    pack_id = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-pack"
    text = starter_pack(pack_id, path.name, dt.date.today().isoformat())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{path}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}; check it with: civic-quiz validate {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
