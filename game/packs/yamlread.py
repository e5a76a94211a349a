"""Safe YAML reading for packs: hostile input refused with a location, scalars kept as written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from ..core.limits import (
    DEFAULT_MAX_BYTES,
    MAX_ALIAS_CHARACTERS,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_LIST_ENTRIES,
    MAX_NODES,
    MAX_QUESTIONS,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "MAX_LIST_ENTRIES",
    "MAX_NODES",
    "YamlDocument",
    "parse",
]

# The C parser is many times faster; the pure-Python one is the fallback where libyaml is absent.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML = "tag:yaml.org,2002:"
_NULL = _YAML + "null"
_MERGE = _YAML + "merge"
_SCALAR_TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_SEQ_TAG = _YAML + "seq"
_MAP_TAG = _YAML + "map"

# C0 controls except tab, newline and carriage return (line ends), DEL, and C1 controls.
_CONTROL_IN_FILE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value only tab and newline remain legitimate: YAML turns every line break into "\n".
_CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "; a text that contains ': ' must be put in quotes"),
    ("found a tab character", "; indent with spaces, not tabs"),
    ("found character that cannot start any token", "; put the text in quotes"),
    ("did not find expected '-' indicator", "; check this line's indentation"),
    ("expected <block end>", "; check this line's indentation"),
    ("did not find expected key", "; check this line's indentation"),
)


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem found while reading YAML, at a 1-based line and column."""

    line: int
    column: int
    code: str
    message: str


