"""Moodle GIFT export: a pack's questions as a GIFT file that Moodle's question bank imports.

Every type GIFT can hold is written: `choice` (with each option's feedback), `multi` (the
correct options share 100%, each wrong one takes a share away, as the game scores it),
`truefalse`, `text` (every accepted answer), `numeric` (with its tolerance, or its range),
`match`, and `evidence` and `claim` as multiple choice. The question id is the title
(`::id::`), and tags `// [tag:...]` comments, which Moodle reads too. Special characters are
escaped and line breaks written `\\n`, so `import_gift` reads the file back.

What makes a question true travels with it, worded as the game words it (`game.packs.truth`): the
frame line (`According to DW (Deutsche Welle), 13 November 2016:`) goes above the prompt in
the question text, and the general feedback (`####`) holds the explanation, the quote with
its citation (`Source: "..." (DW, ...)`), what the kind shows after any answer (`Said by:`),
then the correction and the dated updates, each with its quote and citation. Otherwise
Moodle would teach an article's error as a fact.

What GIFT cannot hold is reported as Skipped (its `line` is the question's position in the
pack, from 1): `order` questions, `multi` questions with more than 10 correct options (Moodle
has no grade for 1/11), text answers or matching left sides that contain `->` (GIFT would
read a matching question). What an exported question loses (its hint, a numeric unit, the
options' fixed order, its date when it has no frame, tags Moodle refuses) is listed by
`left_out`, one entry a question. Difficulty, points and time limits are game settings, not
part of what the question says, and are left out without a word.
"""

from __future__ import annotations

from ..core.giftformat import read_text, split_format
from ..core.model import QuestionBase
from ..importers.base import Skipped
from ..kinds import CannotExport, kind_of
from ..kinds.gifttext import MOODLE_SHARES, escape
from ..packs.model import Pack, PackInfo, format_as_of
from ..packs.truth import truth_lines, truth_of

# escape and MOODLE_SHARES live with the kinds, which write their own answer lines.
__all__ = [
    "MOODLE_SHARES",
    "escape",
    "export_gift",
    "general_feedback",
    "left_out",
    "question_text",
]


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
        if question.draft:  # not reviewed yet: never played, in Moodle either
            reason = f"question '{question.id}': a draft (draft: true), not reviewed yet"
            skipped.append(Skipped(number, kind_of(question).name, reason))
            continue
        try:
            lines += [*_question(pack, question), ""]
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


def question_text(pack: PackInfo, question: QuestionBase) -> str:
    """The question text GIFT gets: the frame line the game shows above the prompt
    (`According to DW (Deutsche Welle), 13 November 2016:`), then the prompt."""
    frame = truth_of(pack, question).frame_line
    prompt = question.prompt.strip()
    return f"{frame}\n{prompt}" if frame else prompt


def general_feedback(pack: PackInfo, question: QuestionBase) -> str:
    """The general feedback GIFT gets, in the game's words and order: the explanation, the
    quote with its source's citation, the kind's own lines, then the correction and the
    updates, each with its quote and citation; empty when there is none of them."""
    parts: list[str] = []
    if question.explanation and question.explanation.strip():
        parts.append(question.explanation.strip())
    quotes = [quote.strip() for quote in question.quotes() if quote.strip()]
    source = pack.source_for(question.source)
    cite = f" ({source.citation()})" if source is not None and source.citation() else ""
    for number, quote in enumerate(quotes, 1):  # as the plain game has it: cited after the last
        parts.append(f'Source: "{quote}"{cite if number == len(quotes) else ""}')
    parts += kind_of(question).gift_feedback(question)
    parts += truth_lines(truth_of(pack, question))
    return "\n".join(parts)


def left_out(pack: Pack, skipped: list[Skipped] | None = None) -> list[Skipped]:
    """For each question written (those not in `skipped`), what the game shows or does with
    it that GIFT cannot hold, as one entry naming the question and everything lost."""
    not_written = {item.line for item in skipped or []}
    notes: list[Skipped] = []
    for number, question in enumerate(pack.questions, start=1):
        if number in not_written:
            continue
        kind = kind_of(question)
        lost: list[str] = []
        if question.hint and question.hint.strip():
            lost.append("its hint")
        lost += kind.gift_left_out(question)
        as_of = pack.as_of_for(question)
        if question.frame is None and as_of is not None:
            # The game shows the date above an unframed question; GIFT has no place for it.
            lost.append(f"its date ({format_as_of(as_of)})")
        refused = [t for t in question.tags if t.strip() and not _taggable(t)]
        if refused:
            lost.append("tags Moodle refuses: " + ", ".join(f"'{t}'" for t in refused))
        if lost:
            notes.append(Skipped(number, kind.name, f"question '{question.id}': {'; '.join(lost)}"))
    return notes


def _question(pack: PackInfo, question: QuestionBase) -> list[str]:
    kind = kind_of(question)
    own, others = kind.gift_texts(question)
    text = question_text(pack, question)
    feedback = general_feedback(pack, question)
    formatted = [text, *([feedback] if feedback else []), *own]
    writer = _Writer(formatted, others)
    if not read_text(question.prompt.strip(), "plain"):
        raise CannotExport("its prompt is empty once GIFT trims its spaces")
    head = f"::{question.id}::{writer.marker()}{escape(text)}{{"
    lines = [f"// [tag:{_tag(t)}]" for t in question.tags if _taggable(t)]
    lines.append(head)
    lines += kind.gift(question, writer)
    if feedback:
        lines.append("####" + writer.text(feedback))
    lines.append("}")
    return lines


def _tag(tag: str) -> str:
    return tag.strip().replace("]", "\\]")


def _taggable(tag: str) -> bool:
    """Whether a tag reads back from a `[tag:...]` comment (Moodle refuses `<>` and control
    codes; a backslash would escape the closing bracket)."""
    return bool(tag.strip()) and not any(c in "<>`\\" or ord(c) < 32 or c == "\x7f" for c in tag)
