"""`civic-quiz new`: write a commented starter pack (in the user's packs folder for an id)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_USAGE

_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `new` and its options."""
    new = subparsers.add_parser(
        "new",
        help="write a commented starter pack",
        description="ID (lowercase letters, digits, dashes) creates ID/ID.yaml in your packs"
        " folder, where the game finds it; a PATH ending in .yaml writes there.",
    )
    new.add_argument("path", metavar="ID|PATH", help="the pack's id, or the pack file (.yaml)")
    new.add_argument(
        "--source", metavar="FILE", help="the article (saved page or text) to bring in"
    )
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=run)


def target_of(given: str) -> tuple[Path, str]:
    """The pack file `new` writes for an id or a path, and the pack's id."""
    from ..authoring.sourceadd import pack_id_for
    from ..packs.discovery import user_packs_dir

    if _PACK_ID.match(given) and len(given) <= 80:
        return user_packs_dir() / given / f"{given}.yaml", given
    path = Path(given)
    return path, pack_id_for(path)


def run(args: argparse.Namespace) -> int:
    """Write the starter pack (not over a file without --force), with the article of
    `--source` as its first source."""
    import os

    from ..authoring.sourceadd import holds
    from ..packs.starter import EXAMPLE_FILE, EXAMPLE_TEXT, starter_pack
    from ..util.atomicfile import write_atomic

    path, pack_id = target_of(args.path)
    shown = one_line(str(path))
    if path.suffix not in (".yaml", ".yml"):
        print(
            f"{shown}: error: a pack file name ends in .yaml (or give an id: lowercase"
            " letters, digits and dashes)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if path.exists() and not args.force:
        print(f"{shown}: error: already exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    if args.source is not None:
        status = _with_source(args, path, pack_id)
        if status != EXIT_OK:
            return status
    else:
        example = path.parent / EXAMPLE_FILE
        if (
            os.path.lexists(example)
            and not args.force
            and not holds(example, EXAMPLE_TEXT.encode())
        ):
            # The example questions quote it: another text there would break them.
            print(
                f"{one_line(str(example))}: error: already exists with other text; use --force"
                " to replace it",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            example.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(example, EXAMPLE_TEXT.encode("utf-8"))
            write_atomic(path, starter_pack(pack_id, path.name).encode("utf-8"))
        except OSError as exc:
            print(f"{shown}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"wrote {shown} and its example text {one_line(str(example))}")
        print(f"check it with: civic-quiz validate {shown}")
    print(where_found(path))
    return EXIT_OK


def _with_source(args: argparse.Namespace, path: Path, pack_id: str) -> int:
    """`source add` into the new pack: the starter with the article as its first source."""
    from ..authoring.sourceadd import SourceAddError, add_article, read_article
    from .source import report_added, report_article

    try:
        article = read_article(Path(args.source))
        added = add_article(article, path, force=args.force, pack_id=pack_id, fresh=True)
    except SourceAddError as error:
        print(one_line(str(error)), file=sys.stderr)
        return error.status
    report_article(args.source, article)
    report_added(added)
    return EXIT_OK


def where_found(path: Path) -> str:
    """Where the game will find the pack, or how to make it find it."""
    import os

    from ..packs.discovery import PACKS_ENV, search_dirs, user_packs_dir

    real = Path(os.path.realpath(path))
    for folder in search_dirs():
        base = Path(os.path.realpath(folder))
        if real == base or base in real.parents:
            return f"the game finds it in {one_line(str(folder))} (civic-quiz packs lists it)"
    shown = one_line(str(real.parent))
    return (
        f"the game does not look in {shown}: play it with `civic-quiz play"
        f" {one_line(str(path))}`, or add the folder to {PACKS_ENV} (export"
        f" {PACKS_ENV}={shown}), or move it into your packs folder"
        f" {one_line(str(user_packs_dir()))}"
    )
