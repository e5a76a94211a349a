"""Moodle GIFT import: each GIFT question becomes a pack question, or a Skipped entry saying why.

The reading follows Moodle's own GIFT importer (`question/format/gift/format.php`), so a file
means here what it means in Moodle:

- Questions are separated by blank lines; `//` lines are comments. `// [tag:x]` and
  `// [id:x]` in a question's comments give it a tag and (when it has no title) an id.
- `::Title::` names a question: its id becomes a slug of the title. A question with neither
  a title nor an id comment gets one made from its prompt (`build_pack`), after any frame line
  (`According to ...:`) an export wrote above it.
- `$CATEGORY: path/name` lines set the category of the questions after them; its last part
  becomes a tag of each.
- `[html]`, `[moodle]`, `[plain]` and `[markdown]` at the start of a text set its format; the
  question's format is the default of its other texts. HTML (`[html]`, and tags or entities
  in `[moodle]` text, the default) becomes plain text: tags stripped, entities decoded,
  `<br>` and `<p>` made line breaks. Markdown and plain text are kept as written.
- The answers sit between `{` and `}`. When text follows the `}`, the question is a
  missing-word one: the prompt gets a blank `____` where the answers were.
- `\\~ \\= \\# \\{ \\} \\: \\\\` are the characters themselves; `\\n` is a line break. Lines
  of a question are joined with spaces.
- `{=a ~b}` is `choice`; `{~%50%a ~%50%b ~%-100%c}` (no `=`) is `multi`; `{=a =b}` is
  `text`; `{T}`/`{F}`/`{TRUE}`/`{FALSE}` is `truefalse`; `{=a -> 1 =b -> 2}` is `match`;
  `{#...}` is `numeric`: each kind says which blocks are its own (`Kind.from_gift`, asked in
  `gift_precedence` order). `#` starts an answer's feedback, `####` the general feedback,
  which becomes the explanation.

What a pack cannot hold is reported in `ImportResult.skipped`: whole questions (essays,
descriptions, broken ones: their kind is `essay`, `description`, `invalid` or the question's
type), and parts of imported questions that had to be left out, whose kinds end in
`-partial`, `-weights` or `-distractor` (partial-credit answers, unequal weights, matching
distractors): the question itself is then imported. Every question returned passes the
pack checks (`validate_pack_data`).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.giftformat import read_text, split_format
from ..kinds import KINDS, Kind
from ..packs.loader import validate_pack_data
from ..packs.model import FORMAT_V1
from .base import ImportFailed, ImportResult, Skipped, slug

BLANK = "____"
"""What replaces the answers in the prompt of a missing-word question."""

_ESCAPES = {"\\": "\\", ":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n"}
_ESCAPE = re.compile(r"\\([\\:#={}~n])|(.)", re.DOTALL)
_WEIGHT = re.compile(r"%(-*)(\d+(?:\.\d*)?)%")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The opening and the body of `[tag:...]` and `[id:...]` (`\]` is a `]` of the body); where the
# body ends is decided by `_bracketed`, so a failed start is never scanned again.
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])*+)")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])*+)")
_WILDCARD = re.compile(r"(?<!\\)\*")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_FULL = 100.0


# --- Text with escapes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    """Text with GIFT escapes resolved; `mask` is "1" where a character was escaped, so it
    is literal and never syntax."""

    chars: str
    mask: str

    @classmethod
    def parse(cls, line: str) -> _Text:
        chars: list[str] = []
        mask: list[str] = []
        for match in _ESCAPE.finditer(line):
            escaped, plain = match.groups()
            chars.append(_ESCAPES[escaped] if escaped is not None else plain)
            mask.append("1" if escaped is not None else "0")
        return cls("".join(chars), "".join(mask))

    @classmethod
    def literal(cls, text: str) -> _Text:
        return cls(text, "1" * len(text))

    def __len__(self) -> int:
        return len(self.chars)

    def __getitem__(self, part: slice) -> _Text:
        return _Text(self.chars[part], self.mask[part])

    def __add__(self, other: _Text) -> _Text:
        return _Text(self.chars + other.chars, self.mask + other.mask)

    def find(self, sub: str, start: int = 0) -> int:
        """Where `sub` first occurs as syntax (no character of it escaped), or -1."""
        at = self.chars.find(sub, start)
        while at != -1 and "1" in self.mask[at : at + len(sub)]:
            at = self.chars.find(sub, at + 1)
        return at

    def rfind(self, sub: str) -> int:
        """Where `sub` last occurs as syntax, or -1."""
        at = self.chars.rfind(sub)
        while at != -1 and "1" in self.mask[at : at + len(sub)]:
            at = self.chars.rfind(sub, 0, at + len(sub) - 1)
        return at

    def has(self, sub: str) -> bool:
        return self.find(sub) != -1

    def positions(self, chars: str) -> Iterator[int]:
        """Every position of one of `chars` used as syntax."""
        for at, (char, escaped) in enumerate(zip(self.chars, self.mask, strict=True)):
            if char in chars and escaped == "0":
                yield at

    def split(self, sep: str, maxsplit: int = -1) -> list[_Text]:
        parts: list[_Text] = []
        start = 0
        while maxsplit < 0 or len(parts) < maxsplit:
            at = self.find(sep, start)
            if at == -1:
                break
            parts.append(self[start:at])
            start = at + len(sep)
        parts.append(self[start:])
        return parts

    def strip(self) -> _Text:
        start, end = 0, len(self.chars)
        while start < end and self.chars[start].isspace():
            start += 1
        while end > start and self.chars[end - 1].isspace():
            end -= 1
        return self[start:end]

    def plain(self) -> str:
        """The characters, with line breaks between source lines turned into spaces (an
        escaped `\\n` stays a line break, and takes the place of the space next to it)."""
        if "\n" not in self.chars:
            return self.chars
        out: list[str] = []
        for at, (char, escaped) in enumerate(zip(self.chars, self.mask, strict=True)):
            if char != "\n" or escaped == "1":
                out.append(char)
            elif self.chars[at - 1 : at] != "\n" and self.chars[at + 1 : at + 2] != "\n":
                out.append(" ")  # a line break of the file; none next to an escaped one
        return "".join(out)


# --- Reading the file --------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """The lines of one question (blank-line separated), and its comment lines."""

    lines: list[tuple[int, _Text]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


class _Skip(Exception):
    """A question cannot be imported; `kind` and `reason` go into its Skipped entry."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def import_gift(text: str) -> ImportResult:
    """The questions of a GIFT file, and what was skipped.

    Raises ImportFailed when the file cannot be read as GIFT at all: an answer block `{`
    that is never closed (or a `{` inside one), a NUL character (a binary file), or no
    question at all (nothing has an answer block: an empty file, or only comments).
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed("the file contains a NUL character: it is not a GIFT text file", line)
    result = ImportResult()
    category: str | None = None
    attempts = 0
    for block in _blocks(text.split("\n")):
        if not block.lines:
            continue
        first = block.lines[0][1].chars
        if first.startswith("$CATEGORY:"):
            category = _category_tag(first.removeprefix("$CATEGORY:"))
            block.lines.pop(0)
            if not block.lines:
                continue
        start = block.lines[0][0]
        attempts += 1
        notes: list[Skipped] = []
        try:
            question = _question(block, start, notes)
        except _Skip as skip:
            result.skipped.append(Skipped(start, skip.kind, skip.reason))
            if skip.kind == "description":
                attempts -= 1
            continue
        tags = [category] if category else []
        tags += [t for t in _comment_tags(block.comments) if t not in tags]
        if tags:
            question["tags"] = tags
        errors = _errors(question)
        if errors:
            result.skipped.append(Skipped(start, question["type"], "; ".join(errors)))
            continue
        result.questions.append(question)
        result.notes.extend(notes)
    if not attempts:
        raise ImportFailed(
            "no questions found: a GIFT question has its answers between braces, as in"
            " 'Who wrote it? {=Stoltenberg ~Trump}'"
            + (" (every item of this file has none)" if result.skipped else "")
        )
    return result


def _blocks(lines: list[str]) -> Iterator[_Block]:
    """The questions of the file: runs of lines between blank lines, where a blank line
    inside an answer block does not end the question."""
    block = _Block()
    opened = 0  # line of the `{` of an answer block not yet closed
    start = 0
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            if not opened and (block.lines or block.comments):
                yield block
                block = _Block()
            continue
        if stripped.startswith("//"):
            block.comments.append(stripped)
            continue
        line = _Text.parse(stripped)
        if not block.lines:
            start = number
        for at in line.positions("{}"):
            if line.chars[at] == "}":
                opened = 0
            elif opened:
                raise ImportFailed(
                    f"the answer block opened with '{{' on line {opened} is not closed before"
                    f" another '{{' on line {number}: add the missing '}}' (write \\{{ for a"
                    " brace that is part of the text)",
                    start,
                )
            else:
                opened = number
        block.lines.append((number, line))
    if opened:
        raise ImportFailed(
            f"the answer block opened with '{{' on line {opened} is never closed: add the"
            " missing '}' (write \\{ for a brace that is part of the text)",
            start,
        )
    if block.lines or block.comments:
        yield block


def _category_tag(path: str) -> str | None:
    """The last part of a category path, as a tag (`$course$/top/EU` gives `EU`)."""
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", path.strip())]
    name = next((p for p in reversed(parts) if p), "")
    name = _CONTROL.sub(" ", name).strip()
    if not name or name.startswith("$") or name == "top" or name.startswith("Default for "):
        return None
    return name


def _bracketed(opening: re.Pattern[str], comment: str) -> Iterator[str]:
    """The bodies of `[tag:...]` (or `[id:...]`) in a comment, `\\]` left as written.

    As Moodle's pattern `\\[tag:((?:\\\\\\]|[^\\]...])+)\\]` reads them: a body ends at its first
    `]`; cut short (by a character a tag cannot hold, or the end of the line), it ends at its
    last `\\]`, whose `\\` it keeps. Each character is scanned once: a regex search from every
    `[tag:` to the end of the line was quadratic on `[tag:[tag:[tag:...`."""
    at = 0
    while (match := opening.search(comment, at)) is not None:
        body, end = match.group(1), match.end()
        if body and comment.startswith("]", end):
            yield body
            at = end + 1
            continue
        last = body.rfind("\\]")
        if last != -1:
            yield body[: last + 1]
            at = match.start(1) + last + 2
        else:
            at = end  # no `]` before `end`: no later opening before it can close either


def _comment_tags(comments: list[str]) -> list[str]:
    tags: dict[str, None] = {}  # a dict, not a list: `in` on a list made many tags quadratic
    for comment in comments:
        for body in _bracketed(_TAG, comment):
            tag = body.replace("\\]", "]").strip()
            if tag:
                tags.setdefault(tag)
    return list(tags)


def _comment_id(comments: list[str]) -> str | None:
    for comment in comments:
        for body in _bracketed(_ID, comment):
            return body.replace("\\]", "]").strip()
    return None


# --- One question ------------------------------------------------------------------------------


def _question(block: _Block, start: int, notes: list[Skipped]) -> dict[str, Any]:
    """The pack question a block holds; raises _Skip when it cannot be one."""
    # Joined once: adding each line to the text so far copied it again for every line.
    offsets: list[int] = []
    numbers: list[int] = []
    length = 0
    for number, line in block.lines:
        offsets.append(length)
        numbers.append(number)
        length += len(line) + 1
    text = _Text(
        "\n".join(line.chars for _, line in block.lines),
        "0".join(line.mask for _, line in block.lines),
    )

    def line_of(position: int) -> int:
        return numbers[bisect.bisect_right(offsets, position) - 1]

    title: str | None = None
    body_start = 0
    if text.find("::") == 0:
        end = text.find("::", 2)
        if end != -1:
            title = text[2:end].plain().strip()
            body_start = end + 2
        else:
            body_start = 2
    opening = text.find("{", body_start)
    closing = text.find("}", body_start)
    if opening == -1:
        if closing != -1:
            raise _Skip("invalid", f"'}}' on line {line_of(closing)} has no '{{' before it")
        for number, line in block.lines:
            if line.find("=") == 0 or line.find("~") == 0:
                raise _Skip(
                    "invalid",
                    f"line {number} starts with '{line.chars[0]}' but is not inside an answer"
                    " block: put the answers between { and }",
                )
        raise _Skip("description", "no answer block { }: a description, not a question")
    if closing < opening:
        raise _Skip("invalid", f"'}}' on line {line_of(closing)} has no '{{' before it")
    after = text[closing + 1 :]
    for at in after.positions("{}"):
        position = closing + 1 + at
        raise _Skip(
            "invalid",
            f"a second answer block on line {line_of(position)}: leave a blank line between"
            " two questions (or write \\{ and \\} for braces in the text)"
            if after.chars[at] == "{"
            else f"'}}' on line {line_of(position)} has no '{{' before it",
        )
    before = text[body_start:opening]
    prompt_text = before if not after.strip() else before + _Text.literal(BLANK) + after
    text_format, prompt = split_format(prompt_text.strip().plain().strip(), "moodle")
    prompt = read_text(prompt, text_format)

    answers = text[opening + 1 : closing].strip()
    explanation = ""
    separator = answers.rfind("####")
    if separator != -1:
        explanation = _piece(answers[separator + 4 :], text_format)
        answers = answers[:separator].strip()

    if not answers.chars:
        raise _Skip("essay", "an essay question (no answers): the game cannot grade free text")
    if not prompt:
        raise _Skip("invalid", "the question has no text, only answers")
    question: dict[str, Any] = {}
    qid = slug(title, "") if title else slug(_comment_id(block.comments) or "", "")
    if qid:
        question["id"] = qid
    reader = _Answers(answers, text_format, start, notes)
    for kind in _gift_kinds():
        body = kind.from_gift(reader)
        if body is not None:
            break
    else:
        raise _Skip("invalid", "no question type reads this answer block")
    question.update({"type": kind.name, "prompt": prompt, **body})
    if explanation:
        question["explanation"] = explanation
    return question


def _gift_kinds() -> list[Kind[Any]]:
    """The kinds GIFT import asks about an answer block, in the order they ask."""
    asked = [kind for kind in KINDS.values() if kind.gift_precedence is not None]
    return sorted(asked, key=lambda kind: kind.gift_precedence or 0)


@dataclass(slots=True)
class _Answers:
    """A question's answer block, as the kinds read it (game.kinds.base.GiftAnswers)."""

    text: _Text
    text_format: str
    start: int
    notes: list[Skipped]

    def starts_with(self, marker: str) -> bool:
        return self.text.find(marker) == 0

    def has(self, syntax: str) -> bool:
        return self.text.has(syntax)

    def first_answer(self) -> str:
        return self.text.split("#", 1)[0].strip().chars

    def options(self, *, single: bool) -> dict[str, Any]:
        return _options(self.text, self.text_format, self.start, self.notes, single=single)

    def true_false(self) -> dict[str, Any]:
        body, feedback = _truefalse(self.text, self.text_format)
        return {**body, "explanation": feedback} if feedback else body

    def short_answers(self) -> dict[str, Any]:
        return _short_answer(self.text, self.start, self.notes)

    def pairs(self) -> dict[str, Any]:
        return _match(self.text, self.text_format, self.start, self.notes)

    def number(self) -> dict[str, Any]:
        return _numeric(self.text[1:], self.start, self.notes)


