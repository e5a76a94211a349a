"""The GIFT importer: Moodle's documented examples, a corpus of GIFT files, broken files, fuzz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.giftformat import html_to_text, read_text
from game.importers.base import ImportFailed, ImportResult, Skipped, build_pack, dump_pack
from game.importers.gift import BLANK, import_gift
from game.packs.loader import check_pack_text, validate_pack_data
from tests.fuzzing import fuzz_settings

DATA = Path(__file__).parent / "data"
CORPUS = sorted(DATA.glob("*.gift"))


def one(gift: str) -> dict[str, Any]:
    """The one question a GIFT text holds (failing if anything was skipped)."""
    result = import_gift(gift)
    assert len(result.questions) == 1 and not result.skipped, (result.questions, result.skipped)
    return result.questions[0]


def skipped(gift: str) -> Skipped:
    """Why the one question of a GIFT text was skipped."""
    result = import_gift(gift)
    assert not result.questions and len(result.skipped) == 1, (result.questions, result.skipped)
    return result.skipped[0]


def check_pack(result: ImportResult) -> None:
    """The imported questions make a valid pack, in memory and written as YAML."""
    data = build_pack(result, pack_id="imported", title="Imported")
    checked = validate_pack_data(data)
    assert not checked.errors, [p.format() for p in checked.errors]
    written = check_pack_text(dump_pack(data))
    assert not written.errors, [p.format() for p in written.errors]


# --- The examples of Moodle's GIFT documentation (docs.moodle.org/en/GIFT_format) -----------

DOC_EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    (
        "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
        {
            "type": "choice",
            "prompt": "Who's buried in Grant's tomb?",
            "choices": ["Grant", "Jefferson", "no one"],
            "answer": "no one",
        },
    ),
    (
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        {
            "type": "choice",
            "prompt": f"Grant is {BLANK} in Grant's tomb.",
            "choices": ["buried", "entombed", "living"],
            "answer": "entombed",
        },
    ),
    (
        "Mahatma Gandhi's birthday is an {~15th =2nd} of October.",
        {
            "type": "choice",
            "prompt": f"Mahatma Gandhi's birthday is an {BLANK} of October.",
            "choices": ["15th", "2nd"],
            "answer": "2nd",
        },
    ),
    (
        'Since {~495 AD =1066 AD ~1215 AD ~ 43 AD} the town of Hastings England has been "famous".',
        {
            "type": "choice",
            "prompt": f'Since {BLANK} the town of Hastings England has been "famous".',
            "choices": ["495 AD", "1066 AD", "1215 AD", "43 AD"],
            "answer": "1066 AD",
        },
    ),
    (
        "The American holiday of Thanksgiving is celebrated on the {\n    ~second\n    ~third\n"
        "    =fourth\n} Thursday of November.",
        {
            "type": "choice",
            "prompt": f"The American holiday of Thanksgiving is celebrated on the {BLANK}"
            " Thursday of November.",
            "choices": ["second", "third", "fourth"],
            "answer": "fourth",
        },
    ),
    (
        "Japanese characters originally came from what country? {\n    ~India\n    =China\n"
        "    ~Korea\n    ~Egypt}",
        {
            "type": "choice",
            "prompt": "Japanese characters originally came from what country?",
            "choices": ["India", "China", "Korea", "Egypt"],
            "answer": "China",
        },
    ),
    (
        "Who's buried in Grant's tomb?{=no one =nobody}",
        {"type": "text", "prompt": "Who's buried in Grant's tomb?", "answer": ["no one", "nobody"]},
    ),
    (
        "Two plus two equals {=four =4}.",
        {"type": "text", "prompt": f"Two plus two equals {BLANK}.", "answer": ["four", "4"]},
    ),
    (
        "Grant is buried in Grant's tomb.{F}",
        {"type": "truefalse", "prompt": "Grant is buried in Grant's tomb.", "answer": False},
    ),
    (
        "Grant is buried in Grant's tomb.{FALSE}",
        {"type": "truefalse", "prompt": "Grant is buried in Grant's tomb.", "answer": False},
    ),
    (
        "The sun rises in the east.{T}",
        {"type": "truefalse", "prompt": "The sun rises in the east.", "answer": True},
    ),
    (
        "The sun rises in the east.{TRUE}",
        {"type": "truefalse", "prompt": "The sun rises in the east.", "answer": True},
    ),
    (
        "Match the following countries with their corresponding capitals. {\n"
        "    =Canada -> Ottawa\n    =Italy  -> Rome\n    =Japan  -> Tokyo\n"
        "    =India  -> New Delhi\n    }",
        {
            "type": "match",
            "prompt": "Match the following countries with their corresponding capitals.",
            "pairs": [
                {"left": "Canada", "right": "Ottawa"},
                {"left": "Italy", "right": "Rome"},
                {"left": "Japan", "right": "Tokyo"},
                {"left": "India", "right": "New Delhi"},
            ],
        },
    ),
    (
        "Match the following countries with their corresponding\n"
        "capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}",
        {
            "type": "match",
            "prompt": "Match the following countries with their corresponding capitals.",
            "pairs": [
                {"left": "Canada", "right": "Ottawa"},
                {"left": "Italy", "right": "Rome"},
                {"left": "Japan", "right": "Tokyo"},
            ],
        },
    ),
    (
        "When was Ulysses S. Grant born? {#1822}",
        {"type": "numeric", "prompt": "When was Ulysses S. Grant born?", "answer": 1822},
    ),
    (
        "When was Ulysses S. Grant born?{#1822:5}",
        {
            "type": "numeric",
            "prompt": "When was Ulysses S. Grant born?",
            "answer": 1822,
            "tolerance": 5,
        },
    ),
    (
        "What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.",
        {
            "type": "numeric",
            "prompt": f"What is the value of pi (to 3 decimal places)? {BLANK}.",
            "answer": 3.1415,
            "tolerance": 0.0005,
        },
    ),
    (
        "What is the value of pi (to 3 decimal places)? {#3.141..3.142}.",
        {
            "type": "numeric",
            "prompt": f"What is the value of pi (to 3 decimal places)? {BLANK}.",
            "range": [3.141, 3.142],
        },
    ),
    (
        "// Subheading: Numerical questions below\nWhat's 2 plus 2? {#4}",
        {"type": "numeric", "prompt": "What's 2 plus 2?", "answer": 4},
    ),
    (
        "::Kanji Origins::Japanese characters originally\ncame from what country? {=China}",
        {
            "id": "kanji-origins",
            "type": "text",
            "prompt": "Japanese characters originally came from what country?",
            "answer": ["China"],
        },
    ),
    (
        "::Thanksgiving Date::The American holiday of Thanksgiving is\n"
        "celebrated on the {~second ~third =fourth} Thursday of November.",
        {
            "id": "thanksgiving-date",
            "type": "choice",
            "prompt": f"The American holiday of Thanksgiving is celebrated on the {BLANK}"
            " Thursday of November.",
            "choices": ["second", "third", "fourth"],
            "answer": "fourth",
        },
    ),
    (
        "What's the answer to this multiple-choice question?{\n"
        "~wrong answer#feedback comment on the wrong answer\n"
        "~another wrong answer#feedback comment on this wrong answer\n"
        "=right answer#Very good!}",
        {
            "type": "choice",
            "prompt": "What's the answer to this multiple-choice question?",
            "choices": [
                {"text": "wrong answer", "feedback": "feedback comment on the wrong answer"},
                {
                    "text": "another wrong answer",
                    "feedback": "feedback comment on this wrong answer",
                },
                {"text": "right answer", "correct": True, "feedback": "Very good!"},
            ],
        },
    ),
    (
        "[markdown]Who's buried in **Grant's tomb**?{\n=no one#excellent answer!\n"
        "=nobody#excellent answer!}",
        {
            "type": "text",
            "prompt": "Who's buried in **Grant's tomb**?",
            "answer": ["no one", "nobody"],
        },
    ),
    (
        "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}",
        {
            "type": "truefalse",
            "prompt": "Grant is buried in Grant's tomb.",
            "answer": False,
            "explanation": "No one is buried in Grant's tomb.",
        },
    ),
    (
        "What two people are entombed in Grant's tomb? {\n    ~No one\n    ~%50%Grant\n"
        "    ~%50%Grant's wife\n    ~Grant's father }",
        {
            "type": "multi",
            "prompt": "What two people are entombed in Grant's tomb?",
            "choices": ["No one", "Grant", "Grant's wife", "Grant's father"],
            "answer": ["Grant", "Grant's wife"],
        },
    ),
    (
        "What two people are entombed in Grant's tomb? {\n    ~%-50%No one\n    ~%50%Grant\n"
        "    ~%50%Grant's wife\n    ~%-50%Grant's father }",
        {
            "type": "multi",
            "prompt": "What two people are entombed in Grant's tomb?",
            "choices": ["No one", "Grant", "Grant's wife", "Grant's father"],
            "answer": ["Grant", "Grant's wife"],
        },
    ),
    (
        "Which answer equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }",
        {
            "type": "choice",
            "prompt": "Which answer equals 5?",
            "choices": ["= 2 + 2", "= 2 + 3", "= 2 + 4"],
            "answer": "= 2 + 3",
        },
    ),
    (
        "::GIFT Control Characters::\n"
        "Which of the following is NOT a control character for the GIFT import format? {\n"
        "   ~ \\~     # \\~ is a control character.\n"
        "   ~ \\=     # \\= is a control character.\n"
        "   ~ \\#     # \\# is a control character.\n"
        "   ~ \\{     # \\{ is a control character.\n"
        "   ~ \\}     # \\} is a control character.\n"
        "   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,\n"
        "              it is used to escape the control characters.\n"
        "}",
        {
            "id": "gift-control-characters",
            "type": "choice",
            "prompt": "Which of the following is NOT a control character for the GIFT import"
            " format?",
            "choices": [
                {"text": "~", "feedback": "~ is a control character."},
                {"text": "=", "feedback": "= is a control character."},
                {"text": "#", "feedback": "# is a control character."},
                {"text": "{", "feedback": "{ is a control character."},
                {"text": "}", "feedback": "} is a control character."},
                {
                    "text": "\\",
                    "correct": True,
                    "feedback": "Correct! \\ (backslash) is not a control character. BUT, it"
                    " is used to escape the control characters.",
                },
            ],
        },
    ),
    (
        "::Q1:: 1+1=2 {T}",
        {"id": "q1", "type": "truefalse", "prompt": "1+1=2", "answer": True},
    ),
    (
        "::Q2:: What's between orange and green in the spectrum?\n"
        "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }",
        {
            "id": "q2",
            "type": "choice",
            "prompt": "What's between orange and green in the spectrum?",
            "choices": [
                {"text": "yellow", "correct": True, "feedback": "right; good!"},
                {"text": "red", "feedback": "wrong, it's yellow"},
                {"text": "blue", "feedback": "wrong, it's yellow"},
            ],
        },
    ),
    (
        "::Q3:: Two plus {=two =2} equals four.",
        {
            "id": "q3",
            "type": "text",
            "prompt": f"Two plus {BLANK} equals four.",
            "answer": ["two", "2"],
        },
    ),
    (
        "::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }",
        {
            "id": "q4",
            "type": "match",
            "prompt": "Which animal eats which food?",
            "pairs": [{"left": "cat", "right": "cat food"}, {"left": "dog", "right": "dog food"}],
        },
    ),
    (
        "::Q5:: What is a number from 1 to 5? {#3:2}",
        {
            "id": "q5",
            "type": "numeric",
            "prompt": "What is a number from 1 to 5?",
            "answer": 3,
            "tolerance": 2,
        },
    ),
    (
        "::Q6:: What is a number from 1 to 5? {#1..5}",
        {"id": "q6", "type": "numeric", "prompt": "What is a number from 1 to 5?", "range": [1, 5]},
    ),
    (
        "1 + 2 \\= {3}",
        {"type": "text", "prompt": "1 + 2 =", "answer": ["3"]},
    ),
    (
        "The largest desert on Earth is\\: {\n=Antarctica\n~Sahara Desert\n~Australian Desert\n"
        "~Arabian Desert\n}",
        {
            "type": "choice",
            "prompt": "The largest desert on Earth is:",
            "choices": ["Antarctica", "Sahara Desert", "Australian Desert", "Arabian Desert"],
            "answer": "Antarctica",
        },
    ),
    (
        "::Continents:: { =Asia } is the largest continent in the world.",
        {
            "id": "continents",
            "type": "text",
            "prompt": f"{BLANK} is the largest continent in the world.",
            "answer": ["Asia"],
        },
    ),
    (
        "Grant was born in 1822.{T#wrong feedback#right feedback}",
        {
            "type": "truefalse",
            "prompt": "Grant was born in 1822.",
            "answer": True,
            "explanation": "wrong feedback",
        },
    ),
    (
        "Grant was born in 1822.{TRUE##right feedback}",
        {
            "type": "truefalse",
            "prompt": "Grant was born in 1822.",
            "answer": True,
            "explanation": "right feedback",
        },
    ),
    (
        "Grant was born in 1822.{T#wrong feedback#right feedback####general feedback}",
        {
            "type": "truefalse",
            "prompt": "Grant was born in 1822.",
            "answer": True,
            "explanation": "general feedback",
        },
    ),
]


@pytest.mark.parametrize(("gift", "expected"), DOC_EXAMPLES)
def test_the_documentation_examples_import_as_documented(
    gift: str, expected: dict[str, Any]
) -> None:
    assert one(gift) == expected


def test_documented_partial_credit_choice_drops_the_partial_options_with_a_note() -> None:
    gift = (
        "::Jesus' hometown::Jesus Christ was from {\n"
        "    ~Jerusalem#This was an important city, but the wrong answer.\n"
        "    ~%25%Bethlehem#He was born here, but not raised here.\n"
        "    ~%50%Galilee#You need to be more specific.\n"
        "    =Nazareth#Yes! That's right!}."
    )
    result = import_gift(gift)
    (question,) = result.questions
    assert question["id"] == "jesus-hometown"
    assert question["prompt"] == f"Jesus Christ was from {BLANK}."
    assert [c.get("correct", False) for c in question["choices"]] == [False, False, False, True]
    assert question["choices"][2] == {
        "text": "Galilee",
        "feedback": "You need to be more specific.",
    }
    (note,) = result.notes
    assert (note.line, note.kind) == (1, "choice-partial")
    assert "'Bethlehem' (25%)" in note.reason and "'Galilee' (50%)" in note.reason


def test_documented_partial_credit_short_answer_keeps_the_full_credit_answers() -> None:
    gift = (
        "\n\n::Jesus' hometown:: Jesus Christ was from {\n"
        "    =Nazareth#Yes! That's right!\n"
        "    =%75%Nazereth#Right, but misspelled.\n"
        "    =%25%Bethlehem#He was born here, but not raised here.}"
    )
    result = import_gift(gift)
    (question,) = result.questions
    assert question == {
        "id": "jesus-hometown",
        "type": "text",
        "prompt": "Jesus Christ was from",
        "answer": ["Nazareth"],
    }
    (note,) = result.notes
    assert (note.line, note.kind) == (3, "text-partial")
    assert "'Nazereth' (75%)" in note.reason and "'Bethlehem' (25%)" in note.reason


def test_full_weights_are_accepted_answers_and_zero_weights_are_dropped_silently() -> None:
    question = one("Capital of Belgium?{=%100%Brussels =%100%Bruxelles =%0%Antwerp#No.}")
    assert question["answer"] == ["Brussels", "Bruxelles"]


def test_documented_numeric_with_several_answers_keeps_the_full_credit_one() -> None:
    gift = (
        "::Q7:: When was Ulysses S. Grant born? {#\n"
        "    =1822:0 # Correct! Full credit.\n"
        "    =%50%1822:2 # He was born in 1822. Half credit for being close.\n}"
    )
    result = import_gift(gift)
    assert result.questions == [
        {"id": "q7", "type": "numeric", "prompt": "When was Ulysses S. Grant born?", "answer": 1822}
    ]
    assert [(s.line, s.kind) for s in result.notes] == [(1, "numeric-partial")]
    assert "1822:2 (50%)" in result.notes[0].reason


def test_documented_difficult_question_keeps_the_full_credit_answer() -> None:
    result = import_gift(
        "Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}"
    )
    assert result.questions[0]["answer"] == "full credit answer"
    assert [s.kind for s in result.notes] == ["choice-partial"]


@pytest.mark.parametrize(
    ("gift", "kind"),
    [
        ("::Q8:: How are you? {}", "essay"),
        ("How are you? {\n####We hope you're feeling well.\n}", "essay"),
        ("You can use your pencil and paper for these next math questions.\n{#1}", None),
    ],
)
def test_essays_are_skipped(gift: str, kind: str | None) -> None:
    result = import_gift(gift)
    if kind is None:  # the block makes it a question, not a description
        assert result.questions[0]["type"] == "numeric"
    else:
        assert not result.questions
        assert [(s.line, s.kind) for s in result.skipped] == [(1, kind)]


def test_a_description_is_skipped_and_the_questions_around_it_are_imported() -> None:
    result = import_gift(
        "::intro::The next questions are about the EU.\n\nIs Norway in the EU?{F}\n"
    )
    assert [q["type"] for q in result.questions] == ["truefalse"]
    assert [(s.line, s.kind) for s in result.skipped] == [(1, "description")]


def test_categories_become_tags_and_comments_are_ignored() -> None:
    gift = (
        "// A comment before the category\n$CATEGORY: tom/dick/harry\n\n"
        "// [tag:elections] a comment with Moodle tags [tag:voting]\n"
        "Is voting compulsory in Belgium?{T}\n\n"
        "$CATEGORY: $course$/top\n\nIs voting compulsory in France?{F}\n"
    )
    result = import_gift(gift)
    assert [q.get("tags") for q in result.questions] == [["harry", "elections", "voting"], None]
    assert [q["prompt"] for q in result.questions] == [
        "Is voting compulsory in Belgium?",
        "Is voting compulsory in France?",
    ]


def test_a_category_line_directly_above_a_question_does_not_swallow_it() -> None:
    result = import_gift("$CATEGORY: Civics/EU\nIs Norway in the EU?{F}")
    assert result.questions == [
        {"type": "truefalse", "prompt": "Is Norway in the EU?", "answer": False, "tags": ["EU"]}
    ]


def test_the_id_comes_from_the_title_else_from_an_id_comment() -> None:
    result = import_gift(
        "// [id:EU_01]\n::Who leads the EU?::Who chairs the Commission?{=its President}\n\n"
        "// [id:EU_02]\nWho chairs the Council?{=its President}\n\nNo id here.{T}"
    )
    assert [q.get("id") for q in result.questions] == ["who-leads-the-eu", "eu-02", None]


def test_repeated_titles_get_unique_ids_in_the_pack() -> None:
    result = import_gift("::Q::A?{T}\n\n::Q::B?{F}\n\nQ.{T}\n\n42?{T}")
    data = build_pack(result, pack_id="p", title="P")
    assert [q["id"] for q in data["questions"]] == ["q", "q-2", "q-3", "q4"]


# --- Text formats, escapes, line breaks --------------------------------------------------------


def test_html_becomes_plain_text() -> None:
    question = one(
        "[html]<p>Which institution <b>proposes</b> laws?<br>Pick one.</p>"
        "<p>EU &amp; Co.</p>{=the &quot;Commission&quot;#<i>Right</i> ~the Council####"
        "<ul><li>first</li><li>second</li></ul>}"
    )
    assert question["prompt"] == "Which institution proposes laws?\nPick one.\nEU & Co."
    assert question["choices"][0] == {
        "text": 'the "Commission"',
        "correct": True,
        "feedback": "Right",
    }
    assert question["explanation"] == "- first\n- second"


def test_html_white_space_folds_and_scripts_vanish() -> None:
    assert html_to_text("<p>one\n   two</p><script>alert(1)</script>three&nbsp;four") == (
        "one two\nthree four"
    )
    # html.parser gives up on this declaration; the tags are stripped all the same
    assert html_to_text("<![weird[ x]]>y &amp; <b>z</b>") == "y & z"


def test_default_moodle_text_is_read_as_html_only_where_it_has_tags_or_entities() -> None:
    assert one("Is 3 < 5?{T}")["prompt"] == "Is 3 < 5?"
    assert one("Is <b>3</b> less than 5?{T}")["prompt"] == "Is 3 less than 5?"
    assert one("[moodle]AT&amp;T is a company.{T}")["prompt"] == "AT&T is a company."
    assert one("[plain]Is <b>3</b> &lt; 5?{T}")["prompt"] == "Is <b>3</b> &lt; 5?"
    assert read_text("a &amp; b", "markdown") == "a &amp; b"


def test_answer_texts_take_the_questions_format_unless_they_name_their_own() -> None:
    question = one("[html]<p>Pick</p>{=[plain]<b>bold</b> ~<i>italic</i>}")
    assert question["choices"] == ["<b>bold</b>", "italic"]


def test_typed_answers_are_never_read_as_html() -> None:
    assert one("[html]<p>Type it</p>{=a &amp; b}")["answer"] == ["a &amp; b"]


def test_escapes_and_line_breaks() -> None:
    question = one(
        "::x::Escapes\\: \\~ \\= \\# \\{ \\} \\\\ and a\\nbreak; lines\n  join with spaces.{T}"
    )
    assert question["prompt"] == "Escapes: ~ = # { } \\ and a\nbreak; lines join with spaces."
    assert one("Line one.\n\\nLine two.{T}")["prompt"] == "Line one.\nLine two."


def test_an_unknown_escape_keeps_its_backslash() -> None:
    assert one("A path C\\\\temp\\x?{T}")["prompt"] == "A path C\\temp\\x?"


def test_windows_line_endings_old_mac_line_endings_and_a_bom() -> None:
    gift = (
        "\ufeff// comment\r\n::a::Is Norway in the EU?\r\n{F}\r\n\r\n::b::Is Malta in the EU?{T}\r"
    )
    result = import_gift(gift)
    assert [(q["id"], q["answer"]) for q in result.questions] == [("a", False), ("b", True)]
    assert import_gift(gift.replace("\r\n", "\r")).questions == result.questions


def test_blank_lines_inside_an_answer_block_do_not_split_the_question() -> None:
    question = one("Pick one.{\n=yes\n\n~no\n}")
    assert question["choices"] == ["yes", "no"]


def test_control_characters_become_spaces() -> None:
    result = import_gift("Bell\x07here?{=a\x1b[31m ~b}")
    assert result.questions[0]["prompt"] == "Bell here?"
    assert result.questions[0]["choices"][0] == "a [31m"
    check_pack(result)


def test_text_answer_wildcards_are_dropped_and_escaped_stars_kept() -> None:
    result = import_gift("Name a Benelux country.{=Belgium =Lux* =\\*Netherlands}")
    assert result.questions[0]["answer"] == ["Belgium", "*Netherlands"]
    assert [s.kind for s in result.notes] == ["text-wildcard"]
    assert "'Lux*'" in result.notes[0].reason
    assert skipped("Name one.{=Lux*}").kind == "text"


def test_unequal_multi_weights_become_equal_shares_with_a_note() -> None:
    result = import_gift("Pick.{~%70%a ~%30%b ~%-100%c}")
    assert result.questions[0]["answer"] == ["a", "b"]
    assert [s.kind for s in result.notes] == ["multi-weights"]


def test_multi_weights_of_thirds_add_up() -> None:
    question = one("Pick.{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-33.33333%d}")
    assert question["answer"] == ["a", "b", "c"]


def test_matching_distractors_are_dropped_with_a_note() -> None:
    result = import_gift("Match.{=a -> 1 =b -> 2 = -> 3}")
    assert result.questions[0]["pairs"] == [
        {"left": "a", "right": "1"},
        {"left": "b", "right": "2"},
    ]
    assert [s.kind for s in result.notes] == ["match-distractor"]


def test_numeric_feedback_for_other_answers_and_catch_all_answers_are_ignored() -> None:
    assert one("How many?{#=12:0#Yes =%0%*#No ~#Wrong}")["answer"] == 12
    assert one("How many?{#12 ~Wrong}")["answer"] == 12
    assert one("How cold?{#-5..-3}")["range"] == [-5, -3]
    assert one("How small?{#1.5e-3:1E-4}") == {
        "type": "numeric",
        "prompt": "How small?",
        "answer": 0.0015,
        "tolerance": 0.0001,
    }


@pytest.mark.parametrize(
    ("gift", "kind", "words"),
    [
        ("Pick.{=a =b ~c}", "choice", "2 options are fully correct"),
        ("Pick.{~%100%a =b ~c}", "choice", "2 options are fully correct"),
        ("Pick.{=a ~}", "choice", "at least two options"),
        ("Pick.{=a ~a}", "choice", "appears more than once"),
        ("Pick.{~a ~b}", "multi", "no option is marked correct"),
        ("Pick.{~%-50%a ~%0%b}", "multi", "no option is marked correct"),
        ("Pick.{~%50%a ~%30%b ~c}", "multi", "add up to 80%, not 100%"),
        ("Pick.{~%150%a ~b}", "multi", "over 100%"),
        ("Say.{=%50%x}", "text", "no answer gives full credit"),
        ("Match.{=a -> 1 =b}", "match", "is not a pair"),
        ("Match.{=a -> 1 =b ->}", "match", "nothing after '->'"),
        ("Match.{=a -> 1}", "match", "at least 2 pairs"),
        ("Match.{=a -> 1 =a -> 2}", "match", "appears more than once"),
        ("Count.{#twelve}", "numeric", "'twelve' is not a number"),
        ("Count.{#1e999}", "numeric", "is not a number"),
        ("Count.{#}", "numeric", "no number"),
        ("Count.{#5..1}", "numeric", "minimum above its maximum"),
        ("Count.{#5:-1}", "numeric", "tolerance in 5:-1 is negative"),
        ("Count.{#=%50%5}", "numeric", "no answer gives full credit"),
        ("{=a ~b}", "invalid", "no text"),
    ],
)
def test_questions_that_cannot_be_represented_are_skipped_with_a_reason(
    gift: str, kind: str, words: str
) -> None:
    skip = skipped("\n// comment\n" + gift)
    assert (skip.line, skip.kind) == (3, kind)
    assert words in skip.reason


# --- The corpus ---------------------------------------------------------------------------------


def test_the_corpus_is_there() -> None:
    names = {path.name for path in CORPUS}
    assert {"eu-nato-civics.gift", "moodle-export-un.gift", "mistakes.gift"} <= names


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_file_imports_into_a_valid_pack(path: Path) -> None:
    result = import_gift(path.read_bytes().decode("utf-8"))
    assert result.questions
    check_pack(result)


def test_the_civics_quiz_imports_every_question_type() -> None:
    result = import_gift((DATA / "eu-nato-civics.gift").read_text(encoding="utf-8"))
    by_id = {q.get("id", q["prompt"]): q for q in result.questions}
    assert result.summary() == (
        "Imported 22 questions (choice 5, match 2, multi 2, numeric 7, text 4, truefalse 2);"
        " skipped 3 (choice 1, description 1, essay 1); 3 parts of questions dropped."
    )
    assert [(s.line, s.kind) for s in result.skipped] == [
        (68, "essay"),
        (72, "description"),
        (109, "choice"),
    ]
    assert [(s.line, s.kind) for s in result.notes] == [
        (37, "text-partial"),
        (45, "match-distractor"),
        (74, "numeric-partial"),
    ]
    assert by_id["eu-founding"]["choices"][1] == {
        "text": "Treaty of Maastricht",
        "feedback": "No: Maastricht (1992) created the European Union.",
    }
    assert by_id["eu-founding"]["tags"] == ["European Union"]
    assert by_id["eu-members"]["tags"] == ["European Union", "institutions"]
    assert by_id["parliament-seat"]["prompt"] == (
        f"The European Parliament holds its plenary sessions in {BLANK}."
    )
    assert by_id["euro-everywhere"]["explanation"].startswith("Not all: Denmark and Sweden")
    assert by_id["commission-role"]["prompt"] == "Which EU institution proposes new laws?"
    assert by_id["commission-role"]["explanation"] == (
        "The Commission proposes;\nthe Parliament and the Council decide."
    )
    assert by_id["commission-city"]["answer"] == ["Brussels", "Bruxelles", "Brussel"]
    assert by_id["motto"]["prompt"] == f'Complete the EU\'s motto: "United in {BLANK}".'
    assert by_id["motto"]["answer"] == ["diversity", "diversité"]
    assert by_id["qmv"]["prompt"].endswith(f"representing at least {BLANK} % of the EU population.")
    assert by_id["article-50"]["prompt"] == (
        "The United Kingdom triggered Article 50 to leave the EU.\nIn which year?"
    )
    assert by_id["nato-founded"]["tags"] == ["NATO"]
    assert by_id["cold-war"]["range"] == [1947, 1991]
    assert (by_id["spending-guideline"]["answer"], by_id["spending-guideline"]["tolerance"]) == (
        2,
        0.1,
    )
    assert by_id["article-5-invoked"]["prompt"] == (
        "Article 5 has been invoked **once**. After which event?"
    )
    assert by_id["founding-members"]["choices"][3] == {
        "text": "Germany",
        "feedback": "West Germany joined in 1955.",
    }
    assert [c["text"] for c in by_id["special"]["choices"]] == ["{", "}", "#", "~"]
    untitled = by_id[
        f"NATO's mutual defence clause is Article {BLANK} of the North Atlantic Treaty."
    ]
    assert untitled["answer"] == ["5", "five"]


def test_the_moodle_export_with_a_bom_and_windows_line_endings() -> None:
    raw = (DATA / "moodle-export-un.gift").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the file keeps its quirks
    result = import_gift(raw.decode("utf-8"))
    by_id = {q["id"]: q for q in result.questions}
    assert list(by_id) == [
        "un-members",
        "security-council-p5",
        "secretary-general",
        "charter-city",
        "veto",
        "organs",
        "peacekeepers",
    ]
    assert [(s.line, s.kind) for s in result.skipped] == [(57, "essay"), (63, "description")]
    assert by_id["un-members"] == {
        "id": "un-members",
        "type": "numeric",
        "prompt": "How many member states does the United Nations have?",
        "answer": 193,
        "explanation": "South Sudan, in 2011, was the last state to join.",
        "tags": ["United Nations", "un", "membership"],
    }
    p5 = by_id["security-council-p5"]
    assert p5["prompt"] == (
        "Which of these countries are permanent members of the UN Security Council?\n"
        "Pick all that apply."
    )
    assert [c["text"] for c in p5["choices"] if c.get("correct")] == [
        "China",
        "France",
        "Russia",
        "the United Kingdom",
        "the United States",
    ]
    assert by_id["secretary-general"]["prompt"] == (
        "Who became UN Secretary-General on 1 January 2017?"  # &nbsp; folds as a space
    )
    assert by_id["secretary-general"]["choices"][0]["feedback"] == (
        "Yes, the former prime minister of Portugal."
    )
    assert by_id["charter-city"]["answer"] == ["San Francisco", "SF"]
    assert by_id["veto"]["explanation"] == "Wrong: each of the five has a veto."
    assert by_id["organs"]["explanation"] == "Six principal organs in all."
    assert by_id["organs"]["pairs"][0] == {
        "left": "General Assembly",
        "right": "Every member state has one vote",
    }


def test_the_mistakes_file_reports_every_broken_question_at_its_line() -> None:
    result = import_gift((DATA / "mistakes.gift").read_text(encoding="utf-8"))
    assert [q["id"] for q in result.questions] == ["good-first", "good-last"]
    found = [(s.line, s.kind, s.reason) for s in result.skipped]
    expected = [
        (10, "invalid", "line 11 starts with '='"),
        (14, "invalid", "a second answer block on line 15"),
        (17, "invalid", "'}' on line 17 has no '{'"),
        (19, "choice", "2 options are fully correct ('Strasbourg', 'Brussels')"),
        (21, "multi", "no option is marked correct"),
        (23, "multi", "add up to 80%"),
        (29, "numeric", "'twelve' is not a number"),
        (31, "numeric", "minimum above its maximum"),
        (33, "choice", "the option 'Lisbon' appears more than once"),
        (35, "invalid", "a second answer block on line 35"),
        (37, "choice", "at least two options"),
        (39, "text", "no answer gives full credit"),
        (41, "match", "'Germany' is not a pair"),
    ]
    assert [(line, kind) for line, kind, _ in found] == [(line, kind) for line, kind, _ in expected]
    for (_, _, reason), (_, _, words) in zip(found, expected, strict=True):
        assert words in reason


# --- Files that are not GIFT --------------------------------------------------------------------


def test_an_unclosed_brace_at_the_end_fails_at_the_line_the_question_starts() -> None:
    with pytest.raises(ImportFailed) as failed:
        import_gift(
            "Is Norway in the EU?{F}\n\n// next\n::q::Who chairs\nthe Commission?{\n"
            "=its President\n"
        )
    assert failed.value.line == 4
    assert "opened with '{' on line 5 is never closed" in failed.value.message
    assert str(failed.value).startswith("line 4: ")


def test_a_brace_opened_inside_an_answer_block_fails() -> None:
    with pytest.raises(ImportFailed) as failed:
        import_gift("A?{=yes ~no\n\nB?{=yes ~no}\n")
    assert failed.value.line == 1
    assert "on line 1 is not closed before another '{' on line 3" in failed.value.message


@pytest.mark.parametrize(
    "text",
    ["", "\n\n  \n", "\ufeff", "// only a comment\n// and another", "$CATEGORY: x/y\n"],
)
def test_a_file_without_questions_fails(text: str) -> None:
    with pytest.raises(ImportFailed, match="no questions found") as failed:
        import_gift(text)
    assert failed.value.line is None


def test_a_file_of_descriptions_only_fails_and_says_so() -> None:
    with pytest.raises(ImportFailed, match="every item of this file has none"):
        import_gift("Some text.\n\nMore text.\n")


def test_a_file_whose_questions_are_all_skipped_is_still_a_result() -> None:
    result = import_gift("Essay?{}\n\nWho?\n=answer outside\n")
    assert not result.questions
    assert [(s.line, s.kind) for s in result.skipped] == [(1, "essay"), (3, "invalid")]


def test_binary_files_fail_clearly() -> None:
    with pytest.raises(ImportFailed, match="NUL character") as failed:
        import_gift("PK\x03\x04\n\x00\x00garbage")
    assert failed.value.line == 2


def test_garbage_bytes_decoded_as_text_never_crash() -> None:
    garbage = bytes(range(256)) * 3 + b"\x89PNG\r\n\x1a\n{{{}}}~~==##"
    for encoding in ("latin-1", "cp1252"):
        text = garbage.replace(b"\x00", b"").decode(encoding, errors="replace")
        with pytest.raises(ImportFailed):
            import_gift(text)
    text = garbage.decode("utf-8", errors="replace").replace("\x00", "")
    try:
        check_pack(import_gift(text))
    except ImportFailed as failed:
        assert failed.message


# --- Fuzzing ------------------------------------------------------------------------------------

GIFT_BITS = [
    "{", "}", "~", "=", "#", "####", "->", "%50%", "%-100%", "%100%", "::", "\\", "\\n", "\n",
    "\n\n", "//", "$CATEGORY:", "[html]", "[plain]", "<p>", "<br>", "&amp;", "T", "FALSE",
    "1", "2.5", "..", ":", " ", "*", "a", "Brussels", "é", "\r\n", "\t", "\x07", "\u2028",
    "[tag:x]", "[id:y]", "_",
]  # fmt: skip


def _assert_sound(text: str) -> None:
    """Whatever GIFT text comes in: ImportFailed or a result that makes a valid pack."""
    try:
        result = import_gift(text)
    except ImportFailed as failed:
        assert failed.message
        return
    for item in result.skipped:
        assert item.line >= 1 and item.kind and item.reason
    if result.questions:
        check_pack(result)


@fuzz_settings(400, slow=True)
@given(st.lists(st.sampled_from(GIFT_BITS), max_size=60).map("".join))
def test_gift_like_text_never_crashes_the_importer(text: str) -> None:
    _assert_sound(text)


SAFE_BITS = [
    "a", "Brussels", " ", "\\~", "\\=", "\\#", "\\{", "\\}", "\\:", "\\\\", "\\n", "<b>",
    "&amp;", "é", "[html]", "*", "%", "\n", "..", "1", "-2.5", "T",
]  # fmt: skip
RAW_BITS = [*SAFE_BITS, "->", ":", "=", "~", "#", "[markdown]"]
words = st.lists(st.sampled_from(SAFE_BITS), min_size=1, max_size=6).map("".join)
noisy = st.lists(st.sampled_from(RAW_BITS), min_size=1, max_size=6).map("".join)
feedback = st.one_of(st.just(""), words.map("#".__add__))


def _numbered(texts: list[str]) -> list[str]:
    return [f"{text} {n}" for n, text in enumerate(texts)]  # distinct options


choice_blocks = st.tuples(words, feedback, st.lists(st.tuples(words, feedback), min_size=1)).map(
    lambda p: " ".join(
        [f"={p[0]}{p[1]}"]
        + [f"~{t}{f}" for t, (_, f) in zip(_numbered([w for w, _ in p[2]]), p[2], strict=True)]
    )
)
multi_blocks = st.lists(words, min_size=2, max_size=5).map(
    lambda ws: " ".join(f"~%{'50' if n < 2 else '-50'}%{w}" for n, w in enumerate(_numbered(ws)))
)
match_blocks = st.lists(st.tuples(words, words), min_size=2, max_size=4).map(
    lambda pairs: " ".join(
        f"={a} -> {b}"
        for a, b in zip(
            _numbered([a for a, _ in pairs]), _numbered([b for _, b in pairs]), strict=True
        )
    )
)
text_blocks = st.lists(
    st.tuples(st.sampled_from(["=", "=%100%", "=%50%"]), words, feedback), min_size=1, max_size=3
).map(lambda parts: " ".join("".join(p) for p in parts))
numeric_blocks = st.lists(
    st.tuples(
        st.sampled_from(["=", "=%100%", "=%50%", ""]),
        st.sampled_from(["1", "-2", "3.5", "1e3", "2:1", "1..5", "5..1", "*", "x", "1:-1"]),
        feedback,
    ).map("".join),
    min_size=1,
    max_size=3,
).map(lambda parts: "#" + " ".join(parts))
random_blocks = st.lists(
    st.tuples(st.sampled_from(["=", "~", "~%50%", "=%50%", "~%-50%", "= "]), noisy).map("".join),
    max_size=6,
).map(" ".join)
blocks = st.one_of(
    choice_blocks,
    multi_blocks,
    match_blocks,
    text_blocks,
    numeric_blocks,
    random_blocks,
    st.sampled_from(["T", "F", "TRUE", "FALSE", "T#wrong#right", "F#only wrong", ""]),
)
gift_questions = st.tuples(
    st.one_of(st.just(""), words.map(lambda w: f"::{w}::")),
    st.one_of(st.just(""), st.sampled_from(["[html]", "[plain]", "[markdown]", "[moodle]"])),
    words,
    blocks,
    st.one_of(st.just(""), words.map("####".__add__)),
    st.one_of(st.just(""), words),
).map(lambda p: f"{p[0]}{p[1]}{p[2]}{{{p[3]}{p[4]}}}{p[5]}")


@fuzz_settings(400, slow=True)
@given(
    st.lists(
        st.tuples(
            st.one_of(gift_questions, gift_questions, words),
            st.sampled_from(["\n\n", "\r\n\r\n", "\n// comment\n\n", "\n\n$CATEGORY: a/b\n"]),
        ).map("".join),
        min_size=1,
        max_size=5,
    ).map("".join)
)
def test_generated_gift_questions_import_into_valid_packs(text: str) -> None:
    _assert_sound(text)


@fuzz_settings(200)
@given(st.text(max_size=300))
def test_any_text_never_crashes_the_importer(text: str) -> None:
    _assert_sound(text)


@fuzz_settings(300, slow=True)
@given(
    st.sampled_from(CORPUS),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(GIFT_BITS)),
        min_size=1,
        max_size=8,
    ),
)
def test_mutated_corpus_files_never_crash_the_importer(
    path: Path, edits: list[tuple[float, int, str]]
) -> None:
    text = path.read_bytes().decode("utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _assert_sound(text)
