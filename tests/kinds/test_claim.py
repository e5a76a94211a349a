"""The `claim` kind: a statement of the source classified (fact, opinion, the publication's
characterisation, or categories of the question's own), or "who said it?"."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from game.exporters.gift import export_gift, general_feedback
from game.importers.gift import import_gift
from game.kinds import InputProblem, kind_of
from game.kinds.claim import (
    CLAIM,
    CUSTOM_PROMPT,
    DEFAULT_CATEGORIES,
    KIND_PROMPT,
    WHO_PROMPT,
    ClaimQuestion,
)
from tests.kinds.media import check_questions, media_pack

FAMOUSLY = (
    "Donald Trump famously vowed on the campaign trail not to support allies who do not pay"
    " their dues to the defensive union."
)
LABELS = [c.label for c in DEFAULT_CATEGORIES]


def question(**fields: object) -> ClaimQuestion:
    data: dict[str, object] = {
        "id": "q",
        "type": "claim",
        "statement": FAMOUSLY,
        "answer": "characterisation",
    }
    return ClaimQuestion.model_validate({**data, **fields})


class Shown:
    """A question as a game presents it."""

    def __init__(self, q: ClaimQuestion, seed: int = 1) -> None:
        self.question = q
        self.options = CLAIM.options(q, random.Random(seed))
        self.lefts: tuple[str, ...] = ()


# --- the model ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "prompt"),
    [
        ({}, KIND_PROMPT),
        ({"categories": ["News", "Comment"], "answer": "News"}, CUSTOM_PROMPT),
        ({"ask": "who", "choices": ["Donald Trump", "Reuters"], "answer": "Reuters"}, WHO_PROMPT),
        ({"prompt": "Whose voice is this?"}, "Whose voice is this?"),
    ],
)
def test_the_prompt_defaults_by_what_is_asked_and_shows_the_statement(
    fields: dict[str, object], prompt: str
) -> None:
    q = question(**fields)
    assert q.prompt == f"{prompt} \u201c{FAMOUSLY}\u201d"
    assert kind_of(q) is CLAIM
    assert ClaimQuestion.model_validate(q.model_dump()).prompt == q.prompt  # not doubled


def test_the_media_pack_loads() -> None:
    pack = media_pack()
    famously = pack.question("famously")
    assert isinstance(famously, ClaimQuestion)
    assert famously.right_option == "The publication's own characterisation"
    who = pack.question("going-alone")
    assert isinstance(who, ClaimQuestion) and who.right_option == "Jens Stoltenberg"


# --- the pack check ---------------------------------------------------------------------


def test_an_unknown_category_is_located_with_a_suggestion(tmp_path: Path) -> None:
    checked = check_questions(
        tmp_path,
        f"""\
        - id: c
          type: claim
          statement: {FAMOUSLY}
          answer: characterization
        """,
    )
    (problem,) = checked.errors
    assert (problem.line, problem.code) == (12, "answer-not-a-category")
    assert "did you mean 'characterisation'?" in problem.message
    assert "fact, opinion, characterisation" in problem.message


def test_a_who_option_not_in_the_source_is_located_with_the_closest_passage(
    tmp_path: Path,
) -> None:
    checked = check_questions(
        tmp_path,
        """\
        - id: c
          type: claim
          ask: who
          statement: Going it alone is not an option
          choices:
            - Jens Stoltenberg
            - Angela Merkel
            - The Observer
          answer: Jens Stoltenberg
        """,
    )
    (problem,) = checked.errors
    assert (problem.line, problem.code) == (15, "passage-not-in-source")
    assert "closest passage" in problem.message


def test_the_statement_and_the_speaker_must_be_in_the_source(tmp_path: Path) -> None:
    checked = check_questions(
        tmp_path,
        """\
        - id: c
          type: claim
          statement: We need Europeans to shoulder their fair share of the costs
          answer: opinion
          speaker: Jens Stoltenbreg
        """,
    )
    assert [(p.line, p.code) for p in checked.errors] == [
        (11, "passage-not-in-source"),
        (13, "passage-not-in-source"),
    ]
    assert "fair share of the burden" in checked.errors[0].message
    assert "Jens Stoltenberg" in checked.errors[1].message


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("answer: Jens Stoltenberg\nask: who", "missing-key"),
        ("answer: fact\nchoices: [Donald Trump, Reuters]", "choices-without-who"),
        (
            "answer: Reuters\nask: who\nchoices: [Donald Trump, Reuters]\ncategories: [a, b]",
            "categories-with-who",
        ),
        ("answer: Trump\nask: who\nchoices: [Donald Trump, Reuters]", "answer-not-a-choice"),
        ("answer: Reuters\nask: who\nchoices: [Reuters, Reuters]", "repeated-option"),
        ("answer: a\ncategories: [a, b, a]", "repeated-category"),
        ("answer: opinion\nask: why", "wrong-value"),
        ("answer: a\ncategories: [a]", "wrong-value"),
    ],
)
def test_what_a_question_offers_must_fit_what_it_asks(
    tmp_path: Path, extra: str, code: str
) -> None:
    lines = textwrap.indent(extra, "  ")
    checked = check_questions(
        tmp_path,
        f"""\
