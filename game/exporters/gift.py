"""Moodle GIFT export: a pack's questions as a GIFT file that Moodle's question bank imports.

Every type GIFT can hold is written: `choice` (with each option's feedback), `multi` (the
correct options share 100%, each wrong one takes a share away, as the game scores it),
`truefalse`, `text` (every accepted answer), `numeric` (with its tolerance, or its range) and
`match`. The explanation becomes the general feedback (`####`), the question id the title
(`::id::`), and tags `// [tag:...]` comments, which Moodle reads too. Special characters are
escaped and line breaks written `\\n`, so `import_gift` reads the file back into the same
questions.

What GIFT cannot hold is reported as Skipped (its `line` is the question's position in the
pack, from 1): `order` questions, `multi` questions with more than 10 correct options (Moodle
has no grade for 1/11), text answers or matching left sides that contain `->` (GIFT would
read a matching question). Quotes, hints, difficulty, points, time limits, `unit`, `exact`
and `shuffle` have no place in GIFT and are left out.
"""

from __future__ import annotations

from ..importers.base import Skipped
from ..importers.gift import read_text, split_format
from ..packs.model import (
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    Pack,
    QuestionBase,
    TextQuestion,
    TrueFalseQuestion,
)

MOODLE_SHARES = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
"""The share of each of k correct options, written as Moodle's list of grades has it (an
import with another value fails with "grade not listed")."""

_SPECIAL = "\\~=#{}:"


class _CannotExport(Exception):
    """A question GIFT cannot hold; the message says why."""


