"""Open Trivia DB import: API answers in each encoding, broken results, bad JSON, fuzzing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.importers.base import ImportFailed, build_pack
from game.importers.opentdb import import_opentdb
from tests.fuzzing import assert_usable, fuzz_settings, import_or_fail, mutated

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def result_json(**fields: Any) -> str:
    item = {
        "type": "multiple",
        "difficulty": "easy",
        "category": "Politics",
        "question": "Where is NATO based?",
        "correct_answer": "Brussels",
        "incorrect_answers": ["Paris", "Rome"],
    }
    item.update(fields)
    return json.dumps({"response_code": 0, "results": [{k: v for k, v in item.items() if v}]})


def test_an_api_answer_becomes_a_valid_pack() -> None:
    text = read("eu-nato.json")
    result = import_opentdb(text)
    assert result.skipped == []
    assert result.summary() == "Imported 6 questions (choice 4, truefalse 2); skipped 0."
    assert result.title == "Politics and History"
    first = result.questions[0]
    assert first == {
        "type": "choice",
        "prompt": "Which city is home to the headquarters of the North Atlantic Treaty"
        " Organization (NATO)?",
        "choices": ["Brussels", "Geneva", "Washington, D.C.", "London"],
        "answer": "Brussels",
        "difficulty": "medium",
        "tags": ["politics"],
    }
    assert result.questions[2]["tags"] == ["history"]
    assert_usable(result, text, cr_ends_lines=False)
    pack = build_pack(result)
    assert (pack["id"], pack["title"]) == ("politics-and-history", "Politics and History")


def test_html_entities_are_decoded() -> None:
    questions = import_opentdb(read("eu-nato.json")).questions
    assert questions[1]["prompt"] == "The European Union's single currency is called the euro."
    assert questions[1]["answer"] is True
    assert questions[4]["answer"] is False
    assert questions[5]["prompt"] == 'What does the abbreviation "NATO" stand for?'
    assert "Northern Alliance & Treaty Office" in questions[5]["choices"]


@pytest.mark.parametrize("name", ["eu-nato-base64.json", "eu-nato-url3986.json"])
def test_the_other_encodings_give_the_same_questions(name: str) -> None:
    expected = import_opentdb(read("eu-nato.json"))
    result = import_opentdb(read(name))
    assert result.questions == expected.questions
    assert result.title == expected.title
    assert_usable(result, read(name), cr_ends_lines=False)


def test_url_legacy_encoding_with_plus_for_spaces() -> None:
    text = result_json(question="Where+is+NATO+based%3F", incorrect_answers=["Paris", "C%2B%2B"])
    question = import_opentdb(text).questions[0]
    assert question["prompt"] == "Where is NATO based?"
    assert question["choices"] == ["Brussels", "Paris", "C++"]


def test_a_bare_list_of_results_with_broken_ones() -> None:
    text = read("broken.json")
    result = import_opentdb(text)
    assert [q["type"] for q in result.questions] == ["choice", "truefalse"]
    assert [(s.line, s.kind, s.reason) for s in result.skipped] == [
        (14, "choice", "result 2: missing 'correct_answer'"),
        (
            24,
            "truefalse",
            "result 3: a boolean question's answer should be True or False, not 'Yes'",
        ),
        (34, "choice", "result 4: the answer 'Luxembourg' is listed twice"),
        (46, "result", "result 5: unknown type 'essay' (expected 'multiple' or 'boolean')"),
        (54, "result", "result 6: not an object with a question"),
        (55, "choice", "result 7: 'correct_answer' should be text"),
    ]
    lines = text.splitlines()
    assert lines[13].strip() == "{" and lines[53].strip() == '"What is the EU?",'
    assert result.title == "Politics"
    assert_usable(result, text, cr_ends_lines=False)


def test_results_on_one_line_all_get_line_one() -> None:
    text = json.dumps([{"type": "boolean"}, {"type": "multiple"}])
    result = import_opentdb(text)
    assert [s.line for s in result.skipped] == [1, 1]


def test_malformed_json_fails_with_its_line() -> None:
    with pytest.raises(ImportFailed) as failed:
        import_opentdb(read("malformed.json"))
    assert failed.value.line == 10
    assert failed.value.message == "not valid JSON: Expecting ',' delimiter"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON"),
        ('"just text"', "expected an object with 'results'"),
        ('{"questions": []}', "no 'results' list"),
        ('{"results": {"a": 1}}', "'results' should be a list"),
        ('{"response_code": 5, "results": []}', "response_code 5 (rate limit"),
        ('{"response_code": 1, "results": []}', "response_code 1 (no results"),
        ("[" * 100_000, "nested too deeply"),
        ("[" * 5_000 + "]" * 5_000, None),
        ("[" + "1" * 5000 + "]", "not valid JSON"),
    ],
    ids=[
        "empty",
        "text",
        "no-results",
        "results-object",
        "code-5",
        "code-1",
        "deep",
        "nested",
        "long-int",
    ],
)
def test_what_is_not_an_api_answer_fails(text: str, message: str | None) -> None:
    try:
        result = import_opentdb(text)
    except ImportFailed as failed:
        assert message is None or message in failed.message
    else:  # a deep list may parse: its one result is then skipped
        assert message is None
        assert result.questions == []


def test_an_empty_result_list_imports_nothing() -> None:
    result = import_opentdb('{"response_code": 0, "results": []}')
    assert result.questions == [] and result.skipped == [] and result.title is None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"type": None}, "missing 'type'"),
        ({"question": None}, "missing 'question'"),
        ({"question": "  "}, "'question' is empty"),
        ({"incorrect_answers": None}, "missing 'incorrect_answers'"),
        ({"incorrect_answers": "Paris"}, "'incorrect_answers' should be a list"),
        ({"incorrect_answers": ["Paris", 3]}, "'incorrect_answers' should be text"),
        ({"question": "Where\x1b[2Js NATO?"}, "ESC (U+001B) (a control code)"),
        ({"question": "\ud800"}, "U+D800 (a lone surrogate)"),
    ],
)
def test_results_that_cannot_be_questions(fields: dict[str, Any], reason: str) -> None:
    result = import_opentdb(result_json(**fields))
    assert result.questions == []
    assert len(result.skipped) == 1
    assert result.skipped[0].reason.startswith("result 1: ")
    assert reason in result.skipped[0].reason


def test_difficulty_and_category_are_optional() -> None:
    question = import_opentdb(result_json(difficulty="", category="")).questions[0]
    assert "difficulty" not in question and "tags" not in question
    question = import_opentdb(result_json(difficulty="impossible")).questions[0]
    assert "difficulty" not in question


def test_a_category_becomes_a_slug_tag() -> None:
    result = import_opentdb(result_json(category="Entertainment: Books"))
    assert result.questions[0]["tags"] == ["entertainment-books"]
    assert result.title == "Entertainment: Books"


# --- fuzzing ----------------------------------------------------------------------------------

SEEDS = [read(name) for name in ("eu-nato.json", "broken.json", "eu-nato-url3986.json")]
BITS = st.sampled_from(
    [
        *["{", "}", "[", "]", '"', ",", ":", "\\", "\\u001b", "\\ud800", "&amp;", "&#27;", "%1B"],
        *["%20", "+", "=", "null", "true", "0", "1e999", '"type"', '"boolean"', "\n", " "],
    ]
)


@st.composite
def api_answers(draw: st.DrawFn) -> str:
    """Well-formed JSON with random values where the API puts its fields."""
    texts = st.text(max_size=12) | st.sampled_from(["True", "False", "multiple", "boolean", ""])
    values = texts | st.none() | st.integers() | st.lists(texts, max_size=4)
    names = ["type", "difficulty", "category", "question", "correct_answer", "incorrect_answers"]
    results = draw(st.lists(st.dictionaries(st.sampled_from(names), values), max_size=5))
    return json.dumps(
        {"response_code": 0, "results": results}, indent=draw(st.sampled_from([None, 2]))
    )


@fuzz_settings(300)
@given(st.text(max_size=400))
def test_random_text_only_ever_fails_with_import_failed(text: str) -> None:
    import_or_fail(import_opentdb, text, cr_ends_lines=False)


@fuzz_settings(300)
@given(api_answers())
def test_random_api_answers(text: str) -> None:
    import_or_fail(import_opentdb, text, cr_ends_lines=False)


@fuzz_settings(300, slow=True)
@given(mutated(SEEDS, BITS, edits=("insert", "delete")))
def test_mutated_files_only_ever_fail_with_import_failed(text: str) -> None:
    import_or_fail(import_opentdb, text, cr_ends_lines=False)
