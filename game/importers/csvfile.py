"""CSV import: one question a row, under the header `type,prompt,answer,choices,explanation,...`.

Lists (choices, several answers, tags) are separated by `|` inside a cell; `match` pairs are
written `left=right`. The delimiter may be `,` or `;`. Every row that cannot be a question is
skipped with the line it starts on (a quoted cell may span several lines).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator
from typing import Any

from ..util.numbers import AmbiguousNumber, NotANumber, NumberTooLarge, read_number
from .base import ImportFailed, ImportResult, Skipped, quoted, refused_character

COLUMNS: tuple[str, ...] = (
    "type",
    "prompt",
    "answer",
    "choices",
    "explanation",
    "quote",
    "tags",
    "hint",
    "difficulty",
)
"""The columns a CSV file may have (in any order, any case); only `prompt` is required."""

QUESTION_TYPES: tuple[str, ...] = (
    "choice",
    "multi",
    "truefalse",
    "numeric",
    "text",
    "order",
    "match",
)
"""The question types a CSV row can hold (its cells have a meaning for each)."""

CSV_TEMPLATE: str = (
    "type,prompt,answer,choices,explanation,quote,tags\n"
    "choice,Who was NATO's Secretary-General in November 2016?,Jens Stoltenberg,"
    "Jens Stoltenberg|Donald Tusk|Federica Mogherini,"
    "Jens Stoltenberg led NATO from 2014 to 2024.,,nato\n"
    'multi,"""Going it alone is not an option,"" Stoltenberg wrote. For whom? Pick all that'
    ' apply.",Europe|The United States,Europe|The United States|Norway|The United Kingdom,'
    'He wrote "either for Europe or for the United States".,'
    '"Going it alone is not an option, either for Europe or for the United States",nato\n'
    "truefalse,Stoltenberg's op-ed mentions Donald Trump by name.,false,,"
    "The op-ed does not mention the US president-elect by name.,"
    "the op-ed article does not mention the US president-elect by name,nato|usa\n"
    'numeric,"What is NATO\'s military spending target, as a percentage of GDP?",2 percent,,'
    "The target is 2 percent of GDP.,the military spending target of 2 percent of GDP,"
    "nato|spending\n"
    "text,In which city was the EU summit to discuss the Trump victory?,Brussels|Bruxelles,,"
    "The EU summit was set for Brussels.,an EU summit in Brussels to discuss the Trump victory,"
    "eu\n"
    'order,"Put these treaties in order, earliest first.",,'
    "North Atlantic Treaty|Treaty of Rome|Maastricht Treaty|Treaty of Lisbon,"
    "NATO was founded in 1949; the Treaty of Rome followed in 1957; Maastricht in 1992;"
    " Lisbon in 2007.,,eu|nato|history\n"
    "match,Match each institution to the city where it sits.,,"
    "European Central Bank=Frankfurt|European Parliament=Strasbourg|NATO=Brussels,"
    "The ECB sits in Frankfurt; the Parliament meets in Strasbourg; NATO is in Brussels.,,eu\n"
)
"""A CSV file with the header and one example row of every question type; import it to see."""

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# What a message must not print as is: controls (line breaks too) and lone surrogates.
_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})
_DIFFICULTIES = ("easy", "medium", "hard")

_NUMBER = r"[+-]?(?:\d[\d ,.\u00a0\u2009\u202f]*\d|\d|[.,]\d+)(?:[eE][+-]?\d+)?"
_UNIT = r"(?:\s*(?P<unit>%|[^\W\d_][^\d]*?))?"
_EXACT = re.compile(rf"(?P<value>{_NUMBER}){_UNIT}")
_TOLERANCE = re.compile(rf"(?P<value>{_NUMBER})\s*(?:±|\+/-|\+-)\s*(?P<tolerance>{_NUMBER}){_UNIT}")
_RANGE = re.compile(rf"(?P<low>{_NUMBER})\s*\.\.\s*(?P<high>{_NUMBER}){_UNIT}")


