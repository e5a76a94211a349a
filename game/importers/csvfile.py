"""CSV import: one question a row, under the header `type,prompt,answer,choices,explanation,...`.

Lists (choices, several answers, tags) are separated by `|` inside a cell; `match` pairs are
written `left=right`. The delimiter may be `,` or `;`. Every row that cannot be a question is
skipped with the line it starts on (a quoted cell may span several lines). What a row's
`answer` and `choices` cells mean is up to its type's kind (`Kind.from_csv`).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator
from typing import Any

from ..core.importrules import RowError, quoted, split_cell
from ..kinds import KINDS, kind_named
from .base import ImportFailed, ImportResult, Skipped, refused_character

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


def question_types() -> tuple[str, ...]:
    """The question types a CSV row can hold: the registered kinds with answer columns."""
    return tuple(name for name, kind in KINDS.items() if kind.csv_columns)


def csv_template() -> str:
    """A CSV file with the header and one example row of every question type; import it to
    see."""
    rows = [f"{name},{kind.csv_example}\n" for name, kind in KINDS.items() if kind.csv_columns]
    return _HEADER + "\n" + "".join(rows)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# What a message must not print as is: controls (line breaks too) and lone surrogates.
_DIFFICULTIES = ("easy", "medium", "hard")


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
        except RowError as error:
            result.skipped.append(
                Skipped(line, kind if kind in question_types() else "row", str(error))
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


def _question(name: str, cells: dict[str, str]) -> dict[str, Any]:
    types = question_types()
    kind = kind_named(name) if name in types else None
    if kind is None:
        close = difflib.get_close_matches(name, types, n=1)
        suggestion = f" (did you mean '{close[0]}'?)" if close else ""
        raise RowError(
            f"unknown question type {quoted(name)}{suggestion}; the types are " + ", ".join(types)
        )
    prompt = cells.get("prompt", "")
    if not prompt:
        raise RowError("the row has no prompt")
    question: dict[str, Any] = {"type": name, "prompt": prompt}
    question.update(kind.from_csv(cells.get("answer", ""), cells.get("choices", "")))
    for name in ("explanation", "quote", "hint"):
        if cells.get(name):
            question[name] = cells[name]
    tags = split_cell(cells.get("tags", ""))
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    difficulty = cells.get("difficulty", "").lower()
    if difficulty:
        if difficulty not in _DIFFICULTIES:
            raise RowError(f"difficulty {quoted(difficulty)} should be easy, medium or hard")
        question["difficulty"] = difficulty
    _check_characters(question)
    return question


def _check_characters(question: dict[str, Any]) -> None:
    for value in _texts(question):
        if what := refused_character(value):
            raise RowError(f"the row holds the character {what}, which packs refuse")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
