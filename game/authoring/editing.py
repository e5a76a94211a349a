"""The pack editor's document: a pack file's text changed by located edits, saved safely.

The editor never re-serialises a pack. Each change (a field set or deleted, a question
added, duplicated, deleted, moved, its kind changed) is a text edit at the lines of the
YAML nodes it concerns, and is kept only if the edited text parses back to exactly the data
intended; so comments, key order, quoting, blank lines and line ends of everything else stay
byte for byte, and opening then saving without a change leaves the file identical. New
questions are written in the file's own style (indentation, quoting, `[a, b]` or block
lists). Saving is atomic, keeps the previous file as `PACK.yaml.bak`, and is refused when the
text would not parse or would lose a question. Unsaved text is autosaved beside the pack (or
in the user's data folder when that folder cannot be written) for recovery after a crash.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.limits import DEFAULT_MAX_BYTES
from ..core.sentences import NumberedSentence
from ..packs.fixquotes import _flow_candidates, block_scalar, double_quoted
from ..packs.loader import _pack_refusal, check_pack_text
from ..packs.model import DEFAULT_SOURCE_ID
from ..packs.problems import Problem
from ..packs.yamlread import YamlRefused, decode, parse
from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, read_regular_file

_BOM = b"\xef\xbb\xbf"
WRAP_WIDTH = 80
"""Long texts of new fields are folded (`>-`) at about this many characters a line."""

Value = Any
"""A field's value as the pack reader gives it: text, or lists and mappings of texts."""


class EditRefused(Exception):
    """An edit or a save that was not made; the message says why (one line)."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A problem of one question, with the field (top-level key) of the question it is in."""

    field: str
    """The question's key whose lines hold the problem (`id` when none does)."""
    problem: Problem


@dataclass(frozen=True, slots=True)
class PackProblem:
    """A problem of the whole pack, with the index of its question when it is in one."""

    problem: Problem
    index: int | None


@dataclass(frozen=True, slots=True)
class Recovery:
    """Autosaved text newer than the pack file, and what differs from the file."""

    path: Path
    """Where the autosave is."""
    text: str
    diff: str
    """A unified diff from the file to the autosave."""


@dataclass(frozen=True, slots=True)
class _Style:
    """How a pack writes its questions, so that a new one looks like the others."""

    indent: int = 2
    """Column of the questions' `- `."""
    nested: int = 2
    """How far right of its key a nested list's `- ` is."""
    quote: str = '"'
    """`"`, `'` or `` (plain) for texts."""
    blank_between: bool = True
    flow_tags: bool = True


# --- reading the text's structure --------------------------------------------------------------


def _last_line(node: Node) -> int:
    """The last line (0-based) holding any character of a node."""
    if isinstance(node, MappingNode):
        return max([node.start_mark.line, *(_last_line(v) for _, v in node.value)])
    if isinstance(node, SequenceNode):
        if node.flow_style or not node.value:
            return _end_line(node)
        return max(_last_line(v) for v in node.value)
    return _end_line(node)


def _end_line(node: Node) -> int:
    mark = node.end_mark
    # A block scalar ends after its line break, at column 0 of the next line.
    return mark.line - 1 if mark.column == 0 and mark.line > node.start_mark.line else mark.line


def _child(node: Node, key: str) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None


def read_back(written: Value, read: Any) -> bool:
    """Whether data read from the text is the value written (texts compared as texts)."""
    if isinstance(written, bool):
        return read == ("true" if written else "false")
    if isinstance(written, int | float):
        return isinstance(read, str) and read.strip() != "" and float(read) == written
    if isinstance(written, str):
        return read == written
    if isinstance(written, list):
        return (
            isinstance(read, list)
            and len(read) == len(written)
            and all(read_back(w, r) for w, r in zip(written, read, strict=True))
        )
    if isinstance(written, dict):
        return (
            isinstance(read, dict)
            and list(read) == list(written)
            and all(read_back(written[k], read[k]) for k in written)
        )
    return written is None and read is None


# --- writing values -----------------------------------------------------------------------------

_PLAIN = re.compile("[A-Za-z0-9][A-Za-z0-9 .,;()/%'\u2019-]*")
_PLAIN_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"))
_VALUE_KEYS = frozenset(
    (
        "id",
        "type",
        "difficulty",
        "points",
        "time_limit",
        "tolerance",
        "as_of",
        "date",
        "frame",
        "source",
        "draft",
        "correct",
        "answer_number",
    )
)