class _RowError(Exception):
    """Why one row cannot be a question (the row is skipped, the import goes on)."""


def import_csv(text: str) -> ImportResult:
    """Questions from CSV text, one a row; each row that cannot be one is skipped with its line.

    Raises ImportFailed when there is no header row naming a `prompt` column (or it names
    columns this format does not have).
    """
    lines = _LINE.findall(text.removeprefix("\ufeff"))
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        raise ImportFailed("the file is empty: a CSV file starts with the header " + _HEADER)
    delimiter, columns = _header(lines[header_at], header_at + 1)
    result = ImportResult()
    # Once, not for every row: a header of many empty columns made each row cost its width.
    named = [name for name in columns if name]
    for line, row, error in _rows(lines[header_at + 1 :], header_at + 1, delimiter):
        if error is not None:
            result.skipped.append(Skipped(line, "row", error))
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank row
        stray = _stray_cells(row, columns, delimiter)
        if stray:
            result.skipped.append(Skipped(line, "row", stray))
            continue
        cells = dict.fromkeys(named, "")
        given = zip(columns, row, strict=False)  # a short row leaves its last cells empty
        cells.update({name: _clean(cell) for name, cell in given if name})
        kind = cells.get("type", "").lower() or ("choice" if cells.get("choices") else "text")
        try:
            result.questions.append(_question(kind, cells))
        except _RowError as error:
            result.skipped.append(
                Skipped(line, kind if kind in QUESTION_TYPES else "row", str(error))
            )
    return result


_HEADER = "type,prompt,answer,choices,explanation,quote,tags"


def _stray_cells(row: list[str], columns: list[str], delimiter: str) -> str | None:
    """Why a row has text outside the named columns, or None when it has none."""
    if any(cell.strip() for cell in row[len(columns) :]):
        return (
            f"the row has {len(row)} cells but the header has {len(columns)} columns:"
            f" put a text that contains '{delimiter}' in double quotes"
        )
    unnamed = [i for i, name in enumerate(columns[: len(row)]) if not name and row[i].strip()]
    if unnamed:
        return f"cell {unnamed[0] + 1} is under a column with no name in the header"
    return None


def _header(line: str, number: int) -> tuple[str, list[str]]:
    """The delimiter and the column names of the header row; ImportFailed when it is not one."""
    for delimiter in (",", ";"):
        try:
            names = [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
        except csv.Error:
            continue
        if "prompt" not in names:
            continue
        unknown = [name for name in names if name and name not in COLUMNS]
        if unknown:
            name = unknown[0]
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            raise ImportFailed(
                f"unknown column {quoted(name)}{suggestion} in the header; the columns are "
                + ", ".join(COLUMNS),
                number,
            )
        repeated = next((name for name in names if name and names.count(name) > 1), None)
        if repeated:
            raise ImportFailed(f"the column {quoted(repeated)} appears twice in the header", number)
        return delimiter, names
    raise ImportFailed(
        f"the first line is not a header with a 'prompt' column; a CSV file starts with {_HEADER}"
        " (separated by ',' or ';')",
        number,
    )


def _rows(
    lines: list[str], before: int, delimiter: str
) -> Iterator[tuple[int, list[str], str | None]]:
    """(first line, cells, None) for each row, or (first line, [], why) for a broken one."""
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True, skipinitialspace=True)
    done = 0  # physical lines read so far (after the header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            start = before + done + 1
            yield start, [], _csv_problem(str(error), start, before + reader.line_num)
        else:
            yield before + done + 1, row, None
        done = reader.line_num


def _csv_problem(message: str, start: int, end: int) -> str:
    if "unexpected end of data" in message:
        return (
            f"a quoted cell starting on line {start} is never closed: it takes in every line"
            f" up to the end of the file (line {end}); add the closing '\"'"
        )
    if "expected after" in message:
        return (
            f"a quoted cell is followed by more text ({message}); inside quotes, write a"
            ' double quote as ""'
        )
    return f"the row cannot be read as CSV: {message}"


