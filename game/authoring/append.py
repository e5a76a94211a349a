"""Appending drafts to a pack file: its bytes kept as they are, the drafts written after them.

The drafts are written by a YAML emitter (`yaml.safe_dump`), never by pasting text into a
template, so an article's quotes, colons, `#`, leading dashes or control characters come
back as the same text; the new file is parsed again and checked before it is written, and
written atomically, only if the file did not change meanwhile.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..core.limits import DEFAULT_MAX_BYTES
from ..packs.loader import check_pack_text
from ..packs.yamlread import YamlRefused, decode, parse
from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, read_regular_file
from .drafts import MAX_DRAFTS, draft_questions
from .editing import read_back
from .source import AuthoringError, read_pack_source

YAML_WIDTH = 88
"""Long texts are folded at about this width, as the project's packs are."""


@dataclass(slots=True)
class DraftReport:
    """What `append_drafts` did: the drafts written, and those the pack had already."""

    path: Path
    source_id: str
    added: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0
    """Drafts left out because the pack has a question with their id (a second run)."""
    dropped: list[str] = field(default_factory=list)
    """Drafts left out because they would not validate (their ids)."""
    written: bool = False

    def lines(self) -> list[str]:
        """The report for a terminal."""
        kinds = Counter(str(d["type"]) for d in self.added)
        by_kind = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        verb = "added" if self.written or not self.added else "would add"
        out = [
            f"{self.path}: {verb} {len(self.added)} draft(s)" + (f" ({by_kind})" if by_kind else "")
        ]
        out += [f"  {d['id']}" for d in self.added]
        if self.already:
            out.append(
                f"{self.path}: {self.already} draft(s) left out: the pack has their ids already"
            )
        for qid in self.dropped:
            out.append(f"{self.path}: draft {qid} left out: it would not validate")
        if len(self.added) >= MAX_DRAFTS:
            out.append(
                f"{self.path}: at most {MAX_DRAFTS} drafts at a time: run `civic-quiz draft`"
                " again for the next ones"
            )
        if self.added:
            out.append(
                f"review them, write each explanation, then remove 'draft: true': civic-quiz"
                f" validate {self.path}"
            )
        return out


def append_drafts(path: Path, wanted_source: str | None, *, dry_run: bool = False) -> DraftReport:
    """Append the drafts of a pack's source (`wanted_source`, default the first) to the pack
    file; AuthoringError, the file unchanged, when the pack has errors or cannot take them."""
    try:
        raw = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
        text = decode(raw)
    except FileRefused as refused:
        raise AuthoringError(f"{path}:1: error: the file {refused.message}") from None
    except YamlRefused as refused:
        issue = refused.issues[0]
        raise AuthoringError(f"{path}:{issue.line}: error: {issue.message}") from None
    checked = check_pack_text(text, display=str(path), base_dir=path.parent, path=path)
    if checked.pack is None:
        first = checked.errors[0].format() if checked.errors else f"{path}:1: error: invalid pack"
        raise AuthoringError(f"{first} (fix the pack's errors before drafting)")
    pack = checked.pack
    source = read_pack_source(path, wanted_source)
    info = pack.source_for(source.source_id)
    taken = {q.id for q in pack.questions}
    drafts = draft_questions(
        source.text,
        source_key=source.source_id if pack.sources else None,
        published=info.published if info else None,
        title=info.title if info else None,
        taken=taken,
    )
    report = DraftReport(path, source.source_id)
    new = [d for d in drafts if d["id"] not in taken]
    report.already = len(drafts) - len(new)
    indent = _questions_indent(path, text)
    for _ in range(2):  # once more without the drafts that do not validate (never expected)
        if not new:
            return report
        suffix = _appended(text, new, indent)
        new_text = text + suffix
        _same_data(path, text, new_text, new)
        after = check_pack_text(new_text, display=str(path), base_dir=path.parent, path=path)
        ids = {d["id"] for d in new}
        bad = {p.question for p in after.errors if p.question in ids}
        if not after.errors:
            break
        if len(bad) < len({p.question for p in after.errors}):
            raise AuthoringError(f"{after.errors[0].format()} (the pack would not validate)")
        report.dropped += sorted(q for q in bad if q is not None)
        new = [d for d in new if d["id"] not in bad]
    else:  # pragma: no cover - the second round removed every draft with an error
        raise AuthoringError(f"{path}:1: error: the drafts would not validate")
    report.added = new
    if dry_run:
        return report
    _write(path, raw, raw + suffix.encode("utf-8"))
    report.written = True
    return report


