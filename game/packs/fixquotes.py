"""`--fix-quotes`: quotes that differ from the source only in typography become its exact text.

The grounding check forgives whitespace, quote marks, apostrophes and dashes, so a quote typed
with straight quotes still validates against an article that has curly ones. This module
makes such quotes verbatim: each one becomes the source's own passage, written in place of
the quote's YAML scalar and nowhere else, so comments, order, indentation and every other
byte of the pack file stay as they were. Quotes whose words differ are left alone and
reported.

Whitespace is the one exception to "verbatim" by default: a run of whitespace in the source
(a line break, a tab, the no-break spaces that web pages are full of) is written as one
ordinary space, since players cannot see the difference and an invisible no-break space in
a pack only confuses its authors. `keep_source_whitespace=True` copies it exactly instead.
Plain, single- and double-quoted scalars keep their style when the new text allows it
(otherwise they become double-quoted); folded `>-` and literal `|-` block scalars keep
theirs, re-wrapped; other block scalars (`|`, `>`, `|+`, `>+`, indentation indicators) are
reported for fixing by hand.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.grounding import SourceText, normalise_passage
from ..core.limits import DEFAULT_MAX_BYTES
from ..core.sentences import numbered_sentences, sentence_number
from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, read_regular_file
from .loader import check_pack_file, check_pack_text
from .model import DEFAULT_SOURCE_ID
from .problems import Problem
from .sourcefile import read_source_bytes
from .yamlread import YamlRefused, decode, parse

QUOTE_ERROR = "quote-not-in-source"
"""The error of a quote not found in its source, which this module fixes."""

FIXABLE_ERRORS = frozenset(
    [QUOTE_ERROR, "passage-not-in-source", "sentence-reference", "sentence-out-of-range"]
)
"""The only errors a pack may have for its quotes to be fixed: quotes and passages (a claim's
statement, an evidence answer or choice) not in the source, and `#12` sentence references."""

_BOM = b"\xef\xbb\xbf"
_SPACES = re.compile(r"\s+")

WORDS_DIFFER = (
    "the words differ from the source, not only the typography; fix it by hand"
    " (`civic-quiz validate` shows the closest passage)"
)
BLOCK_SCALAR = (
    "the quote is a block scalar other than >- or |-, which cannot be rewritten"
    " automatically; replace it by hand with the source's passage"
)
BLOCK_TEXT = (
    "the source's passage has line breaks, tabs or double spaces, which this block scalar"
    " cannot hold as written; replace it by hand"
)
NO_EXACT_PASSAGE = "no passage of the source differs from the quote in typography only"
UNSAFE = "the quote cannot be rewritten without changing other values (is it a YAML alias?)"


@dataclass(frozen=True, slots=True)
class FixedQuote:
    """A quote rewritten to the source's exact passage."""

    question_id: str
    line: int
    """1-based line where the quote's value starts."""
    old: str
    new: str
    field: str = "quote"
    """Which text of the question: `quote`, `statement`, `choices.1`, `correction.quote`."""


@dataclass(frozen=True, slots=True)
class UnfixableQuote:
    """A quote not in its source verbatim that was left as it was, and why."""

    question_id: str
    line: int
    quote: str
    reason: str
    passage: str | None = None
    """The text the quote should have, when there is one, to paste by hand."""
    field: str = "quote"
    """Which text of the question (see FixedQuote.field)."""