def _piece(text: _Text, default: str, *, convert: bool = True) -> str:
    """A text of the question (an option, a feedback...) read in its format."""
    text_format, content = split_format(text.strip().plain().strip(), default)
    return read_text(content, text_format) if convert else _CONTROL.sub(" ", content).strip()


def _weight(text: _Text) -> tuple[float | None, _Text]:
    """A `%50%` weight at the start of an answer, and the answer after it."""
    match = _WEIGHT.match(text.chars)
    if not match or "1" in text.mask[: match.end()]:
        return None, text
    value = float(match.group(2))
    return (-value if match.group(1) else value), text[match.end() :].strip()


def _show(value: float) -> str:
    return f"{value:g}%"


def _options(
    answers: _Text, text_format: str, start: int, notes: list[Skipped], *, single: bool
) -> dict[str, Any]:
    """A `choice` (`single`: some answer starts with `=`) or a `multi` (weights only)
    question's choices and answer."""
    kind = "choice" if single else "multi"
    cuts = sorted({0, *answers.positions("~="), len(answers)})
    options: list[tuple[str, float, str]] = []
    for begin, end in itertools.pairwise(cuts):
        part = answers[begin:end]
        if part.chars[:1] == "~" and part.mask[:1] == "0":
            part = part[1:]
        part = part.strip()
        if part.find("=") == 0:
            weight: float | None = _FULL
            part = part[1:]
        else:
            weight, part = _weight(part)
        text, _, feedback = _split_feedback(part)
        option = _piece(text, text_format)
        if option:
            options.append((option, weight or 0.0, _piece(feedback, text_format)))
    if len(options) < 2:
        raise _Skip(kind, "it needs at least two options")
    high = [o for o in options if o[1] > _FULL + 1e-9]
    if high:
        raise _Skip(kind, f"option '{high[0][0]}' has a weight of {_show(high[0][1])}, over 100%")
    positive = [o for o in options if o[1] > 0]
    if single:
        full = [o for o in positive if abs(o[1] - _FULL) < 1e-6]
        if len(full) > 1:
            listed = ", ".join(f"'{o[0]}'" for o in full)
            raise _Skip(
                kind,
                f"{len(full)} options are fully correct ({listed}); a choice question has one",
            )
        if not full:
            raise _Skip(kind, "no option is fully correct ('=' or %100%)")
        partial = [o for o in positive if o not in full]
        if partial:
            listed = ", ".join(f"'{o[0]}' ({_show(o[1])})" for o in partial)
            notes.append(
                Skipped(
                    start,
                    "choice-partial",
                    f"partial credit dropped for {listed}: a choice question gives credit"
                    " for its one correct option only, so these options count as wrong",
                )
            )
        correct = {full[0][0]}
    else:
        if not positive:
            raise _Skip(kind, "no option is marked correct (with '=' or a positive %weight%)")
        total = sum(o[1] for o in positive)
        if round(total / 100, 2) != 1:
            raise _Skip(
                kind,
                f"the weights of the correct options add up to {total:g}%, not 100%",
            )
        if max(o[1] for o in positive) - min(o[1] for o in positive) > 0.01:
            listed = ", ".join(f"'{o[0]}' ({_show(o[1])})" for o in positive)
            notes.append(
                Skipped(
                    start,
                    "multi-weights",
                    f"unequal weights {listed} become equal shares: the game gives every"
                    " correct option the same credit",
                )
            )
        correct = {o[0] for o in positive}
    body: dict[str, Any]
    if any(note for _, _, note in options):
        choices: list[dict[str, Any]] = []
        for shown, _, note in options:
            entry: dict[str, Any] = {"text": shown}
            if shown in correct:
                entry["correct"] = True
            if note:
                entry["feedback"] = note
            choices.append(entry)
        body = {"choices": choices}
    else:
        names = [o[0] for o in options]
        right = [n for n in names if n in correct]
        body = {"choices": names, "answer": right[0] if single else right}
    return body