class YamlRefused(Exception):
    """The file cannot be read as a pack at all; `issues` says why and where."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues
        super().__init__(issues[0].message if issues else "unreadable YAML")


@dataclass(slots=True)
class YamlDocument:
    """A parsed pack file: plain data, the node tree to locate things in, and non-fatal issues."""

    data: Any
    root: Node
    issues: list[YamlIssue]
    text: str = ""
    """The text parsed, for checks that look at what follows a value on its line."""


def describe_control(char: str) -> str:
    """A readable name for a control character, e.g. `ESC (U+001B)`."""
    names = {"\x1b": "ESC", "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x7f": "DEL", "\r": "CR"}
    code = f"U+{ord(char):04X}"
    return f"{names[char]} ({code})" if char in names else code


def _position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset into a text or a byte string."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    # data and newline are both bytes or both str, which mypy cannot follow through the test.
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    column = offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]  # as above
    return line, column


def decode(raw: bytes) -> str:
    """UTF-8 text of a pack file, refused with the byte offset of the first invalid sequence."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlRefused([YamlIssue(1, 1, "encoding", "the file is UTF-16; save it as UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise YamlRefused(
            [
                YamlIssue(
                    line,
                    column,
                    "encoding",
                    f"invalid UTF-8 at byte offset {exc.start} (byte 0x{raw[exc.start]:02x});"
                    " save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _control_issues(text: str) -> Iterator[YamlIssue]:
    for match in _CONTROL_IN_FILE.finditer(text):
        line, column = _position(text, match.start())
        yield YamlIssue(
            line,
            column,
            "control-character",
            f"control character {describe_control(match.group())} is not allowed in a pack"
            " (terminal escape sequences and other control codes could mislead players)",
        )


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _too_deep(node: Node) -> YamlRefused:
    return YamlRefused(
        [
            YamlIssue(
                *_mark(node),
                "too-deep",
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
            )
        ]
    )


def _too_many(node: Node, what: str) -> YamlRefused:
    return YamlRefused(
        [
            YamlIssue(
                *_mark(node),
                "too-large",
                f"{what}: no pack holds that many (at most {MAX_QUESTIONS:,} questions, and"
                f" {MAX_ITEMS} items in any other list), so the file is refused unread",
            )
        ]
    )


def compose(text: str) -> Node | None:
    """The node tree of a one-document YAML text (None when it has none), as `yaml.compose`
    builds it, but counting while it reads: YamlRefused at the first list or mapping with
    more than MAX_LIST_ENTRIES entries, at the first value past MAX_NODES, or at the first
    collection nested deeper than MAX_DEPTH, located where that list or value starts.

    The events come from the C parser one at a time and are dropped once used, so a
    refused file never costs more memory than the nodes read before the refusal: a 3 MB
    `choices: [a, a, ...]` of 1.5 million items is refused at its 10,001st item, where
    `yaml.compose` would first build all of them (745 MB). Iterative, so the nesting
    reaches MAX_DEPTH without Python's recursion limit being in play."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        resolve = loader.resolve
        get()  # the stream's start
        # Any: the C parser's marks are typed apart from the pure-Python ones in the stubs.
        event: Any = get()
        if isinstance(event, StreamEndEvent):
            return None
        anchors: dict[str, Node] = {}
        # The lists and mappings open around the current event, each with the key node
        # that waits for its value (mappings only).
        stack: list[CollectionNode] = []
        keys: list[Node | None] = []
        nodes = 0
        root: Node | None = None
        while True:
            event = get()
            start: Any = event.start_mark  # Any: see above
            node: Node
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                node = stack.pop()
                keys.pop()
                node.end_mark = event.end_mark
            elif isinstance(event, AliasEvent):
                if event.anchor not in anchors:
                    raise ComposerError(None, None, "found undefined alias", start)
                node = anchors[event.anchor]
            elif isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)):
                nodes += 1
                if event.anchor is not None and event.anchor in anchors:
                    raise ComposerError(
                        "found duplicate anchor; first occurrence",
                        anchors[event.anchor].start_mark,
                        "second occurrence",
                        start,
                    )
                tag = event.tag
                if isinstance(event, ScalarEvent):
                    if tag is None or tag == "!":
                        tag = resolve(ScalarNode, event.value, event.implicit)
                    end: Any = event.end_mark
                    node = ScalarNode(tag, event.value, start, end, style=event.style)
                else:
                    kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
                    if tag is None or tag == "!":
                        tag = resolve(kind, None, event.implicit)
                    node = kind(tag, [], start, None, flow_style=event.flow_style)
                    if len(stack) >= MAX_DEPTH:
                        raise _too_deep(node)
                if nodes > MAX_NODES:
                    raise _too_many(node, f"more than {MAX_NODES:,} values in the file")
                if event.anchor is not None:
                    anchors[event.anchor] = node
                if not isinstance(event, ScalarEvent):
                    stack.append(node)  # type: ignore[arg-type]  # a collection, made above
                    keys.append(None)
                    continue  # its entries come next; it is placed once they are read
            else:  # the document's end: no other event can come at this point
                break
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, MappingNode):
                key = keys[-1]
                if key is None:
                    keys[-1] = node
                    continue
                keys[-1] = None
                parent.value.append((key, node))
            else:
                parent.value.append(node)
            if len(parent.value) > MAX_LIST_ENTRIES:
                raise _too_many(
                    parent,
                    f"a mapping with more than {MAX_LIST_ENTRIES:,} keys"
                    if isinstance(parent, MappingNode)
                    else f"a list with more than {MAX_LIST_ENTRIES:,} items",
                )
        event = get()
        if not isinstance(event, StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark if root is not None else None,
                "but found another document",
                event.start_mark,
            )
        return root
    finally:
        loader.dispose()


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


class _Builder:
    """Turns a node tree into dicts, lists, strings and None.

    Every scalar stays the string the author wrote (`no` is "no", `2.0` is "2.0"); the pack
    model converts the few typed fields itself. A node reached twice is an alias: it is built
    once and shared, and what it repeats is counted, both in values (MAX_ALIAS_EXPANSION) and
    in characters (MAX_ALIAS_CHARACTERS, scalars included), so that neither a tiny file nor one
    large text repeated can expand to far more than a pack file can hold. The count is checked
    at each alias, before anything more is built.
    """

    def __init__(self) -> None:
        self.issues: list[YamlIssue] = []
        self._built: dict[int, tuple[Any, int, int]] = {}
        self._in_progress: set[int] = set()
        self._alias_values = 0
        self._alias_characters = 0

    def build(self, node: Node, depth: int = 0, at: Node | None = None) -> tuple[Any, int, int]:
        """The value of a node, how many values it holds and how many characters, aliases
        expanded. `at` is where the node is used (its key, or its list), which an alias bomb
        is reported at: the node itself is the anchor, the alias has no node of its own."""
        key = id(node)
        built = self._built.get(key)
        if built is not None:
            self._count_alias(at or node, built[1], built[2])
            return built
        if type(node) is ScalarNode:
            value = self._scalar(node)
            result: tuple[Any, int, int] = (value, 1, len(node.value))
            self._built[key] = result
            return result
        if key in self._in_progress:
            raise YamlRefused(
                [YamlIssue(*_mark(node), "recursive-alias", "an alias refers to its own anchor")]
            )
        if depth >= MAX_DEPTH:
            raise YamlRefused(
                [
                    YamlIssue(
                        *_mark(node),
                        "too-deep",
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                    )
                ]
            )
        self._in_progress.add(key)
        if node.tag not in (_SEQ_TAG, _MAP_TAG):
            self._bad_tag(node)
        if type(node) is SequenceNode:
            result = self._sequence(node, depth + 1)
        else:
            # Not a sequence, with a tag checked above: a mapping node.
            result = self._mapping(node, depth + 1)  # type: ignore[arg-type]
        self._in_progress.discard(key)
        self._built[key] = result
        return result

    def _count_alias(self, node: Node, values: int, characters: int) -> None:
        self._alias_values += values
        self._alias_characters += characters
        if self._alias_values > MAX_ALIAS_EXPANSION:
            what = f"more than {MAX_ALIAS_EXPANSION:,} values"
        elif self._alias_characters > MAX_ALIAS_CHARACTERS:
            what = f"more than {MAX_ALIAS_CHARACTERS:,} characters"
        else:
            return
        raise YamlRefused(
            [
                YamlIssue(
                    *_mark(node),
                    "alias-bomb",
                    f"aliases repeat {what}; this looks like an alias bomb, so the pack is refused",
                )
            ]
        )

    def _bad_tag(self, node: Node) -> None:
        self.issues.append(
            YamlIssue(
                *_mark(node),
                "tag",
                f"YAML tag '{_short_tag(node.tag)}' is not allowed; packs hold only plain text,"
                " numbers, lists and mappings",
            )
        )

    def _scalar(self, node: ScalarNode) -> str | None:
        tag = node.tag
        if tag == _NULL:
            return None
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node)
        value: str = node.value
        # Only double-quoted scalars can hold escapes (\e, \x1b...) that make control codes.
        if node.style == '"' and (control := _CONTROL_IN_VALUE.search(value)):
            char = control.group()
            self.issues.append(
                YamlIssue(
                    *_mark(node),
                    "control-character",
                    f"control character {describe_control(char)} (from an escape sequence) is"
                    " not allowed in a pack",
                )
            )
        return value

    def _sequence(self, node: SequenceNode, depth: int) -> tuple[list[Any], int, int]:
        items: list[Any] = []
        size = 1
        characters = 0
        for child in node.value:
            value, child_size, child_characters = self.build(child, depth, node)
            items.append(value)
            size += child_size
            characters += child_characters
        return items, size, characters

    def _mapping(self, node: MappingNode, depth: int) -> tuple[dict[str, Any], int, int]:
        mapping: dict[str, Any] = {}
        # The first node of each key, so a duplicate names its line without a rescan.
        first: dict[str, Node] = {}
        size = 1
        characters = 0
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.issues.append(
                    YamlIssue(*_mark(key_node), "complex-key", "a key must be plain text")
                )
                continue
            if key_node.tag == _MERGE:
                self.issues.append(
                    YamlIssue(
                        *_mark(key_node),
                        "merge-key",
                        "merge keys ('<<') are not supported; write the keys out",
                    )
                )
                continue
            key = key_node.value
            value, child_size, child_characters = self.build(value_node, depth, key_node)
            size += child_size
            characters += child_characters + len(key)
            if key in first:
                self.issues.append(
                    YamlIssue(
                        *_mark(key_node),
                        "duplicate-key",
                        f"duplicate key '{_shortened(key)}': it is also on line"
                        f" {first[key].start_mark.line + 1};"
                        " YAML would silently keep only the last one",
                    )
                )
                continue
            first[key] = key_node
            mapping[key] = value
        return mapping, size, characters


def _shortened(text: str, limit: int = 60) -> str:
    """A key as a message shows it: at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def parse(text: str) -> YamlDocument:
    """Parse pack text into plain data, refusing control codes, tags, bombs and deep nesting.

    Raises YamlRefused when nothing useful can be built; returns non-fatal issues (duplicate
    keys, disallowed tags) with the document so that every problem is reported in one pass.
    """
    control = list(_control_issues(text))
    if control:
        raise YamlRefused(control[:20])
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        apostrophe = _apostrophe_issue(text, mark) if mark else None
        if apostrophe is not None:
            raise YamlRefused([apostrophe]) from None
        hint = next((h for clue, h in _SYNTAX_HINTS if clue in problem), "")
        raise YamlRefused(
            [YamlIssue(line, column, "yaml-syntax", f"YAML syntax error: {problem}{context}{hint}")]
        ) from None
    except yaml.YAMLError as exc:
        raise YamlRefused([YamlIssue(1, 1, "yaml-syntax", f"YAML error: {exc}")]) from None
    if root is None:
        raise YamlRefused([YamlIssue(1, 1, "empty", "the file is empty")])
    builder = _Builder()
    data, _, _ = builder.build(root)
    return YamlDocument(data, root, builder.issues, text)


def _apostrophe_issue(text: str, mark: yaml.Mark) -> YamlIssue | None:
    """The issue for `prompt: 'Europe's partners'`, or None when the error is another one.

    YAML ends a single-quoted text at its second `'`, so the parser stops just after the
    apostrophe with an error about keys or indentation that sends the author the wrong way.
    The clue: the character before the error is a `'` that closes a quoted text, and a word
    goes on right after it."""
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    line, column = lines[mark.line], mark.column
    if not 0 < column < len(line) or line[column - 1] != "'" or line[column] in " \t,]}#:":
        return None
    opening = line.find("'")
    if opening >= column - 1:
        return None
    suggestion = ""
    stripped = line.rstrip()
    if stripped.endswith("'") and len(stripped) - 1 > opening:
        body = stripped[opening + 1 : -1].replace("''", "'")
        escaped = body.replace("\\", "\\\\").replace('"', '\\"')
        written = line[:opening].strip() + ' "' + escaped + '"'
        suggestion = ": " + _shortened(written, 120)
    return YamlIssue(
        mark.line + 1,
        column,
        "apostrophe-in-quotes",
        "a text in single quotes ends at the next ' (here the apostrophe): write an apostrophe"
        " inside single quotes as two ('') or put the text in double quotes" + suggestion,
    )


_TRAILING_COMMENT = re.compile(r"[ \t]+#")


def comment_after(text: str, node: Node) -> tuple[int, int, str] | None:
    """Where a comment starts on the line a plain (unquoted) text ends, and the comment
    (`#1 priority did the mayor name?`): (1-based line, column of the `#`, comment), or
    None. YAML drops such a comment silently, which cuts `Which #1 priority...` to `Which`.
    """
    # A plain scalar has no style: None from the pure-Python parser, "" from libyaml.
    if type(node) is not ScalarNode or node.style or not text:
        return None
    end = node.end_mark.index
    stop = text.find("\n", end)
    rest = text[end : stop if stop >= 0 else len(text)]
    match = _TRAILING_COMMENT.match(rest)
    if match is None:
        return None
    column = node.end_mark.column + match.end()  # the `#`, 1-based
    return node.end_mark.line + 1, column, rest[match.end() - 1 :].rstrip()


PathPart = str | int


class Locator:
    """Finds the node at a path of keys and indexes in one document, in time proportional to
    the path's length: each mapping's keys are indexed the first time it is walked through,
    so locating many problems never rescans a mapping (a pack with 40,000 unknown keys would
    otherwise take 40,000 scans of 40,000 keys)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _index(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        keys = self._keys.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value_node in node.value:
                # The first of duplicate keys, as the builder keeps.
                if isinstance(key_node, ScalarNode) and isinstance(key_node.value, str):
                    keys.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = keys
        return keys

    def locate(self, path: tuple[PathPart, ...], *, key: bool = False) -> Node:
        """The node at `path`, or the deepest existing node on the way; with `key=True` and a
        path ending in a mapping key, the key's own node (a message about a key points at
        the key rather than at its value)."""
        node = self.root
        for i, part in enumerate(path):
            if isinstance(node, MappingNode) and isinstance(part, str):
                found = self._index(node).get(part)
                if found is None:
                    return node
                if key and i == len(path) - 1:
                    return found[0]
                node = found[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node
                node = node.value[part]
            else:
                return node
        return node


def locate(root: Node, path: tuple[PathPart, ...], *, key: bool = False) -> Node:
    """The node at a path of keys and indexes, or the deepest existing node on the way (for
    one lookup; use a Locator for many in the same document)."""
    return Locator(root).locate(path, key=key)


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    return _mark(node)
