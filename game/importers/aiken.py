"""Aiken import: Moodle's plain-text multiple-choice format, read into `choice` questions.

A question is its text (one line, or several up to the first option), its options, one a line,
each a capital letter followed by `.` or `)` (`A. Brussels`, `B) Paris`), then the line
`ANSWER: B` naming the correct one. Blank lines separate questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.importrules import quoted
from .base import ImportFailed, ImportResult, Skipped, refused_character

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# `A. text` or `A) text`; `A)text` too (Moodle accepts it), but not `U.S. troops`.
_OPTION = re.compile(r"^([A-Z])(?:[.)](?:[ \t]+|$)|\))(.*)$")
_ANSWER = re.compile(r"^ANSWER[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_ANSWER_LETTER = re.compile(r"^([A-Za-z])[.)]?$")
# Options that point at other options ("All of the above", "Both A and B") need their order.
_REFERS_TO_OTHERS = re.compile(
    r"(?i:\b(all|none|both|neither) of (the )?(above|these|them|those|below)\b)"
    r"|\b[A-Z] (and|or|&) [A-Z]\b"
)
# Controls a pack may not hold (tab and newline are fine), and lone surrogates.
# What a message must not print as is: controls (line breaks too) and lone surrogates.


@dataclass(slots=True)
class _Draft:
    """A question being read: where it starts, its text and its options so far."""

    line: int
    prompt: list[str] = field(default_factory=list)
    options: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, letter, text) for each option."""


def import_aiken(text: str) -> ImportResult:
    """Questions from Aiken text; each one that cannot be read is skipped with its line.

    Raises ImportFailed when the text has no `ANSWER:` line at all (it is not Aiken).
    """
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
    if not any(_ANSWER.match(line.strip()) for line in lines):
        raise ImportFailed(
            "no 'ANSWER: X' line found: an Aiken file gives each question's options"
            " (A. ..., B. ...) followed by a line such as 'ANSWER: B'"
        )
    result = ImportResult()
    draft: _Draft | None = None
    after_blank = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            if draft is None:
                stray = f"{quoted(line)} on line {number} follows no question"
                result.skipped.append(Skipped(number, "choice", stray))
            else:
                _finish(draft, answer.group(1).strip(), number, result)
                draft = None
        elif option:
            if draft is None:
                draft = _Draft(number)  # options with no question text: reported at ANSWER
            draft.options.append((number, option.group(1), option.group(2).strip()))
        elif draft is not None and draft.prompt and not draft.options and not after_blank:
            draft.prompt.append(line)  # the question text goes on
        else:
            if draft is not None:
                result.skipped.append(
                    Skipped(draft.line, "choice", _unfinished(draft, f"line {number}"))
                )
            draft = _Draft(number, [line])
        after_blank = False
    if draft is not None:
        result.skipped.append(Skipped(draft.line, "choice", _unfinished(draft, None)))
    return result


def _unfinished(draft: _Draft, next_start: str | None) -> str:
    """Why a question cut short by the next one (or the end of the file) is skipped."""
    if not draft.prompt:
        return "options with no question text before them"
    where = f"the next question (on {next_start})" if next_start else "the end of the file"
    if not draft.options:
        return f"no options (A. ..., B. ...) and no 'ANSWER:' line before {where}"
    return f"no 'ANSWER:' line before {where}"


def _finish(draft: _Draft, answer: str, answer_line: int, result: ImportResult) -> None:
    """Add the question read so far, or skip it with the reason it cannot be imported."""
    reason = _problem(draft, answer, answer_line)
    if reason is not None:
        result.skipped.append(Skipped(draft.line, "choice", reason))
        return
    letter = answer[0].upper()  # checked by _problem: a letter, maybe with `.` or `)`
    texts = {option_letter: option_text for _, option_letter, option_text in draft.options}
    question: dict[str, Any] = {
        "type": "choice",
        "prompt": "\n".join(draft.prompt),
        "choices": [option_text for _, _, option_text in draft.options],
        "answer": texts[letter],
    }
    if any(_REFERS_TO_OTHERS.search(t) for t in question["choices"]):
        question["shuffle"] = False
    result.questions.append(question)


def _problem(draft: _Draft, answer: str, answer_line: int) -> str | None:
    """Why a complete-looking Aiken question cannot be a `choice` question, or None."""
    if not draft.prompt:
        return "options with no question text before them"
    if len(draft.options) < 2:
        found = "no option" if not draft.options else "only one option"
        return f"a question needs at least 2 options (A. ..., B. ...); it has {found}"
    seen: dict[str, int] = {}
    texts: dict[str, str] = {}
    for line, letter, text in draft.options:
        if letter in seen:
            return f"option {letter} appears twice (lines {seen[letter]} and {line})"
        if not text:
            return f"option {letter} on line {line} has no text"
        if text in texts.values():
            other = next(k for k, v in texts.items() if v == text)
            return f"options {other} and {letter} are the same text {quoted(text)}"
        seen[letter] = line
        texts[letter] = text
    matched = _ANSWER_LETTER.match(answer)
    if not matched:
        shown = quoted(answer) if answer else "nothing"
        return f"the ANSWER line (line {answer_line}) gives {shown}, not the letter of an option"
    letter = matched.group(1).upper()
    if letter not in texts:
        return (
            f"ANSWER: {letter} (line {answer_line}) names no option; the options are "
            + ", ".join(texts)
        )
    for text in [*draft.prompt, *texts.values()]:
        if what := refused_character(text):
            return f"the text holds the character {what}, which packs refuse"
    return None
