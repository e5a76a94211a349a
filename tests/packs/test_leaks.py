"""The leak check: a question's prompt, options or hint must not give another one's answer."""

from __future__ import annotations

import re
import string
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.kinds import kind_of
from game.packs.leaks import COMMON_WORDS, find_leaks, gives_away, leak_form, telling
from game.packs.loader import CheckedPack, check_pack_file, validate_pack_data
from tests.fuzzing import fuzz_settings
from tests.packs.helpers import HEADER

SUMMIT = """\
- id: summit-city
  type: text
  prompt: In which city did the allies meet in 2016?
  answer: Warsaw
  explanation: e
- id: summit-details
  type: choice
  prompt: What did the allies decide at the Warsaw summit?
  choices: [More troops, Fewer troops]
  answer: More troops
  explanation: e
"""


def check(tmp_path: Path, questions: str) -> CheckedPack:
    path = tmp_path / "pack.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(questions), "  "), "utf-8")
    return check_pack_file(path, display="pack.yaml")


def leaks(checked: CheckedPack) -> list[str]:
    return [p.format() for p in checked.problems if p.code == "answer-leak"]


def test_a_prompt_holding_another_answer_is_a_located_warning(tmp_path: Path) -> None:
    checked = check(tmp_path, SUMMIT)
    (problem,) = [p for p in checked.problems if p.code != "unsourced"]  # no source given
    assert (problem.code, problem.severity, problem.question) == (
        "answer-leak",
        "warning",
        "summit-details",
    )
    assert problem.format() == (
        "pack.yaml:13:13: warning: the prompt of 'summit-details' gives away the answer of"
        " 'summit-city' (\"Warsaw\", line 9) [question summit-details]"
    )
    assert checked.ok  # a warning: the pack still plays


@pytest.mark.parametrize(
    ("field", "shown", "named"),
    [
        ("hint", "hint: Think of Warsaw.", "the hint"),
        ("option", "choices: [Warsaw, Madrid]\n  answer: Madrid", "option 1"),
    ],
)
def test_hints_and_options_give_answers_away_too(
    tmp_path: Path, field: str, shown: str, named: str
) -> None:
    questions = SUMMIT.replace("at the Warsaw summit", "at the summit").replace(
        "  choices: [More troops, Fewer troops]\n  answer: More troops", f"  {shown}"
    )
    if field == "hint":
        questions = questions.replace(f"  {shown}", "  choices: [A b c, D e f]\n  answer: A b c")
        questions += f"  {shown}\n"
    (found,) = leaks(check(tmp_path, questions))
    assert f"{named} of 'summit-details' gives away the answer of 'summit-city'" in found


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        ("9/11", "What happened after the attacks of 9/11?"),
        ("9/11", "After the 9-11 attacks, what did NATO do?"),
        ("1949", "Which countries signed in 1949?"),
        ("2 percent", "Is the 2 PERCENT target binding?"),
        ("Donald Trump", "What did donald   trump promise?"),
        ("Europe's allies", "Who are Europe\u2019s allies, and why?"),
        ("Jens Stoltenberg", "Why did \u201cJens Stoltenberg\u201d write?"),
    ],
)
def test_normalised_case_punctuation_typography_and_spaces(answer: str, prompt: str) -> None:
    assert gives_away(prompt, answer)


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        ("Europe", "Which European countries joined?"),
        ("2", "What happened in 2016?"),
        ("Paris", "Who wrote Parisian Nights?"),
        ("9/11", "What happened on 9/12?"),
    ],
)
def test_only_whole_words_match(answer: str, prompt: str) -> None:
    assert not gives_away(prompt, answer)


@pytest.mark.parametrize(
    "answer", ["None of the above", "Both", "EU", "USA", "yes", "All of them", "  "]
)
def test_common_words_and_short_words_are_not_looked_for(answer: str) -> None:
    assert not telling(answer)


@pytest.mark.parametrize("answer", ["NATO", "9/11", "5", "Obama", "EU summit"])
def test_numbers_and_longer_words_are_looked_for(answer: str) -> None:
    assert telling(answer)


