"""`civic-quiz source add`: bring an article (a saved web page or a copied text) into a pack."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_USAGE, pack_file_named

if TYPE_CHECKING:
    from ..authoring.article import Article, Found
    from ..authoring.sourceadd import Added


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `source add` and its options."""
    source = subparsers.add_parser("source", help="bring an article into a pack")
    actions = source.add_subparsers(dest="source_command", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="write an article's text beside a pack and name it as a source",
        description="FILE is a saved web page (.html) or a text copied from a browser. Its"
        " text goes to sources/ID.txt beside the pack, and the pack gets a source entry"
        " (the pack is created from the starter when it does not exist).",
    )
    add.add_argument("file", metavar="FILE", help="the saved page (.html/.htm) or text file")
    add.add_argument(
        "--pack",
        required=True,
        metavar="PACK",
        help="the pack to add it to: its file (created when it does not exist) or its id",
    )
    add.add_argument(
        "--id",
        dest="source_id",
        metavar="ID",
        help="the source's id (default: from the publisher, headline and year)",
    )
    add.add_argument("--force", action="store_true", help="replace a different sources/ID.txt")
    add.set_defaults(handler=run)
    source.set_defaults(handler=_no_action(source))


def _no_action(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """The handler of `source` without an action: its usage, and status 2."""

    def handler(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print("civic-quiz source: name an action: add", file=sys.stderr)
        return EXIT_USAGE

    return handler


def run(args: argparse.Namespace) -> int:
    """Read FILE, write its text beside the pack and name it there; report what was found."""
    from ..authoring.sourceadd import SourceAddError, add_article, read_article

    try:
        article = read_article(Path(args.file))
        added = add_article(
            article,
            pack_file_named(args.pack, "source add"),
            given_id=args.source_id,
            force=args.force,
        )
    except SourceAddError as error:
        # One line, and nothing on stdout: nothing was written.
        print(one_line(str(error)), file=sys.stderr)
        return error.status
    report_article(args.file, article)
    report_added(added)
    return EXIT_OK


def _found(name: str, found: Found | None, missing: str) -> str:
    if found is None:
        return f"{name}: not found; {missing}"
    return f"{name}: {one_line(found.value)} (from {one_line(found.origin)})"


def report_article(file: str, article: Article) -> None:
    """What was found in the article and what was left out, a line each, on stdout."""
    for line in article_lines(file, article):
        print(line)


def article_lines(file: str, article: Article) -> list[str]:
    """What was found in the article and what was left out, a line each (escaped; also
    shown by the pack editor)."""
    lines: list[str] = []
    what = "a saved web page" if article.kind == "html" else "a text file"
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    words = len(article.text.split())
    counted = f"{len(paragraphs)} paragraph{'' if len(paragraphs) == 1 else 's'}"
    lines.append(f"{one_line(file)}: {what}; kept {counted}, {words:,} words")
    lines.append(_found("title", article.title, "add it to the pack by hand"))
    lines.append(_found("publisher", article.publisher, "add it to the pack by hand"))
    lines.append(_found("published", article.published, "add the date to the pack by hand"))
    lines.append(_found("url", article.url, "add the article's address to the pack by hand"))
    if not article.dropped:
        lines.append("left out: nothing")
    elif article.kind == "text":
        lines.append(f"left out: {len(article.dropped)} lines:")
        for dropped in article.dropped:
            lines.append(f"  line {dropped.line} ({dropped.why}): {one_line(dropped.text)}")
    else:
        total = sum(d.count for d in article.dropped)
        lines.append(f"left out: {total} blocks of the page:")
        for dropped in article.dropped:
            lines.append(f"  {dropped.why} ({dropped.count}): {one_line(dropped.text)}")
    return lines


def report_added(added: Added) -> None:
    """What was written, and how to check it."""
    for line in added_lines(added):
        print(line)


def added_lines(added: Added) -> list[str]:
    """What was written, and how to check it, a line each (escaped)."""
    lines: list[str] = []
    relative = added.entry.file
    if added.same_file:
        lines.append(f"{one_line(str(added.source_file))}: already there with this text; kept")
    else:
        lines.append(f"wrote {one_line(str(added.source_file))}")
    if added.created_pack:
        lines.append(
            f"wrote {one_line(str(added.pack))}: a starter pack with the article as its source"
            f" '{added.entry.id}' ({relative}) and example questions to replace"
        )
    else:
        lines.append(
            f"added the source '{added.entry.id}' ({relative}) to {one_line(str(added.pack))}"
        )
    lines.append(f"check it with: civic-quiz validate {one_line(str(added.pack))}")
    return lines