def _scalar(value: Value, style: _Style, key: str = "") -> str:
    """One value on one line: numbers, dates and ids plain, texts in the file's quoting."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    simple = (
        _PLAIN.fullmatch(text) is not None
        and text == text.strip()
        and text.lower() not in _PLAIN_WORDS
    )
    if key in _VALUE_KEYS and simple:
        return text
    if style.quote == "" and simple:
        return text
    if style.quote == "'" and all(c.isprintable() for c in text):
        return "'" + text.replace("'", "''") + "'"
    return double_quoted(text)


def _folded(text: str, indent: int) -> list[str] | None:
    """A long text as a `>-` block's lines, or None when it is not one such a block holds."""
    if len(text) <= WRAP_WIDTH or text != text.strip() or "  " in text:
        return None
    if any(not c.isprintable() for c in text):
        return None
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > WRAP_WIDTH - indent:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [" " * indent + line for line in lines]


def _field_lines(key: str, value: Value, column: int, style: _Style) -> list[str]:
    """`key: value` written at `column` (the first line without its indentation)."""
    if isinstance(value, dict):
        lines = [f"{key}:"]
        for sub, sub_value in value.items():
            sub_lines = _field_lines(sub, sub_value, column + 2, style)
            lines.append(" " * (column + 2) + sub_lines[0])
            lines += sub_lines[1:]
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{key}: []"]
        if key == "tags" and style.flow_tags and all(isinstance(v, str) for v in value):
            return [
                f"{key}: [" + ", ".join(_scalar(v, _Style(quote=""), "id") for v in value) + "]"
            ]
        dash = column + style.nested
        lines = [f"{key}:"]
        for item in value:
            if isinstance(item, dict):
                first = True
                for sub, sub_value in item.items():
                    sub_lines = _field_lines(sub, sub_value, dash + 2, style)
                    lead = " " * dash + "- " if first else " " * (dash + 2)
                    lines.append(lead + sub_lines[0])
                    lines += sub_lines[1:]
                    first = False
            else:
                lines.append(" " * dash + "- " + _scalar(item, style))
        return lines
    if isinstance(value, str) and key not in _VALUE_KEYS:
        folded = _folded(value, column + 2)
        if folded is not None:
            return [f"{key}: >-", *folded]
    return [f"{key}: {_scalar(value, style, key)}"]


def _question_lines(question: dict[str, Value], style: _Style) -> list[str]:
    """A question as list-item lines at the file's indentation."""
    lines: list[str] = []
    column = style.indent + 2
    for number, (key, value) in enumerate(question.items()):
        written = _field_lines(key, value, column, style)
        lead = " " * style.indent + "- " if number == 0 else " " * column
        lines.append(lead + written[0])
        lines += written[1:]
    return lines


# --- the document ------------------------------------------------------------------------------


