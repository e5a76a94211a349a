"""CSV import: the template, a civics quiz, each type's answer column, broken rows, fuzzing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.importers.base import ImportFailed, build_pack
from game.importers.csvfile import csv_template, import_csv, question_types
from game.packs.loader import validate_pack_data
from tests.fuzzing import assert_usable, fuzz_settings, import_or_fail, mutated

DATA = Path(__file__).parent / "data"
HEADER = "type,prompt,answer,choices,explanation,quote,tags\n"


def read(name: str) -> str:
    # newline="" keeps the file's own line ends, as the CLI's reading should.
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return file.read()


def only(row: str, header: str = HEADER) -> dict[str, Any]:
    """The one question a single row makes (failing the test if it is skipped)."""
    result = import_csv(header + row + "\n")
    assert result.skipped == [], result.skipped
    assert len(result.questions) == 1
    return result.questions[0]


def skip_reason(row: str) -> str:
    """The reason the single row is skipped (failing the test unless it is, on line 2)."""
    result = import_csv(HEADER + row + "\n")
    assert result.questions == []
    assert len(result.skipped) == 1
    assert result.skipped[0].line == 2
    return result.skipped[0].reason


# --- the template ---------------------------------------------------------------------------


def test_the_template_gives_one_valid_question_of_each_type() -> None:
    result = import_csv(csv_template())
    assert result.skipped == []
    assert [q["type"] for q in result.questions] == list(question_types())
    assert all(q.get("explanation") for q in result.questions)
    assert_usable(result, csv_template())
    checked = validate_pack_data(build_pack(result, pack_id="template", title="Template"))
    assert checked.ok and checked.pack is not None
    assert len(checked.pack.questions) == len(question_types())


def test_the_template_starts_with_the_documented_header() -> None:
    assert csv_template().splitlines()[0] == HEADER.strip()
    assert "#" not in csv_template()


# --- realistic files ------------------------------------------------------------------------


def test_a_civics_quiz_becomes_a_valid_pack() -> None:
    text = read("eu-nato.csv")
    result = import_csv(text)
    assert result.skipped == []
    assert result.summary() == (
        "Imported 10 questions (choice 2, match 1, multi 1, numeric 3, order 1, text 1,"
        " truefalse 1); skipped 0."
    )
    assert_usable(result, text)
    by_prompt = {q["prompt"][:25]: q for q in result.questions}
    # the answer "2" names the second choice; an empty type with choices is a choice
    assert by_prompt["Which treaty created the "]["answer"] == "The Maastricht Treaty"
    assert by_prompt["In which city is NATO's h"]["type"] == "choice"
    assert by_prompt["Roughly how many people l"]["range"] == [440, 460]
    assert by_prompt["Roughly how many people l"]["unit"] == "million"
    years = by_prompt["In which year were the fi"]
    assert (years["answer"], years["tolerance"]) == (1979, 1)
    assert by_prompt["Which of these countries "]["explanation"].count("\n") == 1


def test_a_semicolon_file_with_a_bom_and_windows_line_ends() -> None:
    text = read("eu-semicolon.csv")
    assert text.startswith("\ufeff") and "\r\n" in text
    result = import_csv(text)
    assert result.skipped == []
    assert [q["type"] for q in result.questions] == ["choice", "numeric", "truefalse", "truefalse"]
    numeric = result.questions[1]
    assert (numeric["answer"], numeric["tolerance"], numeric["unit"]) == (449.2, 5, "Millionen")
    # a ';' inside a quoted cell stays text
    assert result.questions[2]["prompt"].startswith("Die Schweiz ist Mitglied der EU; sie")
    assert_usable(result, text)


def test_broken_rows_are_skipped_with_the_line_they_start_on() -> None:
    text = read("broken.csv")
    result = import_csv(text)
    assert [q["prompt"] for q in result.questions] == ["Which city hosts NATO's headquarters?"]
    skipped = [(s.line, s.kind) for s in result.skipped]
    assert skipped == [
        (2, "choice"),
        (3, "row"),
        (4, "numeric"),
        (6, "truefalse"),  # the row before it spans lines 4 and 5
        (8, "match"),
        (9, "order"),
        (10, "row"),
        (11, "row"),
    ]
    reasons = [s.reason for s in result.skipped]
    assert "answer 'Treaty of Paris' is not one of the choices" in reasons[0]
    assert "unknown question type 'quiz'" in reasons[1]
    assert "answer 'twenty-seven' is not a number" in reasons[2]
    assert "not 'maybe'" in reasons[3]
    assert "'Court of Justice' is not a pair" in reasons[4]
    assert "at least 2 items" in reasons[5]
    assert "9 cells but the header has 7 columns" in reasons[6]
    assert "starting on line 11 is never closed" in reasons[7]
    assert_usable(result, text)


# --- the header -------------------------------------------------------------------------------


def test_header_names_are_case_insensitive_in_any_order_and_mostly_optional() -> None:
    question = only("Where is NATO based?,Brussels", header="PROMPT , Answer\n")
    assert question == {"type": "text", "prompt": "Where is NATO based?", "answer": ["Brussels"]}


def test_hint_and_difficulty_columns() -> None:
    header = "prompt,answer,hint,difficulty\n"
    question = only("Where is NATO based?,Brussels,In Belgium,Easy", header=header)
    assert (question["hint"], question["difficulty"]) == ("In Belgium", "easy")
    result = import_csv(header + "Where is NATO based?,Brussels,,tricky\n")
    assert "difficulty 'tricky' should be easy, medium or hard" in result.skipped[0].reason


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "the file is empty", None),
        ("\n\n  \n", "the file is empty", None),
        ("question,answer\nWhere?,Here\n", "not a header with a 'prompt' column", 1),
        ("\n\ntype,prompt,explaination\n", "unknown column 'explaination' (did you mean", 3),
        ("prompt,answer,prompt\n", "the column 'prompt' appears twice", 1),
    ],
)
def test_a_file_without_a_usable_header_fails(text: str, message: str, line: int | None) -> None:
    with pytest.raises(ImportFailed) as failed:
        import_csv(text)
    assert message in failed.value.message
    assert failed.value.line == line


def test_a_header_only_file_imports_nothing() -> None:
    result = import_csv(HEADER)
    assert result.questions == [] and result.skipped == []


def test_blank_rows_and_trailing_empty_columns_are_ignored() -> None:
    text = "prompt,answer,,\n\n,,,\nWhere is NATO based?,Brussels,,\n"
    result = import_csv(text)
    assert result.skipped == []
    assert [q["answer"] for q in result.questions] == [["Brussels"]]
    result = import_csv("prompt,answer,\nWhere?,Here,oops\n")
    assert "cell 3 is under a column with no name" in result.skipped[0].reason


def test_a_short_row_leaves_its_last_cells_empty() -> None:
    assert only("text,Where is NATO based?,Brussels") == {
        "type": "text",
        "prompt": "Where is NATO based?",
        "answer": ["Brussels"],
    }


# --- each type ------------------------------------------------------------------------------


def test_choice_answers_by_text_case_or_number() -> None:
    assert only("choice,Q?,paris,Brussels|Paris")["answer"] == "Paris"
    assert only("choice,Q?,1,Brussels|Paris")["answer"] == "Brussels"
    # a choice whose text is a number is matched as text before it is taken as a position
    assert only("choice,How many?,2,1|2|3")["answer"] == "2"
    assert "not one of the choices" in skip_reason("choice,Q?,3,Brussels|Paris")
    assert "use type 'multi'" in skip_reason("choice,Q?,Brussels|Paris,Brussels|Paris|Rome")
    assert "at least 2 options" in skip_reason("choice,Q?,Brussels,Brussels")
    assert "appears more than once" in skip_reason("choice,Q?,Paris,Paris|Brussels|Paris")
    assert "has no answer" in skip_reason("choice,Q?,,Paris|Brussels")


def test_text_is_taken_as_written() -> None:
    question = only('choice,Is it?,no,"yes|no|1,5|007|true"')
    assert question["choices"] == ["yes", "no", "1,5", "007", "true"]
    assert question["answer"] == "no"
    assert only("text,Which year?,1949|'49")["answer"] == ["1949", "'49"]


def test_multi() -> None:
    question = only("multi,Which?,Europe|2|Europe,Europe|The United States|Norway")
    assert question["answer"] == ["Europe", "The United States"]
    assert "answer 'Canada' is not one of" in skip_reason("multi,Q?,Canada,Europe|Norway")


@pytest.mark.parametrize(
    ("word", "value"),
    [("true", True), ("FALSE", False), ("Yes", True), ("no", False), ("t", True), ("F", False)],
)
def test_truefalse_words(word: str, value: bool) -> None:
    assert only(f"truefalse,NATO has 32 members.,{word}")["answer"] is value


def test_truefalse_takes_no_other_choices() -> None:
    assert only("truefalse,Q.,true,True|False")["answer"] is True
    assert "takes no 'choices'" in skip_reason("truefalse,Q.,true,Yes|Maybe")


@pytest.mark.parametrize(
    ("answer", "fields"),
    [
        ("27", {"answer": 27}),
        ("-3.5", {"answer": -3.5}),
        ("2,5", {"answer": 2.5}),
        ("31 000", {"answer": 31000}),
        ("31 000 people", {"answer": 31000, "unit": "people"}),
        ("1,000,000", {"answer": 1000000}),
        ("1.000,5", {"answer": 1000.5}),
        ("1 000..2 000", {"range": [1000, 2000]}),
        ("1e3", {"answer": 1000}),
        ("2 %", {"answer": 2, "unit": "%"}),
        ("2%", {"answer": 2, "unit": "%"}),
        ("70 years", {"answer": 70, "unit": "years"}),
        ("2..3", {"range": [2, 3]}),
        ("1.5 .. 2.5 percent", {"range": [1.5, 2.5], "unit": "percent"}),
        ("2+-0.5", {"answer": 2, "tolerance": 0.5}),
        ("2 ± 0.5", {"answer": 2, "tolerance": 0.5}),
        ("1979 +/- 1 years", {"answer": 1979, "tolerance": 1, "unit": "years"}),
    ],
)
def test_numeric_answers(answer: str, fields: dict[str, Any]) -> None:
    question = only(f'numeric,How many?,"{answer}"')
    assert {k: v for k, v in question.items() if k not in ("type", "prompt")} == fields


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("twenty", "answer 'twenty' is not a number"),
        ("3..1", "the range 3..1 has its minimum above its maximum; write 1..3"),
        ("1,000", "is ambiguous. Did you mean 1000 or 1? Type it without the separator: 1000"),
        ("1.200 km", "is ambiguous. Did you mean 1200 or 1.2?"),
        ("1,00,0", "is not a number"),
        ("2+--1", "the tolerance in '2+--1' should not be negative"),
        ("1e999", "is too large"),
        ("", "the row has no answer"),
    ],
)
def test_numeric_answers_that_are_not_numbers(answer: str, reason: str) -> None:
    assert reason in skip_reason(f'numeric,How many?,"{answer}"')


def test_numeric_takes_no_choices() -> None:
    assert "a numeric row takes no 'choices'" in skip_reason("numeric,How many?,27,27|28")


def test_text_alternatives() -> None:
    assert only("text,Where?, Brussels | Bruxelles |Brussel|")["answer"] == [
        "Brussels",
        "Bruxelles",
        "Brussel",
    ]
    assert "has no answer" in skip_reason("text,Where?,")
    assert "use type 'choice'" in skip_reason("text,Where?,Brussels,Brussels|Paris")


def test_order() -> None:
    assert only("order,Earliest first.,,1949|1957|1992")["items"] == ["1949", "1957", "1992"]
    assert "takes no 'answer'" in skip_reason("order,Earliest first.,1949,1949|1957")
    assert "'1949' appears more than once" in skip_reason("order,Q.,,1949|1957|1949")


def test_match() -> None:
    question = only("match,Match.,,ECB = Frankfurt|Court of Justice=Luxembourg")
    assert question["pairs"] == [
        {"left": "ECB", "right": "Frankfurt"},
        {"left": "Court of Justice", "right": "Luxembourg"},
    ]
    assert "at least 2 pairs" in skip_reason("match,Match.,,ECB=Frankfurt")
    assert "'=Frankfurt' is not a pair" in skip_reason("match,Match.,,=Frankfurt|a=b")
    assert "right side 'Brussels' appears more than once" in skip_reason(
        "match,Match.,,NATO=Brussels|Commission=Brussels"
    )
    assert "takes no 'answer'" in skip_reason("match,Match.,x,a=b|c=d")


def test_a_row_without_prompt_or_with_an_unknown_type() -> None:
    assert skip_reason(",,Brussels") == "the row has no prompt"
    assert "unknown question type 'mutli' (did you mean 'multi'?)" in skip_reason("mutli,Q?,a,a|b")


def test_tags_explanation_and_quote() -> None:
    question = only("text,Where?,Brussels,,Because.,“in Brussels”,nato| eu |nato")
    assert question["tags"] == ["nato", "eu"]
    assert (question["explanation"], question["quote"]) == ("Because.", "“in Brussels”")


def test_a_control_character_skips_the_row() -> None:
    assert "ESC (U+001B)" in skip_reason("text,Where\x1b[2J?,Brussels")


def test_a_quoted_cell_with_a_stray_quote_skips_only_its_row() -> None:
    result = import_csv(HEADER + 'text,"Where" is it?,Brussels\ntext,Where?,Brussels\n')
    assert [s.line for s in result.skipped] == [2]
    assert 'write a double quote as ""' in result.skipped[0].reason
    assert len(result.questions) == 1


# --- fuzzing ----------------------------------------------------------------------------------

SEEDS = [read("eu-nato.csv"), read("broken.csv"), read("eu-semicolon.csv"), csv_template()]
BITS = st.sampled_from(
    [
        *[",", ";", '"', '""', "|", "=", "..", "+-", "±", "\n", "\r\n", "\r", " ", "\t"],
        *["\x1b", "\x00", "\ufeff", "\u2028", "é", "choice", "multi", "numeric", "1e999", "%"],
    ]
)


@fuzz_settings(300)
@given(st.text(max_size=400))
def test_random_text_only_ever_fails_with_import_failed(text: str) -> None:
    import_or_fail(import_csv, text)


@fuzz_settings(300)
@given(st.lists(BITS | st.text(max_size=8), max_size=40).map(lambda bits: HEADER + "".join(bits)))
def test_random_rows(text: str) -> None:
    import_or_fail(import_csv, text)


@fuzz_settings(300, slow=True)
@given(mutated(SEEDS, BITS))
def test_mutated_files_only_ever_fail_with_import_failed(text: str) -> None:
    import_or_fail(import_csv, text)