def test_an_answer_in_its_own_question_is_no_leak(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
- id: q
  type: choice
  prompt: Was the summit in Warsaw or in Madrid?
  choices: [Warsaw, Madrid]
  answer: Warsaw
  hint: Warsaw is in Poland.
  explanation: e
""",
    )
    assert [p for p in checked.problems if p.code != "unsourced"] == []


def test_common_word_answers_in_other_questions_are_no_leak(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
- id: a
  type: choice
  prompt: Which of these joined in 1955?
  choices: [Both, Neither]
  answer: Both
  explanation: e
- id: b
  type: text
  prompt: Name both allies that the EU has with the USA.
  answer: EU
  explanation: e
- id: c
  type: truefalse
  prompt: Is it true that both the EU and the USA signed?
  answer: true
  explanation: e
""",
    )
    assert leaks(checked) == []


def test_a_numeric_answer_leaks_as_a_number(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
- id: target
  type: numeric
  prompt: What share of GDP is the target?
  answer: 2
  unit: percent
  explanation: e
- id: binding
  type: truefalse
  prompt: Is the 2% target binding?
  answer: false
  explanation: e
""",
    )
    (found,) = leaks(checked)
    assert "the prompt of 'binding' gives away the answer of 'target' (\"2\", line 9)" in found


def test_order_match_and_truefalse_answers_are_not_texts_to_look_for(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
- id: order
  type: order
  prompt: Put them in order.
  items: [Greece joined, Spain joined]
  explanation: e
- id: match
  type: match
  prompt: Match them.
  pairs:
    - {left: Greece joined, right: Spain joined}
    - {left: Poland joined, right: Latvia joined}
  explanation: e
- id: tf
  type: truefalse
  prompt: True or false?
  answer: false
  explanation: e
""",
    )
    assert leaks(checked) == []
    pack = checked.pack
    assert pack is not None
    assert [kind_of(q).answer_texts(q) for q in pack.questions] == [[], [], []]
    match = pack.questions[1]
    assert (("pairs", 1, "right"), "Latvia joined") in kind_of(match).shown_texts(match)


def test_a_match_side_gives_a_text_answer_away(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        SUMMIT.split("- id: summit-details")[0]
        + """\
- id: seats
  type: match
  prompt: Match each summit with its year.
  pairs:
    - {left: Warsaw, right: "2016"}
    - {left: Brussels, right: "2018"}
  explanation: e
""",
    )
    (found,) = leaks(checked)
    assert "pair 1 of 'seats' gives away the answer of 'summit-city'" in found


def test_claim_who_answers_leak_and_claim_categories_do_not() -> None:
    data = {
        "format": "civic-quiz/1",
        "id": "p",
        "title": "P",
        "questions": [
            {
                "id": "who",
                "type": "claim",
                "ask": "who",
                "statement": "Going it alone is not an option.",
                "choices": ["Jens Stoltenberg", "Donald Trump"],
                "answer": "Jens Stoltenberg",
            },
            {
                "id": "kind",
                "type": "claim",
                "statement": "Jens Stoltenberg wrote that it is a fact.",
                "answer": "fact",
            },
            {
                "id": "other",
                "type": "claim",
                "statement": "A second statement of fact.",
                "answer": "fact",
            },
        ],
    }
    checked = validate_pack_data(data)
    found = [p.message for p in checked.problems if p.code == "answer-leak"]
    assert found == [
        "the statement of 'kind' gives away the answer of 'who' (\"Jens Stoltenberg\", line 1)"
    ]


def test_an_evidence_answer_quoted_by_another_question_leaks() -> None:
    sentence = "Going it alone is not an option, for Europe or for the United States."
    data = {
        "format": "civic-quiz/1",
        "id": "p",
        "title": "P",
        "questions": [
            {
                "id": "evidence",
                "type": "evidence",
                "claim": "Neither side can do without the other.",
                "answer": sentence,
                "choices": ["Another sentence of the article."],
            },
            {"id": "claim", "type": "claim", "statement": sentence, "answer": "opinion"},
        ],
    }
    found = [p.message for p in validate_pack_data(data).problems if p.code == "answer-leak"]
    assert found == [
        "the statement of 'claim' gives away the answer of 'evidence'"
        f' ("{sentence[:59]}\u2026", line 1)'
    ]


