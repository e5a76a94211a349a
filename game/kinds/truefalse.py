"""The `truefalse` kind: a statement that is true or false."""

from __future__ import annotations

from typing import Any, Literal, cast

from ..core.grading import Grade
from ..core.importrules import RowError, quoted, split_cell
from ..core.model import QuestionBase
from .base import GiftAnswers, GiftWriter, InputProblem, Kind, Presented
from .registry import register

_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "2"}


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["truefalse"]
    answer: bool


def grade_truefalse(q: TrueFalseQuestion, answer: bool) -> Grade:
    """Full credit when `answer` is the statement's truth value."""
    if not isinstance(answer, bool):
        raise TypeError(f"a true/false answer must be a bool, not {type(answer).__name__}")
    return Grade(1.0) if answer is q.answer else Grade(0.0)


class TrueFalseKind(Kind[TrueFalseQuestion]):
    """Say whether a statement is true."""

    name = "truefalse"
    model = TrueFalseQuestion
    csv_columns = ("answer",)
    csv_example = (
        "Stoltenberg's op-ed mentions Donald Trump by name.,false,,"
        "The op-ed does not mention the US president-elect by name.,"
        "the op-ed article does not mention the US president-elect by name,nato|usa"
    )
    gift_precedence = 50
    answer_widget = "game.ui.answers:TRUEFALSE"

    def grade(self, question: TrueFalseQuestion, response: Any) -> Grade:
        return grade_truefalse(question, response)

    def answer_texts(self, question: TrueFalseQuestion) -> list[str]:
        # "True" or "False" gives nothing away.
        return []

    def correct_text(self, question: TrueFalseQuestion) -> str:
        return "True" if question.answer else "False"

    def response_text(self, presented: Presented, response: Any) -> str:
        if isinstance(response, bool):
            return "True" if response else "False"
        return super().response_text(presented, response)

    def instruction(self, presented: Presented) -> str:
        return "Answer t for true or f for false."

    def parse(self, presented: Presented, text: str) -> Any:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise InputProblem("Please answer t (true) or f (false).")

    def gift(self, question: TrueFalseQuestion, writer: GiftWriter) -> list[str]:
        return ["TRUE" if question.answer else "FALSE"]

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        if choices and not all(o.lower() in _CSV_TRUE | _CSV_FALSE for o in split_cell(choices)):
            raise RowError("a truefalse row takes no 'choices' (its choices are true and false)")
        word = answer.lower()
        if word in _CSV_TRUE:
            return {"answer": True}
        if word in _CSV_FALSE:
            return {"answer": False}
        shown = quoted(answer) if answer else "empty"
        raise RowError(f"a truefalse answer should be true or false (or yes or no), not {shown}")

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        return answers.true_false() if answers.first_answer() in _GIFT_WORDS else None

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "truefalse",
            "type": "truefalse",
            "prompt": "The op-ed names Trump.",
            "answer": False,
            "explanation": "It does not.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        answer = cast(TrueFalseQuestion, presented.question).answer
        return answer if right else not answer


_CSV_TRUE = frozenset({"true", "t", "yes", "y"})
_CSV_FALSE = frozenset({"false", "f", "no", "n"})
"""The words a CSV `answer` cell may say true and false with (any case)."""
_GIFT_WORDS = frozenset({"T", "TRUE", "F", "FALSE"})
"""A GIFT true-false answer block: `{T}`, `{FALSE}`..."""


TRUEFALSE = register(TrueFalseKind())
