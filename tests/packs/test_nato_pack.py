"""The NATO article pack: valid under --strict, grounded, and covering the article's facts."""

from __future__ import annotations

import pytest

from game.packs.grading import grade
from game.packs.loader import check_pack_file
from game.packs.model import Pack
from tests.conftest import REPO

PACK_PATH = REPO / "questions" / "nato-us-europe-2016.yaml"


@pytest.fixture(scope="module")
def pack() -> Pack:
    checked = check_pack_file(PACK_PATH)
    assert checked.problems == [], [p.format() for p in checked.problems]
    return checked.pack


def test_no_problems_at_all_so_strict_passes(pack: Pack) -> None:
    assert pack.id == "nato-us-europe-2016"
    assert pack.source.publisher.startswith("DW")
    assert str(pack.source.published) == "2016-11-13"


def test_enough_questions_of_every_type(pack: Pack) -> None:
    assert len(pack.questions) >= 24
    assert {q.type for q in pack.questions} == {
        "choice",
        "multi",
        "truefalse",
        "numeric",
        "text",
        "order",
        "match",
    }


def test_every_question_has_an_explanation_a_quote_and_a_date(pack: Pack) -> None:
    for question in pack.questions:
        assert question.explanation and question.quote, question.id
        assert pack.as_of_for(question) is not None


def _answers(pack: Pack, kind: str) -> dict[str, object]:
    return {q.prompt: q for q in pack.questions if q.type == kind}


@pytest.mark.parametrize(
    ("words", "response"),
    [
        (("self-defense clause", "how many"), "1"),
        (("spending target",), "2 percent"),
    ],
)
def test_key_numeric_facts(pack: Pack, words: tuple[str, ...], response: str) -> None:
    matching = [
        q
        for q in pack.questions
        if q.type == "numeric" and all(w.lower() in q.prompt.lower() for w in words)
    ]
    assert matching, words
    assert grade(matching[0], response).correct


def test_key_facts_are_asked(pack: Pack) -> None:
    text = " ".join(f"{q.prompt} {q.explanation} {q.model_dump_json()}" for q in pack.questions)
    for fact in (
        "United States",
        "9/11",
        "The Observer",
        "Norwegian prime minister",
        "campaign trail",
        "Brussels",
        "Stoltenberg",
        "GDP",
    ):
        assert fact in text, fact


def test_where_was_the_eu_meeting(pack: Pack) -> None:
    question = next(q for q in pack.questions if q.type == "text" and "Brussels" in q.answer)
    assert grade(question, "brüssel").correct or grade(question, "Brussels").correct
    assert not grade(question, "Paris").correct


def test_every_question_accepts_its_own_answer(pack: Pack) -> None:
    for question in pack.questions:
        if question.type == "choice":
            response: object = question.correct_texts()[0]
        elif question.type == "multi":
            response = question.correct_texts()
        elif question.type in ("truefalse",):
            response = question.answer
        elif question.type == "numeric":
            response = str(question.answer if question.answer is not None else question.range[0])
        elif question.type == "text":
            response = question.answer[0]
        elif question.type == "order":
            response = list(question.items)
        else:
            response = {p.left: p.right for p in question.pairs}
        assert grade(question, response).correct, question.id
