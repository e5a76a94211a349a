"""`source add` without the printing: read an article, write its text beside a pack, name it
in the pack (creating the pack from the starter when there is none)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.limits import DEFAULT_MAX_BYTES, SOURCE_MAX_BYTES
from ..core.sniff import is_binary, looks_like_html
from ..packs.starter import EXAMPLE_FILE, EXAMPLE_TEXT, starter_pack
from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, file_inside, read_regular_file
from .article import (
    MAX_HTML_BYTES,
    Article,
    ArticleError,
    clean_text,
    decode_html,
    from_html,
)
from .packedit import (
    EditRefused,
    Entry,
    add_source,
    derive_id,
    entry_text,
    existing_files,
    existing_ids,
    parse_pack,
    scalar,
    slug,
    valid_id,
)

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class SourceAddError(Exception):
    """Nothing was written: `where` is the file (and line) at fault, `status` the exit status."""

    def __init__(self, where: str, message: str, status: int = EXIT_PROBLEMS) -> None:
        super().__init__(f"{where}: error: {message}")
        self.where = where
        self.message = message
        self.status = status


@dataclass(slots=True)
class Added:
    """What `source add` did, for the report."""

    article: Article
    entry: Entry
    pack: Path
    source_file: Path
    created_pack: bool = False
    same_file: bool = False
    """The source file was already there with this text."""
    example_file: Path | None = None
    notes: list[str] = field(default_factory=list)


def read_article(path: Path) -> Article:
    """The article in a saved page or a text file; SourceAddError when there is none."""
    shown = str(path)
    try:
        raw = read_regular_file(path, max_bytes=MAX_HTML_BYTES)
    except FileRefused as refused:
        raise SourceAddError(
            shown, f"cannot read the article: the file {refused.message}", EXIT_USAGE
        ) from None
    if is_binary(raw):
        raise SourceAddError(
            shown, "a binary file (an image, a PDF, an archive?), not a web page or a text"
        )
    if looks_like_html(path.name, raw):
        try:
            return from_html(decode_html(raw))
        except ArticleError as error:
            raise SourceAddError(shown, str(error)) from None
    if len(raw) > SOURCE_MAX_BYTES:
        raise SourceAddError(shown, "a text file over 10 MB is not one article")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceAddError(
            f"{shown}:{line}",
            f"not UTF-8 text (byte offset {error.start}); save it as UTF-8",
        ) from None
    # Control codes are no part of an article (and a pack refuses them).
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    article = clean_text(text)
    if not article.text.strip():
        raise SourceAddError(shown, "no article text found in this file")
    return article


def holds(path: Path, content: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `content` (no FIFO is opened)."""
    try:
        return read_regular_file(path, max_bytes=len(content)) == content
    except FileRefused:
        return False


def pack_id_for(path: Path) -> str:
    """A pack id from a pack file's name (`My Pack.yaml` -> `my-pack`)."""
    return slug(path.stem)[:80].strip("-") or "my-pack"


