"""Loading and checking packs: every problem reported at its file, line and column."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.grounding import SourceText
from ..core.limits import MAX_PROBLEMS, MAX_QUESTIONS
from ..core.model import QUOTE_FORMS, QuestionBase
from ..core.sentences import is_stub, numbered_sentences, sentence_number
from ..core.sniff import looks_like_html
from ..kinds import kind_named, kind_of, names
from ..util.safefile import FileRefused, read_regular_file
from .leaks import Leak, find_leaks
from .model import Defaults, Pack, PackInfo, Source, is_unsourced, source_id
from .problems import PackError, Problem, Severity
from .sourcefile import read_source_bytes
from .starter import placeholders
from .yamlread import (
    DEFAULT_MAX_BYTES,
    Locator,
    YamlRefused,
    comment_after,
    decode,
    parse,
    position,
)

# Annotated, not inferred: pydantic before 2.14 cannot infer a TypeAdapter's type from a union.
_SOURCE: TypeAdapter[Source | None] = TypeAdapter(Source | None)
_SOURCES: TypeAdapter[list[Source]] = TypeAdapter(list[Source])
_DATE: TypeAdapter[dt.date | None] = TypeAdapter(dt.date | None)
_DEFAULTS: TypeAdapter[Defaults] = TypeAdapter(Defaults)

PathPart = str | int
Loc = tuple[PathPart, ...]


@dataclass(slots=True)
class CheckedPack:
    """The outcome of checking one pack file: the pack when it is usable, and its problems."""

    path: Path
    display: str
    """The file name as problems show it (the path the user gave, not an absolute one)."""
    pack: Pack | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the pack unusable."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth fixing that still let the pack be played."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the pack loaded without errors."""
        return self.pack is not None and not self.errors


class _Report:
    """Collects problems for one file, locating each path in the YAML node tree."""

    def __init__(
        self, display: str, root: Node | None, *, text: str = "", strict: bool = False
    ) -> None:
        self.display = display
        self.locator = Locator(root) if root is not None else None
        self.text = text
        """The pack's text (empty for data built in memory), to locate words in a value."""
        self.strict = strict
        """Whether the checks of `validate --strict` that are not warnings are made."""
        self.problems: list[Problem] = []
        self.suggested = 0
        """How many unknown keys have been looked at for a suggestion."""

    def at(
        self,
        loc: Loc,
        code: str,
        message: str,
        *,
        severity: Severity = "error",
        question: str | None = None,
        key: bool = False,
    ) -> None:
        line, column = position(self.locator.locate(loc, key=key)) if self.locator else (1, 1)
        self.problems.append(Problem(self.display, line, column, severity, code, message, question))

    def line_of(self, loc: Loc, *, key: bool = False) -> int:
        """The line a path starts on (1 when the data did not come from a file); with
        `key`, the line of its key."""
        return position(self.locator.locate(loc, key=key))[0] if self.locator else 1

    def raw(self, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.display, line, column, "error", code, message))

    def words(self, loc: Loc, value: str, pattern: re.Pattern[str]) -> list[tuple[str, int, int]]:
        """Each match of `pattern` in the text `value` at `loc`, with its line and column in
        the file: found in the value as written (its node's span of the file), else at the
        value's start (a match across an escape, or data built in memory)."""
        node = self.locator.locate(loc) if self.locator else None
        if isinstance(node, ScalarNode) and self.text:
            start = node.start_mark.index
            written = self.text[start : node.end_mark.index]
            found = [
                (m.group(), *_line_column(self.text, start + m.start()))
                for m in pattern.finditer(written)
            ]
            if found:
                return found
        line, column = position(node) if node is not None else (1, 1)
        return [(m.group(), line, column) for m in pattern.finditer(value)]