def escape(text: str) -> str:
    """Text written for GIFT: `~ = # { } :` and `\\` escaped, line breaks written `\\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\\" + char if char in _SPECIAL else "\\n" if char == "\n" else char for char in text
    )


def export_gift(pack: Pack) -> tuple[str, list[Skipped]]:
    """The pack as GIFT text, and the questions that could not be written."""
    lines = [
        f"// {_comment(pack.title)}",
        f"// civic-quiz pack '{pack.id}', exported as Moodle GIFT: in Moodle, Question bank"
        " > Import > GIFT format.",
        "",
    ]
    skipped: list[Skipped] = []
    for number, question in enumerate(pack.questions, start=1):
        try:
            lines += [*_question(question), ""]
        except _CannotExport as reason:
            skipped.append(Skipped(number, question.type, f"question '{question.id}': {reason}"))
    return "\n".join(lines), skipped


def _comment(text: str) -> str:
    return " ".join(text.split())


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


class _Writer:
    """Writes the texts of one question in one format: `moodle` (Moodle's default) unless a
    text would read differently there (HTML-like text, or a text starting with a format
    marker such as `[html]`), in which case the whole question is `[plain]`."""

    def __init__(self, formatted: list[str], others: list[str]) -> None:
        texts = [t.strip() for t in formatted + others]
        marked = any(split_format(t, "")[0] for t in texts)
        changed = any(read_text(t, "moodle") != read_text(t, "plain") for t in formatted)
        self.format = "plain" if marked or changed else "moodle"

    def marker(self) -> str:
        """The format marker at the start of the prompt."""
        return "[plain]" if self.format == "plain" else ""

    def text(self, text: str) -> str:
        """A text other than the prompt, protected if it starts like a format marker."""
        text = text.strip()
        if not read_text(text, "plain"):
            raise _CannotExport("it has an empty text, which GIFT cannot write")
        return ("[plain]" if split_format(text, "")[0] else "") + escape(text)


def _question(question: QuestionBase) -> list[str]:
    formatted = [question.prompt, *([question.explanation] if question.explanation else [])]
    others: list[str] = []
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        for option in question.choices:
            formatted += [option.text, *([option.feedback] if option.feedback else [])]
    elif isinstance(question, MatchQuestion):
        formatted += [pair.left for pair in question.pairs]
    elif isinstance(question, TextQuestion):
        others += question.answer
    writer = _Writer(formatted, others)
    if not read_text(question.prompt.strip(), "plain"):
        raise _CannotExport("its prompt is empty once GIFT trims its spaces")
    head = f"::{question.id}::{writer.marker()}{escape(question.prompt.strip())}{{"
    lines = [f"// [tag:{_tag(t)}]" for t in question.tags if _taggable(t)]
    lines.append(head)
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        lines += _options(question, writer)
    elif isinstance(question, TrueFalseQuestion):
        lines.append("TRUE" if question.answer else "FALSE")
    elif isinstance(question, TextQuestion):
        lines += _text_answers(question, writer)
    elif isinstance(question, NumericQuestion):
        lines.append(_numeric(question))
    elif isinstance(question, MatchQuestion):
        lines += _pairs(question, writer)
    else:
        raise _CannotExport(f"GIFT has no '{question.type}' questions")
    if question.explanation and question.explanation.strip():
        lines.append("####" + writer.text(question.explanation))
    lines.append("}")
    return lines


def _tag(tag: str) -> str:
    return tag.strip().replace("]", "\\]")


def _taggable(tag: str) -> bool:
    """Whether a tag reads back from a `[tag:...]` comment (Moodle refuses `<>` and control
    codes; a backslash would escape the closing bracket)."""
    return bool(tag.strip()) and not any(c in "<>`\\" or ord(c) < 32 or c == "\x7f" for c in tag)


def _options(question: ChoiceQuestion | MultiQuestion, writer: _Writer) -> list[str]:
    correct = set(question.correct_texts())
    _distinct([writer.text(c.text) for c in question.choices], "options")
    share = MOODLE_SHARES.get(len(correct))
    if isinstance(question, MultiQuestion) and share is None:
        raise _CannotExport(
            f"it has {len(correct)} correct options; Moodle's grades allow at most 10"
        )
    lines = []
    for option in question.choices:
        text = writer.text(option.text)
        if isinstance(question, ChoiceQuestion):
            mark = "=" if option.text in correct else "~%0%" if text.startswith("%") else "~"
        else:
            mark = f"~%{share}%" if option.text in correct else f"~%-{share}%"
        feedback = f"#{writer.text(option.feedback)}" if option.feedback else ""
        lines.append(mark + text + feedback)
    return lines


def _text_answers(question: TextQuestion, writer: _Writer) -> list[str]:
    if any("->" in answer for answer in question.answer):
        raise _CannotExport("an accepted answer contains '->', which GIFT reads as matching")
    # In a Moodle short answer `*` is a wildcard; `\*` is the character itself.
    answers = [writer.text(a.replace("*", "\\*")) for a in question.answer]
    return [("=%100%" if a.startswith("%") else "=") + a for a in answers]


def _numeric(question: NumericQuestion) -> str:
    if question.range is not None:
        low, high = question.range
        return f"#{_number(low)}..{_number(high)}"
    if question.answer is None:
        raise _CannotExport("it has neither an answer nor a range")
    tolerance = f":{_number(question.tolerance)}" if question.tolerance else ""
    return f"#{_number(question.answer)}{tolerance}"


def _pairs(question: MatchQuestion, writer: _Writer) -> list[str]:
    if any("->" in pair.left for pair in question.pairs):
        raise _CannotExport("a left side contains '->', which GIFT reads as the arrow")
    lefts = [writer.text(p.left) for p in question.pairs]
    rights = [escape(p.right.strip()) for p in question.pairs]
    if not all(read_text(p.right.strip(), "plain") for p in question.pairs):
        raise _CannotExport("it has an empty right side, which GIFT cannot write")
    _distinct([p.left.strip() for p in question.pairs], "left sides")
    _distinct([p.right.strip() for p in question.pairs], "right sides")
    return [f"={left} -> {right}" for left, right in zip(lefts, rights, strict=True)]


def _distinct(texts: list[str], what: str) -> None:
    if len(set(texts)) != len(texts):
        raise _CannotExport(f"two of its {what} read the same once GIFT trims their spaces")
