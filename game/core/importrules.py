"""What the kinds' import rules share with the importers: a text quoted in a message, and the
cells of a CSV row (lists separated by `|`, an answer named by its text or number)."""

from __future__ import annotations

import difflib
import re

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def quoted(text: str, limit: int = 60) -> str:
    """A text from the file, quoted in a message: control codes escaped, a long text cut."""
    text = text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return "'" + _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "'"


class RowError(Exception):
    """Why one row of an imported file cannot be a question (the row is skipped, the import
    goes on); the message says what to write instead."""


def split_cell(cell: str) -> list[str]:
    """The items of a cell, separated by `|`, trimmed; empty ones left out."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def first_repeated(values: list[str]) -> str | None:
    """The first value that comes again later in the list (a set: comparing each value with
    all those before it was quadratic in the length of the list)."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def options_cell(choices: str) -> list[str]:
    """The options of a `choices` cell: at least two, each once; RowError otherwise."""
    options = split_cell(choices)
    if len(options) < 2:
        raise RowError("'choices' needs at least 2 options separated by '|'")
    repeated = first_repeated(options)
    if repeated is not None:
        raise RowError(f"the option {quoted(repeated)} appears more than once in 'choices'")
    return options


class Options:
    """The options of a row, looked up by text and by folded text in constant time (a search
    of the list for every answer of a `multi` row was quadratic)."""

    def __init__(self, options: list[str]) -> None:
        self.options = options
        self.texts = set(options)
        self.folded: dict[str, list[str]] = {}
        for option in options:
            self.folded.setdefault(_fold(option), []).append(option)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def pick(name: str, given: list[str] | Options) -> str:
    """The option an answer names: its text (any case), or its number counted from 1."""
    known = given if isinstance(given, Options) else Options(given)
    options = known.options
    if name in known.texts:
        return name
    folded = known.folded.get(_fold(name), [])
    if len(folded) == 1:
        return folded[0]
    if re.fullmatch(r"[1-9][0-9]{0,5}", name) and int(name) <= len(options):
        return options[int(name) - 1]
    close = difflib.get_close_matches(name, options, n=1)
    suggestion = f" (did you mean {quoted(close[0])}?)" if close else ""
    raise RowError(
        f"answer {quoted(name)} is not one of the choices{suggestion}; write the text of the right"
        " choice, or its number (1 for the first)"
    )


def no_choices(kind: str, choices: str, instead: str) -> None:
    """RowError when a row of a kind that takes no `choices` has some."""
    if choices:
        raise RowError(f"a {kind} row takes no 'choices' ({instead})")


def no_answer(kind: str, answer: str, why: str) -> None:
    """RowError when a row of a kind whose `choices` are the answer has an `answer` too."""
    if answer:
        raise RowError(f"a {kind} row takes no 'answer': {why}")
