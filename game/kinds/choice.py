"""The `choice` kind: one correct option among several."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, cast

from ..core.grading import Grade, require_str
from ..core.importrules import RowError, options_cell, pick
from ..core.model import Text
from .base import Found, GiftAnswers, Loc, Presented, pick_numbers
from .options import OptionsKind, OptionsQuestion
from .registry import register


class ChoiceQuestion(OptionsQuestion):
    """One correct option among several."""

    type: Literal["choice"]
    answer: Text | None = None

    def answer_names(self) -> list[str]:
        return [self.answer] if self.answer is not None else []


def grade_choice(q: ChoiceQuestion, picked: str) -> Grade:
    """Full credit when `picked` is the text of a correct option, else none."""
    require_str(picked, "a choice answer")
    return Grade(1.0) if picked in q.correct_texts() else Grade(0.0)


class ChoiceKind(OptionsKind[ChoiceQuestion]):
    """Pick the one right option."""

    name = "choice"
    model = ChoiceQuestion
    csv_columns = ("answer", "choices")
    csv_example = (
        "Who was NATO's Secretary-General in November 2016?,Jens Stoltenberg,"
        "Jens Stoltenberg|Donald Tusk|Federica Mogherini,"
        "Jens Stoltenberg led NATO from 2014 to 2024.,,nato"
    )
    gift_precedence = 20
    answer_widget = "game.ui.answers:CHOICE"

    def problems(self, question: ChoiceQuestion) -> Iterator[Found]:
        yield from super().problems(question)
        correct = question.correct_texts()
        if len(correct) > 1:
            listed = ", ".join(f"'{c}'" for c in correct)
            yield (
                "several-correct-options",
                ("choices",),
                f"{len(correct)} options are marked correct ({listed}); a 'choice' question has"
                " exactly one (use type 'multi' for several)",
            )

    def grade(self, question: ChoiceQuestion, response: Any) -> Grade:
        return grade_choice(question, response)

    def correct_text(self, question: ChoiceQuestion) -> str:
        return " or ".join(question.correct_texts())

    def feedback_texts(self, question: ChoiceQuestion) -> list[tuple[Loc, str]]:
        return [
            (("choices", i, "feedback"), c.feedback)
            for i, c in enumerate(question.choices)
            if c.feedback
        ]

    def feedback_lines(self, question: ChoiceQuestion, response: Any) -> list[str]:
        if not isinstance(response, str):
            return []
        option = next((c for c in question.choices if c.text == response), None)
        return [option.feedback] if option is not None and option.feedback else []

    def instruction(self, presented: Presented) -> str:
        return f"Answer with a number from 1 to {len(presented.options)}."

    def parse(self, presented: Presented, text: str) -> Any:
        return presented.options[pick_numbers(text, len(presented.options), exactly=1)[0] - 1]

    def gift_marks(self, question: ChoiceQuestion) -> dict[bool, str]:
        return {True: "=", False: "~"}

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        options = options_cell(choices)
        if not answer:
            raise RowError(
                "the row has no answer: write the text of the right choice, or its number"
            )
        if "|" in answer and answer not in options:
            raise RowError("a choice row has one answer; for several, use type 'multi'")
        return {"choices": options, "answer": pick(answer, options)}

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        # Wrong options (`~`) and a right one (`=`); weights alone make a multi.
        return answers.options(single=True) if answers.has("~") and answers.has("=") else None

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "choice",
            "type": "choice",
            "prompt": "Where was the EU summit?",
            "choices": [
                {"text": "Brussels", "correct": True, "feedback": "Yes: Belgium's capital."},
                "Paris",
                "Rome",
            ],
            "hint": "Capital of Belgium.",
            "explanation": "It was in Brussels.",
            "quote": "an EU summit in Brussels",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        correct = cast(ChoiceQuestion, presented.question).correct_texts()
        return correct[0] if right else next(o for o in presented.options if o not in correct)


CHOICE = register(ChoiceKind())
