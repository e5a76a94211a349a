"""The loader and validator: every problem a teacher can make gets a located message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from game.kinds.choice import ChoiceQuestion
from game.kinds.text import TextQuestion
from game.packs.loader import check_pack_text, load_pack, validate_pack_data
from game.packs.model import format_as_of
from game.packs.problems import PackError
from tests.packs.helpers import check, codes, with_questions

GOOD_CHOICE = """\
- id: q1
  type: choice
  prompt: Where was the summit?
  choices: [Brussels, Paris]
  answer: Brussels
  explanation: It was in Brussels.
"""


def only(checked, code):
    found = [p for p in checked.problems if p.code == code]
    assert found, f"no {code!r} in {[p.format() for p in checked.problems]}"
    return found


def test_a_good_pack_loads_without_problems(tmp_path: Path) -> None:
    checked = check(tmp_path, with_questions(GOOD_CHOICE))
    assert codes(checked) == ["unsourced"]  # no source, no quote: only marked as such
    assert checked.ok
    question = checked.pack.questions[0]
    assert isinstance(question, ChoiceQuestion)
    assert question.correct_texts() == ["Brussels"]


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    checked = check(tmp_path, with_questions(GOOD_CHOICE) + "  - id: [unclosed\n")
    (problem,) = checked.problems
    assert problem.code == "yaml-syntax"
    assert problem.line >= 12
    assert "YAML syntax error" in problem.message
    assert checked.pack is None


def test_unknown_key_points_at_the_key_and_suggests(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE.replace("  explanation:", "  explantion:"))
    (problem,) = only(check(tmp_path, text), "unknown-key")
    assert (problem.line, problem.column) == (11, 5)
    assert "did you mean 'explanation'" in problem.message
    assert problem.question == "q1"


def test_unknown_top_level_key_suggests_questions(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE).replace("questions:", "questoins: []\nquestions:")
    problem = only(check(tmp_path, text), "unknown-key")[0]
    assert "did you mean 'questions'" in problem.message
    assert problem.question is None


def test_unknown_key_inside_an_option(tmp_path: Path) -> None:
    text = with_questions("""\
        - id: q1
          type: choice
          prompt: p
          choices:
            - text: a
              corect: true
            - b
          explanation: e
        """)
    problem = only(check(tmp_path, text), "unknown-key")[0]
    assert "did you mean 'correct'" in problem.message
    assert (problem.line, problem.column) == (11, 9)


def test_missing_required_fields(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        "format: civic-quiz/1\nid: x\nquestions:\n  - id: q1\n"
        "    type: truefalse\n    answer: true\n    explanation: e\n",
    )
    messages = [p.message for p in only(checked, "missing-key")]
    assert "missing required key 'title'" in messages
    assert "missing required key 'prompt'" in messages
    prompt = next(p for p in checked.problems if "'prompt'" in p.message)
    assert (prompt.line, prompt.question) == (4, "q1")


def test_missing_questions_and_type(tmp_path: Path) -> None:
    checked = check(tmp_path, "format: civic-quiz/1\nid: x\ntitle: t\n")
    assert "missing required key 'questions'" in only(checked, "missing-key")[0].message
    checked = check(tmp_path, with_questions("- id: q1\n  prompt: p\n"))
    assert "'type'" in only(checked, "missing-key")[0].message


def test_empty_questions_list(tmp_path: Path) -> None:
    checked = check(tmp_path, "format: civic-quiz/1\nid: x\ntitle: t\nquestions: []\n")
    assert only(checked, "wrong-type")[0].line == 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  points: lots", "'points' should be a whole number, not 'lots'"),
        ("  choices: Brussels", "'choices' should be a list"),
        ("  prompt: [a, b]", "'prompt' should be text"),
        ("  shuffle: sometimes", "'shuffle' should be true or false"),
        ("  as_of: last week", "'as_of' should be a date"),
        ("  difficulty: impossible", "'difficulty' should be 'easy', 'medium' or 'hard'"),
    ],
)
def test_wrong_types_are_located_at_the_value(tmp_path: Path, line: str, expected: str) -> None:
    key = line.split(":")[0].strip()
    base = GOOD_CHOICE
    if f"  {key}:" in base:
        base = "\n".join(line if ln.startswith(f"  {key}:") else ln for ln in base.splitlines())
    else:
        base = base + line + "\n"
    checked = check(tmp_path, with_questions(base))
    assert checked.pack is None
    problem = next(p for p in checked.errors if p.code in ("wrong-type", "wrong-value"))
    assert expected in problem.message
    text_line = with_questions(base).splitlines()[problem.line - 1]
    assert text_line.strip().startswith(f"{key}:") or text_line.strip().startswith("- ")


def test_wrong_format_and_pack_id(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE).replace("civic-quiz/1", "civic-quiz/2")
    text = text.replace("id: test-pack", "id: Test Pack")
    checked = check(tmp_path, text)
    messages = " | ".join(p.message for p in checked.errors)
    assert "'format' should be 'civic-quiz/1', not 'civic-quiz/2'" in messages
    assert "'id' should be lowercase letters" in messages
    assert [p.line for p in checked.errors] == [1, 2]


def test_duplicate_keys_anywhere_name_both_lines(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE + "  explanation: again\n")
    (problem,) = only(check(tmp_path, text), "duplicate-key")
    assert problem.line == 12
    assert "line 11" in problem.message
    text = "title: a\n" + with_questions(GOOD_CHOICE)
    (problem,) = only(check(tmp_path, text), "duplicate-key")
    assert (problem.line, problem.column) == (4, 1)
    assert "line 1" in problem.message


def test_duplicate_question_ids(tmp_path: Path) -> None:
    checked = check(tmp_path, with_questions(GOOD_CHOICE + GOOD_CHOICE))
    (problem,) = only(checked, "duplicate-id")
    assert (problem.line, problem.column) == (12, 9)
    assert "line 6" in problem.message


def test_choice_needs_exactly_one_correct_option(tmp_path: Path) -> None:
    none = GOOD_CHOICE.replace("  answer: Brussels\n", "")
    (problem,) = only(check(tmp_path, with_questions(none)), "no-correct-option")
    assert problem.line == 9
    two = none.replace(
        "choices: [Brussels, Paris]",
        "choices:\n    - {text: Brussels, correct: true}\n    - {text: Paris, correct: true}",
    )
    (problem,) = only(check(tmp_path, with_questions(two)), "several-correct-options")
    assert "'Brussels', 'Paris'" in problem.message
    both = GOOD_CHOICE.replace(
        "choices: [Brussels, Paris]", "choices:\n    - Brussels\n    - {text: Paris, correct: true}"
    )
    only(check(tmp_path, with_questions(both)), "several-correct-options")


def test_answer_that_names_no_choice(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE.replace("answer: Brussels", "answer: Brussel"))
    checked = check(tmp_path, text)
    (problem,) = checked.errors
    assert problem.code == "answer-not-a-choice"
    assert (problem.line, problem.column) == (10, 13)
    assert "did you mean 'Brussels'" in problem.message


def test_multi_answer_naming_no_choice_points_at_the_item(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
        - id: m
          type: multi
          prompt: p
          choices: [a, b, c]
          answer: [a, d]
          explanation: e
        """),
    )
    (problem,) = checked.errors
    assert (problem.code, problem.line, problem.column) == ("answer-not-a-choice", 10, 17)


