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
from ..kinds import CannotExport, kind_of
from ..kinds.gifttext import MOODLE_SHARES, escape
from ..packs.model import Pack, QuestionBase

# escape and MOODLE_SHARES live with the kinds, which write their own answer lines.
__all__ = ["MOODLE_SHARES", "escape", "export_gift"]


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
        except CannotExport as reason:
            kind = kind_of(question).name
            skipped.append(Skipped(number, kind, f"question '{question.id}': {reason}"))
    return "\n".join(lines), skipped


def _comment(text: str) -> str:
    return " ".join(text.split())


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
            raise CannotExport("it has an empty text, which GIFT cannot write")
        return ("[plain]" if split_format(text, "")[0] else "") + escape(text)


def _question(question: QuestionBase) -> list[str]:
    kind = kind_of(question)
    own, others = kind.gift_texts(question)
    formatted = [question.prompt, *([question.explanation] if question.explanation else [])]
    formatted += own
    writer = _Writer(formatted, others)
    if not read_text(question.prompt.strip(), "plain"):
        raise CannotExport("its prompt is empty once GIFT trims its spaces")
    head = f"::{question.id}::{writer.marker()}{escape(question.prompt.strip())}{{"
    lines = [f"// [tag:{_tag(t)}]" for t in question.tags if _taggable(t)]
    lines.append(head)
    lines += kind.gift(question, writer)
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
