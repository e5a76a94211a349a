"""Lesson files (`game.play.lesson`): read, written atomically, and every bad file refused with its
place, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.play.lesson import (
    MAX_LESSON_BYTES,
    Lesson,
    LessonError,
    default_lesson_id,
    load_lesson,
    make_lesson,
    save_lesson,
)

GOOD = "id: monday-nato\npack: nato-us-europe-2016\nmode: exam\nquestions: 10\nseed: 42\n"


def write(tmp_path: Path, text: str, name: str = "lesson.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: str | Path) -> str:
    with pytest.raises(LessonError) as raised:
        load_lesson(path)
    return str(raised.value)


def test_a_lesson_file_is_read(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, GOOD))
    assert lesson == Lesson("monday-nato", "nato-us-europe-2016", "exam", 10, 42)
    assert lesson.describe("NATO: US, Europe") == (
        "Lesson monday-nato: NATO: US, Europe (nato-us-europe-2016), exam mode,"
        " 10 questions, seed 42"
    )


def test_only_the_pack_is_needed_and_the_id_is_the_file_name(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, "pack: nato\n", name="friday 3b.yaml"))
    assert lesson == Lesson("friday-3b", "nato", "classic", None, None)
    assert lesson.describe() == "Lesson friday-3b: nato, classic mode, all questions"


def test_the_default_id_without_a_file_is_pack_and_date() -> None:
    import datetime as dt

    assert default_lesson_id("nato", today=dt.date(2026, 11, 28)) == "nato-2026-11-28"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pack: nato\nquestoins: 3\n", "2:1: error: unknown key 'questoins' (did you mean"),
        ("pack: nato\nmode: exma\n", "2:7: error: unknown mode 'exma' (did you mean 'exam'?)"),
        ("pack: nato\nquestions: 0\n", "2:12: error: 'questions' should be a whole number"),
        ("pack: nato\nquestions: ten\n", "2:12: error: 'questions' should be a whole number"),
        ("pack: nato\nseed: x\n", "2:7: error: 'seed' should be a whole number"),
        ("pack: nato\nid: a b\n", "2:5: error: the lesson id 'a b' may have only letters"),
        ("mode: exam\n", "1:1: error: the lesson names no pack"),
        ("- nato\n", "1:1: error: a lesson file is keys and values"),
        ("", "error: the file is empty"),
        ("pack: [nato\n", "error: YAML syntax error"),
        ("pack: !!python/object:os.system x\n", "1:7: error: YAML tag"),
        ("pack: nato\npack: eu\n", "error: duplicate key"),
    ],
)
def test_bad_lesson_files_say_what_and_where(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    assert message in refusal(path)
    assert refusal(path).startswith(f"{path}:")


def test_files_that_are_not_lesson_files_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert "a pipe (FIFO)" in refusal(fifo)  # and it does not block
    huge = write(tmp_path, "pack: nato\n" + "#" * MAX_LESSON_BYTES, name="huge.yaml")
    assert "is larger than" in refusal(huge)
    assert "NUL byte" in refusal(str(tmp_path / "a\0b.yaml"))
    assert "does not exist" in refusal(tmp_path / "missing.yaml")
    (tmp_path / "latin.yaml").write_bytes(b"pack: caf\xe9\n")
    assert "UTF-8" in refusal(tmp_path / "latin.yaml")


def test_make_lesson_checks_the_settings() -> None:
    with pytest.raises(LessonError, match="unknown mode"):
        make_lesson("nato", mode="fast")
    with pytest.raises(LessonError, match="at least 1"):
        make_lesson("nato", questions=0)


def test_save_then_load_gives_the_same_lesson(tmp_path: Path) -> None:
    lesson = Lesson("monday-nato", "nato-us-europe-2016", "exam", 10, 42)
    path = tmp_path / "lessons" / "monday.yaml"
    save_lesson(path, lesson)
    assert load_lesson(path) == lesson
    assert [p.name for p in path.parent.iterdir()] == ["monday.yaml"]  # no temporary left
    save_lesson(path, lesson)  # the same settings again: nothing to refuse


def test_another_lesson_is_not_overwritten_without_force(tmp_path: Path) -> None:
    path = tmp_path / "monday.yaml"
    save_lesson(path, Lesson("monday", "nato", "exam", 10, 42))
    before = path.read_bytes()
    other = Lesson("monday", "nato", "classic", 5, None)
    with pytest.raises(LessonError, match=r"already exists.*--force"):
        save_lesson(path, other)
    assert path.read_bytes() == before
    save_lesson(path, other, force=True)
    assert load_lesson(path) == other


def test_a_file_that_is_not_a_lesson_is_not_overwritten_either(tmp_path: Path) -> None:
    path = write(tmp_path, "my notes\n", name="notes.yaml")
    with pytest.raises(LessonError, match="already exists"):
        save_lesson(path, Lesson("notes", "nato"))
    assert path.read_text(encoding="utf-8") == "my notes\n"
    with pytest.raises(LessonError, match="NUL byte"):
        save_lesson(str(tmp_path / "a\0.yaml"), Lesson("a", "nato"))


# -- issue 21, item 11: a seed is bounded where it is read ---------------------------------


def test_the_largest_seed_is_what_the_score_database_holds() -> None:
    from game.play.lesson import MAX_SEED

    assert MAX_SEED == 2**63 - 1  # SQLite INTEGER and PostgreSQL BIGINT
    assert make_lesson("nato", seed=MAX_SEED).seed == MAX_SEED
    assert make_lesson("nato", seed=0).seed == 0
    for seed in (MAX_SEED + 1, -1, 2**80):
        with pytest.raises(LessonError, match="'seed' should be a whole number from 0 to"):
            make_lesson("nato", seed=seed)


@pytest.mark.parametrize(
    "seed",
    [
        "9223372036854775808",  # 2**63
        "0xffffffffffffffffffff",
        "-1",
        "-9223372036854775809",
        pytest.param("9" * 5000, id="5000-digits"),  # more than int() takes from text
        pytest.param("0x" + "f" * 5000, id="5000-hex-digits"),
    ],
)
def test_a_seed_out_of_bounds_in_a_lesson_file_is_a_located_error(
    tmp_path: Path, seed: str
) -> None:
    path = write(tmp_path, f"pack: nato\nseed: {seed}\n")
    message = refusal(path)
    assert message.startswith(f"{path}:2:7: error: 'seed' should be a whole number from 0 to")
    assert "\n" not in message and len(message) < 300


def test_the_largest_seed_in_a_lesson_file_is_read(tmp_path: Path) -> None:
    assert load_lesson(write(tmp_path, "pack: nato\nseed: 9223372036854775807\n")).seed == 2**63 - 1
    assert load_lesson(write(tmp_path, "pack: nato\nseed: 0\n")).seed == 0


def test_questions_out_of_bounds_in_a_lesson_file_are_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, f"pack: nato\nquestions: {'9' * 5000}\n")
    assert refusal(path).startswith(f"{path}:2:12: error: 'questions' should be a whole number")


@pytest.mark.parametrize(
    "text",
    [
        f"pack: {'9' * 5000}\n",
        f"pack: nato\nid: {'1' * 5000}\n",
        f"pack: nato\nnotes: [1, {'7' * 5000}]\n",
        f"pack: nato\n{'8' * 1000}: x\n",  # 1,000: YAML allows no longer key on one line
    ],
    ids=["pack", "id", "nested", "key"],
)
def test_a_long_number_anywhere_in_a_lesson_file_is_a_located_error(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, text)
    message = refusal(path)
    assert message.startswith(f"{path}:")
    assert "characters is no lesson setting" in message
    assert "\n" not in message and len(message) < 300