def _split_feedback(part: _Text) -> tuple[_Text, bool, _Text]:
    pieces = part.split("#", 1)
    if len(pieces) == 1:
        return pieces[0], False, _Text.literal("")
    return pieces[0], True, pieces[1]


def _truefalse(answers: _Text, text_format: str) -> tuple[dict[str, Any], str]:
    """`{T}`... and its feedback `{T#for a wrong answer#for a right answer}`; the
    feedback (the wrong answer's first, which says what is true) serves as explanation."""
    pieces = answers.split("#", 2) + [_Text.literal("")] * 2
    value = _TRUE_FALSE[pieces[0].strip().chars]
    wrong, right = _piece(pieces[1], text_format), _piece(pieces[2], text_format)
    return {"answer": value}, wrong or right


def _short_answer(answers: _Text, start: int, notes: list[Skipped]) -> dict[str, Any]:
    """`{=a =b}`: every fully-weighted answer is accepted; partial ones are dropped."""
    parts = answers.split("=")
    if not parts[0].strip().chars:
        parts.pop(0)
    accepted: dict[str, None] = {}  # ordered, and `in` is constant time (a list was quadratic)
    dropped: list[str] = []
    wildcards: list[str] = []
    for part in parts:
        weight, part = _weight(part.strip())
        text, _, _ = _split_feedback(part)
        answer = _piece(text, "plain", convert=False)
        if not answer:
            continue
        if weight is not None and abs(weight - _FULL) >= 1e-6:
            if weight > 0:
                dropped.append(f"'{answer}' ({_show(weight)})")
        elif _WILDCARD.search(answer):
            wildcards.append(f"'{answer}'")
        else:
            accepted.setdefault(answer.replace("\\*", "*"))
    wildcard = (
        f"answers with a '*' wildcard: {', '.join(wildcards)}; the game matches typed answers"
        " without wildcards (write \\* for a real '*')"
    )
    if not accepted:
        raise _Skip(
            "text", wildcard if wildcards else "no answer gives full credit ('=' or '=%100%')"
        )
    if wildcards:
        notes.append(Skipped(start, "text-wildcard", wildcard + ": dropped"))
    if dropped:
        notes.append(
            Skipped(
                start,
                "text-partial",
                f"partial-credit answers dropped: {', '.join(dropped)}; a typed answer is"
                " either accepted or wrong",
            )
        )
    return {"answer": list(accepted)}


