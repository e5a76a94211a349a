"""A teacher's lesson settings: the pack, mode, question count and seed every student plays.

`civic-quiz serve --pack ID [--mode M] [--questions N] [--seed N] [--lesson FILE]` fixes
what is played in each browser tab; the settings may be kept in a small YAML lesson file to
use again (`--lesson FILE`, also understood by `play`). Games played in a lesson are stored
with its `id`, so that the lesson's results can be listed afterwards.

A lesson file::

    id: monday-nato
    pack: nato-us-europe-2016
    mode: exam
    questions: 10
    seed: 42

Only `pack` is required. The file is read like every file named on the command line
(regular files only, bounded: see `game.util.safefile`) and parsed by the packs' safe YAML reader;
every problem is a `LessonError` with the file, line and column, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, check_name, read_regular_file
from ..util.textsafe import one_line
from .scoring import MODES, Mode

MAX_LESSON_BYTES = 64 * 1024
"""A lesson file is a few lines: anything larger is not one."""

LESSON_KEYS = ("id", "pack", "mode", "questions", "seed")
"""The keys a lesson file may have."""

MAX_SEED = 2**63 - 1
"""The largest seed: a seed is stored with its game, and the score database's integers
(SQLite INTEGER, PostgreSQL BIGINT) hold at most this. Seeds are 0 to MAX_SEED, checked
where they are read (the command line, a lesson file, the settings a served tab reads), so
that a larger one is a one-line error rather than an OverflowError when the game is saved."""

MAX_NUMBER_TEXT = 40
"""The longest text a lesson's number may be written in: far more than MAX_SEED needs in
any YAML notation, and short enough never to reach Python's limit on the digits it turns
into an int (a 5,000-digit seed would raise ValueError there)."""

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SLUG_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]+")


class LessonError(Exception):
    """A lesson that cannot be read, made or saved; the message names the file and place."""


@dataclass(frozen=True, slots=True)
class Lesson:
    """What every student of a lesson plays, and the id their games are stored under."""

    id: str
    pack: str
    mode: Mode = "classic"
    questions: int | None = None
    """How many questions (None: all of the pack's)."""
    seed: int | None = None
    """The question and option order (None: each game its own)."""

    def describe(self, title: str | None = None) -> str:
        """`Lesson monday-nato: NATO (nato-us-europe-2016), exam mode, 10 questions, seed 42`,
        on one line and escaped (the title comes from a pack file)."""
        pack = f"{one_line(title)} ({one_line(self.pack)})" if title else one_line(self.pack)
        parts = [f"Lesson {self.id}: {pack}", f"{self.mode} mode"]
        parts.append(f"{self.questions} questions" if self.questions else "all questions")
        if self.seed is not None:
            parts.append(f"seed {self.seed}")
        return ", ".join(parts)


def default_lesson_id(pack: str, path: Path | None = None, today: dt.date | None = None) -> str:
    """The id of a lesson not given one: its file's name without `.yaml`, else
    `<pack>-<YYYY-MM-DD>`; any character outside letters, digits, `-` and `_` becomes `-`."""
    base = path.stem if path is not None else f"{pack}-{(today or dt.date.today()).isoformat()}"
    return _SLUG_CHARACTERS.sub("-", base).strip("-")[:64] or "lesson"


def make_lesson(
    pack: str,
    *,
    id: str | None = None,
    mode: str | None = None,
    questions: int | None = None,
    seed: int | None = None,
    path: Path | None = None,
) -> Lesson:
    """A checked lesson (LessonError saying what is wrong); `id` defaults as in
    `default_lesson_id`."""
    lesson_id = id if id is not None else default_lesson_id(pack, path)
    problem = (
        _id_problem(lesson_id)
        or _pack_problem(pack)
        or _mode_problem(mode)
        or _count_problem(questions)
        or seed_problem(seed)
    )
    if problem:
        raise LessonError(problem)
    # _mode_problem has checked that mode is one of MODES, the Literal Lesson.mode has.
    return Lesson(lesson_id, pack, mode or "classic", questions, seed)  # type: ignore[arg-type]


def _id_problem(value: object) -> str | None:
    if isinstance(value, str) and _ID.fullmatch(value):
        return None
    return f"the lesson id {_shown(value)} may have only letters, digits, '-' and '_'"


def _pack_problem(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return f"'pack' should be a pack id, not {_shown(value)}"


def _mode_problem(value: object) -> str | None:
    if value is None or value in MODES:
        return None
    close = difflib.get_close_matches(str(value), MODES, n=1) if isinstance(value, str) else []
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown mode {_shown(value)}{hint}; the modes are {', '.join(MODES)}"


def _count_problem(value: object) -> str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return f"'questions' should be a whole number of at least 1, not {_shown(value)}"


def seed_problem(value: object) -> str | None:
    """What is wrong with a seed (None: nothing): it is a whole number from 0 to MAX_SEED."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEED:
        return None
    return f"'seed' should be a whole number from 0 to {MAX_SEED}, not {_shown(value)}"


def _shown(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 200:  # str() of a huge int is slow
        return f"a number of {value.bit_length()} bits"
    text = one_line(repr(value) if isinstance(value, str) else str(value))
    return text if len(text) <= 60 else text[:59] + "\u2026"


def load_lesson(path: str | os.PathLike[str]) -> Lesson:
    """The lesson in the YAML file at `path`; LessonError `FILE:LINE:COL: error: ...` when it
    cannot be read or holds anything but a lesson."""
    from ..packs.yamlread import YamlRefused, decode, parse

    shown = one_line(os.fspath(path))
    try:
        text = decode(read_regular_file(path, max_bytes=MAX_LESSON_BYTES))
    except FileRefused as refused:
        raise LessonError(f"{shown}: error: the lesson file {refused.message}") from None
    except UnicodeDecodeError as error:
        raise LessonError(f"{shown}: error: not UTF-8 (byte offset {error.start})") from None
    except YamlRefused as refused:
        raise LessonError(f"{shown}: error: {one_line(str(refused))}") from None
    try:
        document = parse(text)
    except YamlRefused as refused:
        first = refused.issues[0] if refused.issues else None
        where = f"{first.line}:{first.column}:" if first else ""
        raise LessonError(f"{shown}:{where} error: {one_line(str(refused))}") from None
    if document.issues:
        issue = document.issues[0]
        raise LessonError(f"{shown}:{issue.line}:{issue.column}: error: {one_line(issue.message)}")
    if not isinstance(document.data, dict):
        raise LessonError(f"{shown}:1:1: error: a lesson file is keys and values (pack: ID)")
    # A number written in more characters than any setting needs is refused as it is
    # written, before the safe loader below would try to turn it into an int.
    long = _long_number(document.root)
    if long is not None:
        line, column = long.start_mark.line + 1, long.start_mark.column + 1
        key = next((k for k, (_, v) in _places(document.root).items() if v == (line, column)), "")
        written = f"{long.value[:20]}\u2026 ({len(long.value):,} characters)"
        problem = _key_problem(key, written) if key in ("questions", "seed") else None
        problem = problem or f"a number of {len(long.value):,} characters is no lesson setting"
        raise LessonError(f"{shown}:{line}:{column}: error: {problem}")
    # The pack reader keeps scalars as text (the pack model converts them); the lesson's
    # numbers come from the safe loader, on text the pack reader has already checked.
    data = _typed(text)
    places = _places(document.root)
    for key, value in data.items():
        key_place, value_place = places.get(str(key), ((1, 1), (1, 1)))
        line, column = value_place if key in LESSON_KEYS else key_place
        problem = _key_problem(key, value)
        if problem:
            raise LessonError(f"{shown}:{line}:{column}: error: {problem}")
    if "pack" not in data:
        raise LessonError(f"{shown}:1:1: error: the lesson names no pack (pack: ID)")
    return make_lesson(
        data["pack"],
        id=data.get("id"),
        mode=data.get("mode"),
        questions=data.get("questions"),
        seed=data.get("seed"),
        path=Path(os.fspath(path)),
    )


def _long_number(root: Any) -> Any:
    """The first whole number (a scalar node resolved as an int) written in more than
    MAX_NUMBER_TEXT characters, anywhere in the document; else None."""
    todo = [root]
    while todo:
        node = todo.pop()
        value = getattr(node, "value", None)
        if isinstance(value, str):
            if node.tag == "tag:yaml.org,2002:int" and len(value) > MAX_NUMBER_TEXT:
                return node
        elif isinstance(value, list):  # a list's items, or a mapping's (key, value) pairs
            for item in reversed(value):
                todo.extend(reversed(item) if isinstance(item, tuple) else [item])
    return None


def _typed(text: str) -> dict[Any, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return {}  # the checked reader accepted it: left to its own error (no pack)
    return data if isinstance(data, dict) else {}


Place = tuple[int, int]


def _places(root: Any) -> dict[str, tuple[Place, Place]]:
    """Each top-level key's 1-based line and column, and its value's."""
    places: dict[str, tuple[Place, Place]] = {}
    for key_node, value_node in getattr(root, "value", []) or []:
        key, value = key_node.start_mark, value_node.start_mark
        places[str(getattr(key_node, "value", ""))] = (
            (key.line + 1, key.column + 1),
            (value.line + 1, value.column + 1),
        )
    return places


def _key_problem(key: object, value: object) -> str | None:
    if key not in LESSON_KEYS:
        close = difflib.get_close_matches(str(key)[:100], LESSON_KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key {_shown(key)}{hint}; a lesson has {', '.join(LESSON_KEYS)}"
    checks = {
        "id": _id_problem,
        "pack": _pack_problem,
        "mode": _mode_problem,
        "questions": _count_problem,
        "seed": seed_problem,
    }
    return checks[str(key)](value)


def lesson_text(lesson: Lesson) -> str:
    """The lesson as a lesson file (only the settings it has)."""
    import yaml

    data: dict[str, Any] = {"id": lesson.id, "pack": lesson.pack, "mode": lesson.mode}
    if lesson.questions is not None:
        data["questions"] = lesson.questions
    if lesson.seed is not None:
        data["seed"] = lesson.seed
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return f"# civic-quiz lesson settings (civic-quiz serve --lesson FILE)\n{body}"


def save_lesson(path: str | os.PathLike[str], lesson: Lesson, *, force: bool = False) -> None:
    """Write the lesson file atomically (a temporary file renamed over it: never half a
    file). An existing file holding another lesson is kept unless `force`; one holding the
    same lesson is left as it is. LessonError when it cannot be written."""
    shown = one_line(os.fspath(path))
    try:
        check_name(path)
    except FileRefused as refused:
        raise LessonError(f"{shown}: error: the lesson file {refused.message}") from None
    target = Path(os.fspath(path))
    if target.exists() or target.is_symlink():
        same = False
        with contextlib.suppress(LessonError):
            same = load_lesson(target) == lesson
        if same:
            return
        if not force:
            raise LessonError(
                f"{shown}: error: already exists with other settings;"
                " use --force to replace it, or --lesson FILE alone to use it"
            )
        if not target.is_file():
            raise LessonError(f"{shown}: error: exists and is not a regular file")
    text = lesson_text(lesson)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        raise LessonError(f"{shown}: error: cannot write: {error.strerror or error}") from None
