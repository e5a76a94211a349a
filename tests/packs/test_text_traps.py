"""YAML traps in the texts students see: a ` #` that cuts a text short, an apostrophe that
ends a single-quoted text (issue 19, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from tests.packs.helpers import check, with_questions


def comment_warnings(checked):
    return [p for p in checked.problems if p.code == "comment-in-text"]


def test_a_comment_after_a_plain_prompt_is_a_located_warning(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
            - id: mayor
              type: choice
              prompt: Which #1 priority did the mayor name?
              choices: [Roads, Parks]
              answer: Roads
              explanation: Roads came first.
            """),
    )
    assert checked.pack is not None and checked.pack.questions[0].prompt == "Which"
    (problem,) = comment_warnings(checked)
    # Line 8 of the file; the `#` is at column 19 of `    prompt: Which #1...`.
    assert (problem.line, problem.column, problem.severity) == (8, 19, "warning")
    assert problem.message == (
        "the text of 'prompt' stops at '#': YAML reads ' #1 priority did the mayor name?' as"
        ' a comment; put the whole text in quotes: prompt: "Which #1 priority did the mayor'
        ' name?"'
    )
    assert problem.question == "mayor"


def test_comments_in_options_items_pairs_and_explanations_are_found(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
            - id: q1
              type: choice
              prompt: Where?
              choices:
                - text: Brussels # the seat
                  correct: true
                  feedback: Right # well done
                - text: Paris
              explanation: It is "the capital" # of Europe
            - id: q2
              type: order
              prompt: Order them.
              items:
                - First # one
                - Second
              explanation: Dates.
            - id: q3
              type: match
              prompt: Match them.
              pairs:
                - {left: A, right: B}
                - left: C # see
                  right: D
              explanation: Pairs.
            """),
    )
    found = [(p.line, p.message.split(" stops")[0]) for p in comment_warnings(checked)]
    assert found == [
        (10, "the text of 'choices[0].text'"),
        (12, "the text of 'choices[0].feedback'"),
        (14, "the text of 'explanation'"),
        (19, "the text of 'items[0]'"),
        (27, "the text of 'pairs[1].left'"),
    ]
    assert 'put the whole text in quotes: - "First # one"' in comment_warnings(checked)[3].message


def test_comments_on_structural_lines_and_after_quoted_texts_are_not_warned(
    tmp_path: Path,
) -> None:
    checked = check(
        tmp_path,
        """\
        # A pack for the test
        format: civic-quiz/1  # the format
        id: test-pack  # unique
        title: "Test # pack"  # quoted: fine
        as_of: 2016-11-13
        questions:
          # --- first section ---
          - id: q1  # unique
            type: choice  # one correct
            points: 100 # the default
            prompt: "Which #1 priority?"  # quoted, so whole
            choices:
              - text: 'Roads' # quoted
                correct: true # this one
              - text: Parks
            explanation: Roads came first.
          - id: q2
            type: numeric
            prompt: How many members?
            answer: 28 # in 2016
            explanation: Twenty-eight.
          - id: q3
            type: truefalse
            prompt: "NATO has a self-defense clause."
            answer: true # Article 5
            explanation: Article 5.
        """,
    )
    assert comment_warnings(checked) == []
    assert checked.ok


def test_strict_turns_a_cut_text_into_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        with_questions("""\
            - id: q1
              type: text
              prompt: What is NATO's #1 rule?
              answer: Article 5
              explanation: Collective defence.
            """),
        encoding="utf-8",
    )
    assert main(["validate", str(pack)]) == 0
    assert main(["validate", "--strict", str(pack)]) == 1
    out = capsys.readouterr().out
    assert f"{pack}:8:28: error: the text of 'prompt' stops at '#'" in out


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("'Europe's partners'", 'prompt: "Europe\'s partners"'),
        ("'l'OTAN'", 'prompt: "l\'OTAN"'),
    ],
)
def test_an_apostrophe_in_a_single_quoted_text_says_how_to_quote(
    tmp_path: Path, value: str, suggestion: str
) -> None:
    checked = check(
        tmp_path,
        with_questions(f"""\
            - id: q1
              type: text
              prompt: {value}
              answer: Europe
            """),
    )
    (problem,) = checked.problems
    assert problem.code == "apostrophe-in-quotes"
    # The apostrophe is the second ' on line 8 (after `    prompt: 'Europe` or `'l`).
    assert (problem.line, problem.column) == (8, 8 + value.index("'", 1) + 5)
    assert "indentation" not in problem.message
    assert "write an apostrophe inside single quotes as two ('')" in problem.message
    assert "double quotes" in problem.message
    assert problem.message.endswith(suggestion)


def test_an_apostrophe_in_a_single_quoted_list_item_is_explained_too(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        with_questions("""\
            - id: q1
              type: order
              prompt: Order them.
              items:
                - 'Europe's partners'
                - Second
            """),
    )
    (problem,) = checked.problems
    assert (problem.code, problem.line) == ("apostrophe-in-quotes", 10)
    assert problem.message.endswith(': - "Europe\'s partners"')


def test_other_syntax_errors_keep_their_hints(tmp_path: Path) -> None:
    checked = check(tmp_path, with_questions("- id: q1\n  prompt: 'fine'\n bad: x\n"))
    (problem,) = checked.problems
    assert problem.code == "yaml-syntax"
