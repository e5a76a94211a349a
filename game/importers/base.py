"""What every importer returns: questions as pack data, and what was skipped, line by line."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core import limits
from ..packs.model import FORMAT_V1
from ..packs.yamlread import describe_control

REFUSED_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters a pack refuses (control codes but tab and newline, lone surrogates): an
importer reports the question instead of writing a pack that would not load."""

MAX_IMPORT_FACTOR = 2
"""A file to import may be this many times the largest pack (`limits.DEFAULT_MAX_BYTES`):
larger, its pack would be refused anyway, and reading it would only take time and memory."""


def max_import_bytes() -> int:
    """The largest file `civic-quiz import` reads (looked up when called, so a test can
    lower the pack limit)."""
    return MAX_IMPORT_FACTOR * limits.DEFAULT_MAX_BYTES


def pack_too_large(questions: int, text: str | None = None) -> str | None:
    """Why a pack of this many questions (written as `text`, when it is known) would be
    refused for its number of questions or its size, and how to split the input, or None
    when it fits: found before anything is written, so the import never makes a file that
    `civic-quiz validate` and the game then refuse. The count is checked first, so a huge
    import is refused before it is written out as YAML."""
    most = limits.MAX_QUESTIONS
    parts = -(-questions // most)
    size = 0 if text is None else len(text.encode("utf-8"))
    if size > limits.DEFAULT_MAX_BYTES:
        # A part or so more than the bare ratio leaves room; each part obeys both limits.
        parts = max(parts, -(-size // limits.DEFAULT_MAX_BYTES) + 1)
        over = f"in {_megabytes(size)}, over the limit of {_megabytes(limits.DEFAULT_MAX_BYTES)}"
        over += " for a pack"
    elif questions > most:
        over = f"over the limit of {most:,} questions in a pack"
    else:
        return None
    each = max(1, -(-questions // parts))
    return (
        f"the pack would hold {questions:,} question{'s' * (questions != 1)} {over}; split"
        f" the file into {parts} or more parts of about {each:,} questions each and import"
        " each part on its own"
    )


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 100 * 1024 else f"{count:,} bytes"


def refused_character(text: str) -> str | None:
    """What the first character of `text` that packs refuse is, for a message; None if none."""
    bad = REFUSED_CHARACTER.search(text)
    if bad is None:
        return None
    char = bad.group()
    if "\ud800" <= char <= "\udfff":
        return f"U+{ord(char):04X} (a lone surrogate)"
    return f"{describe_control(char)} (a control code)"


class ImportFailed(Exception):
    """The file cannot be imported at all (not the format, unreadable); nothing is written."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question that could not be represented in a pack, and why."""

    line: int
    """1-based line where the question starts in the imported file."""
    kind: str
    """What it was (`essay`, `description`, `numeric`...), for the summary."""
    reason: str


@dataclass(slots=True)
class ImportResult:
    """Questions as pack-format dicts (ready for the pack model), plus what was skipped."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    """Parts of imported questions that were dropped (e.g. a partial-credit answer)."""
    title: str | None = None
    """A title found in the file, if the format has one."""

    def summary(self) -> str:
        """`Imported 12 questions (choice 8, truefalse 4); skipped 2 (essay 1, numeric 1).`"""
        imported = Counter(q.get("type", "?") for q in self.questions)
        skipped = Counter(s.kind for s in self.skipped)
        text = f"Imported {len(self.questions)} question{'s' * (len(self.questions) != 1)}"
        if imported:
            text += " (" + ", ".join(f"{k} {n}" for k, n in sorted(imported.items())) + ")"
        text += f"; skipped {len(self.skipped)}"
        if skipped:
            text += " (" + ", ".join(f"{k} {n}" for k, n in sorted(skipped.items())) + ")"
        if self.notes:
            text += f"; {len(self.notes)} part{'s' * (len(self.notes) != 1)} of questions dropped"
        return text + "."


def slug(text: str, fallback: str = "imported") -> str:
    """A pack or question id made from text: lowercase letters, digits and dashes."""
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return made or fallback


ID_WORDS = 6
"""A question id made from a prompt keeps at most this many words..."""
ID_CHARS = 40
"""...and this many characters, cut at a word: short enough to type, long enough to tell."""

_FRAME_LINE = re.compile(r"(?:According to [^\n]*|True(?: as of [^\n]*)?):[ \t]*\n")
"""The frame line `civic-quiz export --to gift` writes above a prompt: the id is made from
the question after it, or every question of a pack drawn from one article would be
`according-to-dw-...`."""


def prompt_id(prompt: str) -> str:
    """A readable question id made from its prompt (`how-many-times-has-article-5`):
    lowercase ASCII words joined by dashes, at most ID_WORDS words and ID_CHARS characters;
    empty when the prompt has no letter to make one of (the caller numbers it instead)."""
    frame = _FRAME_LINE.match(prompt)
    prompt = prompt[frame.end() :] if frame else prompt
    # Accents folded (é -> e) before the rest is dropped, so French or German stays legible.
    folded = unicodedata.normalize("NFKD", prompt).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", folded.lower()):
        if len(words) == ID_WORDS or len("-".join([*words, word])) > ID_CHARS:
            break
        words.append(word)
    if not words:
        words = re.findall(r"[a-z0-9]+", folded.lower())[:1]  # one very long word: cut it
        words = [words[0][:ID_CHARS]] if words else []
    made = "-".join(words)
    return made if re.search(r"[a-z]", made) else ""


def unique_ids(questions: list[dict[str, Any]]) -> None:
    """Give every question an id, unique in the pack: its own (a slug of its title), else
    one made from its prompt, else `q<N>` (N its place); a repeated id gets `-2`, `-3`..."""
    seen: set[str] = set()
    # The next number to try after each id: counting up from 2 again for every question with
    # the same title made a file of many same-titled questions quadratic.
    after: dict[str, int] = {}
    for number, question in enumerate(questions, start=1):
        prompt = question.get("prompt")
        made = prompt_id(prompt) if isinstance(prompt, str) else ""
        base = question.get("id") or made or f"q{number}"
        candidate, n = base, after.get(base, 2)
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        question["id"] = candidate
        seen.add(candidate)
        after[base] = n


def build_pack(
    result: ImportResult, *, pack_id: str | None = None, title: str | None = None
) -> dict[str, Any]:
    """Pack data (format civic-quiz/1) around imported questions, with unique question ids."""
    unique_ids(result.questions)
    name = title or result.title or "Imported questions"
    # `id` and `type` first so the written YAML reads like a hand-written pack.
    ordered = [{"id": q["id"], "type": q["type"], **q} for q in result.questions]
    return {
        "format": FORMAT_V1,
        "id": pack_id or slug(name),
        "title": name,
        "questions": ordered,
    }


def dump_pack(data: dict[str, Any]) -> str:
    """Pack data as YAML that reads back as the same text (`no` stays the word, quoted)."""
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