def _questions_indent(path: Path, text: str) -> int:
    """The column of the `-` of the pack's questions, which must be the file's last block:
    only there can questions be appended without touching a byte before them."""
    document = parse(text)
    root = document.root
    if not isinstance(root, MappingNode) or not root.value:
        raise AuthoringError(f"{path}:1: error: a pack is a mapping of keys")
    key, value = root.value[-1]
    if not (isinstance(key, ScalarNode) and key.value == "questions"):
        line = key.start_mark.line + 1
        raise AuthoringError(
            f"{path}:{line}: error: 'questions' must be the pack's last key for drafts to be"
            " appended after them; move it to the end of the file"
        )
    if not isinstance(value, SequenceNode) or value.flow_style or not value.value:
        line = value.start_mark.line + 1
        raise AuthoringError(
            f"{path}:{line}: error: 'questions' must be a block list ('- id: ...' lines) for"
            " drafts to be appended to it"
        )
    return value.start_mark.column


def _appended(text: str, drafts: list[dict[str, Any]], indent: int) -> str:
    """The text appended to the file: a comment, then the drafts as YAML list items at the
    questions' indentation, with the file's line ends."""
    import yaml

    dumped = yaml.safe_dump(
        drafts, sort_keys=False, allow_unicode=True, width=YAML_WIDTH, default_flow_style=False
    )
    pad = " " * indent
    lines = [
        "",
        f"{pad}# Drafts written by `civic-quiz draft`: check each against the article, write",
        f"{pad}# its explanation, then remove `draft: true` (or the whole draft). Drafts are",
        f"{pad}# never played.",
        *(pad + line if line else line for line in dumped.splitlines()),
    ]
    newline = "\r\n" if "\r\n" in text else "\n"
    start = "" if text.endswith("\n") or not text else newline
    return start + newline.join(lines) + newline


def _same_data(path: Path, text: str, new_text: str, drafts: list[dict[str, Any]]) -> None:
    """AuthoringError unless the new text holds exactly the old data plus the drafts, every
    text of theirs read back as it was (the pack reader keeps scalars as text: `true`, `2`)."""
    old = parse(text)
    expected = copy.deepcopy(old.data)
    try:
        new = parse(new_text)
    except YamlRefused as refused:  # pragma: no cover - the emitter writes valid YAML
        raise AuthoringError(f"{path}:1: error: the drafts would not parse ({refused})") from None
    appended = new.data.get("questions", []) if isinstance(new.data, dict) else []
    expected["questions"] = [*expected["questions"], *appended[len(expected["questions"]) :]]
    same = new.data == expected and read_back(drafts, appended[len(old.data["questions"]) :])
    if not same or [i.code for i in new.issues] != [i.code for i in old.issues]:
        raise AuthoringError(
            f"{path}:1: error: the drafts would not read back as written; nothing was changed"
        )


def _write(path: Path, expected_raw: bytes, new_raw: bytes) -> None:
    """Write atomically, unless the file changed since it was read."""
    try:
        current = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
        if current != expected_raw:
            raise AuthoringError(
                f"{path}:1: error: the file changed while drafts were written; run it again"
            )
        write_atomic(path, new_raw)
    except (FileRefused, OSError) as error:
        raise AuthoringError(f"{path}:1: error: cannot write the pack: {error}") from None