def test_each_pair_of_questions_warns_once_at_its_first_text(tmp_path: Path) -> None:
    questions = SUMMIT.replace(
        "  explanation: e\n", "  hint: Not Warsaw, but think of it.\n  explanation: e\n"
    ).replace("[More troops, Fewer troops]", "[Warsaw troops, Fewer troops]")
    found = leaks(check(tmp_path, questions))
    assert len(found) == 1 and "the prompt of 'summit-details'" in found[0]


def test_leaks_are_bounded() -> None:
    questions = [
        {"id": f"q{i}", "type": "text", "prompt": "Name the city of Warsaw.", "answer": "Warsaw"}
        for i in range(30)
    ]
    data = {"format": "civic-quiz/1", "id": "p", "title": "P", "questions": questions}
    pack = validate_pack_data(data).pack
    assert pack is not None
    assert len(find_leaks(pack.questions, limit=50)) == 50
    assert len(find_leaks(pack.questions, limit=1000)) == 30 * 29


def test_validate_warns_and_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from game.cli import main

    path = tmp_path / "pack.yaml"
    path.write_text(HEADER + textwrap.indent(SUMMIT, "  "), "utf-8")
    assert main(["validate", str(path)]) == 0
    assert "warning: the prompt of 'summit-details' gives away" in capsys.readouterr().out
    assert main(["validate", "--strict", str(path)]) == 1
    assert "error: the prompt of 'summit-details' gives away" in capsys.readouterr().out


# -- properties --------------------------------------------------------------------------------

WORD = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
GLUE = st.sampled_from([" ", "  ", ", ", " (", ") ", ": ", " \u201c", "\u201d ", "\n", " - "])


@fuzz_settings(200)
@given(
    answer=st.lists(WORD, min_size=1, max_size=4),
    before=st.lists(WORD, max_size=4),
    after=st.lists(WORD, max_size=4),
    glue=st.lists(GLUE, min_size=3, max_size=3),
    upper=st.booleans(),
)
def test_an_answer_embedded_between_any_words_is_found(
    answer: list[str], before: list[str], after: list[str], glue: list[str], upper: bool
) -> None:
    text = " ".join(answer)
    shown = " ".join(before) + glue[0] + glue[1].join(answer) + glue[2] + " ".join(after)
    assert gives_away(shown.upper() if upper else shown, text)


@fuzz_settings(200)
@given(
    answer=st.lists(st.sampled_from(sorted(COMMON_WORDS)), min_size=1, max_size=4),
    shown=st.text(max_size=40),
)
def test_answers_of_common_words_are_never_looked_for(answer: list[str], shown: str) -> None:
    text = " ".join(answer)
    assert not telling(text)
    questions = [
        {"id": "a", "type": "text", "prompt": "p", "answer": text},
        {"id": "b", "type": "text", "prompt": f"{text} {shown}".strip(), "answer": "zzzz"},
    ]
    data = {"format": "civic-quiz/1", "id": "p", "title": "P", "questions": questions}
    pack = validate_pack_data(data).pack
    assert pack is not None
    assert [leak.of for leak in find_leaks(pack.questions, limit=10)] in ([], [1])


@fuzz_settings(200)
@given(st.text(max_size=60))
def test_leak_form_is_stable_and_has_no_punctuation(text: str) -> None:
    form = leak_form(text)
    assert leak_form(form) == form
    assert "  " not in form and form == form.strip()
    # A decimal point is kept between digits (`3.5`), no other punctuation.
    assert all(c.isalnum() or c == " " for c in re.sub(r"(?<=\d)\.(?=\d)", "", form))


# -- what a question shows after it is answered (issue 19, item 7) -----------------------------

