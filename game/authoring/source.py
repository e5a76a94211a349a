"""The source article of a pack file, read for the authoring commands (`sentences`, `draft`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from ..core.limits import DEFAULT_MAX_BYTES
from ..packs.model import DEFAULT_SOURCE_ID
from ..packs.sourcefile import read_source_bytes
from ..packs.yamlread import YamlRefused, decode, locate, parse, position
from ..util.safefile import FileRefused, read_regular_file


class AuthoringError(Exception):
    """A pack or source that cannot be used, as one located line: `FILE:LINE: error: ...`."""


@dataclass(frozen=True, slots=True)
class PackSource:
    """One source of a pack, with its text."""

    source_id: str
    """Its id (`source` for a pack's one `source` without an id)."""
    file: str
    """Its file, as the pack names it."""
    text: str
    """The article's text as read (BOM removed, line breaks kept)."""


def pack_text(path: Path) -> str:
    """The text of a pack file; AuthoringError when it cannot be read."""
    try:
        return decode(read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES))
    except FileRefused as refused:
        raise AuthoringError(f"{path}:1: error: the file {refused.message}") from None
    except YamlRefused as refused:
        issue = refused.issues[0]
        raise AuthoringError(f"{path}:{issue.line}: error: {issue.message}") from None


def read_pack_source(path: Path, wanted: str | None) -> PackSource:
    """The source `wanted` (by id; the first when None) of the pack at `path`, with its text;
    AuthoringError, located, when the pack does not parse, has no such source or no file."""
    text = pack_text(path)
    try:
        document = parse(text)
    except YamlRefused as refused:
        issue = refused.issues[0]
        raise AuthoringError(f"{path}:{issue.line}: error: {issue.message}") from None
    data = document.data if isinstance(document.data, dict) else {}
    entries, key = _source_entries(data)
    if not entries:
        raise AuthoringError(
            f"{path}:1: error: the pack names no source ('source:' with a 'file:'), so it has"
            " no sentences"
        )
    ids = [
        e["id"] if isinstance(e, dict) and isinstance(e.get("id"), str) else DEFAULT_SOURCE_ID
        for e in entries
    ]
    index = 0
    if wanted is not None:
        if wanted not in ids:
            raise AuthoringError(
                f"{path}:1: error: the pack has no source '{wanted}'; its sources are"
                f" {', '.join(ids)}"
            )
        index = ids.index(wanted)
    entry = entries[index]
    at: tuple[str | int, ...] = (key, index) if key == "sources" else (key,)
    line = _line(document.root, at)
    file = entry.get("file") if isinstance(entry, dict) else None
    if not isinstance(file, str) or not file:
        raise AuthoringError(
            f"{path}:{line}: error: source '{ids[index]}' has no 'file': give the article's"
            " text file, whose sentences are numbered"
        )
    try:
        source = decode(read_source_bytes(path.parent, file))
    except FileRefused as refused:
        raise AuthoringError(
            f"{path}:{line}: error: source file {file!r} {refused.message}"
        ) from None
    except YamlRefused as refused:
        raise AuthoringError(
            f"{path}:{line}: error: source file {file!r}: {refused.issues[0].message}"
        ) from None
    return PackSource(ids[index], file, source)


def _source_entries(data: dict[str, Any]) -> tuple[list[Any], str]:
    single, listed = data.get("source"), data.get("sources")
    if isinstance(single, dict):
        return [single], "source"
    if isinstance(listed, list):
        return listed, "sources"
    return [], "source"


def _line(root: Node | None, at: tuple[str | int, ...]) -> int:
    return position(locate(root, at))[0] if root is not None else 1
