"""Which format a file to import is in, from its extension and, failing that, its content."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Literal

from .base import ImportFailed

Format = Literal["gift", "aiken", "csv", "opentdb"]
FORMATS: tuple[Format, ...] = ("gift", "aiken", "csv", "opentdb")
"""The formats `civic-quiz import --from` accepts."""

_BY_EXTENSION: dict[str, Format] = {
    ".gift": "gift",
    ".aiken": "aiken",
    ".csv": "csv",
    ".json": "opentdb",
}
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Za-z]\b", re.MULTILINE)
_GIFT_TITLE = re.compile(r"^[ \t]*::[^\n]*?::", re.MULTILINE)
# Possessive and disjoint: `[^{}]*[=~][^{}]*` backtracked over every `=` of `{====...`
# (quadratic: 75 s on 120 KB); here each `{` is scanned once.
_GIFT_ANSWERS = re.compile(r"\{[^{}=~]*+[=~][^{}]*+\}|\{\s*+(?:T|F|TRUE|FALSE)\s*+\}")
_FROM = "name the format with --from gift, --from aiken, --from csv or --from opentdb"


def detect_format(path: Path, text: str) -> Format:
    """The format of a file: `.gift`, `.aiken`, `.csv` and `.json` say it by their name; for
    any other name (`.txt` is used for both GIFT and Aiken) the content decides.

    Raises ImportFailed, saying how to name the format with `--from`, when it cannot tell.
    """
    suffix = path.suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    if suffix in (".yaml", ".yml"):
        raise ImportFailed(
            f"{path.name} looks like a pack already (a YAML file): check it with"
            f" 'civic-quiz validate {path.name}' instead; to import it anyway, {_FROM}"
        )
    found = formats_in(text)
    if len(found) == 1:
        return found[0]
    if found:
        raise ImportFailed(
            f"{path.name} could be "
            + " or ".join(found)
            + "; name the format with "
            + " or ".join(f"--from {name}" for name in found)
        )
    raise ImportFailed(
        f"cannot tell which format {path.name} is in: it has no GIFT answers in braces"
        " ({=right ~wrong}), no Aiken 'ANSWER: X' line, no CSV header with a 'prompt'"
        f" column and no Open Trivia DB 'results'; {_FROM}"
    )


def formats_in(text: str) -> list[Format]:
    """Every format the content looks like (usually one; none when it looks like nothing)."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) and _is_opentdb_json(text):
        return ["opentdb"]
    found: list[Format] = []
    if _GIFT_TITLE.search(text) or _GIFT_ANSWERS.search(text):
        found.append("gift")
    if _AIKEN_ANSWER.search(text):
        found.append("aiken")
    if _has_csv_header(stripped):
        found.append("csv")
    return found


def _is_opentdb_json(text: str) -> bool:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if isinstance(data, dict):
        return "results" in data
    return isinstance(data, list) and any(
        isinstance(item, dict) and "question" in item for item in data
    )


def _has_csv_header(text: str) -> bool:
    first = text.split("\n", 1)[0]
    for delimiter in (",", ";"):
        try:
            names = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if "prompt" in (name.strip().lower() for name in names):
            return True
    return False
