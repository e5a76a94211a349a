"""Adding a source to a pack's text: a located edit that leaves the rest of the file as it was.

A teacher's pack carries comments, an order and a quoting of their own, which a YAML
round-trip would lose or change. So the new entry is written as text at one place (before
`questions:`, or after the last of `sources:`), and the edit is checked by parsing the file
again: its data must be the old data plus the entry, nothing else, or nothing is written.

A pack with one `source:` that gets a second is converted to `sources:`: the old source's
lines become the first item (moved two spaces right, with an `id` when it had none), the
only lines that change besides the new ones.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode

from ..core.model import SOURCE_ID_PATTERN
from ..packs.model import DEFAULT_SOURCE_ID
from ..packs.yamlread import YamlRefused, parse

MAX_ID = 40
"""A source id's most characters (the model's limit)."""


class EditRefused(Exception):
    """The source cannot be added to this pack's text; `line` is where (1-based)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Entry:
    """A source entry as the pack will hold it (empty fields are left out)."""

    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    file: str | None = None

    def fields(self) -> list[tuple[str, str]]:
        """The keys and values written, in the order the guide shows them."""
        pairs = [
            ("id", self.id),
            ("title", self.title),
            ("publisher", self.publisher),
            ("published", self.published),
            ("url", self.url),
            ("file", self.file),
        ]
        return [(key, value) for key, value in pairs if value]


def slug(text: str) -> str:
    """Lowercase words joined by dashes: `NATO: US, Europe need each other` -> `nato-us-...`."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_SMALL_WORDS = frozenset(
    ("a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "for", "by", "with", "from")
)
"""Words a derived id does not end on."""


def derive_id(title: str | None, publisher: str | None, year: int | None, taken: set[str]) -> str:
    """An id for a source from its publisher, headline and year (`dw-nato-us-europe-need-
    each-other-2016`): at most MAX_ID characters, cut at a dash, unique among `taken`."""
    tail = f"-{year}" if year else ""
    short_publisher = slug(publisher or "")
    words = [w for w in slug(title or "").split("-") if w]
    if short_publisher and len(short_publisher) <= 12:
        words = [*short_publisher.split("-"), *words]
    base = ""
    for word in words:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) + len(tail) > MAX_ID:
            break
        base = candidate
    # An id cut short ends on a word that means something, not on "the" or "to".
    while "-" in base and base.rsplit("-", 1)[1] in _SMALL_WORDS:
        base = base.rsplit("-", 1)[0]
    base = (base or "article")[: MAX_ID - len(tail)].strip("-") + tail
    result = base
    number = 2
    while result in taken:
        suffix = f"-{number}"
        result = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        number += 1
    return result


def valid_id(text: str) -> bool:
    """Whether a source id is well formed (lowercase letters, digits, dashes; 40 at most)."""
    return len(text) <= MAX_ID and re.match(SOURCE_ID_PATTERN, text) is not None


def scalar(key: str, value: str) -> str:
    """A value written so YAML reads it back as the same text: ids, dates and file names
    plain, everything else as a double-quoted (JSON) string."""
    if key == "id" or (key == "published" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    if key == "file" and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/._-]*", value):
        return value
    if key == "url" and re.fullmatch(r"https?://[^\s#'\"{}\[\],]+", value):
        return value
    if (
        key == "publisher"
        and re.fullmatch(r"[A-Za-z][A-Za-z0-9 .()&'-]*", value)
        and value.lower() not in _YAML_WORDS
        and not value.endswith(" ")
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


_YAML_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"))
"""Plain words YAML 1.1 reads as something other than text."""


def _entry_lines(entry: Entry, indent: int, item: bool) -> list[str]:
    """The entry's lines: a mapping under a key at `indent`, or a list item whose dash is."""
    lines = []
    for number, (key, value) in enumerate(entry.fields()):
        # A list item's first key follows its dash; the others line up under that key.
        lead = " " * indent + (("- " if number == 0 else "  ") if item else "")
        lines.append(f"{lead}{key}: {scalar(key, value)}")
    return lines


@dataclass(frozen=True, slots=True)
class _Key:
    """A top-level key of the pack: its name and the lines (0-based) of its block."""

    name: str
    line: int
    end: int
    """One past the last line of the block that belongs to it (comments after it do not)."""


def _top_keys(lines: list[str], root: Any) -> list[_Key]:
    """The top-level keys of a block-mapping document, each with its block of lines."""
    starts = [
        (key.value, key.start_mark.line) for key, _ in root.value if key.start_mark.column == 0
    ]
    keys = []
    for number, (name, start) in enumerate(starts):
        stop = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        end = start + 1
        for index in range(start + 1, stop):
            text = lines[index]
            if text.strip() and text[0] in " \t":  # indented: still this key's block
                end = index + 1
        keys.append(_Key(str(name), start, end))
    return keys


def _references_default(data: dict[str, Any]) -> bool:
    """Whether a question names the one source by its default id `source`."""
    found = False

    def walk(value: Any, key: str | None) -> None:
        nonlocal found
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key == "source" and value == DEFAULT_SOURCE_ID:
            found = True

    walk(data.get("questions"), None)
    return found