def test_match_with_repeated_sides(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
        - id: m
          type: match
          prompt: p
          pairs:
            - {left: NATO, right: Brussels}
            - {left: EU, right: Brussels}
            - {left: NATO, right: Geneva}
          explanation: e
        """),
    )
    problems = only(checked, "repeated-side")
    assert [(p.line, p.column) for p in problems] == [(11, 27), (12, 16)]
    assert [p.message.split()[1] for p in problems] == ["right", "left"]


def test_empty_order(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("- id: o\n  type: order\n  prompt: p\n  items: []\n  explanation: e\n"),
    )
    (problem,) = checked.errors
    assert (problem.code, problem.line) == ("too-few-items", 9)


def test_numeric_range_with_min_above_max(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions(
            "- id: n\n  type: numeric\n  prompt: p\n  range: [5, 1]\n  explanation: e\n"
        ),
    )
    (problem,) = checked.errors
    assert (problem.code, problem.line, problem.column) == ("range-reversed", 9, 12)
    assert "[1, 5]" in problem.message


def test_numeric_needs_answer_or_range(tmp_path: Path) -> None:
    checked = check(
        tmp_path, with_questions("- id: n\n  type: numeric\n  prompt: p\n  explanation: e\n")
    )
    assert codes(checked) == ["missing-key", "unsourced"]


def test_unknown_question_type_suggests(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE.replace("type: choice", "type: choise"))
    (problem,) = check(tmp_path, text).errors
    assert (problem.code, problem.line, problem.column) == ("unknown-type", 7, 11)
    assert "did you mean 'choice'" in problem.message


def test_one_bad_question_does_not_hide_the_others(tmp_path: Path) -> None:
    bad = GOOD_CHOICE.replace("  answer: Brussels\n", "  points: 0\n")
    other = GOOD_CHOICE.replace("id: q1", "id: q2").replace("answer: Brussels", "answer: Rome")
    checked = check(tmp_path, with_questions(bad + other))
    assert [p.question for p in checked.errors] == ["q1", "q2"]


def test_warnings_for_missing_explanation_and_quote(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Brussels hosted the summit.", encoding="utf-8")
    text = with_questions(GOOD_CHOICE.replace("  explanation: It was in Brussels.\n", ""))
    text = text.replace("questions:", "source:\n  file: article.txt\nquestions:")
    checked = check(tmp_path, text)
    assert checked.ok
    assert sorted(codes(checked)) == ["no-explanation", "no-quote"]
    assert all(p.severity == "warning" for p in checked.problems)


def test_source_file_that_does_not_exist(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE).replace(
        "questions:", "source:\n  file: sources/gone.txt\nquestions:"
    )
    (problem,) = check(tmp_path, text).errors
    assert (problem.code, problem.line, problem.column) == ("source-missing", 6, 9)


def test_grounding_check_shows_the_closest_passage(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(
        "The secretary-general wrote in \u201cThe Observer\u201d newspaper that this was\n"
        "\u201cno time to question the value of the partnership\u201d between countries.",
        encoding="utf-8",
    )
    header = "source:\n  file: article.txt\nquestions:"
    good = GOOD_CHOICE + "  quote: 'wrote in \"The Observer\"   newspaper'\n"
    assert check(tmp_path, with_questions(good).replace("questions:", header)).ok
    bad = GOOD_CHOICE + "  quote: no time to question the worth of the partnership\n"
    checked = check(tmp_path, with_questions(bad).replace("questions:", header))
    (problem,) = checked.errors
    assert (problem.code, problem.line) == ("quote-not-in-source", 14)
    assert '"no time to question the value of the partnership' in problem.message


def test_text_fields_are_taken_as_written(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
        - id: t
          type: text
          prompt: 2016
          answer: no
          explanation: 2.0
          tags: [yes, 1949, 2016-11-13, ~x]
        - id: c
          type: choice
          prompt: When?
          choices: [1949, 2016, on]
          answer: 1949
          explanation: e
        """),
    )
    assert checked.ok, [p.format() for p in checked.problems]
    text, choice = checked.pack.questions
    assert isinstance(text, TextQuestion)
    assert (text.prompt, text.answer, text.explanation) == ("2016", ["no"], "2.0")
    assert text.tags == ["yes", "1949", "2016-11-13", "~x"]
    assert [c.text for c in choice.choices] == ["1949", "2016", "on"]
    assert choice.correct_texts() == ["1949"]


