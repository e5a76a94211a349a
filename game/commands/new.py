"""`civic-quiz new`: write a commented starter pack."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `new` and its options."""
    new = subparsers.add_parser("new", help="write a commented starter pack")
    new.add_argument("path", metavar="PATH", help="the pack file to create (.yaml)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the starter pack to PATH (not over a file without --force)."""
    from ..packs.starter import starter_pack

    path = Path(args.path)
    if path.exists() and not args.force:
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
