"""Importers on large generated inputs (the shapes that were quadratic) give the right output."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from game.importers.base import unique_ids
from game.importers.csvfile import import_csv
from game.importers.detect import formats_in
from game.importers.gift import _ID, _TAG, _bracketed, import_gift
from game.importers.opentdb import import_opentdb

# Moodle's own patterns, which `_bracketed` must read exactly as they do.
MOODLE_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
MOODLE_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")


@given(st.lists(st.sampled_from(["[tag:", "[id:", "\\", "]", "a", "<", "\x01", "`", " "])))
def test_tags_and_ids_read_as_moodle_reads_them(pieces: list[str]) -> None:
    comment = "".join(pieces)
    assert list(_bracketed(_TAG, comment)) == [m[1] for m in MOODLE_TAG.finditer(comment)]
    assert list(_bracketed(_ID, comment)) == [m[1] for m in MOODLE_ID.finditer(comment)]


def test_many_same_titles_get_numbered_ids() -> None:
    questions = [{"id": "x", "type": "truefalse"} for _ in range(3000)] + [{"type": "text"}]
    questions.insert(1, {"id": "x-3", "type": "text"})
    unique_ids(questions)
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    assert ids[:4] == ["x", "x-3", "x-2", "x-4"]
    assert ids[-1] == "q3002"


def test_a_large_gift_file() -> None:
    # Packs hold at most 100 tags and answers: many repeats of 90 of each.
    tags = "".join(f"[tag:t{n % 90}]" for n in range(3000))
    answers = " ".join(f"=a{n % 90}" for n in range(3000))
    text = f"// {tags} [tag:t5]\nQ {{{answers}}}\n\n// {'[tag:' * 5000}\n" + "Q\n" * 3000 + "{T}\n"
    result = import_gift(text)
    first, second = result.questions
    assert first["answer"] == [f"a{n}" for n in range(90)]
    assert first["tags"] == [f"t{n}" for n in range(90)]
    assert second["prompt"] == " ".join(["Q"] * 3000) and "tags" not in second


def test_a_large_csv_multi_row() -> None:
    options = "|".join(f"o{n}" for n in range(3000))
    result = import_csv(f"type,prompt,answer,choices\nmulti,Q,{options},{options}\n")
    assert result.questions[0]["answer"] == [f"o{n}" for n in range(3000)]
    options = "|".join(f"o{n}" for n in range(90))
    answers = "|".join(f"O{n % 90}" for n in range(3000))  # any case, many times
    result = import_csv(f"type,prompt,answer,choices\nmulti,Q,{answers},{options}\n")
    assert result.questions[0]["answer"] == [f"o{n}" for n in range(90)]
    repeated = import_csv(f"type,prompt,answer,choices\nmulti,Q,o1,{options}|o7\n")
    assert "'o7' appears more than once" in repeated.skipped[0].reason


def test_large_opentdb_input() -> None:
    results = [
        {"type": "boolean", "question": f"Q{n}", "correct_answer": "True", "category": f"c{n}"}
        for n in range(2000)
    ]
    assert import_opentdb(str(results).replace("'", '"')).title == "Open Trivia DB questions"


def test_detection_of_a_long_brace() -> None:
    assert formats_in("{" + "=" * 200_000) == []
    assert formats_in("Q {" + "x" * 200_000 + "=a}") == ["gift"]