def check_pack_file(
    path: Path | str,
    *,
    display: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> CheckedPack:
    """Read and check a pack file; never raises for bad content or an unreadable file.
    `strict` adds the checks of `validate --strict` that are not warnings (every question
    framed)."""
    path = Path(path)
    shown = display if display is not None else str(path)
    # Only a regular file is opened, and never read past the limit: a FIFO, a device or a
    # huge sparse file named as a pack is refused without hanging or filling memory.
    try:
        raw = read_regular_file(path, max_bytes=max_bytes)
    except FileRefused as refused:
        return _refused(path, shown, *_pack_refusal(refused, max_bytes))
    return check_pack_bytes(raw, display=shown, base_dir=path.parent, path=path, strict=strict)


def check_pack_bytes(
    raw: bytes,
    *,
    display: str = "<pack>",
    base_dir: Path | None = None,
    path: Path | None = None,
    strict: bool = False,
) -> CheckedPack:
    """Check the bytes of a pack file (size limits are the caller's business)."""
    try:
        text = decode(raw)
    except YamlRefused as refused:
        return _from_refusal(path or Path(display), display, refused)
    return check_pack_text(text, display=display, base_dir=base_dir, path=path, strict=strict)


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character of a text."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _pack_refusal(refused: FileRefused, max_bytes: int) -> tuple[str, str]:
    """The code and message for a pack file that was not read (nothing of its content)."""
    if refused.reason == "too-large":
        return (
            "too-large",
            f"the file {refused.message}; packs are limited to {max_bytes:,} bytes"
            f" ({max_bytes / 1024 / 1024:g} MB)",
        )
    if refused.reason in ("not-regular", "bad-name"):
        return refused.reason, f"the file {refused.message}"
    cause = refused.__cause__
    if isinstance(cause, OSError):
        return "unreadable", f"cannot read the file: {cause.strerror or cause}"
    return "unreadable", f"cannot read the file: it {refused.message}"


def _refused(path: Path, shown: str, code: str, message: str) -> CheckedPack:
    return CheckedPack(path, shown, None, [Problem(shown, 1, 1, "error", code, message)])


def _from_refusal(path: Path, shown: str, refused: YamlRefused) -> CheckedPack:
    problems = [
        Problem(shown, i.line, i.column, "error", i.code, i.message) for i in refused.issues
    ]
    return CheckedPack(path, shown, None, problems)


def check_pack_text(
    text: str,
    *,
    display: str = "<pack>",
    base_dir: Path | None = None,
    path: Path | None = None,
    strict: bool = False,
) -> CheckedPack:
    """Check pack text; `base_dir` is where `source.file` is looked for (no check without it)."""
    path = path or Path(display)
    with _collector_paused():
        return _check_text(text, display, base_dir, path, strict)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a pack is checked.

    A large pack allocates hundreds of thousands of long-lived objects (nodes, values,
    problems); each full collection walks all of them, which made checking measurably
    superlinear (time x6 for 4 times the keys). The checker makes no reference cycles
    that need collecting, so nothing is lost; reference counting still frees memory."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_text(
    text: str, display: str, base_dir: Path | None, path: Path, strict: bool
) -> CheckedPack:
    try:
        document = parse(text)
    except YamlRefused as refused:
        return _from_refusal(path, display, refused)
    report = _Report(display, document.root, text=document.text, strict=strict)
    for issue in document.issues:
        report.raw(issue.line, issue.column, issue.code, issue.message)
    _report_comments_in_texts(document.root, document.text, report)
    pack = _check_data(document.data, report, base_dir)
    # A refused tag is the real problem; the model's complaint about the same value is noise.
    tagged = {(i.line, i.column) for i in document.issues if i.code == "tag"}
    problems = sorted(
        (p for p in report.problems if p.code == "tag" or (p.line, p.column) not in tagged),
        key=lambda p: (p.line, p.column),
    )
    usable = pack if not _has_errors(problems) else None
    return CheckedPack(path, display, usable, _bounded(problems))