- id: c
  type: claim
  statement: {FAMOUSLY}
{lines}
""",
    )
    assert code in [p.code for p in checked.errors]
    assert checked.pack is None


# --- playing -------------------------------------------------------------------------------


def test_the_default_categories_keep_their_order_and_grade_by_label() -> None:
    q = question()
    for seed in range(5):
        assert list(Shown(q, seed).options) == LABELS
    assert CLAIM.grade(q, "The publication's own characterisation").correct
    assert CLAIM.grade(q, "A reported fact").credit == 0.0
    assert CLAIM.grade(q, "characterisation").credit == 0.0  # the id is not what is picked
    with pytest.raises(TypeError):
        CLAIM.grade(q, ["A reported fact"])
    assert CLAIM.correct_text(q) == "The publication's own characterisation"


def test_categories_of_the_question_own() -> None:
    q = question(
        categories=[{"id": "news", "label": "News"}, "Comment", {"id": "ad", "label": "Advert"}],
        answer="Comment",
    )
    assert Shown(q).options == ("News", "Comment", "Advert")
    assert CLAIM.grade(q, "Comment").correct
    assert list(CLAIM.problems(q)) == []
    shuffled = question(categories=["a", "b", "c", "d"], answer="a", shuffle=True)
    assert len({Shown(shuffled, seed).options for seed in range(10)}) > 1


def test_who_said_it_shuffles_the_people() -> None:
    q = question(
        ask="who",
        statement="Going it alone is not an option",
        choices=["Jens Stoltenberg", "Donald Trump", "The Observer", "Reuters"],
        answer="Jens Stoltenberg",
    )
    orders = {Shown(q, seed).options for seed in range(10)}
    assert len(orders) > 1
    assert all(sorted(o) == sorted(q.choices or []) for o in orders)
    assert CLAIM.grade(q, "Jens Stoltenberg").correct
    assert CLAIM.grade(q, "Donald Trump").credit == 0.0


def test_feedback_names_the_speaker() -> None:
    q = question(
        statement="We need Europeans to shoulder their fair share of the burden",
        answer="opinion",
        speaker="Jens Stoltenberg",
    )
    assert CLAIM.feedback_lines(q, "A reported fact") == ["Said by: Jens Stoltenberg"]
    assert CLAIM.feedback_lines(question(), "A reported fact") == []


def test_a_typed_number_picks_an_option() -> None:
    shown = Shown(question())
    assert CLAIM.parse(shown, "3") == "The publication's own characterisation"
    assert CLAIM.instruction(shown) == "Answer with a number from 1 to 3."
    with pytest.raises(InputProblem):
        CLAIM.parse(shown, "0")


# --- GIFT ----------------------------------------------------------------------------------


def test_gift_writes_multiple_choice_questions_that_read_back() -> None:
    pack = media_pack()
    text, skipped = export_gift(pack)
    assert not [s for s in skipped if s.kind == "claim"]
    read = import_gift(text).questions
    for qid in ("famously", "fair-share", "ministers", "going-alone"):
        original = pack.question(qid)
        assert isinstance(original, ClaimQuestion)
        back = next(q for q in read if q["prompt"] == original.prompt)
        assert back["type"] == "choice"
        texts = [c["text"] if isinstance(c, dict) else c for c in back["choices"]]
        assert sorted(texts) == sorted(original.option_texts)
        right = [c["text"] for c in back["choices"] if isinstance(c, dict) and c.get("correct")]
        assert (right or [back.get("answer")]) == [original.right_option]


def test_gift_feedback_names_the_speaker_as_the_game_does() -> None:
    pack = media_pack()
    feedback = general_feedback(pack, pack.question("fair-share"))
    assert feedback.splitlines()[-1] == "Said by: Jens Stoltenberg"
    assert "Said by:" not in general_feedback(pack, pack.question("famously"))