@dataclass(slots=True)
class FixReport:
    """What `fix_quotes` did to one pack file."""

    path: Path
    fixed: list[FixedQuote] = field(default_factory=list)
    not_fixed: list[UnfixableQuote] = field(default_factory=list)
    refused: str | None = None
    """Why the file was left untouched as a whole (None when it was considered)."""
    problems: list[Problem] = field(default_factory=list)
    """The pack's errors other than quotes, when they are why it was refused."""
    written: bool = False
    """Whether the file was rewritten (never in a dry run, nor when nothing changed)."""

    @property
    def changed(self) -> bool:
        """Whether any quote was (or, in a dry run, would be) rewritten."""
        return bool(self.fixed)

    def lines(self) -> list[str]:
        """The report as lines for a terminal: `FILE:LINE: ...`."""
        name = str(self.path)
        out: list[str] = []
        if self.refused is not None:
            out.append(f"{name}: not changed: {self.refused}")
            out.extend(p.format() for p in self.problems)
            return out
        for fix in self.fixed:
            out.append(
                f"{name}:{fix.line}: question {fix.question_id}: {fix.field} {fix.old!r} ->"
                f" {fix.new!r}"
            )
        for skip in self.not_fixed:
            out.append(f"{name}:{skip.line}: question {skip.question_id}: {skip.reason}")
            if skip.passage is not None:
                out.append(f"    source passage: {skip.passage!r}")
        verb = "fixed" if self.written or not self.fixed else "would fix"
        out.append(
            f"{name}: {verb} {len(self.fixed)} quote(s); {len(self.not_fixed)} left as they are"
        )
        return out


# -- finding the exact passage -------------------------------------------------------------


