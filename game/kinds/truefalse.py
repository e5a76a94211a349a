"""The `truefalse` kind: a statement that is true or false."""

from __future__ import annotations

from typing import Any, Literal

from ..core.grading import Grade
from ..core.model import QuestionBase
from .base import GiftWriter, InputProblem, Kind, Presented
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


TRUEFALSE = register(TrueFalseKind())