def _bounded(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems and, when there are more, one that counts the rest (a
    list of 40,000 'unknown key' errors helps nobody and takes long to print)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    shown, hidden = problems[:MAX_PROBLEMS], problems[MAX_PROBLEMS:]
    errors = sum(p.severity == "error" for p in hidden)
    first = hidden[0]
    more = Problem(
        first.file,
        first.line,
        first.column,
        "error" if errors else "warning",
        "more-problems",
        f"and {len(hidden):,} more problems ({errors:,} of them errors) from here on;"
        f" only the first {MAX_PROBLEMS} are listed",
    )
    return [*shown, more]


def _has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def load_pack(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Pack:
    """The pack in a file; raises PackError, with every located problem, when it has errors."""
    checked = check_pack_file(path, max_bytes=max_bytes)
    if checked.pack is None:
        raise PackError(checked.errors)
    return checked.pack


def validate_pack_data(data: Any, *, display: str = "<pack>") -> CheckedPack:
    """Check pack data built in memory (by an importer, say); locations are then all 1:1."""
    report = _Report(display, None)
    pack = _check_data(data, report, None)
    problems = report.problems
    usable = pack if not _has_errors(problems) else None
    return CheckedPack(Path(display), display, usable, _bounded(problems))


# --- the model check -----------------------------------------------------------------------


def _check_data(data: Any, report: _Report, base_dir: Path | None) -> Pack | None:
    if not isinstance(data, dict):
        report.at(
            (),
            "not-a-mapping",
            "a pack is a mapping of keys (format, id, title, questions...), not " + _kind(data),
        )
        return None
    info_data = {k: v for k, v in data.items() if k != "questions"}
    info: PackInfo | None = None
    try:
        info = PackInfo.model_validate(info_data)
    except ValidationError as exc:
        _report_validation(exc, (), report, None, PackInfo)
    for loc, message in placeholders(data):
        report.at(loc, "placeholder", message, severity="warning")
    raw_questions = data.get("questions")
    if "questions" not in data:
        report.at((), "missing-key", "missing required key 'questions'")
        return None
    if not isinstance(raw_questions, list) or not raw_questions:
        what = "empty" if raw_questions in ([], None) else _kind(raw_questions)
        report.at(
            ("questions",),
            "wrong-type",
            f"'questions' should be a list of at least one question, not {what}",
        )
        return None
    if len(raw_questions) > MAX_QUESTIONS:
        # Refused before any question is validated: a pack this long is not a real one.
        report.at(
            ("questions",),
            "wrong-value",
            f"'questions' should have at most {MAX_QUESTIONS:,} items, not {len(raw_questions):,}",
        )
        return None
    questions = _validate_questions(raw_questions, report)
    _check_duplicate_ids(raw_questions, report)
    questions = _check_questions(
        questions,
        info or _partial_info(info_data),
        report,
        base_dir,
        info.id if info else "",
        sources_known=info is not None or _sources_valid(info_data),
    )
    valid = [q for q in questions if q is not None]
    if info is None or len(valid) < len(questions):
        return None
    return Pack.model_construct(
        **{name: getattr(info, name) for name in PackInfo.model_fields},
        questions=valid,
    )


def _partial_info(info_data: dict[str, Any]) -> PackInfo:
    """The parts of an invalid pack's info that are valid and matter to its questions' checks
    (the source and the date), so a malformed pack id does not hide a wrong quote."""
    fields: dict[str, Any] = {}
    adapters: tuple[tuple[str, TypeAdapter[Any]], ...] = (
        ("source", _SOURCE),
        ("sources", _SOURCES),
        ("as_of", _DATE),
        ("defaults", _DEFAULTS),
    )
    for name, adapter in adapters:
        try:
            fields[name] = adapter.validate_python(info_data.get(name))
        except ValidationError:
            continue
    return PackInfo.model_construct(**fields)


def _sources_valid(info_data: dict[str, Any]) -> bool:
    """Whether an invalid pack's `source` and `sources` are valid as given (else the ids its
    questions name cannot be checked: an id may be the one that is malformed)."""
    for name, adapter in (("source", _SOURCE), ("sources", _SOURCES)):
        if name not in info_data:
            continue
        try:
            adapter.validate_python(info_data[name])
        except ValidationError:
            return False
    return True


def _check_duplicate_ids(raw: list[Any], report: _Report) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(raw):
        qid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(qid, str):
            continue
        if qid not in first:
            first[qid] = index
            continue
        line = report.line_of(("questions", first[qid], "id"))
        report.at(
            ("questions", index, "id"),
            "duplicate-id",
            f"duplicate question id '{qid}': it is also used on line {line}",
            question=qid,
        )


def _validate_questions(raw: list[Any], report: _Report) -> list[QuestionBase | None]:
    """Every question validated by the model of its kind; the invalid ones are None, with
    their problems reported."""
    result: list[QuestionBase | None] = []
    for index, item in enumerate(raw):
        at: Loc = ("questions", index)
        qid = _raw_id(item, index)
        if not isinstance(item, dict):
            report.at(
                at,
                "wrong-type",
                "a question is a mapping of keys (id, type, prompt...), not " + _kind(item),
                question=qid,
            )
            result.append(None)
            continue
        if "type" not in item:
            report.at(
                at,
                "missing-key",
                "missing required key 'type' (one of " + ", ".join(names()) + ")",
                question=qid,
            )
            result.append(None)
            continue
        kind = kind_named(item["type"])
        if kind is None:
            tag = str(item["type"])
            report.at(
                (*at, "type"),
                "unknown-type",
                f"unknown question type '{tag}'{_suggest(tag, names())};"
                " the types are " + ", ".join(names()),
                question=qid,
            )
            result.append(None)
            continue
        try:
            result.append(kind.model.model_validate(item))
        except ValidationError as exc:
            _report_validation(exc, at, report, qid, kind.model)
            result.append(None)
    return result


def _raw_id(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return item["id"]
    return f"#{index + 1}"


_FRIENDLY = {
    "string_type": "should be text",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "model_type": "should be a mapping of keys",
    "dict_type": "should be a mapping of keys",
    "model_attributes_type": "should be a mapping of keys",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "finite_number": "should be a finite number",
    "date_type": "should be a date like 2016-11-13",
    "date_parsing": "should be a date like 2016-11-13",
    "date_from_datetime_parsing": "should be a date like 2016-11-13",
    "date_from_datetime_inexact": "should be a date like 2016-11-13, without a time",
    "string_too_short": "should not be empty",
    "greater_than": "should be more than {gt}",
    "greater_than_equal": "should be at least {ge}",
    "less_than": "should be less than {lt}",
    "less_than_equal": "should be at most {le}",
    "too_short": "should have at least {min_length} items",
    "too_long": "should have at most {max_length} items",
    "string_too_long": "should be at most {max_length} characters",
}

_PATTERN_HELP = {
    "id": "should be lowercase letters, digits and dashes, starting with a letter or digit",
    "language": "should be a language tag such as en, de or pt-BR",
}


def _report_validation(
    exc: ValidationError,
    prefix: Loc,
    report: _Report,
    question: str | None,
    model: type | None,
) -> None:
    for err in exc.errors():
        # The tag of the form a `quote` took (one text or a list) is not a place in the file.
        loc: Loc = tuple(part for part in err["loc"] if part not in QUOTE_FORMS)
        where = prefix + loc
        kind = err["type"]
        name = _dotted(loc) if loc else ""
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind in _SOURCE_LIST_ERRORS:
            _report_sources(kind, ctx, prefix, report)
        elif kind == "extra_forbidden":
            # A suggestion costs a fuzzy match; past the problems that will be listed, none.
            report.suggested += 1
            allowed = _allowed_keys(model, loc[:-1]) if report.suggested <= MAX_PROBLEMS else []
            report.at(
                where,
                "unknown-key",
                f"unknown key {_show(str(loc[-1]))}{_suggest(str(loc[-1]), allowed)}",
                question=question,
                key=True,
            )
        elif kind == "missing":
            report.at(
                prefix + loc[:-1],
                "missing-key",
                f"missing required key '{loc[-1]}'",
                question=question,
            )
        elif kind == "literal_error":
            report.at(
                where,
                "wrong-value",
                f"'{name}' should be {ctx.get('expected')}, not {_show(value)}",
                question=question,
            )
        elif kind == "string_pattern_mismatch":
            help_text = _PATTERN_HELP.get(
                str(loc[-1]), "should be letters, digits, '.', '_' or '-', with no spaces"
            )
            report.at(
                where, "wrong-value", f"'{name}' {help_text}, not {_show(value)}", question=question
            )
        elif kind in _FRIENDLY:
            wording = _FRIENDLY[kind].format(**{k: _number(v) for k, v in ctx.items()})
            report.at(
                where,
                "wrong-type" if kind.endswith(("_type", "_parsing")) else "wrong-value",
                f"'{name}' {wording}" + (f", not {_show(value)}" if value != "" else ""),
                question=question,
            )
        else:
            report.at(where, "invalid", f"'{name}': {err['msg']}", question=question)


_SOURCE_LIST_ERRORS = ("source_and_sources", "source_without_id", "duplicate_source_id")
"""The errors of PackInfo's own check of `source` and `sources` (see _report_sources)."""


def _report_sources(kind: str, ctx: dict[str, Any], prefix: Loc, report: _Report) -> None:
    """A problem with how a pack gives its sources, at the key or item it is about."""
    if kind == "source_and_sources":
        line = report.line_of((*prefix, "source"), key=True)
        report.at(
            (*prefix, "sources"),
            "source-and-sources",
            f"give either 'source' (one) or 'sources' (several, each with an 'id'), not both;"
            f" 'source' is on line {line}",
            key=True,
        )
        return
    index = ctx.get("index", 0)
    if kind == "source_without_id":
        report.at(
            (*prefix, "sources", index),
            "source-without-id",
            f"sources[{index}] needs an 'id' (lowercase letters, digits and dashes), the name"
            " questions give in their 'source'",
        )
        return
    first = ctx.get("first", 0)
    report.at(
        (*prefix, "sources", index, "id"),
        "duplicate-source-id",
        f"duplicate source id '{ctx.get('id')}': it is also used on line"
        f" {report.line_of((*prefix, 'sources', first, 'id'))}",
    )


def _number(value: Any) -> Any:
    """A bound as a message shows it: 1000000000000000.0 as 1e+15, 3600 as it is."""
    return f"{value:g}" if isinstance(value, float) else value


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: Any, limit: int = 40) -> str:
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "\u2026"
        return repr(text)
    if value is None:
        return "empty"
    return _kind(value)


def _suggest(word: str, choices: Iterable[str]) -> str:
    if len(word) > 100:  # no key is that long; comparing would only cost time
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _allowed_keys(model: type | None, loc: Loc) -> list[str]:
    """The keys allowed in the mapping at `loc`, walking down the model's fields (and into
    the models nested in them, such as a choice's options)."""
    sub_models: dict[str, type] = {"source": Source, "defaults": Defaults}
    current = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        if part in sub_models:
            current = sub_models[part]
            continue
        fields = getattr(current, "model_fields", {})
        current = _nested_model(fields[part].annotation) if part in fields else None
    if current is None:
        return []
    # current is a pydantic model class here (a sub-model or a field's nested model).
    keys = list(current.model_fields)  # type: ignore[attr-defined]
    return [*keys, "questions"] if current is PackInfo else keys


def _nested_model(annotation: Any) -> type | None:
    """The pydantic model a field's type holds (in a list, an Annotated, a union), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


# --- comments that cut a text short ----------------------------------------------------------

_SHOWN_KEYS = frozenset(
    (
        "prompt", "explanation", "quote", "hint", "answer", "statement", "claim", "choices",
        "items", "pairs", "categories", "speaker", "unit", "correction", "updates",
        "text", "feedback", "left", "right", "label",
    )
)  # fmt: skip
"""The keys of a question (and of the mappings in it) whose texts players see: a comment
after one of them is a text cut short, a comment after `id`, `type` or `points` a note."""

_PACK_SHOWN_KEYS = ("title", "description")


def _report_comments_in_texts(root: Node, text: str, report: _Report) -> None:
    """A warning for each text a player sees that a ` #` cuts short: YAML reads the rest of
    the line as a comment, so `prompt: Which #1 priority...` shows students `Which`."""
    if not isinstance(root, MappingNode):
        return
    for key_node, value_node in root.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if key_node.value in _PACK_SHOWN_KEYS:
            _check_shown(value_node, key_node.value, text, report, None)
        elif key_node.value == "questions" and isinstance(value_node, SequenceNode):
            for index, question in enumerate(value_node.value):
                if not isinstance(question, MappingNode):
                    continue
                qid = _node_id(question, index)
                for key, value in question.value:
                    if isinstance(key, ScalarNode) and key.value in _SHOWN_KEYS:
                        _check_shown(value, key.value, text, report, qid)


def _node_id(question: MappingNode, index: int) -> str:
    """A question's id as written (for a problem found before its model is validated)."""
    for key, value in question.value:
        if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
            return str(value.value) or f"#{index + 1}"
    return f"#{index + 1}"


def _check_shown(node: Node, name: str, text: str, report: _Report, qid: str | None) -> None:
    """Check a shown text and, in a list or mapping, each shown text it holds."""
    if isinstance(node, SequenceNode):
        for number, item in enumerate(node.value):
            _check_shown(item, f"{name}[{number}]", text, report, qid)
        return
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value in _SHOWN_KEYS:
                _check_shown(value, f"{name}.{key.value}", text, report, qid)
        return
    found = comment_after(text, node)
    if found is None or not isinstance(node, ScalarNode) or _is_a_value(node):
        return
    line, column, comment = found
    whole = f"{node.value} {comment}".replace("\\", "\\\\").replace('"', '\\"')
    last = name.rsplit(".", 1)[-1]
    written = f'- "{whole}"' if last.endswith("]") else f'{last}: "{whole}"'
    report.problems.append(
        Problem(
            report.display,
            line,
            column,
            "warning",
            "comment-in-text",
            f"the text of {_show(name)} stops at '#': YAML reads {_show(' ' + comment, 60)}"
            f" as a comment; put the whole text in quotes: {_clip(written, 120)}",
            qid,
        )
    )


_NOT_TEXTS = frozenset(("true", "false", "yes", "no", "on", "off"))


def _is_a_value(node: ScalarNode) -> bool:
    """Whether a plain value is a number or a yes/no (a numeric or true/false answer), after
    which a comment is a note, not the rest of a text."""
    if node.value.lower() in _NOT_TEXTS:
        return True
    try:
        float(node.value)
    except ValueError:
        return False
    return True


# --- checks the model cannot express ---------------------------------------------------------


def _check_questions(
    questions: list[QuestionBase | None],
    info: PackInfo | None,
    report: _Report,
    base_dir: Path | None,
    pack_id: str,
    *,
    sources_known: bool = True,
) -> list[QuestionBase | None]:
    """Report what the models cannot see; the questions, each completed by its kind
    (`Kind.prepare`) once it has no problem of its own. Without `sources_known` (a pack
    whose sources are malformed), the source ids questions name are not checked."""
    sources = _Sources(info, report, base_dir, known=sources_known)
    prepared: list[QuestionBase | None] = []
    undated: list[str] = []
    for index, question in enumerate(questions):
        if question is None:
            prepared.append(None)
            continue
        at = ("questions", index)
        qid = question.id
        kind = kind_of(question)
        found = 0
        for code, loc, message in kind.problems(question):
            report.at(at + loc, code, message, question=qid)
            found += 1
        if question.explanation is None:
            report.at(
                at,
                "no-explanation",
                "no 'explanation': players learn most from why an answer is right",
                severity="warning",
                question=qid,
            )
        elif is_stub(question.explanation):
            report.at(
                (*at, "explanation"),
                "explanation-stub",
                "the explanation is still a stub ('TODO: ...'): write why the answer is right,"
                " in your own words",
                severity="warning",
                question=qid,
            )
        # A kind whose own texts are checked in the source (evidence, claim) is grounded
        # by them: no quote is missing.
        grounded = not is_unsourced(question)
        if sources.ids and not grounded:
            report.at(
                at,
                "no-quote",
                "no 'quote': add the passage of the source that supports the answer",
                severity="warning",
                question=qid,
            )
        elif not grounded:
            # A pack imported from GIFT, Aiken, CSV or Open Trivia DB: nothing traces the
            # question to an article yet (a warning even under --strict, see Problem.as_error).
            report.at(
                at,
                "unsourced",
                "unsourced: no source and no 'quote'; add the article as the pack's source and"
                " the passage that supports the answer as 'quote'",
                severity="warning",
                question=qid,
            )
        if info is not None and info.as_of_for(question) is None:
            undated.append(qid)
        found += _check_frame(question, info, grounded, at, report, sourced=bool(sources.ids))
        references = _source_references(question)
        unknown = 0
        for loc, named in references:
            unknown += sources.check_named(named, at + loc, qid)
        found += unknown
        source_text = sources.text(question.source) if not unknown else None
        if not unknown:
            passages: list[tuple[Loc, str, str, str | None]] = []
            several = isinstance(question.quote, list)
            for number, quote in enumerate(question.quotes()):
                loc = ("quote", number) if several else ("quote",)
                passages.append((loc, quote, "quote", question.source))
            passages += [
                (loc, text, "passage", question.source) for loc, text in kind.passages(question)
            ]
            if question.correction is not None:
                correction = question.correction
                passages.append(
                    (("correction", "quote"), correction.quote, "quote", correction.source)
                )
            for number, update in enumerate(question.updates):
                passages.append(
                    (("updates", number, "quote"), update.quote, "quote", update.source)
                )
            for loc, text, what, in_source in passages:
                found += sources.check_passage(in_source, text, what, at + loc, qid)
        if not found:  # a passage not in the source says enough already
            for code, loc, message in kind.source_problems(question, source_text):
                report.at(at + loc, code, message, question=qid)
                found += 1
        # Only a question without problems is completed: prepare may rely on its checks.
        prepared.append(
            kind.prepare(question, source_text, f"{pack_id}/{qid}") if not found else question
        )
    if undated:
        shown = ", ".join(undated[:5]) + (", ..." if len(undated) > 5 else "")
        report.at(
            (),
            "no-date",
            f"{len(undated)} question(s) have no date for their facts ({shown}): give the pack"
            " 'as_of', or their source a 'published' date, or each question its own 'as_of'",
            severity="warning",
        )
    # The prepared questions: an evidence question shows the sentences it drew. A draft is
    # never played, so it gives nothing away (yet) and nothing of it can be given.
    _report_leaks([q if q is None or not q.draft else None for q in prepared], info, report)
    return prepared


def _source_references(question: QuestionBase) -> list[tuple[Loc, str]]:
    """Every source id a question names, with where: its own, its correction's, its
    updates'."""
    named: list[tuple[Loc, str]] = []
    if question.source is not None:
        named.append((("source",), question.source))
    if question.correction is not None and question.correction.source is not None:
        named.append((("correction", "source"), question.correction.source))
    for index, update in enumerate(question.updates):
        if update.source is not None:
            named.append((("updates", index, "source"), update.source))
    return named


def _check_frame(
    question: QuestionBase,
    info: PackInfo | None,
    grounded: bool,
    at: Loc,
    report: _Report,
    *,
    sourced: bool,
) -> int:
    """The rules of `frame`, `correction` and `updates` (errors counted, warnings not).
    Under --strict a question of a pack with a source needs a frame (its own or the pack's
    default); a pack without one has nothing to frame its answers by (no quote, no one to
    cite), as it needs no quotes."""
    found = 0
    qid = question.id
    as_of = info.checked_as_of(question) if info else question.as_of
    frame = info.frame_for(question) if info else question.frame
    if frame is None and report.strict and sourced:
        report.at(
            at,
            "no-frame",
            "no 'frame' (--strict): add 'frame: claim' (shown as what the source says) or"
            " 'frame: \"true\"' (shown as a fact, with a quote and a date), or give the pack a"
            " default in 'defaults: frame'",
            question=qid,
        )
        found += 1
    if frame == "true":
        if not grounded:
            report.at(
                (*at, "frame"),
                "true-without-quote",
                "frame 'true' needs a 'quote': the passage of the source that shows it is true",
                question=qid,
            )
            found += 1
        if as_of is None:
            report.at(
                (*at, "frame"),
                "true-without-date",
                "frame 'true' needs a date: give the question or the pack an 'as_of' (the"
                " source's 'published' date is when it was written, not when the fact held)",
                question=qid,
            )
            found += 1
        newest = max(
            range(len(question.updates)), key=lambda i: question.updates[i].date, default=None
        )
        if as_of is not None and newest is not None and question.updates[newest].date > as_of:
            update = question.updates[newest]
            report.at(
                (*at, "as_of") if question.as_of is not None else (*at, "frame"),
                "true-out-of-date",
                f"frame 'true' holds as of {as_of.isoformat()}, but the update of"
                f" {update.date.isoformat()} (line {report.line_of((*at, 'updates', newest))})"
                " is newer: check the fact and move 'as_of' on, or make the frame 'claim'",
                severity="warning",
                question=qid,
            )
    if frame == "claim" and info is not None:
        source = info.source_for(question.source)
        # An unknown id is an error of its own; a source without a name says nothing.
        if (source is None and question.source is None) or (
            source is not None and not (source.publisher or source.title)
        ):
            report.at(
                (*at, "frame"),
                "claim-without-source",
                "frame 'claim' shows who claims it ('According to ...'): give the question's"
                " source a 'publisher' or a 'title'",
                severity="warning",
                question=qid,
            )
    if question.correction is not None and frame != "claim":
        has = f"frame '{frame}'" if frame else "no 'frame'"
        report.at(
            (*at, "correction"),
            "correction-without-claim",
            "a 'correction' goes with frame 'claim' (what the source claims, then what is"
            f" true); this question has {has}",
            question=qid,
            key=True,
        )
        found += 1
    if frame == "true" and question.as_of is None:
        _report_dating_words(question, at, report)
    return found


_DATING_WORDS = re.compile(
    r"\b(?:now|currently|today|this\s+year|at\s+present|nowadays)\b", re.IGNORECASE
)
"""Words that date a fact to when it was written (whole words; `this year` over a line break)."""


def _report_dating_words(question: QuestionBase, at: Loc, report: _Report) -> None:
    """A warning for each word in a `true`-framed question's prompt or explanation that
    dates its fact ("now", "this year"): shown as true as of the pack's date, the question
    goes on saying it when the fact has changed."""
    for name in ("prompt", "explanation"):
        value = getattr(question, name, None)
        if not isinstance(value, str):
            continue
        for word, line, column in report.words((*at, name), value, _DATING_WORDS):
            shown = " ".join(word.split())
            report.problems.append(
                Problem(
                    report.display,
                    line,
                    column,
                    "warning",
                    "dating-word",
                    f"{_show(shown)} in the {name} of a frame 'true' question dates its fact,"
                    " which may change: give the question its own 'as_of' (the day you checked"
                    ' it) or say when ("in 2016") instead',
                    question.id,
                )
            )


class _Sources:
    """A pack's sources, their texts read once, and the checks of what questions take from
    them."""

    def __init__(
        self, info: PackInfo | None, report: _Report, base_dir: Path | None, *, known: bool
    ) -> None:
        self.report = report
        self.known = known
        self.listed = info.all_sources() if info is not None else []
        self.ids = [source_id(s) for s in self.listed]
        self.several = len(self.listed) > 1
        given_as = "sources" if info is not None and info.sources else "source"
        self.texts: dict[str, SourceText | None] = {}
        for index, source in enumerate(self.listed):
            at: Loc = ("sources", index, "file") if given_as == "sources" else ("source", "file")
            self.texts.setdefault(source_id(source), _read_source(source, report, base_dir, at))

    def resolved(self, named: str | None) -> str | None:
        """The id a question's `source` stands for (the first source's when None)."""
        if named is not None:
            return named
        return self.ids[0] if self.ids else None

    def text(self, named: str | None) -> SourceText | None:
        """The readable text of a source (None: no such source, no file, or unreadable)."""
        resolved = self.resolved(named)
        return self.texts.get(resolved) if resolved is not None else None

    def check_named(self, named: str, at: Loc, qid: str) -> int:
        """An error (counted) for a source id the pack does not have (when its sources are
        known; else the id is taken as unknown without a word, its quotes unchecked)."""
        if named in self.ids:
            return 0
        if not self.known:
            return 1
        if not self.ids:
            message = f"source {_show(named)} named, but the pack gives no 'source' or 'sources'"
        else:
            message = (
                f"unknown source {_show(named)}{_suggest(named, self.ids)}; the pack's sources"
                f" are {', '.join(self.ids)}"
            )
        self.report.at(at, "unknown-source", message, question=qid)
        return 1

    def check_passage(self, named: str | None, text: str, what: str, at: Loc, qid: str) -> int:
        """An error (counted) for a passage that is not in its source's text."""
        source_text = self.text(named)
        number = sentence_number(text)
        if number is not None:
            return self._check_reference(source_text, number, text, what, at, qid)
        if source_text is None or source_text.contains(text):
            return 0
        resolved = self.resolved(named)
        source = self.listed[self.ids.index(resolved)] if resolved in self.ids else None
        file = _show(source.file if source is not None else "", 80)
        where = f"{_show(resolved)} ({file})" if self.several else file
        closest = source_text.closest(text)
        self.report.at(
            at,
            f"{what}-not-in-source",
            f"{what} not found in the source {where}; the closest"
            f' passage ({closest.similarity:.0f}% alike) is: "{closest.text}"',
            question=qid,
        )
        return 1

    def _check_reference(
        self, source_text: SourceText | None, number: int, text: str, what: str, at: Loc, qid: str
    ) -> int:
        """An error (counted) for a `#12` sentence reference: players must never see it, so
        it is there to be expanded by `--fix-quotes` (or it names no sentence)."""
        shown = _show(text.strip())
        if source_text is None:
            message = (
                f"{what} {shown} refers to a sentence by number, but the question's source"
                " has no readable 'file' to number its sentences"
            )
            self.report.at(at, "sentence-reference", message, question=qid)
            return 1
        count = len(numbered_sentences(source_text.text))
        if not 1 <= number <= count:
            message = (
                f"{what} {shown} refers to sentence {number}, but the source has {count}"
                f" sentence{'s' * (count != 1)} (`civic-quiz sentences` lists them)"
            )
            self.report.at(at, "sentence-out-of-range", message, question=qid)
            return 1
        message = (
            f"{what} {shown} is sentence {number} of the source by number: run"
            " `civic-quiz validate --fix-quotes` to write the sentence's text in its place"
        )
        self.report.at(at, "sentence-reference", message, question=qid)
        return 1


_FIELD_NAMES = {
    ("prompt",): "the prompt",
    ("hint",): "the hint",
    ("statement",): "the statement",
    ("claim",): "the claim",
    ("choices", 0): "option {n}",
    ("choices", 0, "feedback"): "the feedback of option {n}",
    ("items", 0): "item {n}",
    ("pairs", 0): "pair {n}",
    ("pairs", 0, "left"): "pair {n}",
    ("pairs", 0, "right"): "pair {n}",
    ("categories", 0): "category {n}",
    ("explanation",): "the explanation",
    ("quote",): "the quote",
    ("quote", 0): "quote {n}",
    ("speaker",): "the speaker",
    ("correction", "text"): "the correction",
    ("correction", "quote"): "the correction's quote",
    ("updates", 0, "text"): "update {n}",
    ("updates", 0, "quote"): "the quote of update {n}",
    ("distractors", 0): "sentence {n} drawn from the source",
    ("answer", "before"): "the sentence before the answer (shown after it)",
    ("answer", "after"): "the sentence after the answer (shown after it)",
}
"""How a leak warning names a text (its place, list indexes as 0)."""


def _field_name(loc: Loc) -> str:
    """How a leak warning names a shown text: `the prompt`, `option 2`, `update 1`."""
    numbers = [part + 1 for part in loc if isinstance(part, int)]
    shape = tuple(0 if isinstance(part, int) else part for part in loc)
    name = _FIELD_NAMES.get(shape, f"'{_dotted(loc)}'" if loc else "a text")
    return name.format(n=numbers[0] if numbers else 0)


def _report_leaks(
    questions: list[QuestionBase | None], info: PackInfo | None, report: _Report
) -> None:
    """A warning for each question whose texts, before or after its answer, hold another
    question's answer, and each match pair that tells what another question asks."""
    # A partial PackInfo (a pack whose header has errors) may lack either.
    known = [getattr(info, key, None) for key in ("title", "description")]
    leaks: list[Leak] = find_leaks(
        questions, limit=MAX_PROBLEMS, known=[t for t in known if isinstance(t, str)]
    )
    for leak in leaks:
        giver, of = questions[leak.giver], questions[leak.of]
        assert giver is not None and of is not None  # find_leaks skips invalid questions
        line = report.line_of(("questions", leak.of, *leak.answer_at))
        told = (
            f"answers {_field_name(leak.answer_at)} of '{of.id}'"
            if leak.asked
            else f"gives away the answer of '{of.id}'"
        )
        report.at(
            ("questions", leak.giver, *leak.shown_at),
            "answer-leak",
            f"{_field_name(leak.shown_at)} of '{giver.id}' {told}"
            f' ("{_clip(leak.answer, 60)}", line {line})',
            severity="warning",
            question=giver.id,
        )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


_SOURCE_REFUSALS = {
    "missing": "source-missing",
    "outside": "source-outside",
    "not-regular": "source-not-regular",
    "too-large": "source-too-large",
    "bad-name": "source-bad-name",
    "unreadable": "source-unreadable",
}


def _read_source(
    source: Source, report: _Report, base_dir: Path | None, at: Loc
) -> SourceText | None:
    if source.file is None or base_dir is None:
        return None
    name = _show(source.file, 80)
    try:
        raw = read_source_bytes(base_dir, source.file)
    except FileRefused as refused:
        if refused.reason == "missing":
            message = (
                f"source file {name} does not exist (paths are relative to the pack's"
                f" folder: looked for {base_dir / source.file})"
            )
        elif refused.reason == "outside":
            message = (
                f"source file {name} is outside the pack's folder; a pack may only use a"
                " source file in its own folder (or below it)"
            )
        else:
            message = f"source file {name} {refused.message}"
        report.at(at, _SOURCE_REFUSALS[refused.reason], message)
        return None
    if looks_like_html(source.file, raw):
        # Quotes would be checked in the markup, with the page's menus and ads around them.
        report.at(
            at,
            "source-is-html",
            f"source file {name} is a web page, not the article's text: make the text with"
            f" `civic-quiz source add {name} --pack {_show(Path(report.display).name)}`, which"
            " writes the text to sources/ and names it in the pack",
            severity="warning",
        )
    try:
        return SourceText(decode(raw))
    except YamlRefused as refused:
        report.at(
            at,
            "source-unreadable",
            f"source file {name}: {refused.issues[0].message}",
        )
        return None