def test_typed_fields_are_converted(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
        - id: tf
          type: truefalse
          prompt: p
          answer: no
          explanation: e
        - id: n
          type: numeric
          prompt: p
          answer: 2.0
          tolerance: 0
          explanation: e
        """).replace("as_of: 2016-11-13", "source:\n  published: 2016-11-13"),
    )
    assert checked.ok
    truefalse, numeric = checked.pack.questions
    assert truefalse.answer is False
    assert numeric.answer == 2.0
    assert checked.pack.source.published == dt.date(2016, 11, 13)


def test_markup_in_text_comes_back_unchanged(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
        - id: m
          type: text
          prompt: "[bold]Who[/bold] clicks [@click=app.quit]here[/]?"
          answer: "[red]NATO"
          explanation: "<b>not html</b> \\\\e is not an escape here"
        """),
    )
    assert checked.ok
    question = checked.pack.questions[0]
    assert question.prompt == "[bold]Who[/bold] clicks [@click=app.quit]here[/]?"
    assert question.answer == ["[red]NATO"]
    assert question.explanation == "<b>not html</b> \\e is not an escape here"


def test_as_of_falls_back_from_question_to_pack_to_source(tmp_path: Path) -> None:
    text = """\
        format: civic-quiz/1
        id: dates
        title: Dates
        source:
          published: 2016-11-13
        questions:
          - {id: a, type: truefalse, prompt: p, answer: true, explanation: e, as_of: 2020-01-02}
          - {id: b, type: truefalse, prompt: p, answer: true, explanation: e}
        """
    pack = check(tmp_path, text).pack
    assert [pack.as_of_for(q) for q in pack.questions] == [
        dt.date(2020, 1, 2),
        dt.date(2016, 11, 13),
    ]
    pack = check(tmp_path, text.replace("source:", "as_of: 2018-05-06\n        source:")).pack
    assert pack.as_of_for(pack.questions[1]) == dt.date(2018, 5, 6)
    assert format_as_of(dt.date(2016, 11, 13)) == "as of 13 November 2016"