CITY = """\
- id: summit-city
  type: text
  prompt: In which city did the allies meet in 2016?
  answer: Warsaw
  explanation: e
"""


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ("  explanation: The allies met in Warsaw.\n", "the explanation"),
        ("  explanation: e\n  quote: They met in Warsaw that July.\n", "the quote"),
        (
            "  frame: claim\n  explanation: e\n  correction:\n    text: It was Warsaw.\n"
            "    quote: q\n",
            "the correction",
        ),
        (
            "  frame: claim\n  explanation: e\n  correction:\n    text: t\n"
            "    quote: the Warsaw summit\n",
            "the correction's quote",
        ),
        (
            "  explanation: e\n  updates:\n    - date: 2017-01-01\n      text: t\n"
            "      quote: q\n    - date: 2018-01-01\n      text: After Warsaw came Brussels.\n"
            "      quote: q\n",
            "update 2",
        ),
        (
            "  explanation: e\n  updates:\n    - date: 2017-01-01\n      text: t\n"
            "      quote: the Warsaw summit\n",
            "the quote of update 1",
        ),
    ],
)
def test_what_a_question_shows_after_its_answer_leaks_too(
    tmp_path: Path, fields: str, named: str
) -> None:
    questions = (
        CITY
        + "- id: troops\n  type: choice\n  prompt: What did the allies decide?\n"
        + "  choices: [More troops, Fewer troops]\n  answer: More troops\n"
        + fields
    )
    checked = check(tmp_path, questions)
    (found,) = leaks(checked)
    assert f"{named} of 'troops' gives away the answer of 'summit-city'" in found
    assert found.startswith("pack.yaml:")  # located at the question's own line
    assert '("Warsaw", line 9)' in found


def test_an_option_feedback_leaks(tmp_path: Path) -> None:
    questions = CITY + (
        "- id: troops\n  type: choice\n  prompt: What did the allies decide?\n"
        "  choices:\n    - More troops\n    - text: Fewer troops\n"
        "      feedback: No, at Warsaw they sent more.\n"
        "  answer: More troops\n  explanation: e\n"
    )
    (found,) = leaks(check(tmp_path, questions))
    assert "the feedback of option 2 of 'troops' gives away the answer of 'summit-city'" in found


def test_the_nato_correction_2_percent_gives_the_target_away(tmp_path: Path) -> None:
    questions = """\
- id: spending-target
  type: numeric
  prompt: What was the spending target, as a percentage of GDP?
  answer: 2
  unit: percent
  explanation: e
- id: target-obligatory
  type: truefalse
  frame: claim
  prompt: The target is obligatory under the treaty.
  answer: false
  explanation: e
  correction:
    text: The 2% of GDP is a guideline agreed outside the treaty.
    quote: q
"""
    (found,) = leaks(check(tmp_path, questions))
    assert (
        "the correction of 'target-obligatory' gives away the answer of 'spending-target'"
        ' ("2", line 9)' in found
    )


def test_feedback_leaks_fail_under_strict(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from game.cli import main

    path = tmp_path / "pack.yaml"
    questions = CITY + "- id: b\n  type: truefalse\n  prompt: p\n  answer: true\n"
    questions += "  explanation: They met in Warsaw.\n"
    path.write_text(HEADER + textwrap.indent(questions, "  "), "utf-8")
    assert main(["validate", str(path)]) == 0
    assert "warning: the explanation of 'b' gives away" in capsys.readouterr().out
    assert main(["validate", "--strict", str(path)]) == 1
    assert "error: the explanation of 'b' gives away" in capsys.readouterr().out


@pytest.mark.parametrize(
    "explanation",
    [
        "The summit of 2016 was the second one in Poland.",  # 2 inside a year
        "Spending rose by 3.2 percent.",  # 2 inside a decimal
        "The treaty was signed on 2 April 1949.",  # 2 as a day of a date
        "The report is dated 2016-02-02.",
        "It met on February 2, 2016.",
        "It met on 2nd February 2016 and again on 1-2 June.",
        "The allies meet twice a year.",
        "Article 22 says so.",
        "A 12,500-strong force.",
    ],
)
def test_numbers_inside_dates_years_and_decimals_are_no_leak(
    tmp_path: Path, explanation: str
) -> None:
    questions = """\
- id: target
  type: numeric
  prompt: What share of GDP is the target?
  answer: 2
  unit: percent
  explanation: e
- id: other
  type: truefalse
  prompt: Is the target binding?
  answer: false
"""
    questions += f"  explanation: {explanation}\n"
    assert leaks(check(tmp_path, questions)) == []


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("2", "The allies aim at 2% of GDP."),
        ("2", "It is 2 percent."),
        ("3.5", "At least 3.5% goes to core defence."),
        ("1949", "The treaty was signed on 4 April 1949."),
        ("2016", "DW reported it on 2016-11-13."),
        ("12500", "A force of 12,500 troops."),
        ("12,500", "A force of 12500 troops."),
    ],
)
def test_numbers_given_as_numbers_are_found(answer: str, shown: str) -> None:
    assert gives_away(shown, answer)


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("3", "At least 3.5% goes to core defence."),
        ("5", "At least 3.5% goes to core defence."),
        ("1", "Since 1 October 2024 Mark Rutte leads NATO."),
        ("13", "DW reported it on 13 November 2016."),
        ("11", "DW reported it on 2016-11-13."),
        ("11", "After the 9/11 attacks."),
        ("13", "DW reported it on November 13, 2016."),
    ],
)
def test_numbers_inside_dates_and_decimals_are_not_found(answer: str, shown: str) -> None:
    assert not gives_away(shown, answer)