@dataclass
class PackDocument:
    """A pack file being edited: its text as on disk when opened, and as edited since."""

    path: Path
    raw: bytes
    """The file's bytes when it was opened (or last saved)."""
    text: str
    """The text as edited (without a byte order mark)."""
    bom: bool = False
    count: int = 0
    """How many questions the text must hold: a save that holds fewer is refused."""
    _parsed: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path | str, *, text: str | None = None) -> PackDocument:
        """The pack at `path` (its autosaved `text` instead, to recover it); EditRefused, with
        a located one-line reason, when it cannot be read or is not a pack's list of
        questions."""
        path = Path(path)
        try:
            raw = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
            current = decode(raw)
        except FileRefused as refused:
            # validate's own words (a too large file names the limit), so both agree.
            _, message = _pack_refusal(refused, DEFAULT_MAX_BYTES)
            raise EditRefused(f"{path}:1: error: {message}") from None
        except YamlRefused as refused:
            issue = refused.issues[0]
            raise EditRefused(f"{path}:{issue.line}: error: {issue.message}") from None
        document = cls(path, raw, text if text is not None else current, raw.startswith(_BOM))
        document._structure()  # refuses what the editor cannot edit
        document.count = len(document.questions())
        return document

    # -- reading --------------------------------------------------------------------------------

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def dirty(self) -> bool:
        """Whether the text differs from the file's."""
        return self.encoded() != self.raw

    def encoded(self) -> bytes:
        """The text as the file's bytes (its byte order mark kept)."""
        return (_BOM if self.bom else b"") + self.text.encode("utf-8")

    def _parse(self) -> Any:
        if self._parsed is None or self._parsed[0] != self.text:
            try:
                self._parsed = (self.text, parse(self.text))
            except YamlRefused as refused:
                issue = refused.issues[0]
                raise EditRefused(f"{self.path}:{issue.line}: error: {issue.message}") from None
        return self._parsed[1]

    def _structure(self) -> tuple[Any, SequenceNode | None]:
        """The parsed document and its `questions` node (None when it has none yet)."""
        document = self._parse()
        if not isinstance(document.data, dict) or not isinstance(document.root, MappingNode):
            raise EditRefused(
                f"{self.path}:1: error: a pack is a mapping of keys (format, id, questions...)"
            )
        found = _child(document.root, "questions")
        if found is None:
            return document, None
        node = found[1]
        if isinstance(node, ScalarNode) and node.value == "":
            return document, None
        if not isinstance(node, SequenceNode) or (node.flow_style and node.value):
            raise EditRefused(
                f"{self.path}:{node.start_mark.line + 1}: error: 'questions' must be a block"
                " list ('- id: ...' lines) for the editor to change it"
            )
        if any(not isinstance(item, MappingNode) or item.flow_style for item in node.value):
            raise EditRefused(
                f"{self.path}:{node.start_mark.line + 1}: error: every question must be a"
                " block mapping ('key: value' lines) for the editor to change it"
            )
        return document, node

    def questions(self) -> list[dict[str, Value]]:
        """The questions as the pack reader gives them (texts stay texts)."""
        data = self._parse().data
        items = data.get("questions") if isinstance(data, dict) else None
        return [q if isinstance(q, dict) else {} for q in items] if isinstance(items, list) else []

    def data(self) -> dict[str, Value]:
        """The whole pack's data."""
        data = self._parse().data
        return data if isinstance(data, dict) else {}

    def _lines(self) -> list[str]:
        return self.text.split(self.newline)

    def _item(self, index: int) -> MappingNode:
        _, node = self._structure()
        if node is None or not 0 <= index < len(node.value):
            raise EditRefused(f"there is no question {index + 1}")
        item = node.value[index]
        assert isinstance(item, MappingNode)  # checked by _structure
        return item

    def _block(self, index: int) -> tuple[int, int]:
        """The lines (0-based, end excluded) of a question, from its `- ` to its last value."""
        item = self._item(index)
        return item.start_mark.line, _last_line(item) + 1

    def _style(self) -> _Style:
        _, node = self._structure()
        if node is None or not node.value:
            return _Style()
        items = [i for i in node.value if isinstance(i, MappingNode)]
        indent = max(items[0].start_mark.column - 2, 0)
        quotes = [
            v.style or ""
            for item in items
            for k, v in item.value
            if isinstance(k, ScalarNode)
            and k.value in ("prompt", "quote", "explanation", "hint")
            and isinstance(v, ScalarNode)
            and v.style not in ("|", ">")
        ]
        quote = max(('"', "'", ""), key=quotes.count) if quotes else '"'
        nested = 2
        flow_tags = True
        for item in items:
            for k, v in item.value:
                if isinstance(v, SequenceNode) and v.value and not v.flow_style:
                    nested = max(v.value[0].start_mark.column - 2 - k.start_mark.column, 0)
                if isinstance(k, ScalarNode) and k.value == "tags" and isinstance(v, SequenceNode):
                    flow_tags = bool(v.flow_style)
        lines = self._lines()
        blank = len(items) < 2 or not lines[items[1].start_mark.line - 1].strip()
        return _Style(indent, nested, quote, blank, flow_tags)

    def _field_span(self, index: int, key: str) -> tuple[Node, Node, int, int] | None:
        found = _child(self._item(index), key)
        if found is None:
            return None
        key_node, value_node = found
        return key_node, value_node, key_node.start_mark.line, _last_line(value_node) + 1

    # -- editing --------------------------------------------------------------------------------

    def _apply(self, new_text: str, expected: list[dict[str, Value]], what: str) -> None:
        """Keep `new_text` if it parses to the pack's data with `expected` as its questions."""
        try:
            document = parse(new_text)
        except YamlRefused as refused:
            raise EditRefused(
                f"cannot {what}: the text would not parse ({refused.issues[0].message})"
            ) from None
        wanted = {**self.data(), "questions": expected}
        if not read_back(wanted, document.data):
            raise EditRefused(f"cannot {what} without changing something else in the file")
        self.text = new_text
        self._parsed = (new_text, document)  # the next edit starts from it, unparsed

    def _apply_in(
        self, index: int, new_text: str, expected: list[dict[str, Value]], what: str
    ) -> None:
        """`_apply` for an edit inside question `index`'s lines: only that question's lines
        are parsed (a 500-question pack is not re-parsed on each key), its nodes put in the
        tree and the later positions shifted; the whole text is parsed when the edit reaches
        beyond the question or its lines do not read back alone as one question."""
        if not self._splice(index, new_text, expected[index]):
            self._apply(new_text, expected, what)

    def _splice(self, index: int, new_text: str, question: dict[str, Value]) -> bool:
        """Put the edited question's parsed lines into the tree; False when it cannot be done
        safely (the caller then parses the whole text)."""
        if self._parsed is None or self._parsed[0] != self.text:
            return False
        document = self._parsed[1]
        _, node = self._structure()
        if node is None or not 0 <= index < len(node.value):
            return False
        item = node.value[index]
        newline = self.newline
        old_lines, new_lines = self._lines(), new_text.split(newline)
        start, end = item.start_mark.line, _last_line(item) + 1
        grown = len(new_lines) - len(old_lines)
        new_end = end + grown
        if new_end <= start or new_lines[:start] != old_lines[:start]:
            return False
        if new_lines[new_end:] != old_lines[end:]:
            return False
        old_block = newline.join(old_lines[start:end])
        new_block = newline.join(new_lines[start:new_end])
        try:
            alone = parse(new_block + newline)
        except YamlRefused:
            return False
        root = alone.root
        if (
            not isinstance(root, SequenceNode)
            or root.flow_style
            or len(root.value) != 1
            or not isinstance(root.value[0], MappingNode)
            or root.value[0].flow_style
            or root.value[0].start_mark.column != item.start_mark.column
            or root.value[0].start_mark.line != 0
            or _last_line(root.value[0]) != new_end - start - 1
            or alone.issues
            or not read_back([question], alone.data)
        ):
            return False
        first_char = item.start_mark.index - item.start_mark.column
        old_stop = first_char + len(old_block)
        chars = len(new_block) - len(old_block)
        # The later nodes move by the lines and characters the edit added (or removed).
        _shift(document.root, old_stop, grown, chars, set())
        new_item = root.value[0]
        _shift(new_item, 0, start, first_char, set())
        # Read alone, the question's last nodes end at the end of its text; in the file they
        # end where the question does (at the next token), as the old question's end says.
        # A block text ends at the start of the next line holding anything.
        stop = first_char + len(new_block)
        line, at = new_end, stop + len(newline)
        while line < len(new_lines) and not new_lines[line].strip():
            at += len(new_lines[line]) + len(newline)
            line += 1
        at = min(at, len(new_text))
        line = min(line, len(new_lines) - 1) if at < len(new_text) else new_text.count("\n")
        text_end = Mark(item.end_mark.name, at, line, 0, None, 0)
        _clip(new_item, stop, item.end_mark, text_end, set())
        node.value[index] = new_item
        document.data["questions"][index] = alone.data[0]
        document.text = new_text
        self.text = new_text
        self._parsed = (new_text, document)
        return True

    def set_field(self, index: int, key: str, value: Value) -> None:
        """Give question `index` this value for `key` (added after its last field when new)."""
        questions = self.questions()
        item = self._item(index)
        expected = list(questions)  # shallow: only the one question changes
        expected[index] = {**questions[index], key: value}
        if key in questions[index] and read_back(value, questions[index][key]):
            return
        what = f"set {key}"
        span = self._field_span(index, key)
        lines = self._lines()
        newline = self.newline
        if span is not None:
            key_node, value_node, first, end = span
            if isinstance(value, str) and isinstance(value_node, ScalarNode):
                start, stop = value_node.start_mark.index, value_node.end_mark.index
                if value_node.style in ("|", ">"):
                    block = block_scalar(self.text[start:stop], value)
                    options = [block] if block is not None else []
                else:
                    options = _flow_candidates(value_node.style, value)
                for option in options:
                    try:
                        new_text = self.text[:start] + option + self.text[stop:]
                        self._apply_in(index, new_text, expected, what)
                        return
                    except EditRefused:
                        continue
            column = key_node.start_mark.column
            written = _field_lines(key, value, column, self._style())
            lead = lines[first][:column]
            lines[first:end] = [lead + written[0], *written[1:]]
        else:
            column = item.value[0][0].start_mark.column
            written = _field_lines(key, value, column, self._style())
            at = _last_line(item) + 1
            lines[at:at] = [" " * column + written[0], *written[1:]]
        self._apply_in(index, newline.join(lines), expected, what)

    def delete_field(self, index: int, key: str) -> None:
        """Remove `key` from question `index` (nothing when it has none)."""
        questions = self.questions()
        span = self._field_span(index, key)
        if span is None:
            return
        key_node, _, first, end = span
        expected = list(questions)
        expected[index] = {k: v for k, v in questions[index].items() if k != key}
        if not expected[index]:
            raise EditRefused("cannot delete a question's last field; delete the question")
        lines = self._lines()
        column = key_node.start_mark.column
        lead = lines[first][:column]
        if lead.strip():  # the key follows the item's dash: the next key moves up to it
            following = lines[end] if end < len(lines) else ""
            lines[first : end + 1] = [lead + following[column:]]
        else:
            lines[first:end] = []
        self._apply_in(index, self.newline.join(lines), expected, f"delete {key}")

    def add_question(self, question: dict[str, Value], after: int | None = None) -> int:
        """Add a question after question `after` (at the end when None); its index."""
        questions = self.questions()
        ids = {str(q.get("id")) for q in questions}
        if question.get("id") in ids:
            raise EditRefused(f"a question with id {question.get('id')!r} exists already")
        style = self._style()
        position = len(questions) if after is None else after + 1
        new_lines = _question_lines(question, style)
        lines = self._lines()
        document, node = self._structure()
        if node is None or not node.value:
            found = _child(document.root, "questions")
            if found is None:
                if lines and lines[-1] == "":
                    lines.pop()
                lines += ["questions:", *new_lines, ""]
            else:
                key_node, value_node = found
                row = key_node.start_mark.line
                lines[row] = lines[row][: key_node.start_mark.column] + "questions:"
                if value_node.start_mark.line != row:  # pragma: no cover - `questions:\n  []`
                    raise EditRefused("cannot add to 'questions' as written; write 'questions:'")
                lines[row + 1 : row + 1] = new_lines
            position = 0
        else:
            if position < len(questions):
                at = self._block(position)[0]
                insert = [*new_lines, ""] if style.blank_between else new_lines
            else:
                at = self._block(len(questions) - 1)[1]
                insert = ["", *new_lines] if style.blank_between else new_lines
            lines[at:at] = insert
        expected = list(questions)
        expected.insert(position, question)
        self._apply(self.newline.join(lines), expected, "add the question")
        self.count += 1
        return position

    def delete_question(self, index: int) -> None:
        """Remove question `index`, with the blank line that separated it from the next."""
        questions = self.questions()
        start, end = self._block(index)
        lines = self._lines()
        if len(questions) == 1:
            document, _ = self._structure()
            found = _child(document.root, "questions")
            assert found is not None
            key_node = found[0]
            row = key_node.start_mark.line
            lines[start:end] = []
            lines[row] = lines[row][: key_node.start_mark.column] + "questions: []"
        else:
            while end < len(lines) and not lines[end].strip() and index + 1 < len(questions):
                end += 1
            if index + 1 == len(questions):
                while start > 0 and not lines[start - 1].strip():
                    start -= 1
            lines[start:end] = []
        expected = list(questions)
        del expected[index]
        self._apply(self.newline.join(lines), expected, "delete the question")
        self.count -= 1

    def move(self, index: int, delta: int) -> int:
        """Move question `index` up (-1) or down (+1); its new index."""
        questions = self.questions()
        other = index + delta
        if delta not in (-1, 1) or not 0 <= other < len(questions) or index < 0:
            return index
        low, high = sorted((index, other))
        low_start, low_end = self._block(low)
        high_start, high_end = self._block(high)
        lines = self._lines()
        moved = lines[high_start:high_end] + lines[low_end:high_start] + lines[low_start:low_end]
        lines[low_start:high_end] = moved
        expected = list(questions)
        expected[low], expected[high] = expected[high], expected[low]
        self._apply(self.newline.join(lines), expected, "move the question")
        return other

    def duplicate(self, index: int) -> int:
        """A copy of question `index` below it, under a new id; its index."""
        questions = self.questions()
        copied = copy.deepcopy(questions[index])
        copied["id"] = self.free_id(str(copied.get("id") or "question"))
        return self.add_question(copied, after=index)

    def free_id(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`...: an id no question has."""
        ids = {str(q.get("id")) for q in self.questions()}
        base = re.sub(r"-\d+$", "", base) or "question"
        number = 2
        candidate = base if base not in ids else f"{base}-{number}"
        while candidate in ids:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def change_kind(self, index: int, kind: str) -> None:
        """Give question `index` another type, keeping the fields both kinds have."""
        from ..kinds import kind_named

        new = kind_named(kind)
        if new is None:
            raise EditRefused(f"there is no question type {kind!r}")
        keep = set(new.model.model_fields)
        for key in list(self.questions()[index]):
            if key not in keep:
                self.delete_field(index, key)
        self.set_field(index, "type", kind)

    # -- problems -------------------------------------------------------------------------------

    def question_problems(self, index: int) -> list[FieldProblem]:
        """The loader's problems of question `index`, each with the field it is in, from a
        pack of the file's head and this question alone (so as fast on a 500-question pack
        as on a small one); the pack-wide checks are `pack_problems`."""
        start, end = self._block(index)
        _, node = self._structure()
        assert node is not None
        head_end = node.value[0].start_mark.line
        lines = self._lines()
        text = self.newline.join([*lines[:head_end], *lines[start:end], ""])
        checked = check_pack_text(
            text, display=str(self.path), base_dir=self.path.parent, path=self.path
        )
        qid = str(self.questions()[index].get("id"))
        first_row = head_end + 1  # 1-based line of the question in the small pack
        spans = self._spans_in(text)
        found: list[FieldProblem] = []
        for problem in checked.problems:
            if problem.question != qid and problem.line < first_row:
                continue
            line = problem.line - head_end + start  # back to the file's lines (1-based)
            field_name = _field_at(spans, problem.line)
            located = Problem(
                problem.file,
                line,
                problem.column,
                problem.severity,
                problem.code,
                problem.message,
                problem.question,
            )
            found.append(FieldProblem(field_name, located))
        return found

    def question_pack(self, index: int) -> tuple[Any, Any]:
        """A pack of the file's head and question `index` alone, and that question, as the
        game plays them (for the preview: nothing of the rest of the pack is read). EditRefused
        with the loader's first error when the question cannot be played as written."""
        from ..packs.loader import check_pack_text as checked_text

        start, end = self._block(index)
        _, node = self._structure()
        assert node is not None
        head_end = node.value[0].start_mark.line
        lines = self._lines()
        text = self.newline.join([*lines[:head_end], *lines[start:end], ""])
        checked = checked_text(text, display=str(self.path), base_dir=self.path.parent)
        if checked.pack is None or not checked.pack.questions:
            errors = [p for p in checked.problems if p.severity == "error"]
            first = errors[0].message if errors else "the question cannot be read"
            raise EditRefused(f"cannot preview this question: {first}")
        return checked.pack, checked.pack.questions[0]

    @staticmethod
    def _spans_in(text: str) -> list[tuple[str, int, int]]:
        try:
            document = parse(text)
        except YamlRefused:
            return []
        found = _child(document.root, "questions")
        if found is None or not isinstance(found[1], SequenceNode) or not found[1].value:
            return []
        item = found[1].value[0]
        if not isinstance(item, MappingNode):
            return []
        return [
            (str(k.value), k.start_mark.line + 1, _last_line(v) + 1)
            for k, v in item.value
            if isinstance(k, ScalarNode)
        ]

    def pack_problems(self) -> list[PackProblem]:
        """Every problem of the pack as `validate` finds it, with its question's index."""
        checked = check_pack_text(
            self.text, display=str(self.path), base_dir=self.path.parent, path=self.path
        )
        ids = {str(q.get("id")): n for n, q in enumerate(self.questions())}
        return [
            PackProblem(p, ids.get(p.question) if p.question is not None else None)
            for p in checked.problems
        ]

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the text over the file (atomically, the old file kept as `PACK.yaml.bak`);
        False when there was nothing to write. EditRefused, the file untouched, when the text
        would not parse, would hold fewer questions than the editor made, or the file changed
        on disk since it was opened."""
        new_raw = self.encoded()
        if new_raw == self.raw:
            discard_autosave(self.path)
            return False
        try:
            parsed = parse(self.text)
        except YamlRefused as refused:
            issue = refused.issues[0]
            raise EditRefused(
                f"not saved: line {issue.line}: the pack would not be valid YAML ({issue.message})"
            ) from None
        if parsed.data != self.data():  # pragma: no cover - a question's lines read alone
            # differently than in the file: never write what the editor did not show
            raise EditRefused("not saved: the file would not read back as edited; check it")
        items = parsed.data.get("questions") if isinstance(parsed.data, dict) else None
        held = len(items) if isinstance(items, list) else 0
        if held < self.count:
            raise EditRefused(
                f"not saved: the file would hold {held} question(s) instead of {self.count}"
            )
        try:
            current = read_regular_file(self.path, max_bytes=DEFAULT_MAX_BYTES)
        except FileRefused as refused:
            raise EditRefused(f"not saved: the file {refused.message}") from None
        if current != self.raw:
            raise EditRefused(
                "not saved: the file changed on disk since it was opened; your text is in the"
                f" autosave {autosave_path(self.path)}"
            )
        target = Path(os.path.realpath(self.path))
        try:
            write_atomic(target.with_name(target.name + ".bak"), current)
            write_atomic(target, new_raw)
        except OSError as error:
            raise EditRefused(f"not saved: {error.strerror or error}") from None
        self.raw = new_raw
        discard_autosave(self.path)
        return True

    def autosave(self) -> Path | None:
        """Write the unsaved text to the autosave file; its path (None when nothing is unsaved
        or it cannot be written: the editor keeps the text and tries again)."""
        if not self.dirty:
            return None
        where = autosave_path(self.path)
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(where, self.encoded(), durable=False)
        except OSError:
            return None
        return where


def _shift(node: Node, after: int, lines: int, chars: int, seen: set[int]) -> None:
    """Move the positions of a tree's nodes at or after character `after` by `lines` and
    `chars` (new marks: marks may be shared between nodes)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if node.end_mark.index < after:
        return  # the node and everything in it come before the edit
    if node.start_mark.index >= after:
        node.start_mark = _moved(node.start_mark, lines, chars)
    node.end_mark = _moved(node.end_mark, lines, chars)
    if isinstance(node, MappingNode):
        for key, value in node.value:
            _shift(key, after, lines, chars, seen)
            _shift(value, after, lines, chars, seen)
    elif isinstance(node, SequenceNode):
        for value in node.value:
            _shift(value, after, lines, chars, seen)


def _clip(node: Node, stop: int, end: Mark, text_end: Mark, seen: set[int]) -> None:
    """Give the nodes of a tree that end at or after character `stop` the end `end` (a
    block text's: `text_end`)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if node.end_mark.index <= stop:  # ends on the question's own lines (a one-line text)
        return
    node.end_mark = text_end if isinstance(node, ScalarNode) else end
    if isinstance(node, MappingNode):
        for key, value in node.value:
            _clip(key, stop, end, text_end, seen)
            _clip(value, stop, end, text_end, seen)
    elif isinstance(node, SequenceNode):
        for value in node.value:
            _clip(value, stop, end, text_end, seen)


def _moved(mark: Mark, lines: int, chars: int) -> Mark:
    return Mark(mark.name, mark.index + chars, mark.line + lines, mark.column, None, 0)


def _field_at(spans: list[tuple[str, int, int]], line: int) -> str:
    """The field whose lines hold `line`; the last one starting before it; else `id`."""
    best = "id"
    for name, first, last in spans:
        if first <= line <= last:
            return name
        if first <= line:
            best = name
    return best


# --- autosave and recovery ----------------------------------------------------------------------


def autosave_path(path: Path) -> Path:
    """Where a pack's unsaved text goes: `.PACK.yaml.autosave` beside it, or in the user's
    data folder when the pack's folder cannot be written."""
    real = Path(os.path.realpath(path))
    if _writable(real.parent):
        return real.with_name(f".{real.name}.autosave")
    from platformdirs import user_data_path

    digest = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return user_data_path("civic-quiz", appauthor=False) / "autosave" / f"{digest}-{real.name}"


def _writable(folder: Path) -> bool:
    """Whether files can be created in a folder."""
    return os.access(folder, os.W_OK)


def discard_autosave(path: Path) -> None:
    """Remove a pack's autosave (after a save, or when the teacher declines to recover it)."""
    try:
        autosave_path(path).unlink()
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - a read-only folder: the next save tries again
        pass


def find_recovery(path: Path) -> Recovery | None:
    """The autosaved text of a pack when it is at least as new as the file and differs from
    it, with a unified diff of what differs; else None."""
    where = autosave_path(path)
    try:
        saved = read_regular_file(where, max_bytes=DEFAULT_MAX_BYTES)
        autosaved = decode(saved)
    except (FileRefused, YamlRefused):
        return None
    try:
        raw = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
        current = decode(raw)
        newer = where.stat().st_mtime >= Path(path).stat().st_mtime
    except (FileRefused, YamlRefused, OSError):
        raw, current, newer = b"", "", True
    if not newer or saved == raw or autosaved == current:
        return None
    name = Path(path).name
    diff = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            autosaved.splitlines(keepends=True),
            f"{name} (saved)",
            f"{name} (autosaved)",
        )
    )
    return Recovery(where, autosaved, diff)


# --- the source pane ----------------------------------------------------------------------------


def picked_quotes(question: dict[str, Value], field_name: str) -> list[str]:
    """The texts of a question that come from its source: its kind's quote field (a claim's
    statement, an evidence question's sentence) and its `quote`."""
    found: list[str] = []
    for name in dict.fromkeys((field_name, "quote")):
        value = question.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [v for v in value if isinstance(v, str)]
    return found


def quoted_sentences(sentences: Sequence[NumberedSentence], quotes: list[str]) -> set[int]:
    """The numbers of the sentences that hold one of the quotes, or that a quote holds
    (compared as the grounding check compares: typography and spacing forgiven)."""
    from ..core.grounding import normalise_passage

    wanted = [normalise_passage(q) for q in quotes if q.strip()]
    return {
        number
        for number, text in _normalised(tuple(sentences))
        if any(q and (q in text or text in q) for q in wanted)
    }


@functools.lru_cache(maxsize=4)
def _normalised(sentences: tuple[NumberedSentence, ...]) -> tuple[tuple[int, str], ...]:
    """Each sentence's number and normalised text (the pane asks on every edit)."""
    from ..core.grounding import normalise_passage

    return tuple((s.number, normalise_passage(s.text)) for s in sentences)


def missing_quotes(source_text: str, quotes: list[str]) -> list[str]:
    """The quotes the source does not hold (after the source changed, or mistyped)."""
    source = _grounded(source_text)
    return [q for q in quotes if q.strip() and not source.contains(q)]


@functools.lru_cache(maxsize=4)
def _grounded(source_text: str) -> Any:
    """The source prepared for the quote check once, not on every edit."""
    from ..core.grounding import SourceText

    return SourceText(source_text)


def source_ids(document: PackDocument) -> list[str]:
    """The ids of the pack's sources that name a file, in order."""
    data = document.data()
    single, listed = data.get("source"), data.get("sources")
    entries = [single] if isinstance(single, dict) else listed if isinstance(listed, list) else []
    return [
        str(e.get("id") or DEFAULT_SOURCE_ID)
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("file"), str)
    ]


# --- drafts from one sentence -------------------------------------------------------------------


def _as_text(value: Any) -> Value:
    """A draft's value as the pack reader gives values back: texts (`true`, `2016-11-13`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {str(k): _as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_text(v) for v in value]
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def sentence_drafts(
    document: PackDocument, source_id: str, source_text: str, sentence: str
) -> list[dict[str, Value]]:
    """The drafts `civic-quiz draft` writes from one sentence of a source (its rules run on
    the whole article, which they learn names from, and only this sentence's are kept),
    under ids the pack does not have yet, each marked `draft: true`."""
    import datetime as dt

    from .drafts import draft_questions

    data = document.data()
    single, listed = data.get("source"), data.get("sources")
    entries = [single] if isinstance(single, dict) else listed if isinstance(listed, list) else []
    entry = next(
        (
            e
            for e in entries
            if isinstance(e, dict) and str(e.get("id") or DEFAULT_SOURCE_ID) == source_id
        ),
        {},
    )
    try:
        published = dt.date.fromisoformat(str(entry.get("published")))
    except ValueError:
        published = None
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    taken = {str(q.get("id")) for q in document.questions()}
    drafts = draft_questions(
        source_text,
        source_key=source_id if isinstance(listed, list) else None,
        published=published,
        title=title,
        taken=taken,
        limit=10_000,
    )
    return [_as_text(d) for d in drafts if d.get("quote") == sentence and str(d["id"]) not in taken]


def accept_draft(document: PackDocument, index: int) -> None:
    """Make a draft a question (remove `draft: true`); EditRefused while its explanation is
    still the stub `civic-quiz draft` wrote."""
    from ..core.sentences import is_stub

    question = document.questions()[index]
    explanation = question.get("explanation")
    if (isinstance(explanation, str) and is_stub(explanation)) or explanation is None:
        raise EditRefused("write the explanation first: it still says TODO")
    document.delete_field(index, "draft")