def _clean(cell: str) -> str:
    """A cell's text, trimmed, with its line breaks made `\\n`."""
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def _question(kind: str, cells: dict[str, str]) -> dict[str, Any]:
    if kind not in QUESTION_TYPES:
        close = difflib.get_close_matches(kind, QUESTION_TYPES, n=1)
        suggestion = f" (did you mean '{close[0]}'?)" if close else ""
        raise _RowError(
            f"unknown question type {quoted(kind)}{suggestion}; the types are "
            + ", ".join(QUESTION_TYPES)
        )
    prompt = cells.get("prompt", "")
    if not prompt:
        raise _RowError("the row has no prompt")
    question: dict[str, Any] = {"type": kind, "prompt": prompt}
    question.update(_ANSWERS[kind](cells.get("answer", ""), cells.get("choices", "")))
    for name in ("explanation", "quote", "hint"):
        if cells.get(name):
            question[name] = cells[name]
    tags = _split(cells.get("tags", ""))
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    difficulty = cells.get("difficulty", "").lower()
    if difficulty:
        if difficulty not in _DIFFICULTIES:
            raise _RowError(f"difficulty {quoted(difficulty)} should be easy, medium or hard")
        question["difficulty"] = difficulty
    _check_characters(question)
    return question


def _check_characters(question: dict[str, Any]) -> None:
    for value in _texts(question):
        if what := refused_character(value):
            raise _RowError(f"the row holds the character {what}, which packs refuse")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


# --- the answer columns, type by type ---------------------------------------------------------


def _no_choices(kind: str, choices: str, instead: str) -> None:
    if choices:
        raise _RowError(f"a {kind} row takes no 'choices' ({instead})")


def _no_answer(kind: str, answer: str) -> None:
    if answer:
        raise _RowError(
            f"a {kind} row takes no 'answer': {'the items' if kind == 'order' else 'the pairs'}"
            f" in 'choices' {'are in the correct order' if kind == 'order' else 'are the answer'}"
        )


def _options(choices: str) -> list[str]:
    options = _split(choices)
    if len(options) < 2:
        raise _RowError("'choices' needs at least 2 options separated by '|'")
    repeated = _first_repeated(options)
    if repeated is not None:
        raise _RowError(f"the option {quoted(repeated)} appears more than once in 'choices'")
    return options