def test_common_and_short_answers_in_feedback_are_no_leak(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
- id: a
  type: choice
  prompt: Which of these joined in 1955?
  choices: [Both, Neither]
  answer: Both
  explanation: e
- id: b
  type: text
  prompt: Which union has 27 members?
  answer: EU
  explanation: e
- id: c
  type: truefalse
  prompt: Is it true?
  answer: true
  explanation: Both the EU and the USA signed; neither refused.
""",
    )
    assert leaks(checked) == []


def test_an_answer_in_its_own_feedback_is_no_leak(tmp_path: Path) -> None:
    questions = CITY.replace("explanation: e", "explanation: They met in Warsaw, Poland.")
    questions = questions.replace("  explanation:", "  quote: in Warsaw\n  explanation:")
    assert check(tmp_path, questions).problems == []


ARTICLE = (
    "The leaders met in Warsaw for two days of talks.\n"
    "NATO agreed to send four battalions to the east.\n"
    "The decision was taken unanimously by every ally present.\n"
)


def evidence_pack(tmp_path: Path, evidence: str) -> CheckedPack:
    (tmp_path / "article.txt").write_text(ARTICLE, "utf-8")
    header = HEADER.replace(
        "questions:\n", "source:\n  title: T\n  file: article.txt\nquestions:\n"
    )
    path = tmp_path / "pack.yaml"
    body = CITY.replace("explanation: e", "explanation: e\n  quote: two days of talks")
    path.write_text(header + textwrap.indent(body + evidence, "  "), "utf-8")
    return check_pack_file(path, display="pack.yaml")


def test_an_evidence_question_leaks_through_a_sentence_it_draws(tmp_path: Path) -> None:
    evidence = """\
- id: ev
  type: evidence
  claim: The allies agreed to send troops east.
  answer: NATO agreed to send four battalions to the east.
  distractors: 2
  explanation: e
"""
    (found,) = leaks(evidence_pack(tmp_path, evidence))
    assert "sentence 1 drawn from the source of 'ev' gives away the answer of" in found


def test_an_evidence_question_leaks_through_the_sentences_shown_around_it(
    tmp_path: Path,
) -> None:
    evidence = """\
- id: ev
  type: evidence
  claim: The allies agreed to send troops east.
  answer: NATO agreed to send four battalions to the east.
  choices: [The decision was taken unanimously by every ally present.]
  explanation: e
"""
    (found,) = leaks(evidence_pack(tmp_path, evidence))
    assert "the sentence before the answer (shown after it) of 'ev' gives away" in found


# -- a match pair that answers what another question asks ---------------------------------------

TREATY = """\
- id: treaty-parts
  type: match
  prompt: Match each part of the treaty to what it says.
  pairs:
    - {left: Article 4, right: The Parties consult together when threatened}
    - {left: Article 3, right: The Parties build up their ability to resist armed attack}
  explanation: e
- id: target-obligatory
  type: truefalse
  prompt: The spending target is obligatory under the treaty.
  answer: false
  hint: What does its Article 3 ask of the allies?
  explanation: >-
    Article 3 asks only that the allies keep up their ability to resist armed attack.
"""


def test_a_match_pair_that_answers_another_questions_hint(tmp_path: Path) -> None:
    (found,) = leaks(check(tmp_path, TREATY))
    assert (
        "pair 2 of 'treaty-parts' answers the hint of 'target-obligatory'"
        ' ("Article 3", line 17)' in found
    )
    assert found.startswith("pack.yaml:11:")  # the pair's line


def test_a_match_side_named_in_a_prompt_about_something_else_is_no_leak(
    tmp_path: Path,
) -> None:
    # The hint names Article 3, but the question is not about what the pair says of it.
    questions = TREATY.replace(
        "Article 3 asks only that the allies keep up their ability to resist armed attack.",
        "The treaty names no spending target at all.",
    )
    assert leaks(check(tmp_path, questions)) == []


# -- the check stays linear in practice (issue 19, item 8) --------------------------------------


def test_answers_of_rare_and_everywhere_words_are_compared_with_few_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from game.kinds.text import TextQuestion
    from game.packs import leaks

    # Each answer joins a word of its own to twenty words every prompt holds (in another
    # order: no leak). Intersecting the word lists cost a pass over each of the twenty
    # lists for each answer: quadratic (4 s at 6,000 questions). Only the texts that hold
    # the answer's rarest word are compared now: a count of comparisons, not a clock,
    # keeps it so (the time is benchmarks/bench_validate.py's).
    compared = 0
    holds = leaks._Text.holds

    def counting(self: leaks._Text, needle: str) -> bool:
        nonlocal compared
        compared += 1
        return holds(self, needle)

    monkeypatch.setattr(leaks._Text, "holds", counting)
    everywhere = [f"filler{k}" for k in range(20)]
    n = 2000
    questions = [
        TextQuestion(
            id=f"q{i}",
            type="text",
            prompt=f"Question {i} on zq{i} and {' '.join(everywhere)}?",
            answer=[f"{' '.join(reversed(everywhere))} zq{i}"],
            explanation="Generated so that the pack has text to read.",
        )
        for i in range(n)
    ]
    assert find_leaks(questions, limit=10) == []
    assert 0 < compared <= 2 * n  # each answer against the one or two texts of its word


def test_an_answer_the_pack_title_gives_is_not_looked_for() -> None:
    # Every player reads the title first: no one question gives its words away.
    questions = [
        {"id": "city", "type": "text", "prompt": "Where did they meet?", "answer": "Warsaw"},
        {"id": "b", "type": "truefalse", "prompt": "p", "answer": True, "explanation": "Warsaw"},
    ]
    data = {"format": "civic-quiz/1", "id": "p", "title": "P", "questions": questions}
    assert len(leaks_of(data)) == 1
    for key, value in [("title", "The Warsaw summit"), ("description", "On Warsaw, 2016.")]:
        assert leaks_of({**data, key: value}) == [], key


def leaks_of(data: dict[str, object]) -> list[str]:
    return [p.message for p in validate_pack_data(data).problems if p.code == "answer-leak"]


def test_each_of_several_quotes_is_checked_and_named_by_its_number(tmp_path: Path) -> None:
    checked = check(
        tmp_path,
        """\
        - id: summit-city
          type: text
          prompt: In which city did the allies meet in 2016?
          answer: Warsaw
          explanation: e
        - id: troops
          type: truefalse
          prompt: The allies decided to send more troops.
          answer: true
          explanation: e
          quote: [They agreed on more troops., The summit was held in Warsaw.]
        """,
    )
    leaks = [p for p in checked.problems if p.code == "answer-leak"]
    assert len(leaks) == 1, [p.format() for p in checked.problems]
    assert leaks[0].question == "troops"
    assert "quote 2 of 'troops' gives away the answer of 'summit-city'" in leaks[0].message