def test_no_date_at_all_is_one_warning(tmp_path: Path) -> None:
    other = GOOD_CHOICE.replace("q1", "q2").replace("Brussels", "Rome")
    text = with_questions(GOOD_CHOICE + other)
    checked = check(tmp_path, text.replace("as_of: 2016-11-13\n", ""))
    (problem,) = [p for p in checked.problems if p.code != "unsourced"]
    assert (problem.code, problem.severity) == ("no-date", "warning")
    assert "q1, q2" in problem.message


def test_defaults_apply_to_questions(tmp_path: Path) -> None:
    text = with_questions(GOOD_CHOICE + GOOD_CHOICE.replace("q1", "q2") + "  points: 5\n")
    pack = check(tmp_path, text.replace("questions:", "defaults:\n  points: 50\nquestions:")).pack
    assert [pack.points_for(q) for q in pack.questions] == [50, 5]
    assert pack.time_limit_for(pack.questions[0]) == 30


def test_load_pack_raises_pack_error_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        with_questions(
            GOOD_CHOICE.replace("answer: Brussels", "answer: X")
            + GOOD_CHOICE.replace("q1", "q2")
            + "  bogus: 1\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert sorted(p.code for p in caught.value.problems) == ["answer-not-a-choice", "unknown-key"]
    assert str(path) in str(caught.value)


def test_in_memory_data_is_checked_too() -> None:
    checked = validate_pack_data(
        {
            "format": "civic-quiz/1",
            "id": "x",
            "title": "t",
            "questions": [
                {"id": "a", "type": "text", "prompt": "p", "answer": "b", "explanation": "e"},
                {"id": "a", "type": "order", "prompt": "p", "items": ["x"]},
            ],
        }
    )
    assert {p.code for p in checked.errors} == {"duplicate-id", "too-few-items"}


def test_check_pack_text_without_a_file() -> None:
    checked = check_pack_text(with_questions(GOOD_CHOICE), display="memory.yaml")
    assert checked.ok and checked.display == "memory.yaml"


def test_a_question_without_quote_in_a_pack_without_source_is_unsourced(
    tmp_path: Path,
) -> None:
    """Packs from GIFT, Aiken, CSV or Open Trivia DB have no source: each question without
    a quote is 'unsourced', a warning located at the question, until a quote is given."""
    checked = check(tmp_path, with_questions(GOOD_CHOICE))
    assert checked.ok
    unsourced = [p for p in checked.problems if p.code == "unsourced"]
    assert [(p.question, p.severity) for p in unsourced] == [("q1", "warning")]
    assert unsourced[0].line == with_questions(GOOD_CHOICE).splitlines().index("  - id: q1") + 1
    assert checked.pack is not None and checked.pack.unsourced_count == 1
    # --strict needs a quote only where a source is given: this one stays a warning.
    assert unsourced[0].as_error().severity == "warning"
    quoted = GOOD_CHOICE.replace("  explanation:", "  quote: Brussels hosted it\n  explanation:")
    checked = check(tmp_path, with_questions(quoted))
    assert "unsourced" not in codes(checked)
    assert checked.pack is not None and checked.pack.unsourced_count == 0