def existing_ids(data: dict[str, Any]) -> set[str]:
    """The source ids a pack's data already uses."""
    ids: set[str] = set()
    if isinstance(data.get("source"), dict):
        ids.add(str(data["source"].get("id") or DEFAULT_SOURCE_ID))
    for item in data.get("sources") or []:
        if isinstance(item, dict) and item.get("id"):
            ids.add(str(item["id"]))
    return ids


def existing_files(data: dict[str, Any]) -> dict[str, str]:
    """The source files a pack's data names, with the id of the source naming each."""
    files: dict[str, str] = {}
    single = data.get("source")
    listed = [single] if isinstance(single, dict) else list(data.get("sources") or [])
    for item in listed:
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            files[item["file"]] = str(item.get("id") or DEFAULT_SOURCE_ID)
    return files


def parse_pack(text: str) -> dict[str, Any]:
    """The data of a pack's text; YamlRefused when it does not parse, EditRefused when it is
    not a mapping of keys."""
    document = parse(text)
    if not isinstance(document.data, dict):
        raise EditRefused("a pack is a mapping of keys (format, id, title, questions...)")
    return document.data


def add_source(text: str, entry: Entry) -> str:
    """The pack text with the source entry added (see the module's docstring); EditRefused
    when it cannot be added safely, YamlRefused when the text does not parse."""
    document = parse(text)
    data = document.data
    if not isinstance(data, dict) or not isinstance(document.root, MappingNode):
        raise EditRefused("a pack is a mapping of keys (format, id, title, questions...)")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if document.root.flow_style:
        raise EditRefused("the pack is written as one {...} mapping; write it in block style")
    keys = {k.name: k for k in _top_keys(lines, document.root)}
    expected = copy.deepcopy(data)
    entry_data = parse("\n".join(_entry_lines(entry, 0, item=False))).data
    if "sources" in keys:
        key = keys["sources"]
        items = data.get("sources")
        first = next(
            (i for i in range(key.line + 1, key.end) if lines[i].lstrip().startswith("- ")), None
        )
        if not isinstance(items, list) or first is None:
            raise EditRefused(
                "'sources' is not written as a list of '- id: ...' items, one per line; write it"
                " so, or add the source by hand",
                key.line + 1,
            )
        indent = len(lines[first]) - len(lines[first].lstrip())
        new = _entry_lines(entry, indent, item=True)
        lines[key.end : key.end] = new
        expected["sources"] = [*items, entry_data]
    elif "source" in keys:
        key = keys["source"]
        old = data.get("source")
        content = [
            i
            for i in range(key.line + 1, key.end)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ]
        if (
            not isinstance(old, dict)
            or not content
            or not re.match(r"source\s*:\s*(#.*)?$", lines[key.line])
        ):
            raise EditRefused(
                "the pack's one 'source' is not written as a block of 'key: value' lines; turn"
                " it into a 'sources' list by hand (see docs/authoring.md, Several sources)",
                key.line + 1,
            )
        indent = len(lines[content[0]]) - len(lines[content[0]].lstrip())
        old_id = old.get("id")
        converted = [re.sub(r"^source", "sources", lines[key.line], count=1)]
        if old_id is None:
            old_id = (
                DEFAULT_SOURCE_ID
                if _references_default(data)
                else derive_id(
                    _text(old.get("title")),
                    _text(old.get("publisher")),
                    _year(old.get("published")),
                    {entry.id},
                )
            )
            converted.append(" " * indent + f"- id: {old_id}")
            dash_done = True
        else:
            dash_done = False
        for index in range(key.line + 1, key.end):
            line = lines[index]
            if not line.strip():
                converted.append(line)
            elif index == content[0] and not dash_done:
                converted.append(" " * indent + "- " + line[indent:])
            else:
                converted.append("  " + line)
        converted += _entry_lines(entry, indent, item=True)
        lines[key.line : key.end] = converted
        del expected["source"]
        expected["sources"] = [{**({"id": old_id} if "id" not in old else {}), **old}, entry_data]
    else:
        at = keys["questions"].line if "questions" in keys else len(lines)
        # Comments just above `questions:` belong to it: the source goes above them.
        while at > 0 and lines[at - 1].startswith("#"):
            at -= 1
        block = ["source:", *_entry_lines(entry, 2, item=False)]
        if at > 0 and lines[at - 1].strip():
            block.insert(0, "")
        if at < len(lines) and lines[at].strip():
            block.append("")
        if at == len(lines) and lines and lines[-1] == "":
            at -= 1  # before the final newline's empty piece
        lines[at:at] = block
        expected["source"] = entry_data
    result = newline.join(lines)
    try:
        after = parse(result).data
    except YamlRefused as refused:
        raise EditRefused(
            "could not add the source without breaking the pack's YAML"
            f" ({refused.issues[0].message}); add it by hand"
        ) from None
    if after != expected:
        raise EditRefused(
            "could not add the source to this pack's text without changing something else;"
            " add it by hand"
        )
    return result


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _year(value: Any) -> int | None:
    match = re.match(r"(\d{4})-", str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def entry_text(entry: Entry) -> str:
    """The entry as a `sources:` item, to show a teacher who must add it by hand."""
    return "\n".join(_entry_lines(entry, 2, item=True))