def _match(answers: _Text, text_format: str, start: int, notes: list[Skipped]) -> dict[str, Any]:
    """`{=left -> right ...}`; a pair with no left side is a distractor, which packs lack."""
    parts = answers.split("=")
    if not parts[0].strip().chars:
        parts.pop(0)
    pairs: list[dict[str, str]] = []
    distractors: list[str] = []
    for part in parts:
        sides = part.split("->", 1)
        if len(sides) == 1:
            shown = part.plain().strip()
            raise _Skip("match", f"'{shown}' is not a pair: write '=left -> right'")
        left = _piece(sides[0], text_format)
        right = _CONTROL.sub(" ", sides[1].plain()).strip()
        if not right:
            raise _Skip("match", f"the pair of '{left}' has nothing after '->'")
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(f"'{right}'")
    if distractors:
        notes.append(
            Skipped(
                start,
                "match-distractor",
                f"extra answers dropped: {', '.join(distractors)}; a match question has only pairs",
            )
        )
    return {"pairs": pairs}


def _numeric(answers: _Text, start: int, notes: list[Skipped]) -> dict[str, Any]:
    """`{#2}`, `{#2:0.5}`, `{#1..3}` or several answers `{# =%100%2:0 =%50%2:1}`: the first
    fully-weighted answer is kept."""
    wrong = answers.find("~")
    if wrong != -1:
        answers = answers[:wrong]  # feedback for any other answer: packs have none
    parts = answers.split("=")
    if not parts[0].strip().chars:
        parts.pop(0)
    if not parts:
        raise _Skip("numeric", "no number between '{#' and '}'")
    kept: dict[str, Any] | None = None
    dropped: list[str] = []
    for part in parts:
        weight, part = _weight(part.strip())
        text, _, _ = _split_feedback(part)
        value = _piece(text, "plain", convert=False)
        if value == "*":  # Moodle's "any other answer", for feedback
            continue
        body = _numeric_value(value)
        if weight is not None and abs(weight - _FULL) >= 1e-6:
            if weight > 0:
                dropped.append(f"{value} ({_show(weight)})")
        elif kept is None:
            kept = body
        else:
            dropped.append(f"{value} (100%, a second correct answer)")
    if kept is None:
        raise _Skip("numeric", "no answer gives full credit ('=%100%' or no weight)")
    if dropped:
        notes.append(
            Skipped(
                start,
                "numeric-partial",
                f"other answers dropped: {', '.join(dropped)}; a numeric question has one"
                " answer (with a tolerance) or one range",
            )
        )
    return kept


def _numeric_value(value: str) -> dict[str, Any]:
    """`2`, `2:0.5` or `1..3` as pack keys."""
    if value.find("..") > 0:
        low_text, high_text = value.split("..", 1)
        low, high = _number(low_text), _number(high_text)
        if low > high:
            raise _Skip("numeric", f"the range {value} has its minimum above its maximum")
        return {"range": [low, high]}
    if value.find(":") > 0:
        answer_text, tolerance_text = value.split(":", 1)
        answer, tolerance = _number(answer_text), _number(tolerance_text)
        if tolerance < 0:
            raise _Skip("numeric", f"the tolerance in {value} is negative")
        return {"answer": answer, **({"tolerance": tolerance} if tolerance else {})}
    return {"answer": _number(value)}


def _number(text: str) -> float | int:
    text = text.strip()
    value = float(text) if _NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(value):
        raise _Skip("numeric", f"'{text}' is not a number")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _errors(question: dict[str, Any]) -> list[str]:
    """What the pack checks find wrong with an imported question (warnings aside)."""
    data = {
        "format": FORMAT_V1,
        "id": "gift",
        "title": "GIFT",
        "questions": [{**question, "id": question.get("id") or "q1"}],
    }
    return [p.message for p in validate_pack_data(data).errors]
