"""Aiken import: Moodle's own examples, a civics quiz, broken questions, and fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.importers.aiken import import_aiken
from game.importers.base import ImportFailed
from tests.fuzzing import assert_usable, fuzz_settings, import_or_fail, mutated

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_moodle_documentation_examples() -> None:
    result = import_aiken(read("moodle-docs.aiken.txt"))
    assert result.skipped == []
    assert [q["prompt"] for q in result.questions] == [
        "What is the correct answer to this question?",
        "Which LMS has the most quiz import formats?",
    ]
    first, second = result.questions
    assert first["choices"] == [
        "Is it this one?",
        "Maybe this answer?",
        "Possibly this one?",
        "Must be this one!",
    ]
    assert first["answer"] == "Must be this one!"
    assert second["choices"][0] == "Moodle" and len(second["choices"]) == 6
    assert second["answer"] == "Moodle"
    assert result.title is None
    assert_usable(result, read("moodle-docs.aiken.txt"))


def test_a_civics_quiz_becomes_a_valid_pack() -> None:
    text = read("eu-nato.aiken.txt")
    result = import_aiken(text)
    assert result.skipped == []
    assert len(result.questions) == 7
    assert all(q["type"] == "choice" for q in result.questions)
    assert result.questions[1]["answer"] == "The Maastricht Treaty"
    assert result.questions[6]["answer"] == "Frankfurt"
    assert result.summary() == "Imported 7 questions (choice 7); skipped 0."
    assert_usable(result, text)


def test_a_question_may_run_over_several_lines() -> None:
    question = import_aiken(read("eu-nato.aiken.txt")).questions[2]
    assert question["prompt"] == (
        "NATO's Article 5 says that an armed attack against one ally is an attack against all.\n"
        "After which event has it been invoked, the only time so far?"
    )
    # "U.S." at the start of an option's text, or a prompt, is not taken for an option.
    assert question["answer"] == "The attacks of 11 September 2001 on the U.S."


def test_options_that_refer_to_the_others_keep_their_order() -> None:
    questions = import_aiken(read("eu-nato.aiken.txt")).questions
    assert questions[5]["choices"][-1] == "None of the above"
    assert questions[5]["shuffle"] is False
    assert "shuffle" not in questions[0]


def test_broken_questions_are_skipped_with_their_line_and_reason() -> None:
    result = import_aiken(read("broken.aiken.txt"))
    assert [q["prompt"] for q in result.questions] == [
        "Which institution proposes new EU laws?",
        "Which of these EU countries is not a member of NATO?",
    ]
    assert [(s.line, s.kind, s.reason) for s in result.skipped] == [
        (7, "choice", "no 'ANSWER:' line before the next question (on line 12)"),
        (12, "choice", "ANSWER: E (line 15) names no option; the options are A, B"),
        (
            17,
            "choice",
            "a question needs at least 2 options (A. ..., B. ...); it has only one option",
        ),
        (21, "choice", "option B appears twice (lines 23 and 24)"),
    ]
    assert result.summary() == "Imported 2 questions (choice 2); skipped 4 (choice 4)."
    assert_usable(result, read("broken.aiken.txt"))


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Q?\nA. x\nB. y\nANSWER: A\nR?\nA. x\nB. y\n", 5, "no 'ANSWER:' line before the end"),
        ("Q?\nA. x\nB. y\nANSWER:\n", 1, "the ANSWER line (line 4) gives nothing, not the letter"),
        ("Q?\nA. x\nB. y\nANSWER: AB\n", 1, "gives 'AB', not the letter of an option"),
        ("A. x\nB. y\nANSWER: A\n", 1, "options with no question text before them"),
        ("Q?\nA. x\nB. x\nANSWER: A\n", 1, "options A and B are the same text 'x'"),
        ("Q?\nA.\nB. y\nANSWER: B\n", 1, "option A on line 2 has no text"),
        ("Q?\nA. x\nB. y\nANSWER: A\nANSWER: B\n", 5, "'ANSWER: B' on line 5 follows no question"),
        ("Q?\n\nR?\nA. x\nB. y\nANSWER: A\n", 1, "no options (A. ..., B. ...) and no 'ANSWER:'"),
        ("Q\x1b[31m?\nA. x\nB. y\nANSWER: A\n", 1, "ESC (U+001B) (a control code)"),
    ],
)
def test_each_kind_of_broken_question(text: str, line: int, reason: str) -> None:
    result = import_aiken(text)
    assert len(result.skipped) == 1
    assert result.skipped[0].line == line
    assert reason in result.skipped[0].reason
    assert_usable(result, text)


def test_windows_line_ends_a_byte_order_mark_and_loose_spelling() -> None:
    text = "\ufeffWhere is NATO based?\r\nA) Brussels\r\nB)Paris\r\n\r\nanswer : b\r\n"
    result = import_aiken(text)
    assert result.skipped == []
    assert result.questions == [
        {
            "type": "choice",
            "prompt": "Where is NATO based?",
            "choices": ["Brussels", "Paris"],
            "answer": "Paris",
        }
    ]


def test_blank_lines_between_the_question_and_its_options_are_allowed() -> None:
    result = import_aiken("Where is NATO based?\n\nA. Brussels\nB. Paris\n\nANSWER: A\n")
    assert [q["answer"] for q in result.questions] == ["Brussels"]


def test_a_file_without_any_answer_line_is_not_aiken() -> None:
    with pytest.raises(ImportFailed, match="no 'ANSWER: X' line found"):
        import_aiken("::Q1:: Where is NATO based? {=Brussels ~Paris}\n")
    with pytest.raises(ImportFailed):
        import_aiken("")


# --- fuzzing ----------------------------------------------------------------------------------

SEEDS = [read(name) for name in ("eu-nato.aiken.txt", "broken.aiken.txt", "moodle-docs.aiken.txt")]
BITS = st.sampled_from(
    [
        *["\n", "\r\n", "\r", "A. ", "B) ", "Z.", "ANSWER: ", "ANSWER: A", "answer:b", "  "],
        *["\t", "\x1b", "\x00", "\u2028", "\ufeff", "é", "|", ":", "{", "}", "All of the above"],
    ]
)


@fuzz_settings(300)
@given(st.text(max_size=400))
def test_random_text_only_ever_fails_with_import_failed(text: str) -> None:
    import_or_fail(import_aiken, text)


@fuzz_settings(300)
@given(st.lists(BITS | st.text(max_size=8), max_size=40).map("".join))
def test_random_aiken_like_text(text: str) -> None:
    import_or_fail(import_aiken, text)


@fuzz_settings(300, slow=True)
@given(mutated(SEEDS, BITS))
def test_mutated_files_only_ever_fail_with_import_failed(text: str) -> None:
    import_or_fail(import_aiken, text)