def _first_repeated(values: list[str]) -> str | None:
    """The first value that comes again later in the list (a set: comparing each value with
    all those before it was quadratic in the length of the list)."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


class _Options:
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


def _pick(name: str, given: list[str] | _Options) -> str:
    """The option an answer names: its text (any case), or its number counted from 1."""
    known = given if isinstance(given, _Options) else _Options(given)
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
    raise _RowError(
        f"answer {quoted(name)} is not one of the choices{suggestion}; write the text of the right"
        " choice, or its number (1 for the first)"
    )


def _choice(answer: str, choices: str) -> dict[str, Any]:
    options = _options(choices)
    if not answer:
        raise _RowError("the row has no answer: write the text of the right choice, or its number")
    if "|" in answer and answer not in options:
        raise _RowError("a choice row has one answer; for several, use type 'multi'")
    return {"choices": options, "answer": _pick(answer, options)}


def _multi(answer: str, choices: str) -> dict[str, Any]:
    options = _options(choices)
    names = _split(answer)
    if not names:
        raise _RowError("the row has no answer: list the right choices separated by '|'")
    known = _Options(options)
    picked = list(dict.fromkeys(_pick(name, known) for name in names))
    return {"choices": options, "answer": picked}


def _truefalse(answer: str, choices: str) -> dict[str, Any]:
    if choices and not all(o.lower() in _TRUE | _FALSE for o in _split(choices)):
        raise _RowError("a truefalse row takes no 'choices' (its choices are true and false)")
    word = answer.lower()
    if word in _TRUE:
        return {"answer": True}
    if word in _FALSE:
        return {"answer": False}
    shown = quoted(answer) if answer else "empty"
    raise _RowError(f"a truefalse answer should be true or false (or yes or no), not {shown}")


def _numeric(answer: str, choices: str) -> dict[str, Any]:
    _no_choices("numeric", choices, "write the number in 'answer'")
    if not answer:
        raise _RowError("the row has no answer: write a number, a range like 2..3, or 2+-0.5")
    fields: dict[str, Any] = {}
    if match := _RANGE.fullmatch(answer):
        low, high = _number(match["low"]), _number(match["high"])
        if low > high:
            raise _RowError(
                f"the range {answer} has its minimum above its maximum; write"
                f" {match['high']}..{match['low']}"
            )
        fields["range"] = [low, high]
    elif match := _TOLERANCE.fullmatch(answer):
        fields["answer"] = _number(match["value"])
        tolerance = _number(match["tolerance"])
        if tolerance < 0:
            raise _RowError(f"the tolerance in {quoted(answer)} should not be negative")
        fields["tolerance"] = tolerance
    elif match := _EXACT.fullmatch(answer):
        fields["answer"] = _number(match["value"])
    else:
        raise _RowError(
            f"answer {quoted(answer)} is not a number: write 2, 2.5, a range like 2..3 or a"
            " tolerance like 2+-0.5 (a unit may follow: 2 percent)"
        )
    if match["unit"]:
        fields["unit"] = match["unit"].strip()
    return fields


def _number(text: str) -> float | int:
    """A number as players type them (`game.util.numbers`: `31 000`, `2,5`), or an exponent;
    an ambiguous one (`1,000`: 1000 or 1?) is refused, never guessed."""
    if text.startswith(","):
        text = "0" + text  # `,5` as players write `.5`
    try:
        value = read_number(text, exponent=True)
    except AmbiguousNumber as ambiguous:
        raise _RowError(f"the number {quoted(text)} is ambiguous. {ambiguous}") from None
    except NumberTooLarge:
        raise _RowError(f"the number {quoted(text)} is too large") from None
    except NotANumber:
        raise _RowError(f"{quoted(text)} is not a number") from None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _text(answer: str, choices: str) -> dict[str, Any]:
    _no_choices("text", choices, "for options to pick from, use type 'choice'")
    accepted = list(dict.fromkeys(_split(answer)))
    if not accepted:
        raise _RowError("the row has no answer: write the accepted answers separated by '|'")
    return {"answer": accepted}


def _order(answer: str, choices: str) -> dict[str, Any]:
    _no_answer("order", answer)
    items = _split(choices)
    if len(items) < 2:
        raise _RowError("'choices' needs at least 2 items, in the correct order, separated by '|'")
    repeated = _first_repeated(items)
    if repeated is not None:
        raise _RowError(f"the item {quoted(repeated)} appears more than once")
    return {"items": items}


def _match(answer: str, choices: str) -> dict[str, Any]:
    _no_answer("match", answer)
    pairs: list[dict[str, str]] = []
    for item in _split(choices):
        left, equals, right = item.partition("=")
        if not equals or not left.strip() or not right.strip():
            raise _RowError(
                f"{quoted(item)} is not a pair: write each pair as left=right, separated by '|'"
            )
        pairs.append({"left": left.strip(), "right": right.strip()})
    if len(pairs) < 2:
        raise _RowError("'choices' needs at least 2 pairs written left=right, separated by '|'")
    for side in ("left", "right"):
        values = [pair[side] for pair in pairs]
        repeated = _first_repeated(values)
        if repeated is not None:
            raise _RowError(
                f"the {side} side {quoted(repeated)} appears more than once; each side must be"
                " unique"
            )
    return {"pairs": pairs}


_ANSWERS = {
    "choice": _choice,
    "multi": _multi,
    "truefalse": _truefalse,
    "numeric": _numeric,
    "text": _text,
    "order": _order,
    "match": _match,
}