class SourcePassages:
    """A source text with its normalised form mapped back to the original characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._grounding = SourceText(text)
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        index = 0
        size = len(text)
        typography: dict[str, str] = {}
        while index < size:
            char = text[index]
            if char.isspace():
                run_end = index
                while run_end < size and text[run_end].isspace():
                    run_end += 1
                chars.append(" ")
                starts.append(index)
                ends.append(run_end)
                index = run_end
                continue
            if char not in typography:
                typography[char] = normalise_passage(char)
            for out in typography[char]:
                chars.append(out)
                starts.append(index)
                ends.append(index + 1)
            index += 1
        low, high = 0, len(chars)
        while low < high and chars[low] == " ":
            low += 1
        while high > low and chars[high - 1] == " ":
            high -= 1
        self.normalised = "".join(chars[low:high])
        self._starts = starts[low:high]
        self._ends = ends[low:high]
        if self.normalised != self._grounding.normalised:  # pragma: no cover - a safeguard
            raise AssertionError("the passage map disagrees with normalise_passage")

    def contains(self, quote: str) -> bool:
        """Whether the grounding check accepts the quote."""
        return self._grounding.contains(quote)

    def exact(self, quote: str) -> str | None:
        """The first passage of the source that normalises to the same text as the quote,
        as the source writes it; None if there is none."""
        needle = normalise_passage(quote)
        if not needle:
            return None
        found = self.normalised.find(needle)
        while found != -1:
            start = self._starts[found]
            end = self._ends[found + len(needle) - 1]
            passage = self.text[start:end]
            # A match may begin or end inside an expansion (the "..." of an ellipsis).
            if normalise_passage(passage) == needle:
                return passage
            found = self.normalised.find(needle, found + 1)
        return None


# -- writing YAML scalars ------------------------------------------------------------------

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def _needs_escape(char: str) -> bool:
    """Characters YAML would not keep as written inside a plain or single-quoted scalar."""
    code = ord(char)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or char in "\u2028\u2029\ufeff"
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
    )


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value`, on one line."""
    out: list[str] = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _needs_escape(char):
            out.append(f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def single_quoted(value: str) -> str | None:
    """A YAML single-quoted scalar holding exactly `value` on one line; None if impossible."""
    if any(_needs_escape(c) for c in value):
        return None
    return "'" + value.replace("'", "''") + "'"


def plain(value: str) -> str | None:
    """`value` as a plain scalar, when it plausibly is one (the caller re-parses to be sure)."""
    if not value or value != value.strip() or any(_needs_escape(c) for c in value):
        return None
    return value


def _flow_candidates(style: str | None, value: str) -> list[str]:
    """Ways to write `value` in place of a flow scalar: its style first, then double quotes."""
    first: str | None
    if style in (None, ""):
        first = plain(value)
    elif style == "'":
        first = single_quoted(value)
    else:
        first = None
    options = [first] if first is not None else []
    options.append(double_quoted(value))
    return options


_BLOCK_HEADER = re.compile(r"([>|])-[ \t]*(#.*)?")
BLOCK_MIN_WIDTH = 40
"""A re-wrapped `>-` scalar's lines hold at least this many characters after the indent."""


def block_header_supported(span: str) -> bool:
    """Whether a block scalar's header is `>-` or `|-` (with an optional comment)."""
    return _BLOCK_HEADER.fullmatch(span.splitlines()[0] if span else "") is not None


def block_scalar(span: str, value: str) -> str | None:
    """The text of a `>-` or `|-` block scalar (`span`, from its indicator to its end) with
    `value` as its content: the header and any trailing blank lines kept, a folded scalar
    re-wrapped about as wide as it was. None for other block scalars or a value that such
    a scalar cannot hold on its lines (line breaks, tabs, leading or trailing spaces)."""
    newline = "\r\n" if "\r\n" in span else "\n"
    lines = span.split(newline)
    header = _BLOCK_HEADER.fullmatch(lines[0])
    body = lines[1:]
    filled = [i for i, line in enumerate(body) if line.strip()]
    if header is None or not filled or not value or value != value.strip():
        return None
    if any(_needs_escape(c) or c in "\t\n" for c in value):
        return None
    first = body[filled[0]]
    indent = first[: len(first) - len(first.lstrip(" "))]
    if header.group(1) == "|":
        content = [value]
    else:
        if "  " in value:  # folding would keep a double space only at a line's start
            return None
        width = max(max(len(body[i]) for i in filled), len(indent) + BLOCK_MIN_WIDTH)
        content = _wrap(value.split(" "), width - len(indent))
    tail = body[filled[-1] + 1 :]
    return newline.join([lines[0], *(indent + line for line in content), *tail])


def _wrap(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


# -- the fix -------------------------------------------------------------------------------


def _node_at(root: Node, path: tuple[str | int, ...]) -> ScalarNode | None:
    """The scalar node at a path of keys and indexes, or None if the path is not all there."""
    node: Node | None = root
    for part in path:
        if isinstance(part, int):
            node = (
                node.value[part]
                if isinstance(node, SequenceNode) and 0 <= part < len(node.value)
                else None
            )
        else:
            node = _child(node, part)
    return node if isinstance(node, ScalarNode) else None


def _child(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value_node
    return None


def _with_value(data: Any, path: tuple[str | int, ...], value: str) -> Any:
    expected = copy.deepcopy(data)
    target = expected
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return expected


def _passage_fields(item: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str, Any]]:
    """Each text of a question that must be verbatim in a source, with its place in the
    question and the source id it is checked in: its quote, its kind's passages (a claim's
    statement and choices, an evidence question's answer and choices), its correction's and
    its updates' quotes."""
    from pydantic import ValidationError

    from ..kinds import kind_named

    fields: list[tuple[tuple[str | int, ...], str, Any]] = []
    named = item.get("source")
    quote = item.get("quote")
    if isinstance(quote, str):
        fields.append((("quote",), quote, named))
    elif isinstance(quote, list):  # several quotes: each is fixed in its place
        fields += [(("quote", n), q, named) for n, q in enumerate(quote) if isinstance(q, str)]
    kind = kind_named(item.get("type"))
    if kind is not None:
        try:
            question = kind.model.model_validate(item)
        except ValidationError:
            question = None
        if question is not None:
            fields += [(loc, passage, named) for loc, passage in kind.passages(question)]
    correction = item.get("correction")
    if isinstance(correction, dict) and isinstance(correction.get("quote"), str):
        fields.append((("correction", "quote"), correction["quote"], correction.get("source")))
    updates = item.get("updates")
    for number, update in enumerate(updates if isinstance(updates, list) else []):
        if isinstance(update, dict) and isinstance(update.get("quote"), str):
            fields.append((("updates", number, "quote"), update["quote"], update.get("source")))
    return fields


def _same_document(text: str, expected: Any, issue_codes: list[str]) -> bool:
    """Whether `text` parses to exactly `expected`, with the same non-fatal issues."""
    try:
        document = parse(text)
    except YamlRefused:
        return False
    return document.data == expected and [i.code for i in document.issues] == issue_codes


def _source_files(data: Any) -> tuple[str, dict[str, str]]:
    """The pack's default (first) source id and its source files by source id: `source`'s
    (id "source" unless it has one) or those of `sources` that name a file."""
    if not isinstance(data, dict):
        return "", {}
    single = data.get("source")
    listed = data.get("sources")
    entries = [single] if isinstance(single, dict) else listed if isinstance(listed, list) else []
    ids = [
        e["id"] if isinstance(e, dict) and isinstance(e.get("id"), str) else DEFAULT_SOURCE_ID
        for e in entries
    ]
    files = {
        source_id: entry["file"]
        for source_id, entry in zip(ids, entries, strict=True)
        if isinstance(entry, dict) and isinstance(entry.get("file"), str)
    }
    return (ids[0] if ids else ""), files


def fix_quotes(
    path: Path | str, *, dry_run: bool = False, keep_source_whitespace: bool = False
) -> FixReport:
    """Rewrite each quote that is in the pack's source only up to typography to the exact
    source passage, in place (atomically), and report what was and was not fixed. Runs of
    whitespace become one space unless `keep_source_whitespace` (see the module's notes).

    The file is left untouched when the pack has errors other than quotes not found in the
    source, when it has no readable source file, when nothing changes, and in a dry run.
    """
    path = Path(path)
    report = FixReport(path)
    checked = check_pack_file(path)
    others = [p for p in checked.errors if p.code not in FIXABLE_ERRORS]
    if others:
        report.refused = "the pack has errors other than quotes; fix those first"
        report.problems = others
        return report
    try:
        raw = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
        text = decode(raw)
        document = parse(text)
    except (FileRefused, YamlRefused) as error:  # pragma: no cover - check_pack_file read it
        report.refused = f"cannot read the pack: {error}"
        return report
    data = document.data
    default_source, files = _source_files(data)
    if not files:
        report.refused = "the pack names no source file, so there are no quotes to check"
        return report
    sources: dict[str, SourcePassages] = {}
    for source_id, source_file in files.items():
        try:
            # The same rules as the check: a regular file inside the pack's folder, bounded.
            sources[source_id] = SourcePassages(decode(read_source_bytes(path.parent, source_file)))
        except (FileRefused, YamlRefused) as error:  # pragma: no cover - checked above
            report.refused = f"cannot read the source file {source_file!r}: {error}"
            return report

    issue_codes = [i.code for i in document.issues]
    edits: list[tuple[int, int, str]] = []
    expected = data
    questions = data.get("questions")
    for index, item in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(item, dict):
            continue
        qid = item["id"] if isinstance(item.get("id"), str) else f"#{index + 1}"
        for loc, quote, named in _passage_fields(item):
            passages = sources.get(named if isinstance(named, str) else default_source)
            if passages is None:  # a source without a file: nothing to compare the text with
                continue
            at = ("questions", index, *loc)
            node = _node_at(document.root, at)
            line = node.start_mark.line + 1 if node is not None else 1
            field_name = ".".join(str(part) for part in loc)
            number = sentence_number(quote)
            if number is not None:
                sentences = numbered_sentences(passages.text)
                if not 1 <= number <= len(sentences):
                    reason = (
                        f"there is no sentence {number}: the source has {len(sentences)}"
                        " sentence(s) (`civic-quiz sentences` lists them)"
                    )
                    report.not_fixed.append(
                        UnfixableQuote(qid, line, quote, reason, field=field_name)
                    )
                    continue
                new = sentences[number - 1].text
            else:
                if quote in passages.text:
                    continue
                passage = passages.exact(quote)
                if passage is None:
                    reason = NO_EXACT_PASSAGE if passages.contains(quote) else WORDS_DIFFER
                    report.not_fixed.append(
                        UnfixableQuote(qid, line, quote, reason, field=field_name)
                    )
                    continue
                new = passage if keep_source_whitespace else _SPACES.sub(" ", passage)
            if new == quote:
                continue
            if node is None:  # pragma: no cover - a string value always has its node
                report.not_fixed.append(
                    UnfixableQuote(qid, line, quote, UNSAFE, new, field=field_name)
                )
                continue
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("|", ">"):
                block = block_scalar(text[start:end], new)
                if block is None:
                    supported = block_header_supported(text[start:end])
                    reason = BLOCK_TEXT if supported else BLOCK_SCALAR
                    report.not_fixed.append(
                        UnfixableQuote(qid, line, quote, reason, new, field=field_name)
                    )
                    continue
                options = [block]
            else:
                options = _flow_candidates(node.style, new)
            wanted = _with_value(data, at, new)
            written = next(
                (
                    option
                    for option in options
                    if _same_document(text[:start] + option + text[end:], wanted, issue_codes)
                ),
                None,
            )
            if written is None:
                report.not_fixed.append(
                    UnfixableQuote(qid, line, quote, UNSAFE, new, field=field_name)
                )
                continue
            edits.append((start, end, written))
            expected = _with_value(expected, at, new)
            report.fixed.append(FixedQuote(qid, line, quote, new, field=field_name))

    if not edits:
        return report
    new_text = text
    for start, end, written in sorted(edits, reverse=True):
        new_text = new_text[:start] + written + new_text[end:]
    failure = _check_result(path, new_text, expected, issue_codes, checked.errors, report)
    if failure is not None:  # pragma: no cover - each edit was checked on its own
        report.refused = failure
        report.fixed.clear()
        return report
    if dry_run:
        return report
    new_raw = (_BOM if raw.startswith(_BOM) else b"") + new_text.encode("utf-8")
    try:
        _replace_atomically(path, raw, new_raw)
    except (OSError, ValueError) as error:
        report.refused = f"cannot write the pack: {error}"
        report.fixed.clear()
        return report
    report.written = True
    return report


def _check_result(
    path: Path,
    new_text: str,
    expected: Any,
    issue_codes: list[str],
    errors_before: list[Problem],
    report: FixReport,
) -> str | None:
    """Why the rewritten text is not safe to write, or None when it is: it must hold the
    same data but the fixed quotes, and have no error the original did not have."""
    if not _same_document(new_text, expected, issue_codes):
        return "the rewritten pack would not hold the same data; nothing was changed"
    after = check_pack_text(new_text, display=str(path), base_dir=path.parent, path=path)
    before = {(p.code, p.question) for p in errors_before}
    fixed = {f.question_id for f in report.fixed}
    for problem in after.errors:
        if (problem.code, problem.question) not in before or problem.question in fixed:
            return f"the rewritten pack would not validate ({problem.message})"
    return None


def _replace_atomically(path: Path, expected_raw: bytes, new_raw: bytes) -> None:
    """Write `new_raw` to a temporary file beside `path` and rename it over `path`, unless
    the file changed since it was read (ValueError)."""
    target = Path(os.path.realpath(path))
    try:
        current = read_regular_file(target, max_bytes=DEFAULT_MAX_BYTES)
    except FileRefused as refused:
        raise ValueError(f"the file {refused.message}") from None
    if current != expected_raw:
        raise ValueError("the file changed while its quotes were being fixed; run it again")
    write_atomic(target, new_raw)