def add_article(
    article: Article,
    pack: Path,
    *,
    given_id: str | None = None,
    force: bool = False,
    pack_id: str | None = None,
    fresh: bool = False,
) -> Added:
    """Write the article's text to `sources/<id>.txt` beside the pack and name it in the pack
    (created from the starter, titled by the headline, when it does not exist, or always with
    `fresh`: `new --force`). Nothing is written when anything is wrong (SourceAddError)."""
    from ..packs.yamlread import YamlRefused

    if given_id is not None and not valid_id(given_id):
        raise SourceAddError(
            f"--id {given_id}",
            "not a valid source id: lowercase letters, digits and dashes, starting with a"
            " letter or digit, at most 40 characters",
            EXIT_USAGE,
        )
    if pack.suffix not in (".yaml", ".yml"):
        raise SourceAddError(str(pack), "a pack file name ends in .yaml", EXIT_USAGE)
    created = fresh or not pack.exists()
    bom = ""
    if created:
        text, data = "", {}
    else:
        try:
            raw = read_regular_file(pack, max_bytes=DEFAULT_MAX_BYTES)
        except FileRefused as refused:
            raise SourceAddError(
                str(pack), f"cannot read the pack: the file {refused.message}", EXIT_USAGE
            ) from None
        try:
            text = raw.decode("utf-8")
            if text.startswith("\ufeff"):
                bom, text = "\ufeff", text[1:]
            data = parse_pack(text)
        except UnicodeDecodeError as error:
            raise SourceAddError(str(pack), f"invalid UTF-8 at byte offset {error.start}") from None
        except YamlRefused as refused:
            issue = refused.issues[0]
            raise SourceAddError(f"{pack}:{issue.line}:{issue.column}", issue.message) from None
        except EditRefused as refused:
            raise SourceAddError(f"{pack}:{refused.line}", refused.message) from None
    taken = existing_ids(data)
    if given_id is not None and given_id in taken:
        raise SourceAddError(
            str(pack), f"the pack already has a source '{given_id}'; choose another --id"
        )
    published = article.published_date
    source_id = given_id or derive_id(
        article.title.value if article.title else None,
        article.publisher.value if article.publisher else None,
        published.year if published else None,
        taken | ({"example"} if created else set()),
    )
    relative = f"sources/{source_id}.txt"
    if relative in existing_files(data):
        raise SourceAddError(
            str(pack),
            f"the pack already names {relative} (source '{existing_files(data)[relative]}');"
            " choose another --id",
        )
    target = pack.parent / relative
    try:
        # The loader reads a source only inside the pack's folder: never write one elsewhere
        # (a `sources` that is a symlink leading out).
        file_inside(pack.parent, relative)
    except FileRefused as refused:
        raise SourceAddError(
            str(target), f"cannot write there: the file {refused.message}"
        ) from None
    content = article.text.encode("utf-8")
    same = False
    if target.exists() or target.is_symlink():
        try:
            same = read_regular_file(target, max_bytes=SOURCE_MAX_BYTES) == content
        except FileRefused:
            same = False
        if not same and not force:
            raise SourceAddError(
                str(target),
                "already exists with other text; use --force to replace it, or --id to"
                " choose another name",
            )
    entry = Entry(
        id=source_id,
        title=article.title.value if article.title else None,
        publisher=article.publisher.value if article.publisher else None,
        published=published.isoformat() if published else None,
        url=article.url.value if article.url else None,
        file=relative,
    )
    example: Path | None = None
    if created:
        title = scalar("title", article.title.value) if article.title else None
        new_text = starter_pack(
            pack_id or pack_id_for(pack), pack.name, title=title, article_source=entry_text(entry)
        )
        example = pack.parent / EXAMPLE_FILE
        if not holds(example, EXAMPLE_TEXT.encode()) and os.path.lexists(example) and not force:
            raise SourceAddError(
                str(example), "already exists with other text; use --force to replace it"
            )
    else:
        try:
            new_text = bom + add_source(text, entry)
        except EditRefused as refused:
            raise SourceAddError(f"{pack}:{refused.line}", refused.message) from None
    written: list[Path] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not same:
            existed = target.exists()
            write_atomic(target, content)
            if not existed:
                written.append(target)
        if example is not None and not holds(example, EXAMPLE_TEXT.encode()):
            write_atomic(example, EXAMPLE_TEXT.encode("utf-8"))
            written.append(example)
        write_atomic(pack, new_text.encode("utf-8"), replace=fresh or not created)
    except OSError as error:
        for path in written:  # the pack was not changed: no new file is left beside it
            path.unlink(missing_ok=True)
        raise SourceAddError(
            str(pack), f"cannot write: {error.strerror or error}", EXIT_USAGE
        ) from None
    return Added(
        article, entry, pack, target, created_pack=created, same_file=same, example_file=example
    )
